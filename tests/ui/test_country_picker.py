"""The country picker with real key presses: typed name/code/prefix + Enter or Tab picks it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402


def type_into(qtbot, combo, text, key):
    edit = combo.lineEdit()
    combo.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    popup = combo.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else edit, key)


@pytest.mark.parametrize("typed", ["Indonesia", "IDN", "ID", "indo"])
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_a_typed_name_or_code_then_enter_or_tab_retargets_the_proposal(window, qtbot, typed, key):
    combo = window.proposal_panel.country
    type_into(qtbot, combo, typed, key)
    assert window.session.proposal.country == "IDN"
    assert combo.currentText() == "Indonesia — IDN"
    assert window.editor.undo_stack.count() == 1  # one step, undoable
    if key == Qt.Key.Key_Tab:
        assert not combo.hasFocus() and not combo.lineEdit().hasFocus()  # Tab went on to the next control


def test_an_ambiguous_prefix_lists_the_choices_and_changes_nothing(window, qtbot):
    combo = window.proposal_panel.country
    type_into(qtbot, combo, "Nig", Qt.Key.Key_Return)
    popup = combo.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown and all("Nig" in s for s in shown) and len(shown) >= 2
    assert window.session.proposal.country == "KEN"
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # and the choices can be picked from the keyboard
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.session.proposal.country in ("NER", "NGA")


def test_text_that_fits_no_country_goes_back_to_the_current_one(window, qtbot):
    combo = window.proposal_panel.country
    type_into(qtbot, combo, "Atlantis", Qt.Key.Key_Return)
    assert window.session.proposal.country == "KEN"
    assert combo.currentText() == "Kenya — KEN"


def test_in_french_the_picker_lists_the_uns_names_in_their_order_and_understands_english_and_no_accents(window, qtbot):
    from desktop.core.country_match import folded
    from desktop.core.i18n import use_language
    from desktop.core.languages import official_name
    from desktop.ui.widgets import CountryPicker

    with use_language("fr"):
        picker = CountryPicker(window.session.profiles)
        qtbot.addWidget(picker)
        texts = [picker.itemText(i) for i in range(picker.count())]
        assert picker.itemText(picker.row_of("MAR")) == f"{official_name('MAR', 'fr')} — MAR" == "Maroc — MAR"
        names = [t.rsplit(" — ", 1)[0] for t in texts]
        assert names == sorted(names, key=folded)  # "Émirats arabes unis" among the E, not after Z
        for typed, iso in (("senegal", "SEN"), ("Sénégal", "SEN"), ("Morocco", "MAR"), ("MA", "MAR"), ("Allemagne", "DEU")):
            picker.setEditText(typed)
            assert picker.pick_typed() == [iso], typed
            assert picker.currentData() == iso
