"""File ▸ Delete asks nothing: the proposal goes to the trash, the status bar says so with an Undo
button, and Edit ▸ Undo (Ctrl+Z) brings it back as one step; Redo deletes it again. A real window
on a real SQLite file (the `open_window` fixture of tests/conftest.py), no mocks."""

from __future__ import annotations

import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop.core import ops  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import trash  # noqa: E402
from desktop.ui import dialogs, undo_notice  # noqa: E402


def in_trash(db_path) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM trash")}
    finally:
        conn.close()


def never_asked(monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: asked.append(a) or True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    return asked


def make_current(window, name):
    window.persister.create(name, "SAU")
    window.editor.apply(ops.set_lever(window.session.proposal, "security", 83))
    window.autosaver.flush_all()


def test_delete_asks_nothing_and_the_status_bar_offers_undo(open_window, monkeypatch, db_path):
    asked = never_asked(monkeypatch)
    window = open_window()
    make_current(window, "Saudi campus")
    window.actions_by_id["file.delete"].trigger()
    assert asked == []
    assert in_trash(db_path) == {"Saudi campus"}
    assert window.session.proposal.name != "Saudi campus"
    notice = window.undo_notice
    assert notice.isVisible() and notice.text.text() == "Deleted “Saudi campus”"
    assert notice.button.isVisible() and notice.button.text() == "Undo"
    assert window.undo_action.isEnabled() and window.undo_action.text() == "&Undo Delete “Saudi campus”"
    assert "Saudi campus" not in {p.name for p in window.store.proposal_summaries()}  # Open… no longer lists it


def test_the_undo_button_restores_it_as_the_current_proposal(open_window, monkeypatch, db_path, qtbot):
    never_asked(monkeypatch)
    window = open_window()
    make_current(window, "Saudi campus")
    window.documents.delete()
    qtbot.mouseClick(window.undo_notice.button, Qt.MouseButton.LeftButton)
    assert window.session.proposal.name == "Saudi campus" and window.session.proposal.levers["security"] == 83
    assert window.windowTitle() == "AI Export Desk — Saudi campus"
    assert in_trash(db_path) == set() and not window.undo_notice.isVisible()
    assert window.levers.slider("security").value() == 83


def test_ctrl_z_undoes_the_delete_in_one_step_and_redo_deletes_again(open_window, monkeypatch, db_path, qtbot):
    never_asked(monkeypatch)
    window = open_window()
    make_current(window, "Saudi campus")
    window.documents.delete()
    stack = window.editor.undo_stack
    assert stack.count() == 1  # one step: the delete
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # a window's shortcut needs it active
    slider = window.levers.slider("security")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's Ctrl+Z
    assert window.session.proposal.name == "Saudi campus" and in_trash(db_path) == set()
    assert not window.undo_action.isEnabled()
    window.redo_action.trigger()
    assert in_trash(db_path) == {"Saudi campus"} and window.session.proposal.name != "Saudi campus"
    window.undo_action.trigger()
    assert window.session.proposal.name == "Saudi campus"


def test_undo_into_a_taken_name_brings_it_back_as_name_2(open_window, monkeypatch, db_path):
    never_asked(monkeypatch)
    window = open_window()
    make_current(window, "Saudi campus")
    window.documents.delete()
    window.store.save_proposal(Proposal(name="Saudi campus", country="SAU"))  # the name is free
    window.undo_action.trigger()
    assert window.session.proposal.name == "Saudi campus (2)"
    assert window.windowTitle() == "AI Export Desk — Saudi campus (2)"


def test_the_notice_goes_after_a_while_or_at_the_next_edit(open_window, monkeypatch, qtbot):
    never_asked(monkeypatch)
    monkeypatch.setattr(undo_notice, "NOTICE_MS", 50)
    window = open_window()
    make_current(window, "Saudi campus")
    window.documents.delete()
    qtbot.waitUntil(lambda: not window.undo_notice.isVisible(), timeout=2000)
    make_current(window, "Gulf stack")
    window.documents.delete()
    assert window.undo_notice.isVisible()
    window.editor.apply(ops.set_lever(window.session.proposal, "openness", 12))
    assert not window.undo_notice.isVisible()
    assert trash.find_trashed(window.store).name == "Gulf stack"
