"""Benchmark refusing hostile files: the CLI's import functions on a real SQLite file in a temp folder.

    python benchmarks/hostile_imports.py [--json]

Prints {"<case>_ms": {"median", "p95", "n", "peak_mb"}, ...}: the time to refuse each file (reading
it from disk included) and the tracemalloc peak of one extra, traced attempt. Issue 6 item 12
requires < 1 s and < 50 MB for each; tests/reliability/test_hostile_imports.py asserts those limits.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    sys.path.insert(0, str(_CHECKOUT))

from desktop.cli.exchange import cmd_import, cmd_import_figures  # noqa: E402
from desktop.core.model import DomainError, Proposal  # noqa: E402
from desktop.store import StoreError, memory_store, open_store  # noqa: E402
from desktop.store.exchange import export_bundle  # noqa: E402

MB = 1_000_000
CSV_HEAD = "iso3,indicator,value,year,source\n"


def _zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return out.getvalue()


def cases(bundle: str) -> dict[str, tuple[str, bytes]]:
    def notes(value: str) -> bytes:
        return bundle.replace('"ordinary notes"', value, 1).encode()

    return {
        "bundle_oversize": ("b.json", notes('"' + "x" * (6 * MB) + '"')),
        "bundle_deep_10000": ("b.json", notes("[" * 10_000 + "]" * 10_000)),
        "bundle_nan": ("b.json", bundle.replace('"openness": 80', '"openness": NaN', 1).encode()),
        "bundle_duplicate_key": ("b.json", bundle.replace('"openness": 80', '"openness": 80, "openness": 1', 1).encode()),
        "bundle_huge_string": ("b.json", notes('"' + "x" * (4 * MB) + '"')),
        "bundle_item_flood": ("b.json", notes("[" + "{}," * 1_700_000 + "{}]")),
        "zip_dotdot": ("b.zip", _zip("../bundle.json", bundle.encode())),
        "zip_bomb": ("b.zip", _zip("bundle.json", b" " * (5 * MB))),
        "csv_oversize": ("f.csv", (CSV_HEAD + "KEN,aipi,0.52,2024,IMF\n" * 250_000).encode()),
        "csv_huge_field": ("f.csv", (CSV_HEAD + 'KEN,aipi,0.5,2024,"' + "x" * (3 * MB) + '"\n').encode()),
        "csv_nul": ("f.csv", (CSV_HEAD + "KEN,aipi,0.5,2024,a\x00b\n").encode()),
        "csv_ragged": ("f.csv", (CSV_HEAD + "KEN,aipi\n" * 1000).encode()),
    }


def refuse(store, path: Path) -> None:
    try:
        if path.suffix == ".csv":
            cmd_import_figures(store, argparse.Namespace(file=str(path), dry_run=False))
        else:
            cmd_import(store, argparse.Namespace(file=str(path), rename=True))
    except (DomainError, StoreError):
        return
    raise SystemExit(f"{path.name} was accepted")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    source = memory_store()
    source.save_proposal(Proposal(name="K", country="KEN", levers={"security": 70, "resilience": 35, "openness": 80,
                                                                   "partnership": 60}, notes="ordinary notes"))
    bundle = json.dumps(export_bundle(source, ["K"]), indent=2)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "desk.sqlite3")
        for case, (name, data) in cases(bundle).items():
            path = Path(tmp) / name
            path.write_bytes(data)
            samples = []
            for _ in range(args.n):
                t = time.perf_counter()
                refuse(store, path)
                samples.append((time.perf_counter() - t) * 1000)
            tracemalloc.start()
            refuse(store, path)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            samples.sort()
            results[f"{case}_ms"] = {"median": round(statistics.median(samples), 2),
                                     "p95": round(samples[int(0.95 * (len(samples) - 1))], 2),
                                     "n": len(samples), "peak_mb": round(peak / MB, 1)}
        store.close()
    if args.json:
        print(json.dumps(results))
    else:
        for k, v in results.items():
            print(f"{k:26} median {v['median']:8.2f}  p95 {v['p95']:8.2f}  peak {v['peak_mb']:5.1f} MB  (n={v['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
