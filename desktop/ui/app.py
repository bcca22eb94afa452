"""Start the window: open the store, build the session on the latest proposal, show it."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..core.i18n import _
from ..core.model import DomainError
from ..paths import resources_dir
from ..store import DatabaseDamage, Store, StoreError
from ..store.persister import open_session
from . import dialogs, guard, language
from .areas import AreaKeys
from .desktop_integration import BundleDrop, Handoff, hand_over, set_app_id
from .idle import after_first_paint
from .main_window import MainWindow
from .theme import apply_theme, follow_desktop_theme

log = logging.getLogger("desktop")


def build_window(store: Store) -> MainWindow:
    """The main window on the store's most recent proposal (a new one on a fresh database);
    a bundle dropped on it is imported."""
    session, persister = open_session(store)
    window = MainWindow(store, session, persister)
    window.bundle_drop = BundleDrop(window, window.exchange.import_path)
    window.area_keys = AreaKeys(window, [window.proposal_panel, window.levers, window.assessment, window.country_panel])
    return window


def _open_and_build(target: Path) -> tuple[Store, guard.BackupOnOpen, MainWindow] | None:
    """The store opened (recovered from damage if the user agrees) and the window built on it; None
    once the user has been told why not.

    The open checks what the window needs at once and leaves the rest to the backup on open (see
    guard.open_with_recovery); if a read of the build meets damage anyway, the file is opened again
    with every check, which sets it aside and offers the backup as damage found at open does.
    """
    for thorough in (False, True):
        try:
            store = guard.open_with_recovery(target, thorough=thorough)
        except StoreError as exc:
            dialogs.explain(None, _("Cannot open the database"), str(exc))
            return None
        if store is None:
            return None
        # Pinned before the window is built (the backup copies the database as opened), made on a
        # worker thread once the window has painted (see guard.BackupOnOpen.start).
        opening_backup = guard.BackupOnOpen(store, start=False)
        try:
            return store, opening_backup, build_window(store)
        except DatabaseDamage as exc:
            opening_backup.cancel()
            store.close()
            log.error("reading %s to build the window: %s", target, exc)
            if thorough:  # every check passed, yet a read fails: say so, never a traceback
                dialogs.explain(None, _("Cannot open the database"), _("{db} cannot be read ({detail}).").format(db=target, detail=exc))
                return None
        except (DomainError, StoreError) as exc:
            opening_backup.wait()
            dialogs.explain(None, _("Cannot open the database"), str(exc))
            store.close()
            return None
    return None


def _collect_again() -> None:
    """The window is up: freeze the start-up objects (never scanned again) and collect as usual."""
    gc.freeze()
    gc.enable()


def _install_excepthook(window_getter) -> None:
    """Log an exception raised in a slot and tell the user briefly; the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        log.error("unhandled exception: %s", "".join(traceback.format_exception(exc_type, exc, tb)))
        window = window_getter()
        if window is not None:
            window.statusBar().showMessage(_("Something went wrong: {exc}. Your work is kept.").format(exc=exc), 10000)

    sys.excepthook = hook


def run_app(db_path: str | Path | None = None, argv: list[str] | None = None, open_file: str | None = None) -> int:
    """Run the GUI until the window closes; returns the exit status.

    open_file: a bundle to import once the window is up (`export-desk FILE`). When another window
    has the database open, it is asked to come forward (and import open_file) and this one exits 0.
    """
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("AI Export Desk")
    app.setOrganizationName("AI Export Desk")
    language.apply(app, language.language_to_use())  # before any text is made: the system's or the chosen
    set_app_id()
    app.setWindowIcon(QIcon(str(resources_dir() / "app-icon.svg")))
    apply_theme(app)
    follow_desktop_theme(app)
    target = guard.db_target(db_path)
    guard.install_log(target)
    lock = guard.acquire_lock(target)
    problem = guard.lock_problem(target) if lock is None else None
    if problem is not None:
        dialogs.explain(None, *problem)
        return 2
    if lock is None and hand_over(target, None if open_file is None else str(Path(open_file).resolve())):
        log.info("%s is open in another window: asked it to come forward", target)
        return 0
    if lock is None:
        dialogs.explain(
            None,
            _("Already open"),
            _("{target} is already open in another AI Export Desk window ({lock_holder}).\n\nUse that window, or close it first: two windows on one database could overwrite each other's work.").format(target=target, lock_holder=guard.lock_holder(target)),
        )
        return 2
    try:
        opened = _open_and_build(target)
        if opened is None:
            return 2
        store, opening_backup, window = opened
        holder = {"window": window}
        _install_excepthook(lambda: holder.get("window"))

        def show_problem(text: str) -> None:
            if holder.get("window") is not None:
                window.statusBar().showMessage(text, 10000)

        opening_backup.problem.connect(show_problem)
        if opening_backup.done() and opening_backup.message:
            show_problem(opening_backup.message)  # it finished before the connection was made
        if not gc.isenabled():  # desktop.__main__ turned it off for the start
            after_first_paint(window, _collect_again)
        handoffs: list[Handoff] = []

        def listen() -> None:
            # Once the window is on screen (QtNetwork's import and the server are not needed for the
            # first paint); until then a second launch finds the lock taken and says so.
            handoffs.append(Handoff(window, target, window.exchange.import_path))
            if handoffs[0].listening:
                log.info("listening for a second launch on %s", target)

        after_first_paint(window, listen)
        after_first_paint(window, opening_backup.start)
        window.show()
        if open_file is not None:
            QTimer.singleShot(0, lambda: window.exchange.import_path(open_file))
        code = app.exec()
        for handoff in handoffs:
            handoff.close()
        gc.enable()
        gc.unfreeze()  # the caller gets the collector as it was before the window (see _collect_again)
        holder.clear()
        # The window is gone: pin what it wrote, close, release the lock at once, then back up.
        closing = guard.BackupOnClose(store)
        store.close()
        lock.unlock()
        opening_backup.wait()
        closing.finish()
        return code
    finally:
        lock.unlock()
