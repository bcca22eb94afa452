"""Verified, rotating backups of the working database, and setting a damaged file aside.

Backups are made with SQLite's online backup API (never a raw file copy), written to a
temporary file, verified by reopening it with `PRAGMA integrity_check`, and only then moved
into `<db>.backups/` under a timestamped name: every `*.sqlite3` file there is verified.
A backup whose content equals the newest one is not kept ("none when nothing changed").
"""

from __future__ import annotations

import filecmp
import hashlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

KEEP_ENV_VAR = "EXPORT_DESK_KEEP_BACKUPS"
DEFAULT_KEEP = 10
_SUFFIX = ".sqlite3"
_MAGIC = b"SQLite format 3\x00"
_SEQUENCE_AT = 68  # the header's application_id: each backup's sequence number (see list_backups)

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
        raise BackupError(f"cannot open backup {path}: {exc}") from None
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"backup {path} is damaged: {exc}") from None
    finally:
        conn.close()
    if rows != [("ok",)]:
        raise BackupError(f"backup {path} is damaged: {rows[0][0]}")


def _content_hash(path: Path) -> str:
    """A hash of the file with the header's write counters blanked (same content → same hash)."""
    data = bytearray(path.read_bytes())
    # Offsets 24 (file change counter) and 92 (version-valid-for) differ between copies of
    # the same content; the rest of the file does not.
    data[24:28] = b"\0" * 4
    data[92:96] = b"\0" * 4
    data[_SEQUENCE_AT:_SEQUENCE_AT + 4] = b"\0" * 4  # the backup's sequence number
    return hashlib.sha256(data).hexdigest()


def _backup_into(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        source.backup(dest)
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

    Returns path None when the content equals the newest backup (unless force).
    """
    keep = keep_setting() if keep is None else max(1, keep)
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the backup folder {folder}: {exc.strerror}") from None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    stem = db_path.name.removesuffix(_SUFFIX)
    final = folder / f"{stem}-{stamp}{_SUFFIX}"
    tmp = folder / f".{final.name}.tmp"
    try:
        try:
            _backup_into(source, tmp)
            _number(tmp, max((backup_sequence(p) for p in list_backups(db_path)), default=0) + 1)
        except sqlite3.Error as exc:
            raise BackupError(f"cannot write a backup in {folder}: {exc}") from None
        except OSError as exc:
            raise BackupError(f"cannot write a backup in {folder}: {exc.strerror}") from None
        verify(tmp)
        previous = latest_backup(db_path)
        if not force and previous is not None and _content_hash(previous) == _content_hash(tmp):
            return BackupResult(None, "unchanged since the last backup")
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
        verify(tmp)
        # A stale WAL or shared-memory file would be replayed onto the restored file.
        for extra in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore {backup}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot restore {backup}: {exc.strerror}") from None
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
            raise BackupError(f"cannot read {db_path} for a backup: {exc}") from None

    def backup(self) -> BackupResult:
        """make_backup of the pinned state."""
        return make_backup(self._conn, self.db_path)

    def close(self) -> None:
        self._conn.close()
