"""Edits as undoable commands: every change to the proposal goes through Editor.apply."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import ops
from ..core.model import DomainError
from ..core.ops import Change
from ..core.session import Session

_MERGE_ID = {"lever": 1, "notes": 2}
MERGE_WINDOW_S = 1.5  # a drag, or key presses on one lever in quick succession, is one undo step


class ChangeCommand(QUndoCommand):
    """One undo step wrapping a core Change; consecutive moves of one lever merge into one step."""

    def __init__(self, session: Session, change: Change) -> None:
        super().__init__(change.label)
        self.session = session
        self.change = change
        self._first = True
        self._last_edit = time.monotonic()

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID.get(self.change.kind, -1) if self.change.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, ChangeCommand) or not other.change.mergeable:
            return False
        if other.change.field != self.change.field or other.change.before != self.change.after:
            return False
        if other._last_edit - self._last_edit > MERGE_WINDOW_S:
            return False
        self._last_edit = other._last_edit
        merged = Change(
            self.change.kind, other.change.label, self.change.before, other.change.after, self.change.field, True
        )
        if self.change.kind == "lever":
            lever = self.change.field
            merged = ops.set_lever(self.change.before, lever, other.change.after.levers[lever])
        self.change = merged
        self.setText(merged.label)
        if merged.empty:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if self._first:  # the edit was already applied when it was made
            self._first = False
            return
        self.session.apply(self.change)

    def undo(self) -> None:
        self.session.revert(self.change)


class Editor(QObject):
    """Applies changes to the session and records them on the undo stack."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

    def apply(self, change: Change) -> bool:
        """Apply an edit now and make it undoable; an empty change does nothing."""
        if change.empty:
            return False
        try:
            self.session.apply(change)
        except DomainError:
            raise
        self.undo_stack.push(ChangeCommand(self.session, change))
        return True

    def reset_history(self) -> None:
        self.undo_stack.clear()
