"""The destination screen's and the AI Exports Program's menu actions (Edit menu)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from ..core.session import Session
from ..store import Store
from .editor import Editor


class ScreenTools(QObject):
    """Edit ▸ Destination status… and Edit ▸ AI Exports Program… (both dialogs are modal)."""

    def __init__(self, store: Store, session: Session, editor: Editor, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.session, self.editor, self.window = store, session, editor, window
        self.destination_action: QAction | None = None
        self.program_action: QAction | None = None

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        return {"edit.destination": self.edit_destination, "edit.program": self.edit_program}

    def adopt(self, actions) -> None:
        self.destination_action = actions["edit.destination"]
        self.program_action = actions["edit.program"]

    def edit_destination(self) -> bool:
        """Open the destination-status dialog; True when a correction was saved."""
        from .destination_editor import DestinationEditor

        return DestinationEditor(self.store, self.session, self.window).exec() == QDialog.DialogCode.Accepted

    def edit_program(self) -> bool:
        """Open the Program dialog; True when its fields were applied (one undoable change)."""
        from .program_dialog import ProgramDialog

        return ProgramDialog(self.store, self.session, self.editor, self.window).exec() == QDialog.DialogCode.Accepted
