"""Presentation mode answers the main window's keys: Ctrl+1…4 focus its own levers, lever keys move
them, Ctrl+B pins, F11 and Esc leave."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.model import LEVERS  # noqa: E402


@pytest.fixture
def pres(window, qtbot):
    shown = window.workshop.presentation.enter()
    shown.activateWindow()
    qtbot.waitActive(shown)
    yield shown
    shown.close()


@pytest.mark.parametrize("index, lever", list(enumerate(LEVERS)))
def test_ctrl_number_focuses_the_presentation_lever_and_page_up_moves_it(window, pres, qtbot, index, lever):
    before = dict(window.session.proposal.levers)
    qtbot.keyClick(pres, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
    slider = pres.levers.slider(lever)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slider, timeout=2000)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    after = window.session.proposal.levers
    assert after[lever] == min(100, before[lever] + 10)
    assert {lv: after[lv] for lv in LEVERS if lv != lever} == {lv: before[lv] for lv in LEVERS if lv != lever}
    qtbot.keyClick(pres, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo, also from here
    assert window.session.proposal.levers[lever] == before[lever]


def test_ctrl_b_pins_a_baseline_and_f11_leaves(window, pres, qtbot):
    qtbot.keyClick(pres, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.session.baseline is not None
    qtbot.keyClick(pres, Qt.Key.Key_F11)
    assert not window.workshop.presentation.active


def test_esc_leaves(window, pres, qtbot):
    qtbot.keyClick(pres, Qt.Key.Key_Escape)
    assert not window.workshop.presentation.active
