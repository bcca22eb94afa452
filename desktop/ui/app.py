"""Start the window: open the store, build the session on the latest proposal, show it."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..core.model import DomainError
from ..core.session import Session
from ..paths import resources_dir
from ..store import Store, StoreError, open_store
from . import dialogs
from .documents import initial_proposal
from .main_window import MainWindow
from .theme import apply_theme, follow_desktop_theme

log = logging.getLogger("desktop")


def build_window(store: Store) -> MainWindow:
    """The main window on the store's most recent proposal (a new one on a fresh database)."""
    session = Session(initial_proposal(store), store.profiles(), store.assumption_set())
    return MainWindow(store, session)


def _install_excepthook(window_getter) -> None:
    """Log an exception raised in a slot and tell the user briefly; the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        log.error("unhandled exception: %s", "".join(traceback.format_exception(exc_type, exc, tb)))
        window = window_getter()
        if window is not None:
            window.statusBar().showMessage(f"Something went wrong: {exc}. Your work is kept.", 10000)

    sys.excepthook = hook


def run_app(db_path: str | Path | None = None, argv: list[str] | None = None) -> int:
    """Run the GUI until the window closes; returns the exit status."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("AI Export Desk")
    app.setOrganizationName("AI Export Desk")
    app.setWindowIcon(QIcon(str(resources_dir() / "app-icon.svg")))
    apply_theme(app)
    follow_desktop_theme(app)
    try:
        store = open_store(db_path)
    except StoreError as exc:
        dialogs.explain(None, "Cannot open the database", str(exc))
        return 2
    try:
        window = build_window(store)
    except (DomainError, StoreError) as exc:
        dialogs.explain(None, "Cannot open the database", str(exc))
        store.close()
        return 2
    holder = {"window": window}
    _install_excepthook(lambda: holder.get("window"))
    window.show()
    code = app.exec()
    holder.clear()
    store.close()
    return code
