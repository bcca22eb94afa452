"""Start-up safety for the window: one instance per database, a rotating log, recovery from damage.

- A QLockFile beside the database keeps a second window off it (it is told so and never writes).
- Exceptions in slots go to `<data folder>/logs/export-desk.log` (rotating) and the status bar.
- A damaged database is set aside (by the store) and the latest verified backup offered.
- Verified backups are taken on open and on close (none when nothing changed: a change counter
  in the file is compared, nothing is copied). The one on open is made on a worker thread from a
  read snapshot pinned before the window is built (BackupOnOpen), started once the window has
  painted: its reads never delay the window's own. The one on close (BackupOnClose) pins what the
  window wrote, and is made after the window has gone and the lock is released: closing never
  waits for a backup.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
import threading
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

from ..core.i18n import _
from ..store import CorruptDatabaseError, Store, StoreError, default_path, open_store
from ..store.backup import BackupError, PinnedCopy
from ..store.connection import resolve_path, restore_backup
from ..store.integrity import daily_check, work_tables_damage
from . import dialogs

log = logging.getLogger("desktop")

LOG_NAME = "export-desk.log"


def db_target(db_path: str | os.PathLike[str] | None) -> Path:
    """The database file the window will open."""
    return resolve_path(db_path) if db_path is not None else default_path()  # the lock is on the real file


def log_dir(db: Path) -> Path:
    """The log folder: `logs/` in the user-data folder that holds the database."""
    return db.parent / "logs"


def install_log(db: Path) -> Path | None:
    """Send the app's log records to a rotating file beside the database; returns its path."""
    folder = log_dir(db)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    path = folder / LOG_NAME
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    return path


def acquire_lock(db: Path) -> QLockFile | None:
    """Hold `<db>.lock` for this window, or None when it cannot (see lock_problem for why)."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    lock = QLockFile(str(db.with_name(db.name + ".lock")))
    # Never steal a live instance's lock because it is old; a crashed one's is still reclaimed.
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    _failed[db] = lock.error()
    return None


_failed: dict[Path, QLockFile.LockError] = {}


def lock_problem(db: Path) -> tuple[str, str] | None:
    """Why acquire_lock(db) failed, other than another window holding it: (title, message), or None.

    A lock that cannot be written says why (a missing or read-only folder, a full disk), instead
    of "already open in another window".
    """
    error = _failed.get(db)
    if error is None or error == QLockFile.LockError.LockFailedError:
        return None
    folder = db.parent
    if not folder.is_dir():
        why = _("the folder {folder} does not exist and cannot be created").format(folder=folder)
    elif not os.access(folder, os.W_OK):
        why = _("the folder {folder} is read-only (the window keeps a lock file beside the database)").format(folder=folder)
    else:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            free = None
        why = _("the disk holding {folder} is full").format(folder=folder) if free is not None and free < 64 * 1024 else (
            _("the lock file beside it cannot be written in {folder}").format(folder=folder)
        )
    return _("Cannot open the database"), _("{db} cannot be opened: {why}.").format(db=db, why=why)


def lock_holder(db: Path) -> str:
    """Who holds the lock, as text for the message."""
    lock = QLockFile(str(db.with_name(db.name + ".lock")))
    info = lock.getLockInfo()  # (pid, hostname, appname); pid 0 when unreadable
    pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (0, "")
    return _("process {pid} on {host}").format(pid=pid, host=host) if pid else _("another program")


def open_with_recovery(db: Path, thorough: bool = False) -> Store | None:
    """Open the store; on damage offer the latest verified backup. None when the user quits.

    The daily quick_check and the check of the work tables run in BackupOnOpen, unless thorough:
    then the open runs both (a read of the window found damage the cheap check had not).
    """
    try:
        if thorough:
            return open_store(db, check_now=True)
        return open_store(db, daily_check=False, work_tables=False)
    except CorruptDatabaseError as exc:
        log.error("damaged database: %s", exc)
        kept = _("A copy of the damaged file is kept as\n{corrupt_copy}\n\n").format(corrupt_copy=exc.corrupt_copy) if exc.corrupt_copy else ""
        if exc.backup is None:
            dialogs.explain(
                None,
                _("The database is damaged"),
                _("{db} is damaged ({detail}).\n\n{kept}No backup of it exists, so it cannot be restored here.").format(db=db, detail=exc.detail, kept=kept),
            )
            return None
        if not dialogs.offer_restore(None, db, exc.detail, exc.corrupt_copy, exc.backup):
            return None
        try:
            restore_backup(db, exc.backup)
            store = open_store(db)
        except (BackupError, StoreError) as again:
            dialogs.explain(None, _("Cannot restore the backup"), str(again))
            return None
        log.info("restored %s from %s", db, exc.backup)
        return store


def backup_now(store: Store, when: str, source: PinnedCopy | None = None) -> str | None:
    """A verified backup (none when nothing changed); returns a status message, or None.

    source: a pinned copy to back up (default: the store as it is now).
    """
    if store.path is None:
        return None
    try:
        made = source.backup() if source is not None else store.backup()
    except BackupError as exc:
        log.warning("backup %s failed: %s", when, exc)
        return _("Backup failed: {exc}").format(exc=exc)
    if made.path is not None:
        log.info("backup %s: %s (%d bytes)", when, made.path, made.size)
    return None


class BackupOnOpen(QObject):
    """The verified backup on open, made off the GUI thread (it took ~100 ms there on a big database).

    Created right after the store is opened, before the window is built: a connection of its own
    opens a read transaction at once, which pins the database as it was opened (WAL: the window's
    later writes do not change what this snapshot reads), and a worker thread (started at once, or
    by `start()` when start=False) runs the daily check, copies, verifies and files it.  `problem`
    (emitted on the GUI thread) carries the status message of a failed backup; `wait()` joins the
    worker (before the backup on close, so that one compares against this one; it starts the
    worker if it waits).  If the snapshot cannot be opened, the backup is made
    at once on the calling thread, as before.
    """

    problem = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None, start: bool = True) -> None:
        super().__init__(parent)
        self.message: str | None = None
        self._thread: threading.Thread | None = None
        if store.path is None:
            return
        try:
            snapshot = PinnedCopy(store.path)
        except BackupError as exc:
            log.warning("backup on open: no snapshot connection (%s); backing up on the GUI thread", exc)
            self.message = backup_now(store, "on open")
            return
        self._snapshot = snapshot
        self._thread = threading.Thread(target=self._run, args=(store, snapshot), name="backup-on-open", daemon=True)
        if start:
            self.start()

    def start(self) -> None:
        """Start the worker (once).  The window starts it after its first paint: on a file not in
        the OS's cache, the daily check reads the whole file, and the window's own first reads
        must not queue behind it; the snapshot was pinned when this was made, so it backs up the
        database as opened all the same."""
        if self._thread is not None and self._thread.ident is None:  # ident: set once started
            self._thread.start()

    def cancel(self) -> None:
        """Let go of the snapshot without backing up (if the worker has not started)."""
        if self._thread is not None and self._thread.ident is None:
            self._snapshot.close()
            self._thread = None

    def _run(self, store: Store, snapshot: PinnedCopy) -> None:
        try:
            # The work tables the open left unchecked, then the daily quick_check, off the GUI thread.
            damage = work_tables_damage(snapshot) or daily_check(snapshot)
            if damage is not None:
                log.error("the check at open found damage in %s: %s", store.path, damage)
                self.message = (
                    _("The database may be damaged ({damage}): no backup made. Close the window and run `export-desk check --full`; `export-desk restore-backup` restores the newest backup.").format(damage=damage)
                )
            else:
                self.message = backup_now(store, "on open", source=snapshot)
        except Exception as exc:  # noqa: BLE001 - a worker thread must not die silently
            log.error("backup on open failed: %s", exc)
            self.message = _("Backup failed: {exc}").format(exc=exc)
        finally:
            snapshot.close()
        if self.message:
            self.problem.emit(self.message)

    def done(self) -> bool:
        return self._thread is None or (self._thread.ident is not None and not self._thread.is_alive())

    def wait(self) -> str | None:
        """Block until the backup is made; its status message, or None."""
        if self._thread is not None:
            self.start()
            self._thread.join()
        return self.message


class BackupOnClose:
    """The backup on close, pinned while the store is still open and made once the lock is released.

    `BackupOnClose(store)` counts the window's writes and pins the database as the window leaves it
    (a read snapshot: cheap); the caller then closes the store and releases the lock at once, and
    `finish()` makes the verified backup from the snapshot (none when the newest backup holds the
    same content): the window is gone by then, and another window may already have the file.
    """

    def __init__(self, store: Store) -> None:
        self._snapshot: PinnedCopy | None = None
        self._store = store
        if store.path is None:
            return
        try:
            with store.writing():
                store.count_changes()
        except StoreError as exc:
            log.warning("backup on close: cannot count the changes (%s)", exc)
        try:
            self._snapshot = PinnedCopy(store.path)
        except BackupError as exc:
            log.warning("backup on close: no snapshot connection (%s); backing up before closing", exc)
            backup_now(store, "on close")

    def finish(self) -> str | None:
        """Make the backup from the pinned snapshot (the store may be closed); a status message, or None."""
        if self._snapshot is None:
            return None
        try:
            return backup_now(self._store, "on close", source=self._snapshot)
        finally:
            self._snapshot.close()
            self._snapshot = None
