"""Menus and shortcuts are declared once (desktop/ui/action_registry.py): the window's menus, the F1
list and the README's table are made from the registry, and nothing drifts from it."""

from __future__ import annotations

import os
import re
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop.ui import action_registry as registry  # noqa: E402
from desktop.ui.action_registry import MENUS, Action, Separator, Submenu  # noqa: E402
from desktop.ui.menus import build_menus  # noqa: E402

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_menu_bar_is_the_registry_in_order_with_its_shortcuts(window):
    bar = [a for a in window.menuBar().actions() if a.menu() is not None]
    assert [a.text() for a in bar] == [m.title for m in MENUS]
    for action, menu in zip(bar, MENUS, strict=True):
        shown = [a for a in action.menu().actions()][: len(menu.items)]  # Scenarios lists more below its own
        for qaction, item in zip(shown, menu.items, strict=True):
            if isinstance(item, Separator):
                assert qaction.isSeparator()
            elif isinstance(item, Submenu):
                assert qaction.menu() is not None and qaction.text() == item.text
            else:
                assert (qaction.objectName(), qaction.text()) == (item.id, item.text)
                assert [k.toString() for k in qaction.shortcuts()] == [QKeySequence(s).toString() for s in item.shortcuts]


def test_every_shortcut_triggers_its_own_entry_and_none_is_taken_twice(window):
    seen: dict[str, str] = {}
    for action in registry.actions():
        for keys in action.shortcuts:
            assert keys not in seen, f"{keys} is bound to {seen[keys]} and {action.id}"
            seen[keys] = action.id
    assert window.actions_by_id["workshop.pin"] in window.actions()  # works while the menus are closed


def test_the_f1_list_is_the_registry(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    window.actions_by_id["help.shortcuts"].trigger()
    assert shown == [("Keyboard shortcuts", registry.shortcut_text())]
    for keys, what, _where in registry.shortcut_rows():
        assert keys in shown[0][1] and what in shown[0][1]


def test_the_readme_table_is_the_registry():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- shortcuts:start[^>]*-->\n(.*?)\n<!-- shortcuts:end -->", text, re.S)
    assert found, "the README lost its shortcut table markers"
    assert found.group(1) == registry.shortcut_table(), (
        "README shortcut table differs from desktop/ui/action_registry.py; replace it with:\n" + registry.shortcut_table()
    )
    assert len(re.findall(r"^\| Keys \|", text, re.M)) == 1  # the one table, nowhere else


def test_a_menu_id_without_a_handler_or_a_handler_without_an_id_is_refused(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    with pytest.raises(KeyError, match="without a handler"):
        build_menus(window, {"file.new": lambda: None})
    handlers = {item.id: (lambda: None) for menu in MENUS for item in menu.items if isinstance(item, Action)}
    handlers.update({item.id: None for menu in MENUS for item in menu.items if isinstance(item, Submenu)})
    with pytest.raises(KeyError, match="without a menu id"):
        build_menus(window, dict(handlers, **{"file.nonsense": lambda: None}))
