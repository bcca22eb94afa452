"""Paths and backups (issue 15, §4): relative paths and symlinks mean one file; backups are chosen by content.

- `--db colleague.sqlite3` (relative, as in the README) works for every command, backups and the
  upgrade of an old file included (Path.as_uri raised on a relative path).
- The window's lock is on the real file: a symlink to an open database gets "Already open".
- Backups carry a sequence number in their header: a name from a wrong clock does not shadow
  newer backups; junk in the backups folder is skipped (logged); restore takes the newest sound one.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import open_store
from desktop.store.backup import (
    BackupError,
    backup_dir,
    backup_sequence,
    latest_backup,
    list_backups,
    make_backup,
    verify,
)
from desktop.store.connection import restore_backup

from .test_window_safety import app_sandbox  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "db"


def notes_of(db: Path, name: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT notes FROM proposals WHERE name = ?", [name]).fetchone()[0]
    finally:
        conn.close()


# ---------------------------------------------------------------------------- relative paths


def test_a_relative_db_works_for_save_backup_backups_and_restore(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--db", "colleague.sqlite3", "save", "Rel", "--country", "KEN", "--notes", "one"]) == 0
    assert cli.main(["--db", "colleague.sqlite3", "backup"]) == 0
    assert cli.main(["--db", "colleague.sqlite3", "save", "Rel", "--notes", "two"]) == 0
    assert cli.main(["--db", "colleague.sqlite3", "backups"]) == 0
    assert "colleague.sqlite3.backups" in capsys.readouterr().out
    assert cli.main(["--db", "colleague.sqlite3", "restore-backup"]) == 0
    assert notes_of(tmp_path / "colleague.sqlite3", "Rel") == "one"


def test_an_old_file_opened_by_a_relative_path_is_upgraded_with_its_backup(tmp_path):
    old = sorted(FIXTURES.glob("schema_v*.sqlite3"), key=lambda p: int(p.stem.split("_v")[1]))[0]
    shutil.copyfile(old, tmp_path / "old.sqlite3")
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", "old.sqlite3", "proposals"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert list_backups(tmp_path / "old.sqlite3")  # the backup before upgrading was made


# ---------------------------------------------------------------------------- symlinks: one file, one window


def test_a_symlink_opens_the_real_file(tmp_path):
    real = tmp_path / "real.sqlite3"
    open_store(real).close()
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real)
    store = open_store(link)
    try:
        assert store.path == real.resolve()
        made = store.backup(force=True)
        assert made.path is not None and made.path.parent == backup_dir(real.resolve())
    finally:
        store.close()


@pytest.mark.usefixtures("app_sandbox")
def test_a_symlink_to_a_database_open_in_a_window_is_refused(tmp_path, monkeypatch, qapp):
    from desktop.ui import dialogs, guard
    from desktop.ui.app import run_app

    real = tmp_path / "real.sqlite3"
    open_store(real).close()
    link = tmp_path / "elsewhere" / "link.sqlite3"
    link.parent.mkdir()
    link.symlink_to(real)
    lock = real.with_name(real.name + ".lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from PySide6.QtCore import QLockFile; "
         "l = QLockFile(sys.argv[1]); l.setStaleLockTime(0); print(l.tryLock(0), flush=True); time.sleep(60)",
         str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        shown = []
        monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append((title, text)))
        monkeypatch.setattr(guard, "open_store", lambda *a: pytest.fail("the second window opened the database"))
        assert run_app(link) == 2
        assert shown and shown[0][0] == "Already open"
    finally:
        holder.kill()
        holder.wait(timeout=10)


# ---------------------------------------------------------------------------- backups by content


def _save_notes(db: Path, text: str) -> Path:
    store = open_store(db)
    try:
        p = store.get_proposal("Kept")
        from dataclasses import replace

        store.save_proposal(replace(p, notes=text))
        made = make_backup(store.db.conn, db, force=True)
        assert made.path is not None
        return made.path
    finally:
        store.close()


def test_backups_carry_increasing_sequence_numbers(db):
    first, second = _save_notes(db, "a"), _save_notes(db, "b")
    assert 0 < backup_sequence(first) < backup_sequence(second)


def test_a_backup_named_by_a_wrong_clock_does_not_shadow_newer_ones(db):
    early = _save_notes(db, "made when the clock said 2099")
    future = early.with_name("desk-20991231T235959000000Z.sqlite3")
    early.rename(future)
    newest = _save_notes(db, "made later, with the right clock")
    assert latest_backup(db) == newest
    _save_notes(db, "current")
    restore_backup(db)
    assert notes_of(db, "Kept") == "current"
    rotated = list_backups(db)
    assert rotated[-1] != future


def test_junk_in_the_backups_folder_is_skipped_with_a_log_line(db, caplog, capsys):
    good = _save_notes(db, "good")
    junk = backup_dir(db) / "desk-20990101T000000000000Z.sqlite3"
    junk.write_bytes(b"not a database!")  # 15 bytes
    with caplog.at_level(logging.WARNING):
        assert list_backups(db) == [good]
    assert any("not an SQLite database" in r.message for r in caplog.records)
    _save_notes(db, "later")
    assert cli.main(["--db", str(db), "restore-backup"]) == 0, capsys.readouterr().err
    assert junk.exists()  # not ours to delete


def _damage(path: Path) -> None:
    """Break every b-tree page header after the first (the 100-byte file header stays intact)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for offset in range(4096, size, 4096):
            fh.seek(offset)
            fh.write(b"\xff" * 8)
    with pytest.raises(BackupError):
        verify(path)


def test_restore_takes_the_newest_sound_backup(db, caplog):
    older = _save_notes(db, "older")
    _damage(_save_notes(db, "newer"))
    _save_notes(db, "current")
    _damage(list_backups(db)[-1])
    with caplog.at_level(logging.WARNING):
        used = restore_backup(db)
    assert used == older
    assert notes_of(db, "Kept") == "older"
    assert any("skipped backup" in r.message for r in caplog.records)


# ---------------------------------------------------------------------------- true messages about the lock


@pytest.mark.usefixtures("app_sandbox")
def test_a_lock_that_cannot_be_written_says_why_not_already_open(tmp_path, monkeypatch, qapp):
    from desktop.ui import dialogs
    from desktop.ui.app import run_app

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    shown = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append((title, text)))
    assert run_app(blocker / "desk.sqlite3") == 2
    assert len(shown) == 1
    title, text = shown[0]
    assert title != "Already open" and "another" not in text and "does not exist and cannot be created" in text


def test_a_big_sparse_damaged_file_is_set_aside_in_bounded_memory(tmp_path):
    db = tmp_path / "big.sqlite3"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with db.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xff" * 8)  # damage the second page
        fh.truncate(400 * 1024 * 1024)  # a 400 MB file, sparse
    script = (  # Python's own allocations: a whole-file read would show as 400 MB
        "import sys, tracemalloc\n"
        "from desktop.store import CorruptDatabaseError, open_store\n"
        "tracemalloc.start()\n"
        "try:\n    open_store(sys.argv[1])\nexcept CorruptDatabaseError as exc:\n    print(exc.corrupt_copy)\n"
        "print(tracemalloc.get_traced_memory()[1] // (1024 * 1024))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    copy, peak_mb = done.stdout.split()
    assert Path(copy).stat().st_size == db.stat().st_size
    assert int(peak_mb) < 50, f"peak allocation {peak_mb} MB setting aside a 400 MB file"
