"""Multi-criteria label-setting (Martins' algorithm) over CSR arrays (numba).

Contract (STYLE.md rule 4): arrays in, arrays out, fixed dtypes (int64 indices, float64
costs), no validation. ``crit[e, :]`` is edge ``e``'s cost vector (k >= 1 columns, all
>= 0); an edge with an ``inf`` entry is absent.

Labels
------
A label is a path from the source to one vertex, stored in parallel arrays: ``cost[l, :]``,
``vert[l]``, ``pred[l]`` (the label it extends, -1 at the source) and ``edge[l]`` (the edge
that extends it). The labels of a vertex form a singly linked list (``first[v]``,
``nxt[l]``). Arrays grow by doubling.

Search
------
Labels are popped from a binary heap in order of ``key = sum_i weights[i] * cost[l, i]``
(weights > 0; they only set the order). Costs are non-negative, so a popped label can no
longer be dominated by a label found later -- except for floating-point ties, which are
harmless (the caller filters the target labels once more) -- and becomes permanent; it is
then extended along every out-edge. A new label ``a`` at vertex ``w`` is

1. dropped if a label at the target ``(1 + eps)``-dominates it (target pruning: extending
   ``a`` can only add cost);
2. dropped if a label at ``w`` ``(1 + eps)``-dominates it: ``b_i <= (1 + eps) a_i`` for all
   ``i`` (with ``eps = 0`` this is weak dominance, so equal cost vectors are kept once);
3. otherwise it removes the not-yet-permanent labels at ``w`` that it dominates exactly;
4. then dropped, with ``capped`` set, if ``w`` already holds ``max_per_vertex`` labels or the
   search holds ``max_labels`` labels; else it is stored and pushed.

Labels at the target are not extended. With ``eps = 0`` and no cap hit the labels left at
the target are exactly the distinct non-dominated cost vectors of source-target paths (one
path each). With ``eps > 0`` every Pareto-optimal path ``P`` of ``h`` edges has a returned
path ``Q`` with ``Q_i <= (1 + eps)^h P_i``: rejecting only ``(1 + eps)``-dominated labels
and removing only exactly dominated ones keeps, at each vertex, a label within
``(1 + eps)`` of every label offered there, and the factor compounds along ``P``.
"""

from __future__ import annotations

import numpy as np

from corridor._jit import njit

_INITIAL = 1024


@njit
def _push(hkey, hitem, size, key, item):  # type: ignore[no-untyped-def]
    """Binary-heap insert; returns the new size (arrays are large enough)."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if hkey[parent] <= key:
            break
        hkey[i] = hkey[parent]
        hitem[i] = hitem[parent]
        i = parent
    hkey[i] = key
    hitem[i] = item
    return size + 1


@njit
def _pop(hkey, hitem, size):  # type: ignore[no-untyped-def]
    """Binary-heap delete-min; returns (item, new size)."""
    top = hitem[0]
    size -= 1
    key = hkey[size]
    item = hitem[size]
    i = 0
    while True:
        c = 2 * i + 1
        if c >= size:
            break
        if c + 1 < size and hkey[c + 1] < hkey[c]:
            c += 1
        if hkey[c] >= key:
            break
        hkey[i] = hkey[c]
        hitem[i] = hitem[c]
        i = c
    if size > 0:
        hkey[i] = key
        hitem[i] = item
    return top, size


@njit
def _eps_dominates(cost, b, a_vec, factor):  # type: ignore[no-untyped-def]
    """Label ``b``'s cost <= factor * a_vec in every criterion."""
    for i in range(a_vec.shape[0]):
        if cost[b, i] > factor * a_vec[i]:
            return False
    return True


@njit
def _dominated_by_list(cost, alive, nxt, start, a_vec, factor):  # type: ignore[no-untyped-def]
    """Some live label in the list from ``start`` (1+eps)-dominates ``a_vec``."""
    b = start
    while b >= 0:
        if alive[b] and _eps_dominates(cost, b, a_vec, factor):
            return True
        b = nxt[b]
    return False


@njit
def _dominates(a_vec, cost, b):  # type: ignore[no-untyped-def]
    """``a_vec <= cost[b]`` in every criterion (weak dominance)."""
    for i in range(a_vec.shape[0]):
        if a_vec[i] > cost[b, i]:
            return False
    return True


@njit
def _grow(arr, cap):  # type: ignore[no-untyped-def]
    out = np.empty(cap, arr.dtype)
    out[: arr.shape[0]] = arr
    return out


@njit
def _grow2(arr, cap):  # type: ignore[no-untyped-def]
    out = np.empty((cap, arr.shape[1]), arr.dtype)
    out[: arr.shape[0]] = arr
    return out


@njit
def pareto_labels(  # type: ignore[no-untyped-def]
    indptr, indices, crit, weights, source, target, eps, max_per_vertex, max_labels
):
    """Run the label-setting search; see the module docstring.

    Returns ``(cost, pred, edge, target_labels, capped, n_labels)``: the label arrays cut
    to the labels created, the live labels at the target, whether a cap dropped a
    non-dominated label, and the number of labels created.
    """
    n = indptr.shape[0] - 1
    k = crit.shape[1]
    factor = 1.0 + eps
    cap = _INITIAL
    cost = np.empty((cap, k))
    vert = np.empty(cap, np.int64)
    pred = np.empty(cap, np.int64)
    edge = np.empty(cap, np.int64)
    nxt = np.empty(cap, np.int64)
    alive = np.zeros(cap, np.bool_)
    perm = np.zeros(cap, np.bool_)
    hkey = np.empty(cap)
    hitem = np.empty(cap, np.int64)
    first = np.full(n, -1, np.int64)
    count = np.zeros(n, np.int64)
    buf = np.empty(k)
    capped = False

    for i in range(k):
        cost[0, i] = 0.0
    vert[0] = source
    pred[0] = -1
    edge[0] = -1
    nxt[0] = -1
    alive[0] = True
    first[source] = 0
    count[source] = 1
    n_lab = 1
    hsize = _push(hkey, hitem, 0, 0.0, 0)

    while hsize > 0:
        lab, hsize = _pop(hkey, hitem, hsize)
        if not alive[lab]:
            continue
        perm[lab] = True
        v = vert[lab]
        if v == target:
            continue
        for e in range(indptr[v], indptr[v + 1]):
            w = indices[e]
            key = 0.0
            finite = True
            for i in range(k):
                c = cost[lab, i] + crit[e, i]
                if not c < np.inf:
                    finite = False
                    break
                buf[i] = c
                key += weights[i] * c
            if not finite:
                continue
            if _dominated_by_list(cost, alive, nxt, first[target], buf, factor):
                continue
            if w != target and _dominated_by_list(cost, alive, nxt, first[w], buf, factor):
                continue
            # remove the temporary labels at w that the new label dominates
            prev = -1
            b = first[w]
            while b >= 0:
                nb = nxt[b]
                drop = not alive[b]
                if not drop and not perm[b] and _dominates(buf, cost, b):
                    alive[b] = False
                    count[w] -= 1
                    drop = True
                if drop:  # unlink b
                    if prev < 0:
                        first[w] = nb
                    else:
                        nxt[prev] = nb
                else:
                    prev = b
                b = nb
            if count[w] >= max_per_vertex or n_lab >= max_labels:
                capped = True
                continue
            if n_lab == cap:
                cap *= 2
                cost = _grow2(cost, cap)
                vert = _grow(vert, cap)
                pred = _grow(pred, cap)
                edge = _grow(edge, cap)
                nxt = _grow(nxt, cap)
                alive = _grow(alive, cap)
                perm = _grow(perm, cap)
                hkey = _grow(hkey, cap)
                hitem = _grow(hitem, cap)
            new = n_lab
            n_lab += 1
            for i in range(k):
                cost[new, i] = buf[i]
            vert[new] = w
            pred[new] = lab
            edge[new] = e
            alive[new] = True
            perm[new] = False
            nxt[new] = first[w]
            first[w] = new
            count[w] += 1
            hsize = _push(hkey, hitem, hsize, key, new)

    n_t = 0
    b = first[target]
    while b >= 0:
        if alive[b]:
            n_t += 1
        b = nxt[b]
    tl = np.empty(n_t, np.int64)
    j = 0
    b = first[target]
    while b >= 0:
        if alive[b]:
            tl[j] = b
            j += 1
        b = nxt[b]
    return cost[:n_lab], pred[:n_lab], edge[:n_lab], tl, capped, n_lab
