"""Benchmark a heavy user's year in one file (issue 16): what grows with the database, and what must not.

Usage:

    python benchmarks/scale.py --json                      # 100 and 1,000 proposals
    python benchmarks/scale.py --json --sizes 100,1000,10000   # the 10,000 file is ~2 GiB
    python benchmarks/scale.py --json --sizes 100 --folder /tmp/scale-bench --rebuild

Databases are grown through the store's own API the way a heavy user's file grows: proposals
(20% of them scenarios branched from an earlier one) with SETTLED states each (record_settled,
each with the engine's assessment of its levers) and ASSUMPTION_VERSIONS assumption versions
(derive_assumption_set).  The engine takes ~7 ms a state, so each country has POOL assessed
states (real assessments under one of the versions) that its settled states are drawn from.  They are built once into --folder (default /tmp/export-desk-scale, never
the checkout) and reused by later runs (--rebuild to grow them again).  A fresh file (a new
database, the shipped examples only) is the baseline for the CLI ratios.

Per size, the JSON holds
    file_mib
    gui: start_to_idle_s (spawn to the window painted and idle), backup_on_open_stall_ms (the
         longest event-loop stall from the window shown until the backup on open is done, less
         the probe timer's period), backup_on_open_s, open_dialog_ms and compare_dialog_ms (the
         action until the dialog is shown), search_keystroke_ms (one keystroke in Open…'s search
         box), close_to_unlock_s (window.close() until the lock is released: another window may
         open the file), close_s (until the process ends: the backup on close included), idle_rss_mib,
         peak_rss_mib (the process's peak), close_peak_rss_mib (peak from idle to exit)
         — for an untouched session ("unchanged") and one with an edit ("edited");
    store: quick_check_ms warm/cold, open_store_ms warm/cold (cold: the file's pages dropped from
         the page cache with posix_fadvise), backup_unchanged_ms, backup_changed_ms and their
         peak RSS growth;
    cli: proposals_json_s, assess_ken_s and their ratio to the fresh file (medians of CLI_RUNS);
    batch: 1,000 assessments as one `assess --batch` process (when the command exists).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
if (_CHECKOUT / "desktop" / "__init__.py").is_file():
    sys.path.insert(0, str(_CHECKOUT))

SETTLED = 50
ASSUMPTION_VERSIONS = 50
SCENARIO_SHARE = 0.2
POOL = 6  # distinct assessed states per country, reused across its proposals' settled states
CLI_RUNS = 5
BUILD_MARK = "scale-v2"  # bump when the way the files are grown changes
DEFAULT_FOLDER = Path("/tmp/export-desk-scale")


# --------------------------------------------------------------------------- helpers


def _rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Reset the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0); False if refused."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _drop_cache(path: Path) -> None:
    """Drop a file's (and its -wal's) pages from the page cache: the next read is cold."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _median(samples: list[float], digits: int = 3) -> float:
    return round(statistics.median(samples), digits)


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)


# --------------------------------------------------------------------------- growing the files


def build(path: Path, proposals: int, seed: int = 16) -> dict[str, float]:
    """Grow a database at path through the store API; returns how long it took."""
    from desktop.core.evaluate import evaluate
    from desktop.core.model import LEVERS, Proposal
    from desktop.store import open_store
    from desktop.store.scenarios import create_scenario
    from desktop.store.timeline import record_settled

    started = time.perf_counter()
    rng = random.Random(seed)
    for extra in ("", "-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)
    store = open_store(path)
    base = store.assumption_set()
    keys = sorted(base.rows)
    versions = [base]
    for i in range(ASSUMPTION_VERSIONS - 1):
        key = keys[i % len(keys)]
        row = base.rows[key]
        value = row.low + (row.high - row.low) * rng.random()
        versions.append(store.derive_assumption_set({key: value}, f"benchmark edit {i + 1}"))
    profiles = store.profiles()
    isos = sorted(iso for iso, p in profiles.items() if p.destination is None or p.destination.status != "embargoed")
    measures = [m.id for m in store.measures()]
    saved: list[Proposal] = []
    pool: dict[tuple[str, int], tuple[dict[str, int], dict]] = {}
    for i in range(proposals):
        iso = isos[rng.randrange(len(isos))]
        with store.transaction():
            if saved and rng.random() < SCENARIO_SHARE:
                parent = saved[rng.randrange(len(saved))]
                p = create_scenario(store, parent, f"{parent.name} — scenario {i}")
                iso = p.country
            else:
                p = store.save_proposal(
                    Proposal(
                        name=f"Offer {i} for {profiles[iso].name}",
                        country=iso,
                        levers={lv: rng.randrange(101) for lv in LEVERS},
                        measures=frozenset(rng.sample(measures, rng.randrange(4))),
                        notes="Position notes, red lines and the counterpart's asks. " * 8,
                    )
                )
            opened = p
            for _ in range(SETTLED):
                k = rng.randrange(POOL)
                if (iso, k) not in pool:  # the engine takes ~1–12 ms a state: a few real ones per country
                    state = replace(p, levers={lv: rng.randrange(101) for lv in LEVERS},
                                    measures=frozenset(rng.sample(measures, rng.randrange(4))))
                    assumptions = versions[rng.randrange(len(versions))]
                    pool[iso, k] = state, evaluate(state, profiles, assumptions).to_dict()
                state, result = pool[iso, k]
                # A real state of this proposal (its own offer, the pooled levers and measures), so
                # compact history stores it as its recipe (checked against the result: a cache hit).
                record_settled(store, replace(p, levers=state.levers, measures=state.measures), result, opened)
            saved.append(p)
    store.close()
    return {"build_s": round(time.perf_counter() - started, 1)}


def ensure(folder: Path, proposals: int, rebuild: bool) -> tuple[Path, dict[str, float]]:
    path = folder / f"scale-{proposals}.sqlite3"
    mark = folder / f"scale-{proposals}.mark"
    if not rebuild and path.exists() and mark.exists() and mark.read_text() == BUILD_MARK:
        return path, {}
    info = build(path, proposals)
    mark.write_text(BUILD_MARK)
    return path, info


def upgrade(path: Path) -> None:
    """Bring a file grown by an older checkout to this schema once (not inside any measurement)."""
    from desktop.store import open_store

    open_store(path).close()
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)  # the backup before upgrading


def working_copy(path: Path, folder: Path) -> Path:
    """A copy of a grown file to run the window and CLI on (they write: backups, settled states)."""
    work = folder / f"work-{path.name}"
    for extra in ("", "-wal", "-shm", ".lock"):
        work.with_name(work.name + extra).unlink(missing_ok=True)
    shutil.rmtree(work.with_name(work.name + ".backups"), ignore_errors=True)
    shutil.copyfile(path, work)
    return work


# --------------------------------------------------------------------------- the window (child process)


def gui_child(db: str, edit: bool, t0: float) -> None:
    """Run the real app on db; probe it; print one JSON line (see the module docstring)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import desktop.ui.app as app_module

    out: dict[str, object] = {}
    period_ms = 2
    probe = {"last": 0.0, "max": 0.0, "phase": "start", "stalls": {}}

    def tick() -> None:
        now = time.perf_counter()
        if probe["last"]:
            gap = (now - probe["last"]) * 1000 - period_ms
            phase = probe["phase"]
            probe["stalls"][phase] = max(probe["stalls"].get(phase, 0.0), gap)
        probe["last"] = now

    original = app_module.build_window

    def backup_running() -> bool:
        return any(t.name == "backup-on-open" and t.is_alive() for t in threading.enumerate())

    def build_window(store):
        window = original(store)
        timer = QTimer(window)
        timer.setInterval(period_ms)
        timer.timeout.connect(tick)
        opened = time.perf_counter()

        def started() -> None:
            out["start_to_idle_s"] = round(time.time() - t0, 3)
            out["backup_done_before_idle"] = not backup_running()
            probe["phase"] = "backup_on_open"
            timer.start()
            wait_backup()

        def wait_backup() -> None:
            if backup_running():
                QTimer.singleShot(5, wait_backup)
                return
            out["backup_on_open_s"] = round(time.perf_counter() - opened, 3)
            probe["phase"] = "idle"
            QTimer.singleShot(50, dialogs)

        def dialogs() -> None:
            out["idle_rss_mib"] = _mib(_rss_kib())
            probe["phase"] = "dialogs"  # the dialogs' own work, not a stall
            shown: dict[str, float] = {}

            def grab() -> None:
                modal = QApplication.activeModalWidget()
                shown["open"] = time.perf_counter()
                if modal is not None:
                    search = getattr(modal, "filter", None)
                    if search is not None:  # one keystroke in the search box, until it has repainted
                        t = time.perf_counter()
                        search.setText("offer 1")
                        QApplication.processEvents()
                        out["search_keystroke_ms"] = round((time.perf_counter() - t) * 1000, 1)
                    modal.reject()

            t = time.perf_counter()
            QTimer.singleShot(0, grab)
            window.documents.open()
            out["open_dialog_ms"] = round((shown.get("open", time.perf_counter()) - t) * 1000, 1)
            t = time.perf_counter()
            dialog = window.scenarios.compare()
            QApplication.processEvents()
            out["compare_dialog_ms"] = round((time.perf_counter() - t) * 1000, 1)
            dialog.close()
            if edit:
                session = window.session
                from desktop.core import ops

                lever = "openness"
                value = (session.proposal.levers[lever] + 11) % 101
                window.editor.apply(ops.set_levers(session.proposal, {lever: value}, "Levers"))
                window.autosaver.flush()
            probe["phase"] = "idle"
            QTimer.singleShot(200, close)

        def close() -> None:
            out["idle_rss_before_close_mib"] = _mib(_rss_kib())
            out["peak_rss_mib"] = _mib(_rss_kib("VmHWM"))
            out["peak_reset"] = _reset_peak()
            probe["phase"] = "close"
            out["_closing"] = time.perf_counter()
            window.close()

        from desktop.ui.idle import after_first_paint

        after_first_paint(window, lambda: QTimer.singleShot(0, started))
        return window

    app_module.build_window = build_window
    import desktop.ui.guard as guard_module

    real_acquire = guard_module.acquire_lock

    class _Lock:  # the window's lock, noting when it is released
        def __init__(self, lock) -> None:
            self._lock = lock

        def unlock(self) -> None:
            out.setdefault("_unlocked", time.perf_counter())
            self._lock.unlock()

    def acquire_lock(path):
        lock = real_acquire(path)
        return None if lock is None else _Lock(lock)

    guard_module.acquire_lock = acquire_lock
    from desktop.__main__ import main

    code = main(["--db", db])
    end = time.perf_counter()
    closing = out.pop("_closing", None)
    unlocked = out.pop("_unlocked", None)
    out["close_s"] = round(end - closing, 3) if closing else None
    out["close_to_unlock_s"] = round(unlocked - closing, 3) if closing and unlocked else None
    out["close_peak_rss_mib"] = _mib(_rss_kib("VmHWM"))
    out["stalls_ms"] = {k: round(v, 1) for k, v in probe["stalls"].items()}
    out["exit"] = code
    print("RESULT " + json.dumps(out), flush=True)


def run_gui(db: Path, edit: bool, cold: bool = False) -> dict[str, object]:
    if cold:
        _drop_cache(db)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--child-gui", str(db), "--t0", repr(t0)] + (["--edit"] if edit else []),
        capture_output=True, text=True, env=env, timeout=900,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": (proc.stderr or proc.stdout)[-800:]}


# --------------------------------------------------------------------------- the store (child process)


def store_child(db: str) -> None:
    """Open-time checks and backups measured in a fresh process: one JSON line."""
    import sqlite3

    from desktop.store import open_store

    path = Path(db)
    out: dict[str, object] = {}

    def quick_check() -> float:
        conn = sqlite3.connect(path)
        t = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        ms = (time.perf_counter() - t) * 1000
        conn.close()
        return ms

    def opening() -> float:
        t = time.perf_counter()
        open_store(path).close()
        return (time.perf_counter() - t) * 1000

    _drop_cache(path)
    out["quick_check_cold_ms"] = round(quick_check(), 1)
    out["quick_check_warm_ms"] = _median([quick_check() for _ in range(3)], 1)
    _drop_cache(path)
    out["open_store_cold_ms"] = round(opening(), 1)
    out["open_store_warm_ms"] = _median([opening() for _ in range(3)], 1)
    store = open_store(path)
    store.backup(force=True)  # a first backup to compare against
    base = _rss_kib()
    _reset_peak()
    t = time.perf_counter()
    made = store.backup()
    out["backup_unchanged_ms"] = round((time.perf_counter() - t) * 1000, 1)
    out["backup_unchanged_made"] = made.path is not None
    out["backup_unchanged_peak_growth_mib"] = _mib(_rss_kib("VmHWM") - base)
    p = store.latest_proposal()
    store.save_proposal(replace(p, notes=f"{p.notes} {time.time()}"))
    base = _rss_kib()
    _reset_peak()
    t = time.perf_counter()
    made = store.backup()
    out["backup_changed_ms"] = round((time.perf_counter() - t) * 1000, 1)
    out["backup_changed_made"] = made.path is not None
    out["backup_changed_peak_growth_mib"] = _mib(_rss_kib("VmHWM") - base)
    store.close()
    print("RESULT " + json.dumps(out), flush=True)


def run_child(args: list[str]) -> dict[str, object]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=1800)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": (proc.stderr or proc.stdout)[-800:]}


# --------------------------------------------------------------------------- the CLI


def cli_time(db: Path, argv: list[str], stdin: str | None = None) -> tuple[float, int]:
    samples, code = [], 0
    for _ in range(CLI_RUNS):
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db), *argv], input=stdin, capture_output=True, text=True,
            cwd=str(_CHECKOUT),
        )
        samples.append(time.perf_counter() - t)
        code = proc.returncode
    return _median(samples), code


def cli_figures(db: Path, fresh: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, argv in (("proposals_json", ["proposals", "--json"]), ("assess_ken", ["assess", "--country", "KEN", "--json"])):
        here, code = cli_time(db, argv)
        base, _ = cli_time(fresh, argv)
        out[f"{name}_s"] = here
        out[f"{name}_fresh_s"] = base
        out[f"{name}_ratio"] = round(here / base, 2)
        out[f"{name}_exit"] = code
    return out


def batch_figures(db: Path, n: int = 1000) -> dict[str, object]:
    """n assessments in one `assess --batch -` process (null when the command does not exist)."""
    rng = random.Random(7)
    lines = [
        json.dumps({"country": iso, "security": rng.randrange(101), "openness": rng.randrange(101)})
        for iso in (["KEN", "IND", "BRA", "VNM", "NGA", "IDN", "MEX", "EGY"] * (n // 8 + 1))[:n]
    ]
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db), "assess", "--batch", "-"], input="\n".join(lines) + "\n",
        capture_output=True, text=True, cwd=str(_CHECKOUT),
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        return {"assessments": n, "s": None, "error": proc.stderr.strip()[-300:]}
    results = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
    return {"assessments": n, "s": round(wall, 3), "results": len(results),
            "errors": sum(1 for r in results if "error" in r)}


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated proposal counts (default 100,1000)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help=f"where the files grow (default {DEFAULT_FOLDER})")
    parser.add_argument("--rebuild", action="store_true", help="grow the files again")
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--child-gui", help=argparse.SUPPRESS)
    parser.add_argument("--child-store", help=argparse.SUPPRESS)
    parser.add_argument("--edit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_gui:
        gui_child(args.child_gui, args.edit, args.t0)
        return 0
    if args.child_store:
        store_child(args.child_store)
        return 0
    folder = args.folder.resolve()
    if _CHECKOUT in folder.parents or folder == _CHECKOUT:
        parser.error("--folder must be outside the checkout")
    folder.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"sizes": {}, "loadavg_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        fresh = Path(tmp) / "fresh.sqlite3"
        from desktop.store import open_store

        open_store(fresh).close()
        if not args.skip_gui:
            report["fresh"] = {"gui_unchanged": run_gui(working_copy(fresh, Path(tmp)), edit=False)}
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            path, info = ensure(folder, size, args.rebuild)
            upgrade(path)
            row: dict[str, object] = {"file_mib": round(path.stat().st_size / 2**20, 1), **info}
            work = working_copy(path, Path(tmp))
            row["store"] = run_child(["--child-store", str(work)])
            if not args.skip_gui:
                work = working_copy(path, Path(tmp))
                row["gui_unchanged"] = run_gui(work, edit=False, cold=True)
                row["gui_unchanged_warm"] = run_gui(work, edit=False)
                row["gui_edited"] = run_gui(work, edit=True)
            if not args.skip_cli:
                row["cli"] = cli_figures(work, fresh)
                row["batch"] = batch_figures(work)
            report["sizes"][str(size)] = row
            if not args.json:
                print(size, json.dumps(row, indent=2), flush=True)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
