"""Refresh a view when it is on screen: stale while hidden, optionally debounced, caught up when shown.

A view that is expensive to refresh (the ranking ranks every country, the trade-off map and the
sensitivity dialog run the engine hundreds of times) should not work for a tab or a window
nobody is looking at; when it is shown again it must show the present state.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class RefreshWhenShown(QObject):
    """Calls `refresh` for `widget` when its content is out of date and it is visible.

    `request()` says the content is out of date: while the widget is visible, `refresh` runs now
    (or `delay_ms` after the last request, when a delay is given); while it is hidden nothing runs
    and the next Show event catches up.  `done()` is for a refresh made directly (it cancels a
    pending one).  Starts stale unless told otherwise, so the first Show refreshes.
    """

    def __init__(
        self, widget: QWidget, refresh: Callable[[], None], delay_ms: int | None = None, stale: bool = True
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self.stale = stale
        self._timer: QTimer | None = None
        if delay_ms is not None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(delay_ms)
            self._timer.timeout.connect(self._run)
        widget.installEventFilter(self)

    def request(self) -> None:
        self.stale = True
        if not self._widget.isVisible():
            return
        if self._timer is None:
            self._run()
        else:
            self._timer.start()

    def done(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.stale = False

    @property
    def pending(self) -> bool:
        return self._timer is not None and self._timer.isActive()

    def _run(self) -> None:
        self.done()
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._widget and event.type() == QEvent.Type.Show and self.stale:
            self._run()
        return False
