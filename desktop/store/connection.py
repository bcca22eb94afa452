"""Open the database file: the one writer connection, checked before any write; upgrade; restore a backup."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .backup import (
    BackupError,
    backup_dir,
    latest_backup,
    make_backup,
    restore,
    set_aside,
    verify,
    window_holding,
)
from .database import Store
from .errors import CorruptDatabaseError, StoreError
from .integrity import cheap_check, quick_check, quick_check_due, record_checked, unclean_shutdown
from .migrations import SCHEMA_VERSION, migrations

ENV_VAR = "EXPORT_DESK_DB"


def default_path() -> Path:
    """The working database: $EXPORT_DESK_DB, else the platform's user-data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ai-export-desk", appauthor=False) / "export-desk.sqlite3"


def _damaged(path: Path, detail: str) -> CorruptDatabaseError:
    try:
        copy = set_aside(path)
    except OSError:
        copy = None
    return CorruptDatabaseError(path, detail, copy, latest_backup(path))


def connect(path: Path, unclean: bool | None = None, daily_check: bool = True) -> sqlite3.Connection:
    """The one writer connection: refuses newer, foreign and damaged files before any write.

    Damage is looked for as store/integrity.py's policy says: a cheap check at every open, a
    quick_check after an unclean shutdown (unclean: None to find out here) or once a day (unless
    daily_check is False: the window runs the daily one in the background, see ui.guard.BackupOnOpen).
    """
    if unclean is None:
        unclean = unclean_shutdown(path)
    conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None, check_same_thread=False)
    try:
        # Read before any write: a file that is not a database fails here, untouched.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer AI Export Desk (schema {version}; this version reads up to "
                f"{SCHEMA_VERSION}): upgrade the app to open it"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "_sqlite_migrations" not in tables:
            raise StoreError(f"{path} is an SQLite database, but not an AI Export Desk one: refusing to change it")
        # Damage is found here, before anything is written: the cheap check always (milliseconds
        # at any size), quick_check when due (benchmarks/scale.py measures both).
        cheap_check(conn)
        if quick_check_due(path, unclean, daily=daily_check):
            problems = quick_check(conn)
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(problems[0])
            record_checked(path)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "malformed" in str(exc) or "corrupt" in str(exc):
            raise _damaged(path, str(exc)) from None
        raise StoreError(f"cannot open {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(path, str(exc)) from None
    except StoreError:
        conn.close()
        raise
    return conn


def open_store(path: str | os.PathLike[str] | None = None, daily_check: bool = True) -> Store:
    """Open (creating and seeding if absent, migrating if older) the database at path.

    Before a migration of an existing database, a verified backup is made; the whole
    upgrade is one transaction, so a failure leaves the file as it was.
    """
    target = Path(path).expanduser() if path is not None else default_path()
    if target.exists() and target.is_dir():
        raise StoreError(f"{target} is a folder, not a database file")
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {target.parent}: {exc.strerror}") from None
    elif not os.access(target, os.R_OK):
        raise StoreError(f"cannot read {target}: permission denied")
    unclean = target.exists() and unclean_shutdown(target)
    conn = connect(target, unclean, daily_check)
    db = Database(conn)
    try:
        pending = migrations.pending(db)
        if pending:
            if migrations.applied(db):
                try:
                    make_backup(conn, target, force=True, reason="before upgrading the database")
                except BackupError as exc:
                    raise StoreError(f"not upgrading {target}: {exc}") from None
            with db.atomic():
                migrations.apply(db)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                count_unrecorded_changes(conn)
        # WAL only once the upgrade has succeeded: a failed one leaves the file byte-identical.
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"cannot prepare {target}: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return Store(db, target)


def count_unrecorded_changes(conn: sqlite3.Connection) -> None:
    """Raise the change counter once: the file holds changes no counter saw (an upgrade)."""
    try:
        conn.execute("UPDATE store_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'changes'")
    except sqlite3.OperationalError:
        pass  # read-only: nothing can have been written since either


def memory_store() -> Store:
    """A seeded in-memory store (tests, benchmarks)."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return Store(db, None)


def restore_backup(db_path: Path, backup: Path | None = None) -> Path:
    """Put a verified backup (default: the newest) in place of the database; returns the backup used.

    The current file is kept first: backed up when it is healthy, set aside as `.corrupt`
    when it is damaged. The database must not be open.
    """
    holder = window_holding(db_path)
    if holder is not None:
        raise BackupError(f"{db_path} is open in an AI Export Desk window (process {holder}): close it first")
    chosen = backup if backup is not None else latest_backup(db_path)
    if chosen is None:
        raise BackupError(f"no backup of {db_path} exists (looked in {backup_dir(db_path)})")
    if not chosen.is_file():
        raise BackupError(f"no backup file {chosen}")
    verify(chosen)
    if db_path.exists():
        try:
            conn = connect(db_path)
        except StoreError:
            set_aside(db_path)  # damaged (already set aside when detected) or unreadable: keep a copy
        else:
            try:
                make_backup(conn, db_path, force=True, reason="before restoring a backup")
            finally:
                conn.close()
    restore(db_path, chosen)
    return chosen
