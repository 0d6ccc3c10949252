"""The Monte Carlo kernel in numpy: the same draws as ``_kernels.simulate_totals``, no numba.

``corridor route`` simulates one route's P50/P90 once per run; loading numba for it costs
far more than the simulation. :func:`simulate_totals_np` reproduces the numba kernel's
sample stream: the same xoshiro128** generator from the same four-word state, the same
Marsaglia polar normals (two per accepted point, the second kept for the next lognormal
edge, across samples too) and the same per-sample sums in edge order. The only difference
can be the last bit of ``exp`` and ``log``: numpy evaluates them with its own vectorised
routines, numba with the C library's, which may round differently in the last place (the
test allows a relative 1e-12; the quantiles printed agree).

How it stays vectorised, although the generator is one sequential stream and the polar
method draws a random number of points:

* **The stream.** xoshiro128**'s state update is linear over GF(2) (a 128 x 128 bit
  matrix ``T``). Lanes ``0..L-1`` start at states ``T^j s`` (built by doubling with
  ``T^1, T^2, T^4, ...``) and all advance by ``T^L`` at once; each linear step is applied
  with 16 lookup tables, one per state byte (the XOR of the matrix rows that byte selects).
  The output of lane ``j`` in round ``b`` is stream position ``b L + j``.
* **Where each draw sits.** A polar point starting at position ``p`` is accepted when
  ``x^2 + y^2 < 1`` for the pair ``(p, p + 1)``; the next accepted pair of the same parity
  (a reverse running minimum) is where a normal pair starting its tries at ``p`` ends.
  One sample (two when the number of lognormal edges is odd: the spare normal alternates)
  maps a start position to the next start position; composing that map with itself
  (``F^2, F^4, ...``) gives every sample's start in ``log2(n)`` steps.
* **The sums** run edge by edge over all samples at once, in the kernel's order.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from corridor._tier import numpy_tier
from corridor._types import FloatArray, IntArray

LOGNORMAL = 1
WAIT = 2

_LANES_LOG2 = 12
_LANES = 1 << _LANES_LOG2
_INV_2_32 = 1.0 / 4294967296.0
_INV_2_31 = 1.0 / 2147483648.0
_U32 = np.uint32
_M32 = 0xFFFFFFFF


def use_numpy() -> bool:
    """Whether the next simulation runs here (:func:`corridor._tier.numpy_tier`)."""
    return numpy_tier()


def new_state(words: np.ndarray) -> np.ndarray:
    """Four int64 words from 32-bit integers drawn by the caller; never all zero."""
    st = np.asarray(words, dtype=np.int64) & _M32
    if not st.any():
        st[0] = 1
    return st


def _rotl(x: np.ndarray, k: int) -> np.ndarray:
    return (x << _U32(k)) | (x >> _U32(32 - k))


def _step(s: np.ndarray) -> np.ndarray:
    """One xoshiro128** state update of every row of ``s`` (n x 4 uint32), a new array."""
    s0, s1, s2, s3 = (s[:, i].copy() for i in range(4))
    t = s1 << _U32(9)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 11)
    return np.stack([s0, s1, s2, s3], axis=1)


def _tables(rows: np.ndarray) -> np.ndarray:
    """16 x 256 complex128 (16-byte cells holding 4 uint32 words) of a linear map given by
    ``rows`` (128 x 4 uint32, the image of each state bit ``32 w + k``): cell ``[i, v]`` is
    the image of the state whose byte ``i`` is ``v`` (other bytes 0), the XOR of the rows
    of the bits ``v`` sets."""
    out = np.zeros((16, 256, 4), dtype=np.uint32)
    for k in range(8):  # cells with bit k set: the cells below 2^k, XOR row 8 i + k
        out[:, 1 << k : 2 << k] = out[:, : 1 << k] ^ rows[k::8][:, None, :]
    return out.view(np.complex128).reshape(16, 256)


@lru_cache(maxsize=1)
def _jumps() -> tuple[np.ndarray, ...]:
    """Lookup tables of ``T^(2^j)`` for ``j = 0..log2(L)`` (the last one is ``T^L``)."""
    b = np.arange(128)
    rows = np.zeros((128, 4), dtype=np.uint32)
    rows[b, b // 32] = np.left_shift(np.uint32(1), (b % 32).astype(np.uint32))
    rows = _step(rows)  # the image of each state bit under T
    tables = []
    for _ in range(_LANES_LOG2 + 1):
        tables.append(_tables(rows))
        rows = _apply(tables[-1], rows)  # under T^(2^j) twice: T^(2^(j+1))
    return tuple(tables)


def _apply(tables: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The linear map of ``tables`` applied to every state row of ``s`` (n x 4 uint32)."""
    n = s.shape[0]
    acc = np.zeros(2 * n, dtype=np.uint64)
    state_bytes = np.ascontiguousarray(s).view(np.uint8)  # n x 16, byte i = bits 8i..8i+7
    for i in range(16):
        acc ^= np.take(tables[i], state_bytes[:, i]).view(np.uint64)
    return acc.view(np.uint32).reshape(n, 4)


def stream(state: IntArray, m: int) -> np.ndarray:
    """The first ``m`` 32-bit outputs of xoshiro128** from ``state`` (uint32, as the
    kernel's ``_next`` returns them one by one)."""
    jumps = _jumps()
    lanes = np.empty((_LANES, 4), dtype=np.uint32)
    lanes[0] = np.asarray(state, dtype=np.int64) & 0xFFFFFFFF
    filled = 1
    for j in range(_LANES_LOG2):
        lanes[filled : 2 * filled] = _apply(jumps[j], lanes[:filled])
        filled *= 2
    rounds = -(-m // _LANES)
    out = np.empty((rounds, _LANES), dtype=np.uint32)
    for r in range(rounds):
        s1 = lanes[:, 1]
        out[r] = _rotl(s1 * _U32(5), 7) * _U32(9)
        if r + 1 < rounds:
            lanes = _apply(jumps[_LANES_LOG2], lanes)
    return out.reshape(-1)[:m]


Term = tuple[tuple[int, int] | None, int | None]
"""One edge of one sample: its normal (polar pair, component 0 or 1) if lognormal, and
its wait's event if timetabled."""


def _plan(kinds: list[int]) -> tuple[list[str], list[list[Term]]]:
    """The draws of one period of samples (one sample; two when the number of lognormal
    edges is odd, as the spare normal alternates), in stream order: ``"P"`` a polar pair,
    ``"W"`` a wait; and per sample of the period, per edge, what it adds (:data:`Term`)."""
    n_ln = sum(1 for k in kinds if k & LOGNORMAL)
    events: list[str] = []
    terms: list[list[Term]] = []
    pairs = 0
    g = 0
    for _ in range(1 if n_ln % 2 == 0 else 2):
        row: list[Term] = []
        for k in kinds:
            normal = wait = None
            if k & LOGNORMAL:
                if g % 2 == 0:
                    events.append("P")
                    pairs += 1
                normal = (pairs - 1, g % 2)
                g += 1
            if k & WAIT:
                events.append("W")
                wait = len(events) - 1
            row.append((normal, wait))
        terms.append(row)
    return events, terms


def simulate_totals_np(
    fixed_total_h: float,
    kind: IntArray,
    mu: FloatArray,
    sigma: FloatArray,
    headway_h: FloatArray,
    state: IntArray,
    out: FloatArray,
) -> None:
    """``_kernels.simulate_totals`` (same arguments and draws), in numpy."""
    n = out.shape[0]
    kinds = [int(k) for k in kind.tolist()]
    if not any(k & (LOGNORMAL | WAIT) for k in kinds):
        out[:] = fixed_total_h
        return
    events, terms = _plan(kinds)
    period = len(terms)
    n_periods = -(-n // period)
    n_pairs = events.count("P") * n_periods
    need = (events.count("W") * n_periods) + 2.55 * n_pairs + 8.0 * math.sqrt(1.4 * n_pairs + 1)
    m = int(need) + 64
    while True:
        placed = _place(stream(state, m), events, n_periods)
        if placed is not None:
            break
        m *= 2
    raw, where = placed
    pair_x, pair_y = _normals(raw, [w for ev, w in zip(events, where, strict=True) if ev == "P"])
    totals = np.empty((n_periods, period))
    for s, row in enumerate(terms):
        total = np.full(n_periods, float(fixed_total_h))
        for e, (normal, wait) in enumerate(row):
            if normal is not None:
                pair, comp = normal
                z = pair_x[pair] if comp == 0 else pair_y[pair]
                total += np.exp(mu[e] + sigma[e] * z)
            if wait is not None:
                total += ((raw[where[wait]] + 0.5) * _INV_2_32) * headway_h[e]
        totals[:, s] = total
    out[:] = totals.reshape(-1)[:n]


def _normals(raw: FloatArray, starts: list[IntArray]) -> tuple[list[FloatArray], list[FloatArray]]:
    """The two normals of each accepted polar point (Marsaglia: the point ``(x, y)`` of
    the pair at ``starts``, ``f = sqrt(-2 ln r2 / r2)``; ``x f`` now, ``y f`` the spare)."""
    first: list[FloatArray] = []
    spare: list[FloatArray] = []
    for pos in starts:
        x = (raw[pos] + 0.5) * _INV_2_31 - 1.0
        y = (raw[pos + 1] + 0.5) * _INV_2_31 - 1.0
        r2 = x * x + y * y
        f = np.sqrt(-2.0 * np.log(r2) / r2)
        first.append(x * f)
        spare.append(y * f)
    return first, spare


def _place(
    raw: np.ndarray, events: list[str], n_periods: int
) -> tuple[FloatArray, list[IntArray]] | None:
    """Stream positions of every event of every period (a polar pair: where its accepted
    point starts), or None when ``raw`` is too short."""
    m = raw.shape[0]
    over = m  # "past the end"
    u = (raw.astype(np.float64) + 0.5) * _INV_2_31 - 1.0
    inside = np.zeros(m + 1, dtype=np.bool_)
    inside[: m - 1] = u[:-1] * u[:-1] + u[1:] * u[1:] < 1.0
    # nxt[p]: the first accepted pair at p, p + 2, p + 4, ... (over if none)
    pos = np.where(inside, np.arange(m + 1), over)
    nxt = np.empty(m + 1, dtype=np.int64)
    for parity in (0, 1):
        nxt[parity::2] = np.minimum.accumulate(pos[parity::2][::-1])[::-1]

    def advance(p: np.ndarray, ev: str) -> np.ndarray:
        nextp = p + 1 if ev == "W" else np.minimum(nxt[p], over - 2) + 2
        clipped: np.ndarray = np.minimum(nextp, over)
        return clipped

    period_map = np.arange(m + 1, dtype=np.int64)
    for ev in events:
        period_map = advance(period_map, ev)
    starts = np.zeros(n_periods, dtype=np.int64)
    power, filled = period_map, 1
    while filled < n_periods:
        take = min(filled, n_periods - filled)
        starts[filled : filled + take] = power[starts[:take]]
        power = power[power]
        filled += take
    where: list[IntArray] = []
    p = starts
    for ev in events:
        if ev == "P":
            q = nxt[p]
            where.append(q)
            if int(q.max()) >= over - 1:
                return None
            p = q + 2
        else:
            where.append(p)
            if int(p.max()) >= over:
                return None
            p = p + 1
    return raw.astype(np.float64), where


__all__ = [
    "LOGNORMAL",
    "WAIT",
    "new_state",
    "simulate_totals_np",
    "stream",
    "use_numpy",
]
