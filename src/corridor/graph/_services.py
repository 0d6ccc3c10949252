"""Rail services: block (container) trains and wagonload cross borders differently.

CAREC CPMM rail border times are per wagon or consignment, queueing for transshipment
included; scheduled container block trains cross in hours (crossings.csv
``block_median_h``, ``block_p90_h``, ``block_fee_usd_teu``; data-sources/services/).
:func:`service_edges` gives every rail border edge whose crossing has a block-train figure a
parallel block edge: the original becomes the wagonload edge. ``EdgeTable.service`` says
which (-1: shared, 0: block, 1: wagonload) and :func:`corridor.paths.usable_edges` keeps one
per query (``RouteOptions.service``, default block for containers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.graph.model import Criterion, EdgeKind
from corridor.vocab import MODES, SERVICES, Mode

_RAIL = MODES.index(Mode.RAIL)
_CASPIAN = (MODES.index(Mode.FERRY), MODES.index(Mode.SEA))
_Cols = dict[str, np.ndarray]


def _column(x: pd.DataFrame, name: str) -> np.ndarray:
    if name not in x.columns:
        return np.full(len(x), np.nan)
    return x[name].to_numpy(dtype=np.float64)


def service_edges(crossings: pd.DataFrame, cols: _Cols, per_unit: float) -> _Cols:
    """Block-train copies of the rail border edges whose crossing gives a block figure;
    ``cols["service"]`` is set in place (1 on the edges copied, -1 elsewhere)."""
    median = _column(crossings, "block_median_h")
    p90 = _column(crossings, "block_p90_h")
    fee = _column(crossings, "block_fee_usd_teu")
    n = cols["tail"].shape[0]
    cols["service"] = np.full(n, -1, dtype=np.int64)
    cross = cols["crossing"]
    carried = (cols["mode"] == _RAIL) | np.isin(cols["mode"], _CASPIAN)
    border = (cols["kind"] == EdgeKind.BORDER) & carried & (cross >= 0)
    has = np.zeros(n, dtype=bool)
    has[border] = ~np.isnan(median[cross[border]])
    cols["service"][has] = SERVICES.index("wagonload")
    e = np.flatnonzero(has)
    copy = {k: v[e].copy() for k, v in cols.items()}
    k = cross[e]
    copy["service"][:] = SERVICES.index("block")
    copy["dwell_median_h"] = median[k]
    copy["dwell_p90_h"] = np.where(np.isnan(p90[k]), median[k], p90[k])
    copy["criteria"][:, Criterion.TIME_H] = median[k]
    block_fee = np.where(
        np.isnan(fee[k]), copy["criteria"][:, Criterion.COST_USD], fee[k] * per_unit
    )
    copy["criteria"][:, Criterion.COST_USD] = block_fee
    return copy
