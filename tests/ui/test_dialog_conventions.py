"""Dialog conventions: the primary action is the default button, a typed existing path asks before
it is replaced, mnemonics are unique per menu, standard shortcuts mean the standard thing."""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox  # noqa: E402

from desktop.ui import dialogs, exchange  # noqa: E402
from desktop.ui.action_registry import MENUS, Action, Submenu  # noqa: E402
from desktop.ui.workshop import OptimiseDialog  # noqa: E402


def test_enter_in_optimise_applies_and_esc_cancels(window, qtbot):
    from desktop.core.optimize import optimise

    s = window.session

    def compute(objective):
        return optimise(s.proposal, s.profile, s.assumptions, objective)

    for key, result in ((Qt.Key.Key_Return, QDialog.DialogCode.Accepted), (Qt.Key.Key_Escape, QDialog.DialogCode.Rejected)):
        dialog = OptimiseDialog(window, compute)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
        assert apply.isDefault() and apply.isEnabled()
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
        dialog.changes.setFocus()  # wherever the focus is (the list of changes, here)
        qtbot.keyClick(dialog.changes, key)
        assert dialog.result() == result


def test_a_typed_existing_brief_path_asks_before_it_is_replaced(window, monkeypatch, tmp_path):
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"the old brief")
    monkeypatch.setattr(exchange, "ask_export_brief", lambda _p, _d, *_rest: (str(out), False, False))
    asked = []
    monkeypatch.setattr(dialogs, "ask_replace", lambda _p, _t, paths: asked.append(paths) or False)
    window.actions_by_id["file.export_brief"].trigger()
    assert asked == [[str(out)]] and out.read_bytes() == b"the old brief"  # declined: untouched
    monkeypatch.setattr(dialogs, "ask_replace", lambda _p, _t, paths: asked.append(paths) or True)
    window.actions_by_id["file.export_brief"].trigger()
    assert out.read_bytes().startswith(b"%PDF")
    fresh = tmp_path / "new.pdf"
    monkeypatch.setattr(exchange, "ask_export_brief", lambda _p, _d, *_rest: (str(fresh), False, False))
    asked.clear()
    window.actions_by_id["file.export_brief"].trigger()
    assert asked == [] and fresh.exists()  # a new file: no question


def test_the_replace_question_defaults_to_cancel(qtbot, monkeypatch):
    seen = []

    def fake_exec(box):
        seen.append((box.defaultButton().text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert dialogs.ask_replace(None, "Export brief", ["/tmp/x.pdf"]) is False
    assert seen[0][0] == "Cancel" and "&Replace" in seen[0][1]


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_every_menu_and_entry_has_a_mnemonic_unique_in_its_menu():
    bar = [_mnemonic(m.title) for m in MENUS]
    assert None not in bar and len(set(bar)) == len(bar), bar
    for menu in MENUS:
        entries = [(item.id, _mnemonic(item.text)) for item in menu.items if isinstance(item, (Action, Submenu))]
        missing = [i for i, m in entries if m is None]
        assert not missing, f"{menu.name}: no mnemonic for {missing}"
        letters = [m for _i, m in entries]
        clashes = sorted({m for m in letters if letters.count(m) > 1})
        assert not clashes, f"{menu.name} menu: Alt+{menu.title[menu.title.index('&') + 1]}, {clashes} is ambiguous"


# Keys every desktop user knows: used only for what they mean (the action id), or not at all.
STANDARD = {
    "Ctrl+S": None, "Ctrl+Shift+S": "file.duplicate",  # Save As: a copy under a new name is Duplicate here
    "Ctrl+W": None, "Ctrl+P": None, "Ctrl+F": None, "Ctrl+C": "edit.copy_assessment", "Ctrl+X": None, "Ctrl+V": None,
    "Ctrl+A": None, "Ctrl+M": None,  # Minimise on macOS
    "Ctrl+H": None,  # Hide on macOS
    "Ctrl+,": None,  # Preferences
    "Ctrl+N": "file.new", "Ctrl+O": "file.open", "Ctrl+Q": "file.quit", "Ctrl+Z": "edit.undo",
    "Ctrl+Shift+Z": "edit.redo", "Ctrl+Y": "edit.redo", "F1": "help.shortcuts", "F11": "view.presentation",
}


@pytest.mark.parametrize("keys, allowed", sorted(STANDARD.items()))
def test_a_standard_shortcut_means_the_standard_thing(keys, allowed):
    users = [a.id for m in MENUS for a in m.items if isinstance(a, Action) and keys in a.shortcuts]
    assert users in ([], [allowed]), f"{keys} is bound to {users}; it may only be {allowed or 'unused'}"
