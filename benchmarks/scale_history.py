"""benchmarks/scale.py's history and bundle figures (issue 16): bytes per settled state, bundles of 1,000.

    history: states, compact (no JSON kept), bytes per state by dbstat (the snapshot row and its index
             entry; its settled-change rows and their index; the shared inputs), file bytes per state;
    bundle:  export of up to 1,000 proposals with their history as one streamed .zip (plain and
             sealed) and its import into a fresh file, each in a fresh process: wall seconds and peak
             RSS (VmHWM), the bundle's size, the proposals and states imported.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

BUNDLE_PROPOSALS = 1000
PASSPHRASE = "benchmark passphrase"


def history_figures(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        states, compact = conn.execute("SELECT count(*), coalesce(sum(result = ''), 0) FROM snapshots").fetchone()
        sizes = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
        payload = dict(conn.execute("SELECT name, sum(payload) FROM dbstat GROUP BY name").fetchall())
    finally:
        conn.close()
    if not states:
        return {"states": 0}

    def per_state(names: tuple[str, ...], table: dict) -> float:
        return round(sum(table.get(n, 0) or 0 for n in names) / states, 1)

    state = ("snapshots", "snapshots_proposal")
    changes = tuple(n for n in sizes if n.startswith("settled_changes"))
    inputs = tuple(n for n in sizes if "state_inputs" in n)
    return {
        "states": states, "compact": compact,
        "state_bytes": per_state(state, sizes), "state_payload_bytes": per_state(state, payload),
        "change_log_bytes": per_state(changes, sizes), "shared_inputs_bytes": per_state(inputs, sizes),
        "all_history_bytes": per_state(state + changes + inputs, sizes),
        "file_bytes_per_state": round(db.stat().st_size / states, 1),
    }


def _peak_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def bundle_child(mode: str, db: str, bundle: str, sealed: bool) -> None:
    """export: write the first BUNDLE_PROPOSALS proposals of db to bundle; import: read bundle into db."""
    from desktop.store import open_store
    from desktop.store.exchange_stream import import_bundle_file, write_bundle_file

    store = open_store(db)
    passphrase = PASSPHRASE if sealed else None
    t = time.perf_counter()
    if mode == "export":
        names = [s.name for s in store.proposal_summaries(limit=BUNDLE_PROPOSALS)]
        write_bundle_file(store, names, bundle, passphrase=passphrase)
        out = {"proposals": len(names), "bundle_mib": round(Path(bundle).stat().st_size / 2**20, 1)}
    else:
        result = import_bundle_file(store, bundle, passphrase, rename=True)
        out = {"proposals": len(result["imported"]), "states": sum(i["snapshots"] for i in result["imported"])}
    out["s"] = round(time.perf_counter() - t, 2)
    store.close()
    out["peak_rss_mib"] = _peak_mib()
    print("RESULT " + json.dumps(out), flush=True)


def _run(script: Path, *args: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, str(script), "--child-bundle", *args], capture_output=True, text=True,
                          timeout=3600)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": (proc.stderr or proc.stdout)[-800:]}


def bundle_figures(script: Path, db: Path, folder: Path) -> dict[str, object]:
    """Export 1,000 proposals (or all there are) and import them into a fresh file, plain and sealed."""
    from desktop.store import open_store

    out: dict[str, object] = {}
    for sealed in (False, True):
        bundle = folder / f"bundle-{'sealed' if sealed else 'plain'}.zip"
        target = folder / f"bundle-target-{'sealed' if sealed else 'plain'}.sqlite3"
        for extra in ("", "-wal", "-shm"):
            target.with_name(target.name + extra).unlink(missing_ok=True)
        open_store(target).close()
        exported = _run(script, "export", str(db), str(bundle), str(int(sealed)))
        imported = _run(script, "import", str(target), str(bundle), str(int(sealed)))
        total = (exported.get("s") or 0) + (imported.get("s") or 0) if "error" not in exported and "error" not in imported else None
        out["sealed" if sealed else "plain"] = {"export": exported, "import": imported,
                                                "export_import_s": None if total is None else round(total, 2)}
        bundle.unlink(missing_ok=True)
    return out
