"""Issue 16: backups that cost what changed, checks at open that do not grow, the close that does not wait."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop import cli  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import backup as backup_module  # noqa: E402
from desktop.store import connection, open_store  # noqa: E402
from desktop.store.backup import backup_dir, content_marker, file_marker, list_backups, make_backup  # noqa: E402
from desktop.store.connection import restore_backup  # noqa: E402


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    store.save_proposal(Proposal(name="Kept", country="KEN", notes="first"))
    store.close()
    return path


def _edit(store, notes):
    store.save_proposal(replace(store.get_proposal("Kept"), notes=notes))


def test_every_write_transaction_raises_the_change_counter(db):
    store = open_store(db)
    before = content_marker(store.db.conn)
    _edit(store, "second")
    after = content_marker(store.db.conn)
    assert before is not None and after is not None and after[1] > before[1]
    store.get_proposal("Kept")  # a read counts nothing
    assert content_marker(store.db.conn) == after
    store.close()


def test_an_unchanged_file_is_neither_copied_nor_read_for_a_backup(db, monkeypatch):
    store = open_store(db)
    first = store.backup()
    assert first.path is not None and file_marker(first.path) == content_marker(store.db.conn)
    real = backup_module._backup_into

    def no_copy(*_a):
        raise AssertionError("copied although nothing changed")

    monkeypatch.setattr(backup_module, "_backup_into", no_copy)
    assert store.backup().path is None
    monkeypatch.setattr(backup_module, "_backup_into", real)
    _edit(store, "changed")
    assert store.backup().path is not None
    store.close()
    assert len(list_backups(db)) == 2


def test_writes_outside_a_transaction_are_counted(db):
    store = open_store(db)
    store.backup()
    store.db.execute("UPDATE proposals SET notes = 'raw' WHERE name = 'Kept'")  # no store.transaction()
    assert store.backup().path is not None  # counted before the backup
    with store.writing():
        store.db.execute("UPDATE proposals SET notes = 'autocommitted' WHERE name = 'Kept'")
    assert make_backup(store.db.conn, db).path is not None
    store.close()


def test_a_failed_write_counts_nothing(db):
    store = open_store(db)
    before = content_marker(store.db.conn)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.db.execute("UPDATE proposals SET notes = 'rolled back' WHERE name = 'Kept'")
            raise RuntimeError("halfway")
    store.close()
    store = open_store(db)
    assert content_marker(store.db.conn) == before
    store.close()


def test_a_restored_file_counts_above_every_backup(db):
    store = open_store(db)
    old = store.backup().path
    _edit(store, "newer")
    newer = store.backup().path
    store.close()
    restore_backup(db, old)
    store = open_store(db)
    assert store.get_proposal("Kept").notes == "first"
    assert content_marker(store.db.conn)[1] > max(file_marker(p)[1] for p in (old, newer))
    _edit(store, "after the restore")
    made = store.backup()
    store.close()
    assert made.path is not None
    conn = sqlite3.connect(made.path)
    assert conn.execute("SELECT notes FROM proposals WHERE name = 'Kept'").fetchone()[0] == "after the restore"
    conn.close()


# ---------------------------------------------------------------------------- checks at open


@pytest.fixture
def checks(monkeypatch):
    ran: list[bool] = []
    real = connection.quick_check

    def counted(conn, full=False):
        ran.append(full)
        return real(conn, full)

    monkeypatch.setattr(connection, "quick_check", counted)
    monkeypatch.delenv("EXPORT_DESK_CHECK", raising=False)
    return ran


def test_quick_check_runs_once_then_only_when_due(db, checks, monkeypatch):
    stamp = backup_dir(db) / "last-check"
    assert stamp.exists()  # checked when it was created (an empty file)
    stamp.unlink()
    open_store(db).close()  # no check known: checked now
    assert len(checks) == 1
    for _ in range(3):
        open_store(db).close()
    assert len(checks) == 1  # checked within the day: the cheap check only
    # An unclean shutdown: a writer that died without closing leaves its -wal behind.
    crashed = sqlite3.connect(db, isolation_level=None)
    crashed.execute("UPDATE proposals SET notes = 'unfinished' WHERE name = 'Kept'")
    assert db.with_name(db.name + "-wal").exists()
    open_store(db).close()
    assert len(checks) == 2
    crashed.close()
    # A day without any check (nor a backup, which is checked page by page).
    stale = datetime.now(timezone.utc) - timedelta(days=2)
    stamp.write_text(stale.isoformat())
    open_store(db).close()
    assert len(checks) == 3
    open_store(db).close()
    assert len(checks) == 3
    monkeypatch.setenv("EXPORT_DESK_CHECK", "always")
    open_store(db).close()
    assert len(checks) == 4


def test_check_command_on_demand(db, capsys):
    assert cli.main(["--db", str(db), "check"]) == 0
    assert "no damage found (quick_check)" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "check", "--full", "--json"]) == 0
    assert '"integrity_check"' in capsys.readouterr().out


def test_check_command_names_the_damage_and_the_backup_in_one_line(db, capsys):
    from tests.reliability.test_store_safety import damage_page

    store = open_store(db)
    backup = store.backup(force=True).path
    store.close()
    damage_page(db)
    assert cli.main(["--db", str(db), "check", "--full"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err and str(backup) in err


def test_the_window_runs_the_daily_check_in_the_background(db, checks):
    from desktop.store.backup import PinnedCopy
    from desktop.store.integrity import daily_check, last_checked

    stamp = backup_dir(db) / "last-check"
    stale = datetime.now(timezone.utc) - timedelta(days=2)
    stamp.write_text(stale.isoformat())
    open_store(db, daily_check=False).close()  # the window's open: the cheap check only
    assert checks == []
    pinned = PinnedCopy(db)
    try:
        assert daily_check(pinned) is None  # due, run, sound
        assert last_checked(db) > stale + timedelta(days=1)
        assert daily_check(pinned) is None  # not due any more
    finally:
        pinned.close()
