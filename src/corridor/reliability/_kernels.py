"""Monte Carlo kernel for route transit times (numba).

Contract (STYLE.md rule 4): arrays in, a preallocated array out, fixed dtypes, no
validation. The random numbers come from a small counter-free generator carried in local
variables (xoshiro128**, Blackman & Vigna 2018: 128-bit state, period 2**128 - 1, passes
BigCrush), so the kernel

* touches no global random state (numba's ``np.random`` is per-thread global state, and
  under ``NUMBA_DISABLE_JIT=1`` it would be numpy's global state): two threads running it
  at once never interfere, and the same ``state`` gives the same numbers every time;
* runs the same integer stream compiled or as plain Python: every intermediate value is a
  non-negative integer below 2**40, so int64 arithmetic never overflows and plain-Python
  numpy scalars never warn.

Standard normals come from Marsaglia's polar method (a point uniform in the unit disc, found
by rejection with probability pi/4 per try, gives two normals with one log and one sqrt and
no trigonometry; the second is kept for the next draw). Uniforms are ``(x + 0.5) / 2**32``
with ``x`` a 32-bit output, so they lie strictly inside (0, 1) and the disc point is never
the centre (``log(r2)`` is finite).

Distribution kinds are bit flags per edge: ``LOGNORMAL`` adds ``exp(mu + sigma * z)``,
``WAIT`` adds ``u * headway_h`` (waiting for the next departure, uniform on
[0, headway]); an edge may carry both. Deterministic parts are summed by the caller into
``fixed_total_h``.
"""

from __future__ import annotations

import math

from corridor._jit import njit
from corridor.reliability._small import LOGNORMAL, WAIT, new_state

_M32 = 0xFFFFFFFF
_INV_2_32 = 1.0 / 4294967296.0
_INV_2_31 = 1.0 / 2147483648.0


@njit
def _next(s0, s1, s2, s3):  # type: ignore[no-untyped-def]
    """One xoshiro128** step: (32-bit output, new state)."""
    x = (s1 * 5) & _M32
    x = ((x << 7) | (x >> 25)) & _M32
    out = (x * 9) & _M32
    t = (s1 << 9) & _M32
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = ((s3 << 11) | (s3 >> 21)) & _M32
    return out, s0, s1, s2, s3


@njit
def simulate_totals(fixed_total_h, kind, mu, sigma, headway_h, state, out):  # type: ignore[no-untyped-def]
    """Fill ``out[i]`` with one draw of ``fixed_total_h + sum_e draw_e``.

    ``kind``, ``mu``, ``sigma``, ``headway_h`` describe the random edges (int64 flags,
    float64 parameters); ``state`` is four 32-bit words (int64, not all zero) and is not
    modified. Samples are independent rows; edges are drawn in order within a row.
    """
    s0 = int(state[0]) & _M32
    s1 = int(state[1]) & _M32
    s2 = int(state[2]) & _M32
    s3 = int(state[3]) & _M32
    n_edges = kind.shape[0]
    spare = 0.0
    have_spare = False
    for i in range(out.shape[0]):
        total = fixed_total_h
        for e in range(n_edges):
            k = kind[e]
            if k & LOGNORMAL:
                if have_spare:
                    z = spare
                    have_spare = False
                else:
                    # Marsaglia's polar method: a point uniform in the unit disc
                    while True:
                        a, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
                        b, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
                        x = (a + 0.5) * _INV_2_31 - 1.0
                        y = (b + 0.5) * _INV_2_31 - 1.0
                        r2 = x * x + y * y
                        if r2 < 1.0:
                            break
                    f = math.sqrt(-2.0 * math.log(r2) / r2)
                    z = x * f
                    spare = y * f
                    have_spare = True
                total += math.exp(mu[e] + sigma[e] * z)
            if k & WAIT:
                c, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
                total += ((c + 0.5) * _INV_2_32) * headway_h[e]
        out[i] = total


@njit
def uniforms(state, out):  # type: ignore[no-untyped-def]
    """Fill ``out`` with the generator's raw uniforms on (0, 1) (for tests of the stream)."""
    s0 = int(state[0]) & _M32
    s1 = int(state[1]) & _M32
    s2 = int(state[2]) & _M32
    s3 = int(state[3]) & _M32
    for i in range(out.shape[0]):
        a, s0, s1, s2, s3 = _next(s0, s1, s2, s3)
        out[i] = (a + 0.5) * _INV_2_32


__all__ = ["LOGNORMAL", "WAIT", "new_state", "simulate_totals", "uniforms"]
