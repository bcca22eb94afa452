"""F6 / Shift+F6 move between the window's areas (open docks included); Esc closes a floating dock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def area_of(window, widget):
    for area in window.area_keys.areas():
        if widget is area or area.isAncestorOf(widget):
            return area
    return None


def test_f6_visits_every_area_in_order_and_shift_f6_goes_back(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.scenarios.timeline_dock.setFloating(False)
    window.scenarios.timeline_dock.show()
    fixed = [window.proposal_panel, window.levers, window.assessment, window.country_panel]
    window.proposal_panel.name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.proposal_panel.name, timeout=2000)
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(area_of(window, QApplication.focusWidget()))
    assert seen == fixed[1:] + [window.scenarios.timeline_dock, window.proposal_panel]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert area_of(window, QApplication.focusWidget()) is window.scenarios.timeline_dock


def test_esc_closes_a_floating_dock_but_not_a_docked_one(window, qtbot):
    dock = window.workshop.dock  # docked by default; floated here (a double-click on its title does it)
    dock.setFloating(True)
    dock.show()
    qtbot.waitExposed(dock)
    assert dock.isFloating()
    from desktop.ui.areas import first_focusable

    control = first_focusable(dock.widget())
    dock.activateWindow()
    control.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is control, timeout=2000)
    qtbot.keyClick(control, Qt.Key.Key_Escape)
    assert not dock.isVisible()
    ranking = window.scenarios.ranking_dock
    ranking.setFloating(False)
    ranking.show()
    inside = first_focusable(ranking.widget())
    inside.setFocus()
    qtbot.keyClick(inside, Qt.Key.Key_Escape)
    assert ranking.isVisible()
