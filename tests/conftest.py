"""Fixtures shared by the window tests: a real SQLite file and the real main window on it."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's remembered state (desktop/ui/window_state.py) never comes from or goes to the
# developer's settings: a folder of the run's own (subprocesses inherit it), one per test below.
os.environ["EXPORT_DESK_CONFIG"] = tempfile.mkdtemp(prefix="export-desk-config-")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Each test starts with no remembered window state (its own settings folder)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("EXPORT_DESK_CONFIG", str(folder))
    return folder


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A CLI run in the test process (main([...])) sets the process-wide language: each test ends in English."""
    yield
    from desktop.core import i18n

    i18n.set_language("en")


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
