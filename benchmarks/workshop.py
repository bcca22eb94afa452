"""Benchmark the workshop tools: the ranking rows (all countries), a four-way comparison, the ranking
panel's refresh in a real (offscreen) window, and reading a proposal's timeline.

    python benchmarks/workshop.py            # a readable table
    python benchmarks/workshop.py --json     # {"name": {"median": …, "p95": …, "n": …}, …} in milliseconds

The ranking panel recomputes once a lever pauses (120 ms debounce), so a drag never waits on it;
these figures say how long that one refresh takes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    sys.path.insert(0, str(_CHECKOUT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core import ops  # noqa: E402
from desktop.core.compare import compare_proposals  # noqa: E402
from desktop.core.model import LEVERS  # noqa: E402
from desktop.core.ranking import ranking  # noqa: E402
from desktop.store import memory_store, open_store  # noqa: E402
from desktop.store import timeline as timeline_store  # noqa: E402


def measure(fn: Callable[[int], object], n: int) -> dict[str, float]:
    fn(0)  # warm caches
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    return {"median": round(statistics.median(times), 3), "p95": round(times[int(0.95 * (n - 1))], 3), "n": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}

    store = memory_store()
    profiles, assumptions = store.profiles(), store.assumption_set()
    examples = [p for p in store.proposals() if p.example]
    results["ranking_rows_ms"] = measure(
        lambda i: ranking(examples[i % len(examples)].with_lever("openness", i % 101), profiles, assumptions), 60
    )
    results["compare_four_ms"] = measure(lambda i: compare_proposals(examples[:4], profiles, assumptions), 60)

    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import build_window

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        file_store = open_store(Path(tmp) / "bench.sqlite3")
        window = build_window(file_store)
        window.show()
        panel = window.scenarios.ranking
        window.scenarios.ranking_action.trigger()
        app.processEvents()
        slider = window.levers.slider("partnership")

        def refresh(i: int) -> None:
            slider.setValue(10 + i % 80)
            panel.refresh()

        results["lever_step_then_ranking_refresh_ms"] = measure(refresh, 40)
        pid = window.session.proposal.id
        for i in range(200):  # a long session: 200 settled states, each with a lever change
            lever = LEVERS[i % 4]
            window.editor.apply(ops.set_lever(window.session.proposal, lever, i % 101))
            window.autosaver.flush_all()
        results["timeline_read_200_states_ms"] = measure(lambda i: timeline_store.timeline(file_store, pid), 30)
        results["timeline_panel_refresh_200_states_ms"] = measure(lambda i: window.scenarios.timeline.refresh(), 20)
        window.close()
        file_store.close()
    store.close()

    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for name, r in results.items():
            print(f"{name:40} median {r['median']:8.2f} ms   p95 {r['p95']:8.2f} ms   (n={r['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
