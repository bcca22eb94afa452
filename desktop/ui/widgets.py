"""Small shared widgets: plain-text labels and a scroll area whose content fits its width."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


def plain_label(text: str = "", object_name: str | None = None, wrap: bool = False) -> QLabel:
    """A QLabel that never interprets text as rich text (user and file text stays literal)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(wrap)
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A plain-text form label whose &-mnemonic focuses buddy."""
    label = plain_label(text)
    label.setBuddy(buddy)
    return label


class FittedScrollArea(QScrollArea):
    """Scrolls vertically only; the content is kept exactly as wide as the viewport so text wraps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar that comes and goes would change the width the text was wrapped for.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        super().setWidget(widget)
        widget.setMinimumWidth(0)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        width = self.viewport().width()
        widget.setFixedWidth(width)
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            # QScrollArea ignores height-for-width: give wrapped text the height it needs.
            widget.setMinimumHeight(layout.totalHeightForWidth(width))


def make_action(parent: QObject, text: str, slot, shortcut=None, menu=None) -> QAction:
    """A QAction with an optional shortcut, triggering slot, added to menu if given."""
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    if menu is not None:
        menu.addAction(action)
    return action
