"""Copy and context menus: Edit ▸ Copy assessment (as text; as a table for a spreadsheet), a
right-click menu on the assessment (the same two, the chart under the pointer as an image, and the
text of the flag, move or figure under it), and Copy / Copy all on every table (`TableCopy`).

Confidential by default: what is copied carries the internal marking (the first line) unless the
view it comes from is declared counterpart-safe.
"""

from __future__ import annotations

import atexit
import re
from collections.abc import Callable, Iterator

from PySide6.QtCore import QAbstractItemModel, QEvent, QMimeData, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QTableView,
    QTreeView,
    QWidget,
)

from ..core.assessment_text import INTERNAL, assessment_table, assessment_text
from ..core.i18n import _, ngettext

TSV = "text/tab-separated-values"
_last_table: list[str] = []  # the latest table put on the clipboard (for _release_at_exit)


def put_table(table: str) -> None:
    """Tab-separated text on the clipboard, also as text/tab-separated-values for the applications that read it."""
    mime = QMimeData()
    mime.setText(table)
    mime.setData(TSV, table.encode("utf-8"))
    QApplication.clipboard().setMimeData(mime)
    if not _last_table:
        atexit.register(_release_at_exit)
    _last_table[:] = [table]


def _release_at_exit() -> None:
    """Hand the clipboard a Qt-made copy of our table's text before Python shuts down.

    A QMimeData made in Python and still on the clipboard when the interpreter finalises crashes
    the process on exit on some platforms (measured: SIGSEGV under offscreen, not under xcb).
    Only our own table is replaced, by the same text; another application's clipboard is untouched.
    """
    app = QApplication.instance()
    if app is None or not _last_table:
        return
    mime = app.clipboard().mimeData()
    if mime is not None and mime.hasFormat(TSV) and mime.text() == _last_table[0]:
        app.clipboard().setText(_last_table[0])


def _cell(value) -> str:
    """A cell as one spreadsheet cell: no tab or line break inside it."""
    return "" if value is None else re.sub(r"[\t\r\n]+", " ", str(value)).strip()


def _rows_in_order(model: QAbstractItemModel, tree: bool, parent: QModelIndex = QModelIndex()) -> Iterator[QModelIndex]:  # noqa: B008
    """Every row's first cell, as the view lists them (a tree's children after their parent)."""
    for r in range(model.rowCount(parent)):
        first = model.index(r, 0, parent)
        yield first
        if tree and model.rowCount(first) > 0:
            yield from _rows_in_order(model, tree, first)


def _columns(view: QAbstractItemView) -> list[int]:
    """The columns shown, left to right as the header orders them."""
    model = view.model()
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header() if isinstance(view, QTreeView) else None
    cols = range(model.columnCount())
    if header is None:
        return list(cols)
    return sorted((c for c in cols if not header.isSectionHidden(c)), key=header.visualIndex)


def table_rows(view: QAbstractItemView, selected_only: bool = True) -> list[list[str]]:
    """The view's rows as text: the header, then the selected rows (or the current one) or all of them."""
    model = view.model()
    if model is None:
        return []
    cols = _columns(view)
    rows = [[_cell(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)) for c in cols]]
    chosen = None
    if selected_only:
        picked = view.selectionModel().selectedIndexes() if view.selectionModel() is not None else []
        if not picked and view.currentIndex().isValid():
            picked = [view.currentIndex()]
        chosen = {(i.parent(), i.row()) for i in picked}
    for first in _rows_in_order(model, isinstance(view, QTreeView)):
        if chosen is None or (first.parent(), first.row()) in chosen:
            rows.append([_cell(model.data(first.siblingAtColumn(c), Qt.ItemDataRole.DisplayRole)) for c in cols])
    return rows


def table_text(view: QAbstractItemView, selected_only: bool = True, internal: bool = True) -> str:
    """The rows as tab-separated text with their header; internal: the marking on the first line."""
    rows = table_rows(view, selected_only)
    lines = ([INTERNAL] if internal else []) + ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def _main_window(widget: QWidget | None) -> QMainWindow | None:
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    return widget


class TableCopy(QObject):
    """Copy (Ctrl+C and the context menu) and Copy all on a table or tree view.

    Ctrl+C on the view copies its rows, not the window's Ctrl+C (the assessment): the view claims
    the key as a text field does. internal: the copy carries the internal marking (the default:
    pass False only for a view built from counterpart-safe figures). more: adds the view's own
    entries to its context menu (given the menu and the index under the pointer).
    """

    def __init__(
        self,
        view: QAbstractItemView,
        internal: bool = True,
        more: Callable[[QMenu, QModelIndex], None] | None = None,
    ) -> None:
        super().__init__(view)
        self.view, self.internal, self._more = view, internal, more
        self.last_menu: QMenu | None = None  # the latest context menu (tests read its entries)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_menu_requested)
        view.installEventFilter(self)

    def copy(self, selected_only: bool = True) -> int:
        """Put the selected rows (or all) on the clipboard; the number of rows copied."""
        rows = len(table_rows(self.view, selected_only)) - 1
        if rows <= 0:
            return 0
        put_table(table_text(self.view, selected_only, self.internal))
        window = _main_window(self.view)
        if window is not None:
            note = (ngettext("Copied {count} row (internal: not counterpart-safe)", "Copied {count} rows (internal: not counterpart-safe)", rows)
                    if self.internal else ngettext("Copied {count} row", "Copied {count} rows", rows))
            window.statusBar().showMessage(note.format(count=rows), 5000)
        return rows

    def menu_for(self, index: QModelIndex) -> QMenu:
        """The context menu at index (the row under the pointer; invalid: none)."""
        menu = QMenu(self.view)
        picked = bool(table_rows(self.view, True)[1:])
        copy = menu.addAction(_("&Copy"), lambda: self.copy(True))
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))  # shown in the menu; the key is handled below
        copy.setEnabled(picked)
        every = menu.addAction(_("Copy &all"), lambda: self.copy(False))
        every.setEnabled(self.view.model() is not None and self.view.model().rowCount() > 0)
        if self._more is not None:
            menu.addSeparator()
            self._more(menu, index)
        self.last_menu = menu
        return menu

    def _on_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and self.view.selectionModel() is not None and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)  # a right-click on another row acts on that row, as in file managers
        self.menu_for(index).popup(self.view.viewport().mapToGlobal(pos))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and event.matches(QKeySequence.StandardKey.Copy):
            if kind == QEvent.Type.KeyPress:
                self.copy(True)
            event.accept()
            return True
        return super().eventFilter(watched, event)


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
        put_table(assessment_table(*self._args()))
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
