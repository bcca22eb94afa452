"""The backup on open is made off the GUI thread, yet of the database as it was opened: a write
that lands while the worker is still copying is not in it; a failure reaches the status message."""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.store import backup as backup_module  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.store.backup import list_backups  # noqa: E402
from desktop.ui import guard  # noqa: E402


def _notes_in(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT notes FROM proposals")}


def test_backup_on_open_copies_the_database_as_opened_even_when_a_write_lands_meanwhile(tmp_path, monkeypatch, qapp):
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    proposal = store.latest_proposal() or store.proposals()[0]
    started, written = threading.Event(), threading.Event()
    real = backup_module._backup_into

    def slow_backup(source, target):
        started.set()
        assert written.wait(10), "the GUI thread never wrote"
        real(source, target)

    monkeypatch.setattr(backup_module, "_backup_into", slow_backup)
    opening = guard.BackupOnOpen(store)
    assert threading.current_thread() is threading.main_thread()
    assert started.wait(10), "the backup did not start on its own thread"
    store.save_proposal(replace(proposal, notes="written after open"))  # the GUI thread goes on writing
    written.set()
    assert opening.wait() is None
    made = list_backups(db)
    assert len(made) == 1
    assert "written after open" not in _notes_in(made[0])
    assert "written after open" in _notes_in(db)
    # The backup on close sees the change and keeps a second one.
    assert guard.backup_now(store, "on close") is None
    assert len(list_backups(db)) == 2
    store.close()


def test_a_failed_backup_on_open_is_reported(tmp_path, monkeypatch, qapp, qtbot):
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)

    connected = threading.Event()

    def refuse(source, target):
        assert connected.wait(10)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup_module, "_backup_into", refuse)
    opening = guard.BackupOnOpen(store)
    seen: list[str] = []
    opening.problem.connect(seen.append)
    connected.set()
    message = opening.wait()
    assert message is not None and message.startswith("Backup failed:") and "disk I/O error" in message
    qtbot.waitUntil(lambda: seen == [message], timeout=2000)  # delivered on the GUI thread
    assert list_backups(db) == []
    store.close()


def test_the_window_s_backup_waits_for_start_and_still_copies_the_file_as_opened(tmp_path, monkeypatch, qapp):
    # The window pins the snapshot before it builds and starts the worker after its first paint:
    # nothing is read or copied before start(), and what is copied is the database as opened.
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    proposal = store.latest_proposal() or store.proposals()[0]
    ran = threading.Event()
    real = backup_module._backup_into

    def watched(source, target):
        ran.set()
        real(source, target)

    monkeypatch.setattr(backup_module, "_backup_into", watched)
    opening = guard.BackupOnOpen(store, start=False)
    assert not opening.done()
    store.save_proposal(replace(proposal, notes="written before the worker started"))
    assert not ran.wait(0.3), "the backup ran before start()"
    assert list_backups(db) == []
    opening.start()
    opening.start()  # once only
    assert opening.wait() is None and ran.is_set() and opening.done()
    made = list_backups(db)
    assert len(made) == 1
    assert "written before the worker started" not in _notes_in(made[0])
    store.close()


def test_waiting_for_an_unstarted_backup_makes_it(tmp_path, qapp):
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    opening = guard.BackupOnOpen(store, start=False)
    assert opening.wait() is None
    assert len(list_backups(db)) == 1
    store.close()
