"""The store's promises: connection settings, upgrades, newer and damaged files, backups, full disks."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import CorruptDatabaseError, StoreError, connection, open_store
from desktop.store.backup import (
    BackupError,
    backup_dir,
    latest_backup,
    list_backups,
    make_backup,
    verify,
)
from desktop.store.connection import restore_backup
from desktop.store.migrations import SCHEMA_VERSION, migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
COUNTED = ("proposals", "proposal_measures", "snapshots", "countries", "country_figures", "sovereignty_profiles",
           "assumption_sets", "assumptions", "measures", "sources")


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}  # noqa: S608 - fixed names
    finally:
        conn.close()


# ---------------------------------------------------------------------------- 1 connection settings


def test_the_one_writer_connection_has_the_safe_settings(db):
    store = open_store(db)
    conn = store.db.conn
    pragma = {name: conn.execute(f"PRAGMA {name}").fetchone()[0]
              for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "trusted_schema")}
    store.close()
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000,
                      "trusted_schema": 0}
    assert pragma["busy_timeout"] >= 2000


def test_store_writes_through_exactly_one_connection(db, monkeypatch):
    opened = []
    real = sqlite3.connect

    def counting(*args, **kwargs):
        opened.append(args[0] if args else kwargs.get("database"))
        return real(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counting)
    store = open_store(db)
    store.save_proposal(replace(store.get_proposal("Kept"), notes="second"))
    store.add_snapshot(store.get_proposal("Kept"), {"assumptions_version": 1, "overall": 1.0, "band": "x"})
    store.close()
    assert opened == [str(db)]


# ---------------------------------------------------------------------------- 5 migrations


def fixture_versions() -> list[Path]:
    found = sorted(FIXTURES.glob("schema_v*.sqlite3"))
    assert found, "keep a fixture database for every released schema version"
    return found


def test_a_fixture_exists_for_the_current_schema_version():
    assert FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite3" in fixture_versions()


@pytest.mark.parametrize("fixture", fixture_versions(), ids=lambda p: p.stem)
def test_every_released_schema_upgrades_with_its_rows_kept(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = counts(path)
    assert before["proposals"] >= 3 and before["snapshots"] >= 6
    store = open_store(path)
    assert store.schema_version == SCHEMA_VERSION
    assert [m.name for m in migrations.pending(store.db)] == []
    mine = {p.name: p for p in store.proposals() if not p.example}
    store.close()
    after = counts(path)
    # Every row kept; later migrations may add seeded rows (e.g. the example proposals of m004).
    assert all(after[table] >= n for table, n in before.items()), (before, after)
    conn = sqlite3.connect(fixture)
    try:  # the fixture's own proposals (a fixture of schema 4+ also holds the seeded examples)
        has_example = "example" in {r[1] for r in conn.execute("PRAGMA table_info(proposals)")}
        users = conn.execute("SELECT count(*) FROM proposals" + (" WHERE example = 0" if has_example else "")).fetchone()[0]
    finally:
        conn.close()
    assert len(mine) == users and after["snapshots"] == before["snapshots"]
    assert "Kenya sovereign cloud" in mine


@pytest.fixture
def extra_migration(monkeypatch):
    """Register one more migration (what the next release will do); fn is set by the test."""
    step = {}

    def m_next(db):
        step["fn"](db)

    monkeypatch.setattr(migrations, "_migrations", [*migrations._migrations, migrations._Migration("m_next", m_next)])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return step


def test_a_verified_backup_is_made_before_migrating(tmp_path, extra_migration):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite3", path)
    before = counts(path)
    extra_migration["fn"] = lambda db: db.execute("CREATE TABLE next_feature (id INTEGER PRIMARY KEY)")
    store = open_store(path)
    assert store.schema_version == SCHEMA_VERSION + 1
    assert "next_feature" in store.table_names()
    store.close()
    [backup] = list_backups(path)
    verify(backup)
    assert counts(backup) == before
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_no_backup_when_no_migration_is_pending(db):
    open_store(db).close()
    assert list_backups(db) == []


def test_a_failure_mid_migration_leaves_the_file_byte_identical(tmp_path, extra_migration):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite3", path)
    original = path.read_bytes()

    def half_done(db):
        db.execute("CREATE TABLE next_feature (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM snapshots")
        raise sqlite3.OperationalError("injected failure halfway through")

    extra_migration["fn"] = half_done
    with pytest.raises(StoreError, match="injected failure"):
        open_store(path)
    assert path.read_bytes() == original
    assert not path.with_name(path.name + "-wal").exists()


# ---------------------------------------------------------------------------- 6 newer files


def _make_newer(db: Path) -> bytes:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    return db.read_bytes()


def test_newer_file_is_refused_by_the_cli_with_exit_2_and_left_byte_identical(db, capsys):
    original = _make_newer(db)
    assert cli.main(["--db", str(db), "save", "Kept", "--security", "99"]) == 2
    err = capsys.readouterr().err
    assert "newer AI Export Desk" in err and err.count("\n") == 1 and "Traceback" not in err
    assert db.read_bytes() == original


# ---------------------------------------------------------------------------- 7 damage


def damage_page(path: Path) -> None:
    """Overwrite the middle of a b-tree page of the proposals table (a torn or rotten page)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'proposals'").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff" * 64)


def damage_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"NOT SQLITE FORMAT")


def not_a_database(path: Path) -> None:
    path.write_bytes(b"name,notes\nKept,first\n" * 200)


DAMAGE = {"page": damage_page, "header": damage_header, "not-a-database": not_a_database}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damage_is_detected_at_open_and_set_aside_with_the_backup_offered(db, kind):
    store = open_store(db)
    made = make_backup(store.db.conn, db)
    store.close()
    assert made.path is not None
    DAMAGE[kind](db)
    damaged = db.read_bytes()
    with pytest.raises(CorruptDatabaseError) as caught:
        open_store(db)
    exc = caught.value
    assert exc.backup == made.path
    assert exc.corrupt_copy == db.with_name(db.name + ".corrupt")
    assert exc.corrupt_copy.read_bytes() == damaged
    assert db.read_bytes() == damaged  # nothing created or rewritten in its place
    assert str(made.path) in str(exc)
    # Restoring brings the backed-up work back; the damaged copy stays.
    restore_backup(db, exc.backup)
    store = open_store(db)
    assert store.get_proposal("Kept").notes == "first"
    store.close()
    assert exc.corrupt_copy.read_bytes() == damaged


@pytest.mark.parametrize("kind", DAMAGE)
def test_cli_names_the_backup_in_one_line_and_exits_2(db, kind, capsys):
    store = open_store(db)
    backup = make_backup(store.db.conn, db).path
    store.close()
    DAMAGE[kind](db)
    damaged = db.read_bytes()
    assert cli.main(["--db", str(db), "proposals"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "damaged" in err and str(backup) in err and "restore-backup" in err
    assert db.read_bytes() == damaged
    assert cli.main(["--db", str(db), "restore-backup"]) == 0
    assert "Restored" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "show", "Kept", "--json"]) == 0


def test_damage_without_a_backup_says_so(db):
    damage_header(db)
    with pytest.raises(CorruptDatabaseError, match="no backup"):
        open_store(db)


def test_cli_damage_message_has_no_traceback_in_a_real_process(db):
    damage_page(db)
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "proposals"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "damaged" in proc.stderr


# ---------------------------------------------------------------------------- 8 backups


def test_backups_are_verified_rotated_and_skipped_when_nothing_changed(db):
    store = open_store(db)
    first = make_backup(store.db.conn, db, keep=3)
    assert first.path is not None and first.path.parent == backup_dir(db)
    verify(first.path)
    assert make_backup(store.db.conn, db, keep=3).path is None  # nothing changed
    made = [first.path]
    for i in range(4):
        store.save_proposal(replace(store.get_proposal("Kept"), notes=f"edit {i}"))
        result = make_backup(store.db.conn, db, keep=3)
        assert result.path is not None
        made.append(result.path)
    store.close()
    assert list_backups(db) == made[-3:]
    assert latest_backup(db) == made[-1]
    for path in list_backups(db):
        verify(path)
        assert not path.with_name(path.name + "-wal").exists()
    conn = sqlite3.connect(made[-1])
    assert conn.execute("SELECT notes FROM proposals WHERE name = 'Kept'").fetchone()[0] == "edit 3"
    conn.close()


def test_backups_use_the_sqlite_backup_api_not_a_file_copy(db, monkeypatch):
    def no_copy(*_a, **_k):
        raise AssertionError("a raw file copy")

    monkeypatch.setattr(shutil, "copyfile", no_copy)
    monkeypatch.setattr(shutil, "copy2", no_copy)
    monkeypatch.setattr(shutil, "copy", no_copy)
    store = open_store(db)
    assert make_backup(store.db.conn, db).path is not None
    store.close()


def test_a_damaged_backup_is_never_kept(db, monkeypatch):
    from desktop.store import backup as backup_module

    real = backup_module._backup_into

    def rot(source, target):
        real(source, target)
        damage_page(target)

    monkeypatch.setattr(backup_module, "_backup_into", rot)
    store = open_store(db)
    with pytest.raises(BackupError):
        make_backup(store.db.conn, db)
    store.close()
    assert list_backups(db) == []
    assert [p for p in backup_dir(db).iterdir() if p.name != "last-check"] == []  # no temporary file left


def test_keep_setting_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("EXPORT_DESK_KEEP_BACKUPS", "2")
    store = open_store(db)
    for i in range(4):
        store.save_proposal(replace(store.get_proposal("Kept"), notes=f"edit {i}"))
        make_backup(store.db.conn, db)
    store.close()
    assert len(list_backups(db)) == 2


def test_cli_backup_command(db, capsys):
    assert cli.main(["--db", str(db), "backup"]) == 0
    assert "Backed up to" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "backup"]) == 0
    assert "No backup made" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "backups", "--json"]) == 0
    assert len(__import__("json").loads(capsys.readouterr().out)) == 1


def test_restore_keeps_a_backup_of_the_healthy_current_file(db):
    store = open_store(db)
    old = make_backup(store.db.conn, db).path
    store.save_proposal(replace(store.get_proposal("Kept"), notes="later"))
    store.close()
    restore_backup(db, old)
    store = open_store(db)
    assert store.get_proposal("Kept").notes == "first"
    store.close()
    newest = latest_backup(db)
    conn = sqlite3.connect(newest)
    assert conn.execute("SELECT notes FROM proposals WHERE name = 'Kept'").fetchone()[0] == "later"
    conn.close()


# ---------------------------------------------------------------------------- 9 full disk, read-only


def _fill(store) -> None:
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_raises_a_store_error_and_keeps_the_old_value(db):
    store = open_store(db)
    _fill(store)
    with pytest.raises(StoreError, match="disk is full"):
        store.save_proposal(replace(store.get_proposal("Kept"), notes="x" * 200_000))
    assert store.get_proposal("Kept").notes == "first"
    store.db.conn.execute("PRAGMA max_page_count = 1073741823")
    store.save_proposal(replace(store.get_proposal("Kept"), notes="x" * 200_000))
    store.close()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_cli_exits_2_with_a_clear_message_when_it_cannot_write(db, fault, monkeypatch, capsys):
    real = cli.open_store

    def faulty(path):
        store = real(path)
        if fault == "full":
            _fill(store)
        else:
            store.db.conn.execute("PRAGMA query_only = ON")
        return store

    monkeypatch.setattr(cli, "open_store", faulty)
    code = cli.main(["--db", str(db), "save", "Kept", "--notes", "y" * 99_000])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("disk is full" if fault == "full" else "read-only") in err
    assert open_store(db).get_proposal("Kept").notes == "first"


# ---------------------------------------------------------------------------- 10 a second writer


def test_a_second_writer_waits_for_the_lock_and_nothing_is_corrupted(db):
    window_store = open_store(db)
    cli_store = open_store(db)
    cli_store.db.conn.execute("PRAGMA busy_timeout = 200")
    window_store.db.conn.execute("BEGIN IMMEDIATE")
    window_store.db.conn.execute("UPDATE proposals SET notes = 'window' WHERE name = 'Kept'")
    with pytest.raises(StoreError, match="busy"):
        cli_store.save_proposal(replace(cli_store.get_proposal("Kept"), notes="cli"))
    window_store.db.conn.execute("COMMIT")
    cli_store.save_proposal(replace(cli_store.get_proposal("Kept"), notes="cli"))
    window_store.close()
    cli_store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT notes FROM proposals WHERE name = 'Kept'").fetchone()[0] == "cli"
    conn.close()
