"""Copy: the assessment as text and as a table, a chart as an image; the assessment's context menu."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QContextMenuEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.assessment_text import INTERNAL  # noqa: E402


def test_copy_assessment_puts_the_score_lines_flags_and_moves_on_the_clipboard(window):
    window.actions_by_id["edit.copy_assessment"].trigger()
    text = QApplication.clipboard().text()
    a = window.session.assessment
    assert text.startswith(INTERNAL)
    assert f"Overall {a.overall:.1f} / 100 — {a.band}" in text
    assert all(li.label in text for li in a.line_items)
    assert a.flags and a.flags[0].message in text
    assert a.moves["best"][0].label in text


def test_ctrl_c_on_a_lever_copies_the_assessment_but_a_text_field_keeps_its_own_copy(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    slider = window.levers.slider("security")
    slider.setFocus()
    QApplication.clipboard().clear()
    qtbot.keyClick(slider, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().startswith(INTERNAL)
    name = window.proposal_panel.name
    name.setFocus()
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == name.text()


def test_copy_as_table_is_tab_separated_for_a_spreadsheet(window):
    window.actions_by_id["edit.copy_table"].trigger()
    mime = QApplication.clipboard().mimeData()
    rows = [r.split("\t") for r in mime.text().splitlines()]
    assert rows[2] == ["What", "Points", "Out of", "Side"]
    assert rows[3][0] == "Overall" and float(rows[3][1]) == round(window.session.assessment.overall, 2)
    assert bytes(mime.data("text/tab-separated-values")).decode() == mime.text()
    assert len(rows) == 6 + len(window.session.assessment.line_items)


def test_the_context_menu_copies_the_chart_under_the_pointer_as_an_image(window, qtbot):
    radar = window.assessment.radar
    tools = window.clipboard
    menu = tools.menu_for(radar)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "Copy this chart as an &image" and "Copy assessment as te&xt" in texts
    menu.actions()[0].trigger()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.size() == radar.grab().size()


def test_a_right_click_on_the_assessment_opens_its_menu(window, qtbot):
    panel = window.assessment
    where = panel.radar.mapTo(panel, panel.radar.rect().center())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, panel.mapToGlobal(where))
    QApplication.sendEvent(panel, event)
    menu = window.clipboard.last_menu
    assert menu is not None and menu.isVisible()
    assert "Copy this chart as an &image" in [a.text() for a in menu.actions()]
    menu.close()
    label = window.assessment.score
    menu = window.clipboard.menu_for(label)
    next(a for a in menu.actions() if a.text() == "Copy this &text").trigger()
    assert QApplication.clipboard().text() == label.text()
    assert QPoint  # noqa: B018
