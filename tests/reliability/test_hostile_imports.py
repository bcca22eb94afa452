"""Issue 6 item 12, end to end: hostile bundles and CSV files given to the REAL importers.

Each hostile file is written to disk and handed to the same code the CLI runs (`desktop.cli.exchange.cmd_import`
/ `cmd_import_figures`: size-limited read, shared hardened readers, schema, store) against a real SQLite
file. It must be rejected with a one-line DomainError/StoreError, in < 1 s, with < 50 MB memory growth,
and without a single database write: the file's bytes (and its WAL), the connection's change count,
PRAGMA data_version seen from a second connection, and a dump of every table are all unchanged.
A few cases also go through the CLI in a subprocess: exit 2, one line on stderr, no traceback.

The two limits are the issue's requirements, not benchmarks, so they are asserted:
- time: the best of three attempts must be under 1 s. Taking the best of three (each rejection leaves
  everything as it was, so the attempts are identical) tolerates a loaded, shared CI machine; the
  measured times are a few to a few tens of milliseconds, so the 1 s bound leaves ample slack.
- memory: the tracemalloc peak of a separate, traced attempt (tracing slows it, so it is not the timed
  one) must stay under 50 MB; allocation counts do not depend on machine load.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from desktop.cli.exchange import cmd_import, cmd_import_figures
from desktop.core.engine import assess
from desktop.core.model import DomainError, Proposal
from desktop.store import StoreError, memory_store, open_store
from desktop.store.exchange import export_bundle

MB = 1_000_000
TIME_LIMIT_S = 1.0  # issue 6 item 12
MEMORY_LIMIT = 50 * MB  # issue 6 item 12
NAME = "Kenya cloud"
MEASURED: dict[str, tuple[float, int]] = {}


# ---------------------------------------------------------------------------- hostile files


@pytest.fixture(scope="module")
def bundle_text() -> str:
    """A real, valid bundle exported by the app (the hostile files are variations of it)."""
    source = memory_store()
    p = source.save_proposal(
        Proposal(name=NAME, country="KEN", levers={"security": 70, "resilience": 35, "openness": 80, "partnership": 60},
                 measures={"customer_keys"}, notes="ordinary notes")
    )
    source.add_snapshot(p, assess(p, source.profile("KEN"), source.assumption_set()).to_dict())
    return json.dumps(export_bundle(source, [NAME]), indent=2)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()


def _zip_streamed(name: str, size: int) -> bytes:
    """A zip whose one member expands to `size` zero bytes, built without holding them in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            chunk = b"0" * MB
            for _ in range(size // MB):
                member.write(chunk)
    return out.getvalue()


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


HEADER = "iso3,indicator,value,year,source\n"
GOOD_ROW = "KEN,aipi,0.52,2024,IMF AIPI 2024 update\n"

# name: (file name, builder(valid bundle text) -> bytes, a piece of the expected message)
BUNDLE_CASES = {
    "bundle over the size limit": (
        "big.json", lambda t: _replace_once(t, '"ordinary notes"', '"' + "x" * (6 * MB) + '"').encode(), "larger than 5 MB"),
    "bundle nested 10,000 deep": (
        "deep.json", lambda t: _replace_once(t, '"ordinary notes"', "[" * 10_000 + "]" * 10_000).encode(), "nested more than"),
    "bundle with NaN": ("nan.json", lambda t: _replace_once(t, '"openness": 80', '"openness": NaN').encode(), "NaN"),
    "bundle with Infinity": (
        "inf.json", lambda t: _replace_once(t, '"openness": 80', '"openness": Infinity').encode(), "Infinity"),
    "bundle with a duplicate key": (
        "dup.json", lambda t: _replace_once(t, '"openness": 80', '"openness": 80, "openness": 10').encode(), "duplicate key"),
    "bundle with a huge string": (
        "huge.json", lambda t: _replace_once(t, '"ordinary notes"', '"' + "x" * (4 * MB) + '"').encode(), "4,000,000 characters"),
    "bundle with a flood of tiny items": (
        "flood.json", lambda t: _replace_once(t, '"ordinary notes"', "[" + "{}," * 1_700_000 + "{}]").encode(),
        "more than 200,000 items"),
    "bundle with a flood of short strings": (
        "strings.json", lambda t: _replace_once(t, '"ordinary notes"', "[" + '"ab",' * 1_000_000 + '"a"]').encode(),
        "more than 200,000 items"),
    "zip with a ../ member": ("up.zip", lambda t: _zip([("../bundle.json", t.encode())]), "outside its folder"),
    "zip bomb (ratio ~1000:1)": ("bomb.zip", lambda t: _zip([("bundle.json", b" " * (5 * MB))]), "zip bomb"),
    "zip bomb (50 MB of zeros)": ("bomb50.zip", lambda t: _zip_streamed("bundle.json", 50 * MB), "expands to"),
}

CSV_CASES = {
    "CSV over the size limit": ("big.csv", lambda: (HEADER + GOOD_ROW * 200_000).encode(), "larger than 5 MB"),
    "CSV with a huge field": (
        "field.csv", lambda: (HEADER + 'KEN,aipi,0.5,2024,"' + "x" * (3 * MB) + '"\n').encode(), "field larger than field limit"),
    "CSV with NUL bytes": ("nul.csv", lambda: (HEADER + "KEN,aipi,0.5,2024,a\x00b\n").encode(), "NUL bytes"),
    "CSV with ragged rows": (
        "ragged.csv", lambda: (HEADER + GOOD_ROW + "KEN,aipi\n" + "KEN,aipi,0.5,2024,a,b,c\n").encode(),
        "line 3: expected 5 fields, got 2; line 4: expected 5 fields, got 7"),
    "CSV with too many rows": ("rows.csv", lambda: (HEADER + "KEN,aipi,0.5,2024,a\n" * 25_000).encode(), "more than 20,000 rows"),
}


# ---------------------------------------------------------------------------- the database and its witnesses


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_store(path).close()
    return path


@pytest.fixture
def db_path(template, tmp_path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, path)
    return path


def _files(path: Path) -> dict[str, bytes | None]:
    """The database file and its write-ahead log, byte for byte (the -shm index changes on reads)."""
    wal = path.with_name(path.name + "-wal")
    return {"db": path.read_bytes(), "wal": wal.read_bytes() if wal.exists() else None}


class Witness:
    """Everything that would show a write: file bytes, change count, data_version, a dump of all tables."""

    def __init__(self, store, path: Path) -> None:
        self.store, self.path = store, path
        self.observer = sqlite3.connect(path)

    def state(self) -> tuple:
        version = self.observer.execute("PRAGMA data_version").fetchone()[0]
        return (_files(self.path), self.store.db.conn.total_changes, version, list(self.observer.iterdump()))

    def close(self) -> None:
        self.observer.close()


def _attempt(call) -> tuple[float, BaseException]:
    started = time.perf_counter()
    try:
        call()
    except (DomainError, StoreError) as exc:
        return time.perf_counter() - started, exc
    raise AssertionError("the hostile file was accepted")


def check_rejected(call, store, path: Path, match: str, case: str) -> None:
    witness = Witness(store, path)
    try:
        before = witness.state()
        times, errors = zip(*(_attempt(call) for _ in range(3)), strict=True)
        tracemalloc.start()
        try:
            _attempt(call)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        after = witness.state()
    finally:
        witness.close()
    message = str(errors[0])
    assert match in message, message
    assert "\n" not in message and len(message) < 2_000, message[:300]
    assert before[0] == after[0], "the database file or its WAL changed"
    assert before[1] == after[1], "the connection wrote rows"
    assert before[2] == after[2], "PRAGMA data_version moved"
    assert before[3] == after[3], "a table's content changed"
    MEASURED[case] = (max(times), peak)
    print(f"\n{case}: best {min(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms, peak {peak / MB:.1f} MB")
    assert min(times) < TIME_LIMIT_S, times
    assert peak < MEMORY_LIMIT, peak


# ---------------------------------------------------------------------------- in process (the CLI's own functions)


@pytest.mark.parametrize("case", BUNDLE_CASES, ids=list(BUNDLE_CASES))
def test_hostile_bundle_is_refused_fast_in_bounded_memory_without_writes(case, bundle_text, db_path, tmp_path):
    name, build, match = BUNDLE_CASES[case]
    file = tmp_path / name
    file.write_bytes(build(bundle_text))
    store = open_store(db_path)
    try:
        args = argparse.Namespace(file=str(file), rename=True)
        check_rejected(lambda: cmd_import(store, args), store, db_path, match, case)
    finally:
        store.close()


@pytest.mark.parametrize("case", CSV_CASES, ids=list(CSV_CASES))
def test_hostile_csv_is_refused_fast_in_bounded_memory_without_writes(case, db_path, tmp_path):
    name, build, match = CSV_CASES[case]
    file = tmp_path / name
    file.write_bytes(build())
    store = open_store(db_path)
    try:
        args = argparse.Namespace(file=str(file), dry_run=False)
        check_rejected(lambda: cmd_import_figures(store, args), store, db_path, match, case)
    finally:
        store.close()


def test_the_witnesses_see_a_real_import(bundle_text, db_path, tmp_path):
    """Control: the same files without the hostile part import, and every witness notices the write."""
    (tmp_path / "ok.zip").write_bytes(_zip([("bundle.json", bundle_text.encode())]))
    (tmp_path / "ok.csv").write_bytes((HEADER + GOOD_ROW).encode())
    store = open_store(db_path)
    witness = Witness(store, db_path)
    try:
        before = witness.state()
        cmd_import(store, argparse.Namespace(file=str(tmp_path / "ok.zip"), rename=False))
        cmd_import_figures(store, argparse.Namespace(file=str(tmp_path / "ok.csv"), dry_run=False))
        after = witness.state()
    finally:
        witness.close()
        store.close()
    assert all(b != a for b, a in zip(before, after, strict=True))


# ---------------------------------------------------------------------------- through the CLI (subprocess)


def _cli(tmp_path: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EXPORT_DESK_DB=str(tmp_path / "env-default.sqlite3"))
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=120)


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


CLI_CASES = [
    ("import", "bundle nested 10,000 deep"),
    ("import", "bundle with a duplicate key"),
    ("import", "zip with a ../ member"),
    ("import", "zip bomb (50 MB of zeros)"),
    ("import-figures", "CSV with a huge field"),
    ("import-figures", "CSV with NUL bytes"),
]


@pytest.mark.parametrize("command, case", CLI_CASES, ids=[c for _, c in CLI_CASES])
def test_cli_refuses_hostile_file_with_exit_2_and_one_line(command, case, bundle_text, db_path, tmp_path):
    if command == "import":
        name, build, match = BUNDLE_CASES[case]
        data = build(bundle_text)
    else:
        name, build, match = CSV_CASES[case]
        data = build()
    (tmp_path / name).write_bytes(data)
    before = (_files(db_path), _dump(db_path))
    proc = _cli(tmp_path, db_path, command, name)
    assert 2 == proc.returncode, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert 1 == len(lines), proc.stderr
    assert "Traceback" not in proc.stderr and match in lines[0], lines[0]
    assert "" == proc.stdout
    assert before == (_files(db_path), _dump(db_path))
