"""The session's undo history: a stack of Edits, in core (a Qt view such as QUndoStack only presents it)."""

from __future__ import annotations

import time
from typing import Callable

from psygnal import Signal

from .edits import Edit

MERGE_WINDOW_S = 1.5  # a drag, or key presses on one lever in quick succession, is one undo step
UNDO_LIMIT = 500

PUSHED, MERGED, DROPPED = "pushed", "merged", "dropped"


class History:
    """Undo and redo over the edits a session applied; consecutive edits of one kind merge.

    `recorded(edit, how)` tells a presenter what happened to the top of the stack: a new step was
    PUSHED, the top step was MERGED into (it is now `edit`), or a merge undid the top step
    entirely and it was DROPPED. `cleared` follows clear().
    """

    recorded = Signal(object, str)
    cleared = Signal()

    def __init__(self, limit: int = UNDO_LIMIT, clock: Callable[[], float] = time.monotonic) -> None:
        self._steps: list[Edit] = []
        self._times: list[float] = []
        self._index = 0  # steps done (the next undo is _steps[_index - 1])
        self._limit = limit
        self._clock = clock
        self._open = False  # the top step may take a merge (not after an undo or redo)

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def index(self) -> int:
        return self._index

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps)

    @property
    def undo_text(self) -> str:
        return self._steps[self._index - 1].label if self.can_undo else ""

    @property
    def redo_text(self) -> str:
        return self._steps[self._index].label if self.can_redo else ""

    def record(self, edit: Edit) -> None:
        """Add an applied edit (merging it into the last one when it continues it)."""
        del self._steps[self._index:], self._times[self._index:]
        now = self._clock()
        top = self._steps[-1] if self._steps else None
        if top is not None and self._open and self._continues(top, edit, now):
            merged = Edit(
                top.relabel(top.before, edit.after) if top.relabel else edit.label,
                top.before, edit.after, top.merge, top.relabel,
            )
            if merged.empty:
                self._steps.pop(), self._times.pop()
                self._index = len(self._steps)
                self.recorded.emit(merged, DROPPED)
                return
            self._steps[-1], self._times[-1] = merged, now
            self.recorded.emit(merged, MERGED)
            return
        self._steps.append(edit)
        self._times.append(now)
        if len(self._steps) > self._limit:
            del self._steps[0], self._times[0]
        self._index = len(self._steps)
        self._open = True
        self.recorded.emit(edit, PUSHED)

    def _continues(self, top: Edit, edit: Edit, now: float) -> bool:
        if edit.merge is None or edit.merge != top.merge or now - self._times[-1] > MERGE_WINDOW_S:
            return False
        return all(top.after.get(k) == v for k, v in edit.before.items())

    def step_back(self) -> Edit | None:
        """The edit to undo (the caller puts its `before` back), or None."""
        if not self.can_undo:
            return None
        self._index -= 1
        self._open = False
        return self._steps[self._index]

    def step_forward(self) -> Edit | None:
        """The edit to redo (the caller applies its `after` again), or None."""
        if not self.can_redo:
            return None
        self._index += 1
        self._open = False
        return self._steps[self._index - 1]

    def clear(self) -> None:
        self._steps.clear()
        self._times.clear()
        self._index = 0
        self._open = False
        self.cleared.emit()
