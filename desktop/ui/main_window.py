"""The main window: composes the panels, menus and shortcuts; the logic lives in the parts it wires."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QVBoxLayout

from .. import __version__
from ..core.i18n import _
from ..core.model import LEVERS
from ..core.session import Session
from ..paths import resources_dir
from ..store import Store
from ..store.persister import Persister
from . import dialogs, window_state
from .action_registry import shortcut_text
from .analysis_tools import AnalysisTools
from .assessment_panel import AssessmentPanel
from .autosave import NOT_SAVED, Autosaver
from .clipboard import ClipboardTools
from .compact import Centre, CompactLayout, centre_scroll_area
from .country_panel import CountryPanel
from .documents import Documents
from .editor import Editor
from .exchange import Exchange
from .language import LanguageMenu
from .levers import LeversPanel
from .menus import Handler, build_menus
from .proposal_panel import ProposalPanel
from .scenario_tools import ScenarioTools
from .screen_tools import ScreenTools
from .theme import RED, text_colour
from .undo_notice import UndoNotice
from .widgets import follow, plain_label
from .workshop import Workshop

# Fits a 1280×720 logical screen with a taskbar, and 1920×1080 at 200% (960×540 logical): the
# compact layout and the centre's scroll area keep every text whole down to this size.
MINIMUM_SIZE = QSize(940, 480)


class MainWindow(QMainWindow):
    """AI Export Desk — <proposal name>."""

    def __init__(self, store: Store, session: Session, persister: Persister) -> None:
        super().__init__()
        self.store = store
        self.session = session
        self.persister = persister
        self.editor = Editor(session, self)
        self.autosaver = Autosaver(persister, parent=self)
        self.documents = Documents(store, session, persister, self.editor, self.autosaver, parent=self)
        self.exchange = Exchange(store, session, persister, self.autosaver, self.documents, parent=self)
        self.setWindowIcon(QIcon(str(resources_dir() / "app-icon.svg")))

        # The splitter is placed in the window before the panels go into it: with the app's style
        # sheet, every reparenting of a built widget tree restyles the whole tree (~20 ms here).
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        self.setCentralWidget(splitter)
        self.proposal_panel = ProposalPanel(session, self.editor, self.documents.name_taken, destinations=store.destinations)
        self.levers = LeversPanel(session, self.editor)
        self.assessment = AssessmentPanel(session, self.editor)
        self.country_panel = CountryPanel(session)

        centre = Centre()
        centre.setObjectName("centre")
        box = QVBoxLayout(centre)
        box.setContentsMargins(8, 4, 8, 8)
        box.setSpacing(10)
        box.addWidget(self.levers)
        box.addWidget(self.assessment, 1)
        splitter.addWidget(self.proposal_panel)
        splitter.addWidget(centre_scroll_area(centre))
        splitter.addWidget(self.country_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([310, 660, 310])
        splitter.setChildrenCollapsible(False)
        self.proposal_panel.setMinimumWidth(250)
        self.country_panel.setMinimumWidth(260)
        self.compact = CompactLayout(self, splitter, self.proposal_panel, self.country_panel)
        self.workshop = Workshop(self, store, session, self.editor)

        self.save_state = plain_label(_("Saved"), "saveState")
        self.save_state.setAccessibleName(_("Save state"))
        self.statusBar().addPermanentWidget(self.save_state)
        self.autosaver.state_changed.connect(self._on_save_state)
        self.autosaver.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.documents.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.exchange.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.proposal_panel.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        follow(self, session, self._on_proposal_changed, "proposal.name")

        self.scenarios = ScenarioTools(self, store, session, persister, self.editor, self.autosaver, self.documents)
        self.scenarios.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.analysis = AnalysisTools(self.store, self.session, self)
        self.screen_tools = ScreenTools(self.store, self.session, self.editor, self)
        self._build_menus()
        self.undo_notice = UndoNotice(self.statusBar(), self.undo_action, self.editor.undo_stack)
        self.documents.deleted.connect(self.undo_notice.show_deleted)
        self.proposal_panel.program_requested.connect(self.screen_tools.edit_program)
        self.assessment.assumption_requested.connect(self.analysis.show_assumptions)
        self.assessment.sensitivity_requested.connect(self.analysis.show_sensitivity)
        self._update_title()
        self.setMinimumSize(MINIMUM_SIZE)
        window_state.restore_window(self, self.splitter)  # where it was left, else the default placement

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        """The menus of desktop/ui/action_registry.py, each entry bound to the part that handles it."""
        self.undo_action = self.editor.undo_stack.createUndoAction(self, _("&Undo"))
        self.redo_action = self.editor.undo_stack.createRedoAction(self, _("&Redo"))
        handlers: dict[str, Handler] = {
            "file.quit": self.close,
            "edit.undo": self.undo_action,
            "edit.redo": self.redo_action,
            "help.shortcuts": self._show_shortcuts,
            "help.about": self._show_about,
            "view.language": LanguageMenu(self),
        }
        for i, lever in enumerate(LEVERS):
            handlers[f"levers.focus_{lever}"] = lambda i=i: self.levers.focus_lever(i)
        self.clipboard = ClipboardTools(self)
        parts = (self.documents, self.exchange, self.workshop, self.scenarios, self.analysis, self.screen_tools,
                 self.clipboard)
        for part in parts:
            handlers.update(part.handlers())
        self.actions_by_id = build_menus(self, handlers)
        for part in parts:
            part.adopt(self.actions_by_id)
        self.quit_action = self.actions_by_id["file.quit"]
        self.export_brief_action = self.actions_by_id["file.export_brief"]
        self.lever_actions = [self.actions_by_id[f"levers.focus_{lever}"] for lever in LEVERS]

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, _("Keyboard shortcuts"), shortcut_text())

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About AI Export Desk"),
            _("AI Export Desk {version}\n\nOffline decision support for AI export proposals.\nCapacity figures: Source: IMF AI Preparedness Index, 2023.\nSovereignty profiles are analyst estimates or derived defaults, labelled as such.\nThis app never opens a network connection.").format(version=__version__),
        )

    # ------------------------------------------------------------------ state

    def _update_title(self) -> None:
        self.setWindowTitle(_("AI Export Desk — {name}").format(name=self.session.proposal.name))

    def _on_proposal_changed(self, _changes) -> None:
        self._update_title()

    def _on_save_state(self, state: str, detail: str) -> None:
        self.save_state.setText(_(state))
        self.save_state.setToolTip(detail or _(state))
        colour = text_colour(RED) if state == NOT_SAVED else ""
        self.save_state.setStyleSheet(f"color: {colour};" if colour else "")
        if state == NOT_SAVED:
            self.statusBar().showMessage(_("Not saved: {detail}").format(detail=detail), 15000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.proposal_panel.flush()
        if not self.autosaver.flush_all():
            if not dialogs.confirm(
                self, _("Not saved"), _("Your latest changes could not be saved ({detail}). Quit anyway?").format(detail=self.autosaver.detail)
            ):
                event.ignore()
                return
        window_state.save_window(self, self.splitter, self.compact.splitter_state())
        event.accept()
