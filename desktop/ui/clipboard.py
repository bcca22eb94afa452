"""Copy and context menus: Edit ▸ Copy assessment (as text; as a table for a spreadsheet), and a
right-click menu on the assessment: the same two, the chart under the pointer as an image, and
the text of the flag, move or figure under it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QWidget

from ..core.assessment_text import assessment_table, assessment_text
from ..core.i18n import _


def is_chart(widget: QWidget | None) -> QWidget | None:
    """The chart the widget is (or is inside): a view of this app's that paints itself."""
    while widget is not None:
        if any(k.__module__.startswith("desktop.ui.") and "paintEvent" in k.__dict__ for k in type(widget).__mro__):
            return widget
        widget = widget.parentWidget()
    return None


class ClipboardTools(QObject):
    """The window's copy entries and the assessment's context menu."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_menu: QMenu | None = None  # the latest context menu (tests read its entries)
        window.assessment.installEventFilter(self)

    def handlers(self) -> dict:
        return {"edit.copy_assessment": self.copy_text, "edit.copy_table": self.copy_table}

    def adopt(self, _actions) -> None:
        pass

    def _args(self):
        s = self.window.session
        return s.proposal.name, s.profile.name, s.assessment

    def copy_text(self) -> None:
        QApplication.clipboard().setText(assessment_text(*self._args()))
        self.window.statusBar().showMessage(_("Copied the assessment as text (internal: not counterpart-safe)"), 5000)

    def copy_table(self) -> None:
        """Tab-separated text, also as text/tab-separated-values for the applications that read it."""
        table = assessment_table(*self._args())
        mime = QMimeData()
        mime.setText(table)
        mime.setData("text/tab-separated-values", table.encode("utf-8"))
        QApplication.clipboard().setMimeData(mime)
        self.window.statusBar().showMessage(_("Copied the assessment as a table (paste into a spreadsheet)"), 5000)

    def copy_image(self, chart: QWidget) -> None:
        QApplication.clipboard().setPixmap(chart.grab())
        self.window.statusBar().showMessage(_("Copied the chart as an image"), 5000)

    def menu_for(self, widget: QWidget | None) -> QMenu:
        """The context menu for a point of the assessment (widget: what is under the pointer)."""
        menu = QMenu(self.window)
        chart = is_chart(widget)
        if chart is not None:
            menu.addAction(_("Copy this chart as an &image"), lambda: self.copy_image(chart))
        if isinstance(widget, QLabel) and widget.text().strip():
            text = widget.text()
            menu.addAction(_("Copy this &text"), lambda: QApplication.clipboard().setText(text))
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction(_("Copy assessment as te&xt"), self.copy_text)
        menu.addAction(_("Copy assessment as a t&able"), self.copy_table)
        self.last_menu = menu
        return menu

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ContextMenu and watched is self.window.assessment:
            under = watched.childAt(event.pos())
            self.menu_for(under).popup(event.globalPos())
            return True
        return super().eventFilter(watched, event)
