"""Edit ▸ Undo/Redo: Qt's QUndoStack presenting the session's undo history (which lives in core).

The stack holds one command per step of core.history.History; undoing or redoing a command asks
the session to undo or redo, and merges and clears in the history are mirrored here. The stack is
kept for what Qt gives with it: the Undo/Redo actions with their texts and enabled states.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import Edit
from ..core.history import DROPPED, MERGED, UNDO_LIMIT
from ..core.session import Session

_MERGE_ID = 1


class StepCommand(QUndoCommand):
    """One step of the session's history; a merge in the history merges it with the next command."""

    def __init__(self, session: Session, step: Edit, how: str) -> None:
        super().__init__(step.label)
        self.session = session
        self.step = step
        self.how = how
        self._pushed = False

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, StepCommand) or other.how not in (MERGED, DROPPED):
            return False
        self.step = other.step
        self.setText(other.step.label)
        if other.how == DROPPED:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if not self._pushed:  # the edit was applied (and recorded) before the command was pushed
            self._pushed = True
            return
        self.session.redo()

    def undo(self) -> None:
        self.session.undo()


class Editor(QObject):
    """Applies edits to the session; its undo stack presents the session's history."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        history = session.history
        history.recorded.connect(self._on_recorded)
        history.cleared.connect(self._on_cleared)
        self.destroyed.connect(lambda *_: (history.recorded.disconnect(self._on_recorded),
                                           history.cleared.disconnect(self._on_cleared)))

    def apply(self, edit: Any) -> bool:
        """Apply an edit now and make it undoable; an empty edit does nothing (False)."""
        return bool(self.session.apply(edit))

    def reset_history(self) -> None:
        self.session.history.clear()

    def _on_recorded(self, step: Edit, how: str) -> None:
        self.undo_stack.push(StepCommand(self.session, step, how))

    def _on_cleared(self) -> None:
        self.undo_stack.clear()
