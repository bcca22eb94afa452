"""The status bar's "Deleted “NAME”  [Undo]": a delete asks nothing and offers its undo instead.

The button triggers the window's Edit ▸ Undo (the same step of the session's history as Ctrl+Z);
the notice goes away after NOTICE_MS, or as soon as the history moves (an undo, another edit).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStatusBar, QWidget

from ..core.i18n import _
from .widgets import plain_label

NOTICE_MS = 10_000


class UndoNotice(QWidget):
    """Says what was just done, with an Undo button, in the status bar (after Anki's and Gmail's "Undo")."""

    def __init__(self, status_bar: QStatusBar, undo: QAction, stack) -> None:
        super().__init__(status_bar)
        self._undo = undo
        self.text = plain_label("", "undoNotice")
        self.button = QPushButton(_("Undo"))
        self.button.setAccessibleName(_("Undo the delete"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self._on_undo_clicked)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.text)
        box.addWidget(self.button)
        box.addStretch(1)  # the notice takes the bar's free width; its text and button stay together
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        stack.indexChanged.connect(self._on_history_moved)
        self._armed = False
        status_bar.addWidget(self, 1)
        self.hide()

    def show_deleted(self, name: str) -> None:
        """Say that `name` was deleted, with Undo, for NOTICE_MS."""
        self.text.setText(_("Deleted “{name}”").format(name=name))
        self.button.setToolTip(_("Bring “{name}” back ({key})").format(name=name, key=self._undo.shortcut().toString()))
        self.parentWidget().clearMessage()  # a temporary message would hide the notice
        self.show()
        self._armed = True
        self._timer.start(NOTICE_MS)

    def _on_undo_clicked(self) -> None:
        self._undo.trigger()

    def _on_history_moved(self, _index: int) -> None:
        if self._armed:
            self._armed = False
            self._timer.stop()
            self.hide()
