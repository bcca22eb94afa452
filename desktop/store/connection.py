"""Open the database file: the one writer connection, checked before any write; upgrade; restore a backup."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..core.i18n import _
from .backup import (
    BackupError,
    backup_dir,
    latest_backup,
    list_backups,
    make_backup,
    restore,
    set_aside,
    verify,
    window_holding,
)
from .database import Store
from .errors import CorruptDatabaseError, StoreError
from .history import compact_at_open
from .integrity import cheap_check, quick_check, quick_check_due, record_checked, unclean_shutdown
from .migrations import SCHEMA_VERSION, migrations
from .trash import purge
from .trust import apply_bounds, bounded_error, check_file, check_schema, unbounded

ENV_VAR = "EXPORT_DESK_DB"
log = logging.getLogger(__name__)


def resolve_path(path: str | os.PathLike[str]) -> Path:
    """A database path resolved once: ~ expanded, made absolute, symlinks followed to the real file.

    Everything keyed on the path (the window's lock, the backups folder, file URIs) uses this, so a
    relative `--db colleague.sqlite3`, a symlink and a second path to one file all mean the same file.
    """
    return Path(path).expanduser().resolve()


def default_path() -> Path:
    """The working database: $EXPORT_DESK_DB, else the platform's user-data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return resolve_path(env)
    from platformdirs import user_data_path

    return resolve_path(user_data_path("ai-export-desk", appauthor=False) / "export-desk.sqlite3")


def _damaged(path: Path, detail: str) -> CorruptDatabaseError:
    try:
        copy = set_aside(path)
    except OSError:
        copy = None
    return CorruptDatabaseError(path, detail, copy, latest_backup(path))


class _Connection(sqlite3.Connection):
    """A connection whose transactions take the write lock at BEGIN (BEGIN IMMEDIATE).

    A deferred transaction that reads, then writes, cannot wait for a writer that came in between
    (SQLite answers "database is locked" at once); an immediate one waits out the busy timeout.
    sqlite-utils opens every transaction with a plain "BEGIN".
    """

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        if sql == "BEGIN":
            sql = "BEGIN IMMEDIATE"
        return super().execute(sql, *args)


def connect(
    path: Path, busy_ms: int = 5000, unclean: bool | None = None, daily_check: bool = True,
    work_tables: bool = True,
) -> sqlite3.Connection:
    """The one writer connection: refuses newer, foreign and damaged files before any write.

    Damage is looked for as store/integrity.py's policy says: a cheap check at every open, a
    quick_check after an unclean shutdown (unclean: None to find out here) or once a day (unless
    daily_check is False: the window runs the daily one in the background, see ui.guard.BackupOnOpen;
    with work_tables False, it checks the tables of the user's work there too).
    """
    if unclean is None:
        unclean = unclean_shutdown(path)
    conn = sqlite3.connect(
        str(path), timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False, factory=_Connection
    )
    try:
        # Read before any write: a file that is not a database fails here, untouched.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        apply_bounds(conn)  # no statement runs unbounded, no huge value is read
        conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                _("{path} was written by a newer AI Export Desk (schema {version}; this version reads up to "
                  "{supported}): upgrade the app to open it").format(path=path, version=version, supported=SCHEMA_VERSION)
            )
        # A file from elsewhere: its triggers, views and foreign tables are refused before any runs.
        check_schema(conn, path)
        # Damage is found here, before anything is written: the cheap check always (milliseconds
        # at any size), quick_check when due (benchmarks/scale.py measures both).
        cheap_check(conn, work_tables)
        if quick_check_due(path, unclean, daily=daily_check):
            problems = quick_check(conn)
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(problems[0])
            record_checked(path)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:
        conn.close()
        bounded = bounded_error(exc)
        if bounded:
            raise StoreError(_("cannot open {path}: {error}").format(path=path, error=bounded)) from None
        if "malformed" in str(exc) or "corrupt" in str(exc):
            raise _damaged(path, str(exc)) from None
        raise StoreError(_("cannot open {path}: {error}").format(path=path, error=exc)) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(path, str(exc)) from None
    except StoreError:
        conn.close()
        raise
    return conn


def open_store(
    path: str | os.PathLike[str] | None = None, busy_ms: int = 5000, daily_check: bool = True,
    work_tables: bool = True, check_now: bool = False,
) -> Store:
    """Open (creating and seeding if absent, migrating if older) the database at path.

    Before a migration of an existing database, a verified backup is made; the whole
    upgrade is one transaction, so a failure leaves the file as it was.  daily_check and
    work_tables False leave those checks to the caller (the window's, ui.guard.BackupOnOpen);
    check_now runs the quick_check at this open, due or not.
    """
    target = resolve_path(path) if path is not None else default_path()
    if target.exists() and target.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=target))
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("cannot create {path}: {error}").format(path=target.parent, error=exc.strerror)) from None
    elif not os.access(target, os.R_OK):
        raise StoreError(_("cannot read {path}: permission denied").format(path=target))
    # Checked as after an unclean shutdown (the quick_check at open) when asked to, or when it was one.
    unclean = target.exists() and (check_now or unclean_shutdown(target))
    conn = connect(target, busy_ms, unclean, daily_check, work_tables)
    db = Database(conn)
    try:
        pending = migrations.pending(db)
        if pending:
            if migrations.applied(db):
                try:
                    make_backup(conn, target, force=True, reason="before upgrading the database")
                except BackupError as exc:
                    raise StoreError(_("not upgrading {path}: {error}").format(path=target, error=exc)) from None
            # Our own migrations on a schema check_schema passed: no deadline (an old, big file may
            # take a while), and no per-statement callback slowing the seeding of a new file.
            with unbounded(conn), db.atomic():
                migrations.apply(db)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                count_unrecorded_changes(conn)
        # WAL only once the upgrade has succeeded: a failed one leaves the file byte-identical.
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(_("cannot prepare {path}: {error}").format(path=target, error=exc)) from None
    except BaseException:
        conn.close()
        raise
    store = Store(db, target)
    store.reconnect = lambda: connect(target, busy_ms, False, daily_check)
    compact_at_open(store)  # an old file's states, once (store/history.py)
    try:
        purge(store)  # what has been in the trash longer than trash.KEEP_DAYS, for good
    except StoreError as exc:  # a read-only file: purged at an open that can write
        log.info("trash not purged: %s", exc)
    return store


def wait_for_writers(store: Store, busy_ms: int) -> None:
    """Wait up to busy_ms for another writer before "busy" (the CLI: longer than the window's 5 s)."""
    if store.path is not None:
        store.db.conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        store.reconnect = lambda: connect(store.path, busy_ms)  # type: ignore[arg-type]


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


def _newest_sound_backup(db_path: Path) -> Path | None:
    """The newest backup (by the sequence inside it) that verifies and is ours; the others are logged and skipped."""
    for candidate in reversed(list_backups(db_path)):
        try:
            verify(candidate)
            check_file(candidate)
        except (BackupError, StoreError) as exc:
            log.warning("skipped backup %s: %s", candidate, exc)
            continue
        return candidate
    return None


def restore_backup(db_path: Path, backup: Path | None = None) -> Path:
    """Put a verified backup (default: the newest) in place of the database; returns the backup used.

    The current file is kept first: backed up when it is healthy, set aside as `.corrupt`
    when it is damaged. The database must not be open.
    """
    db_path = resolve_path(db_path)
    backup = resolve_path(backup) if backup is not None else None
    holder = window_holding(db_path)
    if holder is not None:
        raise BackupError(_("{path} is open in an AI Export Desk window (process {process}): close it first").format(
            path=db_path, process=holder))
    chosen = backup if backup is not None else _newest_sound_backup(db_path)
    if chosen is None:
        raise BackupError(_("no backup of {path} exists (looked in {folder})").format(path=db_path, folder=backup_dir(db_path)))
    if not chosen.is_file():
        raise BackupError(_("no backup file {path}").format(path=chosen))
    verify(chosen)
    check_file(chosen)  # a file from elsewhere must not bring its own SQL in
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
