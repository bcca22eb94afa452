"""Presentation mode's switch (F11): the full-screen window is built, and its module imported, on first entry.

The main window holds one PresentationMode from start-up; the presentation window itself
(desktop.ui.presentation, with the room and model pages) costs nothing until the room asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..core.session import Session
from . import window_state
from .editor import Editor

if TYPE_CHECKING:
    from .presentation import PresentationWindow

START_HIDDEN = "presentation/start_hidden"  # the preference: open with the results hidden


class PresentationMode:
    """Opens and closes the presentation window for a main window (F11 toggles)."""

    def __init__(self, session: Session, editor: Editor, parent: QWidget, store=None) -> None:
        self._args = (session, editor)
        self._store = store
        self._parent = parent
        self.window: PresentationWindow | None = None
        self.actions: dict = {}

    def adopt(self, actions) -> None:
        """The main window's actions (by registry id), for the presentation window's keys."""
        self.actions = actions
        if self.window is not None:
            self.window.adopt(actions)

    @property
    def active(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> PresentationWindow:
        """Full screen; the results hidden or shown as they were when it was last left (remembered)."""
        if self.window is None:
            from .presentation import PresentationWindow

            self.window = PresentationWindow(*self._args, parent=self._parent, store=self._store)
            self.window.closed.connect(self._remember)
            self.window.adopt(self.actions)
        self.window.present()
        if window_state.preference(START_HIDDEN, False):
            self.window.set_revealed(False)
        return self.window

    def _remember(self) -> None:
        if self.window is not None:
            window_state.set_preference(START_HIDDEN, not self.window.revealed)

    def leave(self) -> None:
        if self.window is not None:
            self.window.close()
        self._parent.activateWindow()
