"""Benchmark the workshop tools: the trade-off map (metric + both sides + zone) and the optimiser.

Usage (from a checkout or with the package installed):

    python benchmarks/tradeoff.py            # a readable table
    python benchmarks/tradeoff.py --json     # one JSON object on stdout

The JSON object holds {"grid_ms": {"median", "p95"}, "optimize_ms": {...}} plus the repetition
counts ("n"). grid_ms is one 50×50 trade-off map as the window draws it: the chosen metric,
counterpart acceptance and exporter assurance, the zone of possible agreement and the red-line
mask (`desktop.core.tradeoff.tradeoff_map`). optimize_ms is one `optimise` call, alternating the
two objectives. Inputs are the seeded rotation of benchmarks/engine.py. Targets on the reference
2-core machine: map <= 50 ms, optimiser <= 1000 ms (medians).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE))

from engine import FOCUS, proposals, summary, timed  # noqa: E402  (also puts the checkout first)

from desktop.core.engine import GRID_METRICS  # noqa: E402
from desktop.core.model import LEVERS  # noqa: E402
from desktop.core.optimize import OBJECTIVES, optimise  # noqa: E402
from desktop.core.tradeoff import tradeoff_map  # noqa: E402
from desktop.store import memory_store  # noqa: E402

TARGETS = {"grid_ms": 50.0, "optimize_ms": 1000.0}


def run(n_grid: int, n_optimize: int, seed: int) -> dict[str, Any]:
    store = memory_store()
    a = store.assumption_set()
    profiles = store.profiles()
    countries = [c for c in FOCUS if c in profiles] or sorted(profiles)
    rotation = proposals([m.id for m in a.measures], countries, 32, seed)
    pairs = [(x, y) for x in LEVERS for y in LEVERS if x != y]

    def one_map(i: int) -> Any:
        p = rotation[i % len(rotation)]
        x, y = pairs[i % len(pairs)]
        return tradeoff_map(p, profiles[p.country], a, x, y, GRID_METRICS[i % len(GRID_METRICS)], 50, p)

    def one_optimisation(i: int) -> Any:
        p = rotation[i % len(rotation)]
        return optimise(p, profiles[p.country], a, OBJECTIVES[i % len(OBJECTIVES)])

    return {
        "grid_ms": summary(timed(one_map, n_grid, warmup=max(5, n_grid // 10)), 1e6),
        "optimize_ms": summary(timed(one_optimisation, n_optimize, warmup=max(2, n_optimize // 10)), 1e6),
        "n": {"grid": n_grid, "optimize": n_optimize},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--grid", type=int, default=300, help="timed maps (default 300)")
    parser.add_argument("--optimize", type=int, default=40, help="timed optimisations (default 40)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = run(args.grid, args.optimize, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'benchmark':<34}{'median':>10}{'p95':>10}{'target':>10}  unit")
    for label, key in (("50×50 trade-off map with zone", "grid_ms"), ("optimiser", "optimize_ms")):
        r = result[key]
        ok = "ok" if r["median"] <= TARGETS[key] else "SLOW"
        print(f"{label:<34}{r['median']:>10.2f}{r['p95']:>10.2f}{TARGETS[key]:>10.0f}  ms  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
