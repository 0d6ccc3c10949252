"""The flow map is drawn on a matplotlib Figure: no pyplot, the process's backend untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_flow_map_never_imports_pyplot(tmp_path: Path) -> None:
    code = f"""
import sys, pandas as pd, corridor
from corridor.data import path
from corridor.analysis.flows import freight_flows
from corridor.report.flowmap import flow_map
net = corridor.load(path("examples/tiny"), date="undated")
od = pd.DataFrame({{"origin": ["a"], "destination": ["d"], "teu_year": [3650.0]}})
f = freight_flows(net, od)
flow_map(net, f.links, {str(tmp_path / "map.png")!r})
print("matplotlib.pyplot" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert (tmp_path / "map.png").stat().st_size > 1000
