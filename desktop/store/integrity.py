"""The integrity policy: checks at open that do not grow with the file, and full checks on demand.

In the spirit of Firefox's and Zotero's: a damaged file must be found before anything is written,
but a heavy user's 2 GiB file must not pay a full scan at every start.

- Every open (window and every CLI command): a cheap check — the header and the schema are read
  (sqlite_master, user_version), the first row of every table, and `quick_check(table)` of every
  table but the history ones (snapshots, settled changes: most of a heavy user's file), which finds
  a file that is not a database, a torn header, a damaged proposal or reference table. Milliseconds,
  and the same at any size of history. The window checks the tables of the user's own work
  (WORK_TABLES) on its backup's read snapshot right after its first paint instead, before the
  daily check and the backup: on a big file not in the OS's cache they cost a quarter of a second.
- `PRAGMA quick_check` at open only when it is due: after an unclean shutdown (a `-wal` file left
  beside the database with no window holding it: a crash, a kill, a power cut), or when the file has
  passed no check for CHECK_EVERY (a day). A verified backup counts as a check: its copy passed
  `integrity_check` page by page. $EXPORT_DESK_CHECK=always runs it at every open. The window
  runs the daily one in the background instead (on the backup on open's read snapshot, before
  that backup), and says so in the status bar if it finds damage.
- Before each backup is kept, its copy passes a full `integrity_check` (store/backup.py).
- On demand: `export-desk check` (quick_check) and `export-desk check --full` (integrity_check).

The checks run without the statement deadline that bounds every query (store/trust.py): they
read every page, so they take as long as the file is large (about a minute for a cold 2 GiB file).

When the last check passed is kept beside the backups (`<db>.backups/last-check`), never in the
database: opening never writes to the file, so a refused command leaves it byte-identical.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .backup import PinnedCopy, backup_dir, latest_backup, window_holding
from .trust import unbounded

CHECK_ENV_VAR = "EXPORT_DESK_CHECK"
CHECK_EVERY = timedelta(days=1)
STAMP_NAME = "last-check"


def _stamp(path: Path) -> Path:
    return backup_dir(path) / STAMP_NAME


def unclean_shutdown(path: Path) -> bool:
    """A `-wal` left beside the file by a process that is gone (no live window holds the lock)."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and window_holding(path) is None


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def last_checked(path: Path) -> datetime | None:
    """When the file last passed a check: a quick_check (at open or on demand), or the newest verified backup's copy."""
    found: list[datetime] = []
    try:
        when = _parse(_stamp(path).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        when = None
    if when is not None:
        found.append(when)
    backup = latest_backup(path)
    if backup is not None:
        try:
            found.append(datetime.fromtimestamp(backup.stat().st_mtime, timezone.utc))
        except OSError:
            pass
    return max(found) if found else None


def quick_check_due(path: Path, unclean: bool = False, now: datetime | None = None, daily: bool = True) -> str | None:
    """Why a quick_check should run at this open, or None (the cheap check is enough).

    daily False: only an unclean shutdown or $EXPORT_DESK_CHECK=always make it due (the caller
    runs the daily one itself, e.g. in the background).
    """
    if os.environ.get(CHECK_ENV_VAR, "").strip().lower() == "always":
        return f"${CHECK_ENV_VAR}=always"
    if unclean:
        return "unclean shutdown"
    if not daily:
        return None
    when = last_checked(path)
    if when is None:
        return "never checked"
    if (now or datetime.now(timezone.utc)) - when > CHECK_EVERY:
        return "last checked over a day ago"
    return None


# The tables that grow with a user's history: left to the full quick_check (when due) and to each
# backup's integrity_check, so that the check at every open stays the same size.
HISTORY_TABLES = frozenset({"snapshots", "settled_changes"})


# The tables that grow with a user's own work (proposals and their measures, the inputs of their
# states, assumption versions): a few MB, but on a big file not in the OS's cache their pages lie
# scattered through it, and checking them at open read ~3,400 pages one by one (0.25 s at 10,000
# proposals). The window checks them on its backup's read snapshot once it has painted instead.
WORK_TABLES = frozenset({"proposals", "proposal_measures", "state_inputs", "assumptions"})


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def cheap_check(conn: sqlite3.Connection, work_tables: bool = True) -> None:
    """The schema, the first row of every table, and `quick_check` of every table but the history ones
    (and but WORK_TABLES when work_tables is False: the window checks those in the background,
    `work_tables_damage`).

    sqlite3.DatabaseError on damage. Proposals, reference data and settings are a few MB even in a
    heavy user's file; the history tables are most of it.
    """
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for name in names:
        quoted = _quoted(name)
        conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()  # noqa: S608 - a quoted table name from the schema
        if name not in HISTORY_TABLES and (work_tables or name not in WORK_TABLES):
            problems = [r[0] for r in conn.execute(f"PRAGMA quick_check({quoted})")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(problems[0])


def work_tables_damage(pinned: PinnedCopy) -> str | None:
    """`quick_check` of the WORK_TABLES on a pinned read snapshot: the first problem, or None."""
    for name in sorted(WORK_TABLES):
        problems = pinned.quick_check(_quoted(name))
        if problems != ["ok"]:
            return problems[0]
    return None


def quick_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """The problems `PRAGMA quick_check` (or `integrity_check` when full) finds: ['ok'] when none.

    It runs without the connection's statement deadline (store/trust.py): it reads every page,
    so it takes as long as the file is large, and a heavy user's cold file would otherwise be
    refused at the open that checks it ("a query ran longer than 15 s")."""
    pragma = "integrity_check" if full else "quick_check"
    with unbounded(conn):
        return [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)")]


def record_checked(path: Path) -> None:
    """Keep when the file passed a check, beside its backups (silently nothing where that cannot be written)."""
    stamp = _stamp(path)
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(datetime.now(timezone.utc).isoformat(timespec="seconds") + "\n", encoding="utf-8")
    except OSError:
        pass


def daily_check(pinned: PinnedCopy) -> str | None:
    """The daily quick_check on a pinned read snapshot, when due: the first problem, or None.

    For the window, off the GUI thread (ui.guard.BackupOnOpen); a sound result is kept as the check.
    """
    if quick_check_due(pinned.db_path) is None:
        return None
    problems = pinned.quick_check()
    if problems != ["ok"]:
        return problems[0]
    record_checked(pinned.db_path)
    return None


def check_store(store: Any, full: bool = False) -> list[str]:
    """The file's integrity on demand: `quick_check`, or `integrity_check` when full; ['ok'] when sound.

    A sound result is kept as the file's last check (store/integrity.py: the policy at open).
    """
    problems = quick_check(store.db.conn, full=full)
    if problems == ["ok"] and store.path is not None:
        record_checked(store.path)
    return problems
