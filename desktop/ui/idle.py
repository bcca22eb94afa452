"""Run start-up work that the first paint does not need once the window has painted.

`after_first_paint(widget, callback)` calls callback on the first event-loop pass after widget's
first paint (the window is on screen), or after fallback_ms if the widget never paints (a hidden
window in a script or test), whichever comes first, and only once.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._done = False
        widget.installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._fire)
        self._fallback.start(fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._fire)  # after this paint has been handled and flushed
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._fallback.stop()
        self._widget.removeEventFilter(self)
        self._callback()
        self.deleteLater()


def after_first_paint(widget: QWidget, callback: Callable[[], None], fallback_ms: int = 1000) -> None:
    """Call callback once, right after widget first paints (or after fallback_ms without a paint)."""
    _FirstPaint(widget, callback, fallback_ms)
