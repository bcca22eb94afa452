"""Benchmark the brief and bundles: render a brief to PDF, export a bundle, parse + import it.

    QT_QPA_PLATFORM=offscreen python benchmarks/exchange.py [--json]

Prints {"brief_pdf_ms": {"median", "p95"}, "bundle_export_ms": …, "bundle_import_ms": …};
bundle_import_ms includes creating the fresh seeded in-memory database it imports into.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    sys.path.insert(0, str(_CHECKOUT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.bundle import dump_bundle, parse_bundle  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import memory_store  # noqa: E402
from desktop.store.exchange import export_bundle, import_bundle  # noqa: E402
from desktop.ui import brief_render  # noqa: E402


def _stats(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"median": round(statistics.median(samples), 2), "p95": round(samples[int(0.95 * (len(samples) - 1))], 2), "n": len(samples)}


def _time(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    store = memory_store()
    p = store.save_proposal(Proposal(name="Kenya bench cloud", country="KEN", measures={"customer_keys", "workforce_program"}))
    brief_render.ensure_gui_app()
    brief = brief_render.brief_for(store, p)
    footer = brief_render.footer_for(store)
    data = dump_bundle(export_bundle(store, [p.name]))

    def do_import():
        target = memory_store()
        import_bundle(target, parse_bundle(data))

    results = {
        "brief_pdf_ms": _stats(_time(lambda: brief_render.render_pdf(brief, footer), 10)),
        "bundle_export_ms": _stats(_time(lambda: dump_bundle(export_bundle(store, [p.name])), 30)),
        "bundle_import_ms": _stats(_time(do_import, 10)),
    }
    if args.json:
        print(json.dumps(results))
    else:
        for k, v in results.items():
            print(f"{k:20} median {v['median']:8.2f}  p95 {v['p95']:8.2f}  (n={v['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
