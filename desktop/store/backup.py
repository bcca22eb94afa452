"""Verified, rotating backups of the working database, and setting a damaged file aside.

Backups are made with SQLite's online backup API (never a raw file copy), written to a
temporary file, verified by reopening it with `PRAGMA integrity_check`, and only then moved
into `<db>.backups/` under a timestamped name: every `*.sqlite3` file there is verified.

A backup costs what changed: the file carries a change counter (table store_state, raised once per
write transaction of the store, see Store.count_changes) and its schema version; when the newest
backup holds the same pair, nothing is copied, verified or hashed ("none when nothing changed"),
which takes a few milliseconds whatever the size of the file.  The copy runs in steps of
STEP_PAGES pages (SQLite's online backup API; the GIL is released during each step), then
`integrity_check` verifies it (also without the GIL): memory stays bounded by SQLite's page cache,
whatever the size of the file.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.i18n import _

KEEP_ENV_VAR = "EXPORT_DESK_KEEP_BACKUPS"
DEFAULT_KEEP = 10
_SUFFIX = ".sqlite3"
_MAGIC = b"SQLite format 3\x00"
_SEQUENCE_AT = 68  # the header's application_id: each backup's sequence number (see list_backups)

STEP_PAGES = 1024  # pages copied per backup step (4 MiB at the default page size)

log = logging.getLogger(__name__)


class BackupError(Exception):
    """A backup could not be made, verified or restored; the message is fit to show a user."""


@dataclass(frozen=True)
class BackupResult:
    """What make_backup did: the new file (None when nothing changed) and how it went."""

    path: Path | None
    reason: str
    size: int = 0


def keep_setting() -> int:
    """How many backups to keep: $EXPORT_DESK_KEEP_BACKUPS (at least 1), else DEFAULT_KEEP."""
    text = os.environ.get(KEEP_ENV_VAR, "")
    try:
        return max(1, int(text)) if text else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def backup_dir(db_path: Path) -> Path:
    """The folder that holds the database's backups: `<db>.backups/` beside it."""
    return db_path.parent / f"{db_path.name}.backups"


def _header(path: Path) -> bytes | None:
    """The 100-byte SQLite header of path, or None when it is not an SQLite file (junk, too short)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError:
        return None
    return head if len(head) == 100 and head.startswith(_MAGIC) else None


def backup_sequence(path: Path) -> int:
    """The sequence number a backup carries in its header (0: made before backups carried one)."""
    head = _header(path)
    return int.from_bytes(head[_SEQUENCE_AT:_SEQUENCE_AT + 4], "big", signed=True) if head else -1


def list_backups(db_path: Path) -> list[Path]:
    """Backups of db_path, oldest first, ordered by the sequence number each carries (then name).

    The order comes from inside the files, not their names: a name from a wrong clock (`…-2099…`)
    cannot shadow newer backups. A file there that is not an SQLite file is skipped with a log line.
    """
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        if not (p.is_file() and p.name.endswith(_SUFFIX) and ".tmp" not in p.name):
            continue
        head = _header(p)
        if head is None:
            log.warning("skipped %s in the backups folder: not an SQLite database", p)
            continue
        found.append((int.from_bytes(head[_SEQUENCE_AT:_SEQUENCE_AT + 4], "big", signed=True), p.name, p))
    return [p for _, _, p in sorted(found)]


def latest_backup(db_path: Path) -> Path | None:
    """The newest verified backup, or None."""
    found = list_backups(db_path)
    return found[-1] if found else None


def verify(path: Path) -> None:
    """Raise BackupError unless path is an SQLite file whose integrity_check says ok."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(_("cannot open backup {path}: {error}").format(path=path, error=exc)) from None
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("backup {path} is damaged: {error}").format(path=path, error=exc)) from None
    finally:
        conn.close()
    if rows != [("ok",)]:
        raise BackupError(_("backup {path} is damaged: {error}").format(path=path, error=rows[0][0]))


Marker = tuple[int, int]


def content_marker(conn: sqlite3.Connection) -> Marker | None:
    """(schema version, change counter) of an open database; None when it has no counter (older files)."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        row = conn.execute("SELECT value FROM store_state WHERE key = 'changes'").fetchone()
    except sqlite3.DatabaseError:
        return None
    try:
        return None if row is None else (int(version), int(row[0]))
    except (TypeError, ValueError):
        return None


def file_marker(path: Path) -> Marker | None:
    """content_marker of a database file (a backup), read-only; None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return content_marker(conn)
    finally:
        conn.close()


def count_changes(store: Any) -> None:
    """Raise a Store's change counter (store_state) if its connection wrote since it last did: when a
    write commits (Store.transaction(), writing()) and before a backup; a rolled-back write counts nothing."""
    conn = store.db.conn
    if conn.total_changes == store._counted:
        return
    if store._has_counter:
        conn.execute("UPDATE store_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'changes'")
    store._counted = conn.total_changes


def unchanged_since_backup(source: sqlite3.Connection, db_path: Path) -> bool:
    """True when the newest backup holds what source holds (same schema version and change counter)."""
    mine = content_marker(source)
    previous = latest_backup(db_path)
    return mine is not None and previous is not None and file_marker(previous) == mine


def _backup_into(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        source.backup(dest, pages=STEP_PAGES)
        # A backup is one self-contained file: no -wal beside it.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _number(target: Path, sequence: int) -> None:
    """Write the backup's sequence number into its header (PRAGMA application_id)."""
    conn = sqlite3.connect(str(target), isolation_level=None)
    try:
        conn.execute(f"PRAGMA application_id = {int(sequence)}")
    finally:
        conn.close()


def make_backup(
    source: sqlite3.Connection, db_path: Path, keep: int | None = None, force: bool = False, reason: str = ""
) -> BackupResult:
    """Back up the open database into `<db>.backups/`, verified; rotate to `keep` files.

    Returns path None when the newest backup holds the same content (its change counter and schema
    version equal source's), unless force; then nothing is copied or read beyond two small rows.
    """
    keep = keep_setting() if keep is None else max(1, keep)
    if not force and unchanged_since_backup(source, db_path):
        return BackupResult(None, "unchanged since the last backup")
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(_("cannot create the backup folder {folder}: {error}").format(folder=folder, error=exc.strerror)) from None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    stem = db_path.name.removesuffix(_SUFFIX)
    final = folder / f"{stem}-{stamp}{_SUFFIX}"
    tmp = folder / f".{final.name}.tmp"
    try:
        try:
            _backup_into(source, tmp)
            _number(tmp, max((backup_sequence(p) for p in list_backups(db_path)), default=0) + 1)
        except sqlite3.Error as exc:
            raise BackupError(_("cannot write a backup in {folder}: {error}").format(folder=folder, error=exc)) from None
        except OSError as exc:
            raise BackupError(_("cannot write a backup in {folder}: {error}").format(folder=folder, error=exc.strerror)) from None
        verify(tmp)
        size = tmp.stat().st_size
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    for old in list_backups(db_path)[:-keep]:
        old.unlink(missing_ok=True)
    return BackupResult(final, reason or "backup", size)


def set_aside(db_path: Path) -> Path:
    """Keep a byte-identical copy of a damaged database beside it as `<name>.corrupt`.

    The copy (not a move) leaves the original where it was, untouched; an existing
    `.corrupt` file with other content is never overwritten (`.corrupt.2`, … instead).
    A `-wal` file beside it is kept too, as `<copy>-wal`.
    """
    n = 1
    while True:
        copy = db_path.with_name(db_path.name + ".corrupt" + (f".{n}" if n > 1 else ""))
        if not copy.exists():
            break
        if filecmp.cmp(copy, db_path, shallow=False):  # compared in blocks: never the whole file in memory
            return copy
        n += 1
    shutil.copy2(db_path, copy)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + "-wal"))
    return copy


def _count_past_backups(restored: Path, db_path: Path) -> None:
    """Raise a restored copy's change counter above every backup's: its next edits never repeat a
    counter an existing backup holds (which would make that backup look like the same content)."""
    highest = max((m[1] for m in map(file_marker, list_backups(db_path)) if m is not None), default=0)
    conn = sqlite3.connect(str(restored), isolation_level=None)
    try:
        if content_marker(conn) is not None:
            conn.execute(
                "UPDATE store_state SET value = CAST(max(CAST(value AS INTEGER), ?) + 1 AS TEXT) WHERE key = 'changes'",
                [highest],
            )
    finally:
        conn.close()


def restore(db_path: Path, backup: Path) -> None:
    """Replace the database (closed) with a verified backup, through the backup API.

    The current file must already be kept elsewhere (a `.corrupt` copy or a fresh backup).
    """
    verify(backup)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _backup_into(src, tmp)
        finally:
            src.close()
        _count_past_backups(tmp, db_path)
        verify(tmp)
        # A stale WAL or shared-memory file would be replayed onto the restored file.
        for extra in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except sqlite3.Error as exc:
        raise BackupError(_("cannot restore {backup}: {error}").format(backup=backup, error=exc)) from None
    except OSError as exc:
        raise BackupError(_("cannot restore {backup}: {error}").format(backup=backup, error=exc.strerror)) from None
    finally:
        tmp.unlink(missing_ok=True)


def window_holding(db_path: Path) -> int | None:
    """The process id of a live window holding `<db>.lock` (Qt's QLockFile format), or None."""
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        first = lock.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        pid = int(first)
    except (OSError, IndexError, ValueError):
        return None
    if pid <= 0 or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


class PinnedCopy:
    """The database as it is now, to back up later on any thread (while the app goes on writing).

    A connection of its own opens a read transaction at once: in WAL mode it goes on reading the
    database as it was then, whatever the app's connection writes meanwhile.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        try:
            self._conn = sqlite3.connect(str(db_path), timeout=5.0, isolation_level=None, check_same_thread=False)
            self._conn.execute("BEGIN")
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot starts here
        except sqlite3.Error as exc:
            raise BackupError(_("cannot read {path} for a backup: {error}").format(path=db_path, error=exc)) from None

    def backup(self) -> BackupResult:
        """make_backup of the pinned state."""
        return make_backup(self._conn, self.db_path)

    def quick_check(self, table: str | None = None) -> list[str]:
        """`PRAGMA quick_check` of the pinned state, or of one (quoted) table of it (SQLite releases the
        GIL while it reads): ['ok'] when sound."""
        try:
            return [r[0] for r in self._conn.execute(f"PRAGMA quick_check({table or 20})")]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]

    def close(self) -> None:
        self._conn.close()
