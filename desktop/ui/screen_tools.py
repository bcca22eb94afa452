"""The destination screen's and the AI Exports Program's menu actions, wired into the main window (issue 12)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from ..core.session import Session
from ..store import Store
from .editor import Editor
from .widgets import make_action


class ScreenTools(QObject):
    """Edit ▸ Destination status… and Edit ▸ AI Exports Program… (both dialogs are modal)."""

    def __init__(self, store: Store, session: Session, editor: Editor, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.session, self.editor, self.window = store, session, editor, window
        self.destination_action: QAction | None = None
        self.program_action: QAction | None = None

    def install(self, edit_menu: QMenu) -> None:
        self.destination_action = make_action(self.window, "&Destination status…", self.edit_destination, "Ctrl+Shift+D", edit_menu)
        self.program_action = make_action(self.window, "AI Exports &Program…", self.edit_program, "Ctrl+Shift+P", edit_menu)

    def edit_destination(self) -> bool:
        """Open the destination-status dialog; True when a correction was saved."""
        from .destination_editor import DestinationEditor

        return DestinationEditor(self.store, self.session, self.window).exec() == QDialog.DialogCode.Accepted

    def edit_program(self) -> bool:
        """Open the Program dialog; True when its fields were applied (one undoable change)."""
        from .program_dialog import ProgramDialog

        return ProgramDialog(self.store, self.session, self.editor, self.window).exec() == QDialog.DialogCode.Accepted
