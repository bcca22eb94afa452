"""Benchmark the assessment engine: one assessment, one ranking over all countries, one grid.

Usage (from a checkout or with the package installed):

    python benchmarks/engine.py            # a readable table
    python benchmarks/engine.py --json     # one JSON object on stdout

The JSON object holds {"assess_us": {"median", "p95"}, "assess_full_us": {...}, "rank_ms": {...}, "grid_ms": {...},
"monte_carlo_ms": {...}, "optimise_ms": {...}, "rank_ranges_ms": {...}, "rank_full_ms": {...}}
plus the repetition counts ("n"), the load average before the run, the Python and numpy
versions. Inputs come from a seeded in-memory store and a fixed rotation of realistic proposals
(seeded), so runs are comparable. Targets on the reference 2-core machine (medians): assess
<= 200 µs, rank <= 20 ms, grid <= 50 ms, a 1,000-draw Monte Carlo <= 250 ms, the optimiser
<= 50 ms (a neutral offer for each of KEN, IND, SAU, DEU, VNM in turn), the ranking with
p10–p90 for every country (1,000 draws each, `uncertainty.rank_ranges`) <= 1 s.

assess_us is `engine.assess` as the window calls it on every edit: the score, band, sides,
commitments, line items, deal and alternative are computed; the flags and the moves (the
next-band search, most of the cost) when first read, which the window does after the repaint.
assess_full_us also reads them (`to_dict()`), as `export-desk assess --json`, batch mode and
briefs do (no target).

rank_ms is the ranking the Ranking window shows (every country's score, band and sides; the
details of each are computed when read); rank_full_ms also reads every country's details, as
`export-desk rank --json` does (no target).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    # In a checkout: measure this checkout's code, not some other installed copy.
    sys.path.insert(0, str(_CHECKOUT))

try:
    import desktop  # noqa: F401
except ImportError:  # pragma: no cover - neither a checkout nor installed
    sys.exit("cannot import 'desktop': run from a checkout or install the package")

import numpy as np  # noqa: E402

from desktop.core.engine import GRID_METRICS, assess, grid, rank  # noqa: E402
from desktop.core.model import COMPONENTS, LEVERS, MAX_SCALE, Proposal  # noqa: E402
from desktop.core.optimize import optimise  # noqa: E402
from desktop.core.uncertainty import monte_carlo, rank_ranges  # noqa: E402
from desktop.store import memory_store  # noqa: E402

TARGETS = {"assess_us": 200.0, "rank_ms": 20.0, "grid_ms": 50.0, "monte_carlo_ms": 250.0, "optimise_ms": 50.0, "rank_ranges_ms": 1000.0}
# Countries an analyst typically works on, plus ones with missing pillars.
OPTIMISE = ("KEN", "IND", "SAU", "DEU", "VNM")  # very different countries (issue 11)
FOCUS = ("KEN", "JPN", "IDN", "IND", "BRA", "NGA", "VNM", "SAU", "RUS", "AFG", "TWN", "SSD", "DEU", "MEX")


def proposals(measure_ids: Sequence[str], countries: Sequence[str], count: int, seed: int) -> list[Proposal]:
    """A seeded rotation of realistic offers: varied levers, a few measures, some red lines."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        levers = {lv: rng.choice((0, 100)) if rng.random() < 0.1 else rng.randrange(0, 101, 5) for lv in LEVERS}
        measures = frozenset(rng.sample(list(measure_ids), rng.randint(0, 6)))
        components = {c: rng.randint(0, MAX_SCALE) for c in COMPONENTS} if rng.random() < 0.5 else None
        red_lines = {}
        if rng.random() < 0.3:
            lever = rng.choice(LEVERS)
            lo = rng.randrange(0, 50, 5)
            red_lines[lever] = (lo, rng.randrange(lo + 10, 101, 5))
        kwargs: dict[str, Any] = {"levers": levers, "measures": measures, "red_lines": red_lines}
        if components is not None:
            kwargs["components"] = components
        out.append(Proposal(name=f"bench {i}", country=rng.choice(countries), **kwargs))
    return out


def timed(fn: Callable[[int], Any], repeat: int, warmup: int) -> list[int]:
    """Run fn(i) warmup times untimed, then repeat times, returning each call's nanoseconds."""
    for i in range(warmup):
        fn(i)
    gc.collect()
    times = []
    clock = time.perf_counter_ns
    for i in range(repeat):
        t0 = clock()
        fn(i)
        times.append(clock() - t0)
    return times


def summary(times_ns: Sequence[int], unit_ns: float) -> dict[str, float]:
    values = sorted(t / unit_ns for t in times_ns)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return {"median": round(statistics.median(values), 3), "p95": round(p95, 3)}


def run(n_assess: int, n_rank: int, n_grid: int, seed: int, n_mc: int = 30, n_opt: int = 20,
        n_ranges: int = 5) -> dict[str, Any]:
    store = memory_store()
    a = store.assumption_set()
    profiles = store.profiles()
    countries = [c for c in FOCUS if c in profiles] or sorted(profiles)
    measure_ids = [m.id for m in a.measures]
    rotation = proposals(measure_ids, countries, 32, seed)
    everyone = list(profiles.values())
    pairs = [(x, y) for x in LEVERS for y in LEVERS if x != y]

    def one_assessment(i: int) -> Any:
        p = rotation[i % len(rotation)]
        return assess(p, profiles[p.country], a)

    def one_full_assessment(i: int) -> Any:  # every detail read, as `assess --json` and briefs read it
        p = rotation[i % len(rotation)]
        return assess(p, profiles[p.country], a).to_dict()

    def one_ranking(i: int) -> Any:
        return rank(rotation[i % len(rotation)], everyone, a)

    def one_grid(i: int) -> Any:
        p = rotation[i % len(rotation)]
        x, y = pairs[i % len(pairs)]
        return grid(p, profiles[p.country], a, x, y, 50, GRID_METRICS[i % len(GRID_METRICS)])

    def one_monte_carlo(i: int) -> Any:  # 1,000 draws (uncertainty.draws), seeded
        p = rotation[i % len(rotation)]
        return monte_carlo(p, profiles[p.country], a, draws=1000)

    neutral = [Proposal(name=f"neutral {iso}", country=iso) for iso in OPTIMISE if iso in profiles]

    def one_optimisation(i: int) -> Any:
        p = neutral[i % len(neutral)]
        return optimise(p, profiles[p.country], a)

    def one_full_ranking(i: int) -> Any:
        return [r.to_dict() for r in rank(rotation[i % len(rotation)], everyone, a)]

    def one_ranged_ranking(i: int) -> Any:  # every country's 1,000-draw Monte Carlo, then the ranking
        p = rotation[i % len(rotation)]
        return rank_ranges(p, everyone, a, draws=1000), rank(p, everyone, a)

    load = _load()
    return {
        "optimise_ms": summary(timed(one_optimisation, n_opt, warmup=len(neutral)), 1e6),
        "rank_ranges_ms": summary(timed(one_ranged_ranking, n_ranges, warmup=1), 1e6),
        "rank_full_ms": summary(timed(one_full_ranking, max(3, n_rank // 5), warmup=2), 1e6),
        "monte_carlo_ms": summary(timed(one_monte_carlo, n_mc, warmup=max(3, n_mc // 10)), 1e6),
        "assess_us": summary(timed(one_assessment, n_assess, warmup=max(50, n_assess // 10)), 1e3),
        "assess_full_us": summary(timed(one_full_assessment, max(200, n_assess // 10), warmup=50), 1e3),
        "rank_ms": summary(timed(one_ranking, n_rank, warmup=max(3, n_rank // 10)), 1e6),
        "grid_ms": summary(timed(one_grid, n_grid, warmup=max(5, n_grid // 10)), 1e6),
        "n": {"assess": n_assess, "rank": n_rank, "grid": n_grid, "monte_carlo": n_mc, "optimise": n_opt, "rank_ranges": n_ranges,
              "rank_full": max(3, n_rank // 5), "countries": len(everyone)},
        "load_before": load,
        "load_after": _load(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def _load() -> list[float] | None:
    """The 1, 5 and 15-minute load averages (the machine is shared: figures are noisy under load)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on this platform
        return None


def table(result: dict[str, Any]) -> str:
    rows = [
        ("one assessment", "assess_us", "µs", result["n"]["assess"]),
        ("one assessment, all read", "assess_full_us", "µs", max(200, result["n"]["assess"] // 10)),
        (f"rank over {result['n']['countries']} countries", "rank_ms", "ms", result["n"]["rank"]),
        ("50×50 grid", "grid_ms", "ms", result["n"]["grid"]),
        ("Monte Carlo, 1,000 draws", "monte_carlo_ms", "ms", result["n"]["monte_carlo"]),
        (f"optimiser ({', '.join(OPTIMISE)})", "optimise_ms", "ms", result["n"]["optimise"]),
        ("rank with p10–p90, all", "rank_ranges_ms", "ms", result["n"]["rank_ranges"]),
        ("rank, every detail read", "rank_full_ms", "ms", result["n"]["rank_full"]),
    ]
    lines = [f"{'benchmark':<28}{'median':>10}{'p95':>10}{'target':>10}  unit   runs", "-" * 72]
    for label, key, unit, n in rows:
        r = result[key]
        target = TARGETS.get(key)
        ok = "" if target is None else "ok" if r["median"] <= target else "SLOW"
        shown = "—" if target is None else f"{target:.0f}"
        lines.append(f"{label[:28]:<28}{r['median']:>10.2f}{r['p95']:>10.2f}{shown:>10}  {unit:<5}{n:>6}  {ok}")
    lines.append(f"python {result['python']}, numpy {result['numpy']}; load average {result['load_before']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--assess", type=int, default=2000, help="timed assessments (default 2000)")
    parser.add_argument("--rank", type=int, default=50, help="timed rankings (default 50)")
    parser.add_argument("--grid", type=int, default=100, help="timed 50×50 grids (default 100)")
    parser.add_argument("--monte-carlo", type=int, default=30, help="timed 1,000-draw Monte Carlo runs (default 30)")
    parser.add_argument("--optimise", type=int, default=20, help="timed optimisations (default 20)")
    parser.add_argument("--ranges", type=int, default=5, help="timed rankings with p10–p90 (default 5)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the proposal rotation")
    args = parser.parse_args(argv)
    if min(args.assess, args.rank, args.grid, args.monte_carlo, args.optimise, args.ranges) < 1:
        parser.error("repetition counts must be at least 1")
    result = run(args.assess, args.rank, args.grid, args.seed, args.monte_carlo, args.optimise, args.ranges)
    print(json.dumps(result) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
