"""Keyboard between the window's areas: F6 / Shift+F6 move the focus to the next / previous area
(proposal, levers, assessment, country, then each open dock: trade-off map, timeline, ranking;
a side panel in the compact layout's tabs brings its tab to the front),
and Esc closes a floating dock (a docked one stays: Esc there belongs to its controls)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabWidget, QWidget


def tab_holding(area: QWidget) -> QTabWidget | None:
    """The shown tab widget the area is a page of (the compact layout's side tabs), if any."""
    stack = area.parentWidget()
    tabs = stack.parentWidget() if stack is not None else None
    if isinstance(tabs, QTabWidget) and tabs.isVisible() and tabs.indexOf(area) >= 0:
        return tabs
    return None


def first_focusable(area: QWidget) -> QWidget | None:
    """The first control in the area that takes Tab focus (the area itself if it does)."""
    if area.focusPolicy() & Qt.FocusPolicy.TabFocus and area.isVisible() and area.isEnabled():
        return area
    for child in area.findChildren(QWidget):
        if (child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(area) and child.isEnabled()
                and child.isVisible() and child.focusProxy() is None):
            return child
    return None


class AreaKeys(QObject):
    """F6 / Shift+F6 and Esc for one main window (its `areas()` in order, docks after)."""

    def __init__(self, window: QMainWindow, areas: list[QWidget]) -> None:
        super().__init__(window)
        self.window, self.fixed = window, areas
        for keys, step in (("F6", 1), ("Shift+F6", -1)):
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # also inside floating docks
            shortcut.activated.connect(lambda step=step: self.move(step))
        for dock in window.findChildren(QDockWidget):
            self._esc_closes_floating(dock)

    def _esc_closes_floating(self, dock: QDockWidget) -> None:
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), dock)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.setEnabled(dock.isFloating())
        dock.topLevelChanged.connect(shortcut.setEnabled)
        shortcut.activated.connect(lambda: self._close(dock))

    def _close(self, dock: QDockWidget) -> None:
        if dock.isFloating():
            dock.close()
            self.window.activateWindow()

    def areas(self) -> list[QWidget]:
        docks = [d for d in self.window.findChildren(QDockWidget) if d.isVisible() and d.widget() is not None]
        return [a for a in self.fixed if a.isVisible() or tab_holding(a) is not None] + docks

    def current(self, areas: list[QWidget]) -> int:
        focus = QApplication.focusWidget()
        for i, area in enumerate(areas):
            if focus is not None and (focus is area or area.isAncestorOf(focus)):
                return i
        return -1

    def move(self, step: int) -> QWidget | None:
        """Focus the first control of the next (step 1) or previous (-1) area that has one."""
        areas = self.areas()
        if not areas:
            return None
        at = self.current(areas)
        for k in range(1, len(areas) + 1):
            area = areas[(at + step * k) % len(areas)] if at >= 0 else areas[(k - 1) if step > 0 else -k]
            tabs = tab_holding(area)
            if tabs is not None:  # a side panel in the compact layout: its tab comes to the front
                tabs.setCurrentWidget(area)
            target = first_focusable(area)
            if target is not None:
                if isinstance(area, QDockWidget) and area.isFloating():
                    area.activateWindow()
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return target
        return None
