"""Before/after benchmark of issue 13's closing note: route warm (API), CLI route, compare, flows.
Usage: python bench.py TREE_BEFORE TREE_AFTER  (each a checkout with src/)."""
import json, os, statistics, subprocess, sys, time

PY = sys.executable
INPROC = r'''
import random, statistics, time, corridor
g = corridor.load_graph()
ids = [i for i, k in zip(g.labels.node_ids, g.labels.node_kinds) if k in ("city", "seaport", "dry_port")] if hasattr(g.labels, "node_kinds") else list(g.labels.node_ids)
rng = random.Random(7)
pairs = [tuple(rng.sample(ids, 2)) for _ in range(300)]
for o, d in pairs[:20]:
    try: corridor.route(g, o, d)
    except Exception: pass
ts = []
for o, d in pairs:
    t = time.perf_counter()
    try: corridor.route(g, o, d)
    except Exception: continue
    ts.append(time.perf_counter() - t)
print(statistics.median(ts) * 1000, len(ts), corridor.__file__)
'''

def env(tree):
    e = dict(os.environ, PYTHONPATH=os.path.join(tree, "src"), CORRIDOR_CACHE_DIR=f"/tmp/solid/bcache-{os.path.basename(tree)}")
    return e

def wall(tree, args, n):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        p = subprocess.run([PY, "-m", "corridor", *args], env=env(tree), capture_output=True, text=True)
        ts.append(time.perf_counter() - t)
        assert p.returncode == 0, p.stderr[-500:]
    return statistics.median(ts)

trees = sys.argv[1:]
for tree in trees:  # warm: numba caches, graph caches
    for a in (["route", "almaty", "karachi"], ["compare", "almaty", "karachi"], ["flows", "--gap", "1e-4"]):
        subprocess.run([PY, "-m", "corridor", *a], env=env(tree), capture_output=True)
rows = {t: {} for t in trees}
for rep in range(2):
    for tree in trees:
        out = subprocess.run([PY, "-c", INPROC], env=env(tree), capture_output=True, text=True)
        ms, n, f = out.stdout.split()
        rows[tree].setdefault("route_api_ms", []).append(float(ms))
        rows[tree].setdefault("file", f)
        rows[tree].setdefault("cli_route_s", []).append(wall(tree, ["route", "almaty", "karachi"], 5))
        rows[tree].setdefault("cli_compare_s", []).append(wall(tree, ["compare", "almaty", "karachi"], 3))
        rows[tree].setdefault("cli_flows_s", []).append(wall(tree, ["flows", "--gap", "1e-4"], 1))
print(json.dumps(rows, indent=1))
