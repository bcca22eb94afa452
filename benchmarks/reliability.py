"""Benchmark the reliability costs: the damage check at open, opening, one save, one verified backup.

Usage:

    python benchmarks/reliability.py            # a readable table
    python benchmarks/reliability.py --json     # {"name": {"median", "p95"}, ...} on stdout

The database is realistic and a bit large for one negotiator: the seeded reference data plus
200 proposals with 10 snapshots each (built once in a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    sys.path.insert(0, str(_CHECKOUT))

from desktop.core.engine import assess  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.store.backup import make_backup  # noqa: E402


def build(path: Path, proposals: int = 200, snapshots: int = 10) -> None:
    store = open_store(path)
    isos = sorted(store.profiles())
    assumptions = store.assumption_set()
    for i in range(proposals):
        iso = isos[i % len(isos)]
        p = store.save_proposal(Proposal(name=f"Offer {i}", country=iso, notes="Position notes. " * 40))
        for s in range(snapshots):
            moved = replace(p, levers={k: (v + 7 * s) % 101 for k, v in p.levers.items()})
            store.add_snapshot(moved, assess(moved, store.profile(iso), assumptions).to_dict())
    store.close()


def timed(fn, n: int) -> dict[str, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median": round(statistics.median(samples), 3), "p95": round(samples[int(0.95 * (n - 1))], 3), "n": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        build(db)
        size = db.stat().st_size

        def quick_check():
            conn = sqlite3.connect(db)
            conn.execute("PRAGMA quick_check").fetchall()
            conn.close()

        def integrity_check():
            conn = sqlite3.connect(db)
            conn.execute("PRAGMA integrity_check").fetchall()
            conn.close()

        results = {
            "quick_check_at_open_ms": timed(quick_check, args.n),
            "integrity_check_ms": timed(integrity_check, args.n),
            "open_store_ms": timed(lambda: open_store(db).close(), args.n),
        }
        store = open_store(db)
        p = store.get_proposal("Offer 1")
        results["save_proposal_ms"] = timed(lambda: store.save_proposal(replace(p, notes=str(time.time()))), args.n)
        backups = []

        def backup():
            store.save_proposal(replace(p, notes=str(time.time())))  # something changed: a real backup
            backups.append(make_backup(store.db.conn, db, keep=3))

        results["verified_backup_ms"] = timed(backup, args.n)
        results["unchanged_backup_check_ms"] = timed(lambda: make_backup(store.db.conn, db, keep=3), args.n)
        store.close()
        results["database_bytes"] = size
        results["backup_bytes"] = backups[-1].size
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for name, value in results.items():
            print(f"{name:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
