"""The window leaves the check of the work tables (proposals, their measures and states' inputs,
assumption versions) to its backup's read snapshot after the first paint: a page damaged there
is still found, reported in the status bar, and no backup of the damaged file is made."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.model import Proposal  # noqa: E402
from desktop.store import CorruptDatabaseError, open_store  # noqa: E402
from desktop.store.backup import PinnedCopy, list_backups, make_backup  # noqa: E402
from desktop.store.integrity import WORK_TABLES, work_tables_damage  # noqa: E402
from desktop.ui import dialogs  # noqa: E402
from desktop.ui.app import run_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

from .test_window_safety import app_sandbox, quit_at_the_offered_backup  # noqa: E402, F401 - app_sandbox: a fixture


def _grow_proposals(path: Path) -> None:
    store = open_store(path)
    for i in range(150):
        store.save_proposal(Proposal(name=f"Proposal {i:03d}", country="KEN", notes="n" * 600))
    store.close()


def _damage_a_middle_leaf(path: Path, table: str) -> None:
    """Break the header of a leaf in the middle of table's b-tree (its root an interior page):
    neither its first row nor its last lies on that page."""
    if not path.exists():
        open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        page = f.read(page_size)
        assert page[0] == 0x05, f"{table} should span an interior page"
        cells = struct.unpack(">H", page[3:5])[0]
        pointer = struct.unpack(">H", page[12 + 2 * (cells // 2): 14 + 2 * (cells // 2)])[0]
        child = struct.unpack(">I", page[pointer: pointer + 4])[0]
        f.seek((child - 1) * page_size)
        f.write(b"\xff" * 12)


def test_the_open_leaves_the_work_tables_to_the_caller_and_the_snapshot_check_finds_the_damage(tmp_path):
    assert "proposals" in WORK_TABLES
    db = tmp_path / "desk.sqlite3"
    _grow_proposals(db)
    _damage_a_middle_leaf(db, "proposals")
    checked = tmp_path / "checked.sqlite3"
    shutil.copyfile(db, checked)
    with pytest.raises(CorruptDatabaseError):
        open_store(checked)  # every other open (the CLI's) still checks them before anything is written
    store = open_store(db, daily_check=False, work_tables=False)
    pinned = PinnedCopy(db)
    try:
        damage = work_tables_damage(pinned)
    finally:
        pinned.close()
        store.close()
    assert damage is not None and damage != "ok"


def test_sound_work_tables_pass_the_snapshot_check(db):
    store = open_store(db, daily_check=False, work_tables=False)
    pinned = PinnedCopy(db)
    try:
        assert work_tables_damage(pinned) is None
    finally:
        pinned.close()
        store.close()


def test_the_window_opens_then_reports_damage_in_an_old_assumption_version_and_backs_nothing_up(db_path, monkeypatch, qapp, app_sandbox):  # noqa: F811
    _damage_a_middle_leaf(db_path, "assumptions")  # the shipped versions' rows: the window reads only the latest
    monkeypatch.setattr(dialogs, "explain", lambda *a: pytest.fail(f"unexpected dialog {a}"))
    monkeypatch.setattr(dialogs, "offer_restore", lambda *a: pytest.fail("the window should open"))
    seen: list[str] = []

    def watch(tries: int = 0) -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        message = windows[0].statusBar().currentMessage() if windows else ""
        if "may be damaged" in message or tries > 100:
            seen.append(message)
            for w in windows:
                w.close()
        else:
            QTimer.singleShot(50, lambda: watch(tries + 1))

    QTimer.singleShot(100, watch)
    assert run_app(db_path) == 0
    assert len(seen) == 1 and "may be damaged" in seen[0] and "export-desk check --full" in seen[0]
    assert list_backups(db_path) == []


def test_damage_a_window_read_meets_is_handled_as_damage_found_at_open(db_path, monkeypatch, qapp, app_sandbox):  # noqa: F811
    # The build reads the whole proposals table (the examples menu): damage there is met before the
    # background check, and the file is set aside and its backup offered, never a traceback.
    _grow_proposals(db_path)
    store = open_store(db_path)
    backup = make_backup(store.db.conn, db_path).path
    store.close()
    _damage_a_middle_leaf(db_path, "proposals")
    damaged = db_path.read_bytes()
    kept = quit_at_the_offered_backup(db_path, backup, monkeypatch).read_bytes()
    # The damaged file as it was, but for its header's journal-mode bytes (18-19) and the counters
    # that change with them (24-27, 92-95): the first open had put it back in WAL mode (the test's
    # damage left it in rollback mode) when the build's read met the damage. No page was written.
    assert len(kept) == len(damaged)
    changed = {i for i in range(len(kept)) if kept[i] != damaged[i]}
    assert changed <= {18, 19, *range(24, 28), *range(92, 96)}
    assert kept[18:20] == b"\x02\x02"
