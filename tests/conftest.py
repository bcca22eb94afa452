"""Fixtures shared by the window tests: a real SQLite file and the real main window on it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def open_window(qtbot, db_path):
    """open_window() builds and shows the main window on db_path (again after a close: a reopen)."""
    from desktop.store import open_store
    from desktop.ui.app import build_window

    opened = []

    def make():
        store = open_store(db_path)
        window = build_window(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(store)
        return window

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def window(open_window):
    """The main window on a fresh database file; closed (background work finished) afterwards."""
    w = open_window()
    yield w
    w.assessment.uncertainty.wait()
    w.close()
