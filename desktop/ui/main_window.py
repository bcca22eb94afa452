"""The main window: composes the panels, menus and shortcuts; the logic lives in the parts it wires."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from .. import __version__
from ..core.session import Session
from ..paths import resources_dir
from ..store import Store
from ..store.persister import Persister
from . import dialogs
from .analysis_tools import AnalysisTools
from .assessment_panel import AssessmentPanel
from .autosave import NOT_SAVED, Autosaver
from .country_panel import CountryPanel
from .documents import Documents
from .editor import Editor
from .exchange import Exchange
from .levers import LeversPanel
from .proposal_panel import ProposalPanel
from .scenario_tools import ScenarioTools
from .screen_tools import ScreenTools
from .widgets import follow, make_action, plain_label
from .workshop import Workshop

DEFAULT_SIZE = QSize(1360, 860)


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
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.setCentralWidget(splitter)
        self.proposal_panel = ProposalPanel(session, self.editor, self.documents.name_taken, destinations=store.destinations)
        self.levers = LeversPanel(session, self.editor)
        self.assessment = AssessmentPanel(session, self.editor)
        self.country_panel = CountryPanel(session)

        centre = QWidget()
        centre.setObjectName("centre")
        box = QVBoxLayout(centre)
        box.setContentsMargins(8, 4, 8, 8)
        box.setSpacing(10)
        box.addWidget(self.levers)
        box.addWidget(self.assessment, 1)
        splitter.addWidget(self.proposal_panel)
        splitter.addWidget(centre)
        splitter.addWidget(self.country_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([310, 660, 310])
        splitter.setChildrenCollapsible(False)
        self.proposal_panel.setMinimumWidth(250)
        self.country_panel.setMinimumWidth(260)
        self.workshop = Workshop(self, store, session, self.editor)

        self.save_state = plain_label("Saved", "saveState")
        self.save_state.setAccessibleName("Save state")
        self.statusBar().addPermanentWidget(self.save_state)
        self.autosaver.state_changed.connect(self._on_save_state)
        self.documents.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.exchange.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.proposal_panel.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        follow(self, session, self._on_proposal_changed, "proposal.name")

        self._build_menus()
        self.scenarios = ScenarioTools(self, store, session, persister, self.editor, self.autosaver, self.documents)
        self.scenarios.install()
        self.scenarios.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self._update_title()
        self.setMinimumSize(QSize(1024, 700))
        screen = self.screen()
        size = DEFAULT_SIZE if screen is None else DEFAULT_SIZE.boundedTo(screen.availableGeometry().size())
        self.resize(size)
        if size != DEFAULT_SIZE:
            # A laptop screen (1280×800): use all of it rather than open partly off screen
            # (maximised by the window manager; sized to the screen for a platform that has none).
            self.setWindowState(Qt.WindowState.WindowMaximized)

    # ------------------------------------------------------------------ menus

    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        return make_action(self, text, slot, shortcut, menu)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action("&New proposal…", self.documents.new, QKeySequence.StandardKey.New, file_menu)
        self._action("&Open…", self.documents.open, QKeySequence.StandardKey.Open, file_menu)
        self._action("&Duplicate", self.documents.duplicate, "Ctrl+D", file_menu)
        self._action("&Rename…", self.documents.rename, "F2", file_menu)
        file_menu.addSeparator()
        self._action("De&lete…", self.documents.delete, None, file_menu)
        file_menu.addSeparator()
        self.export_brief_action = self._action("Export &brief…", self.exchange.export_brief, "Ctrl+E", file_menu)
        self._action("E&xport proposal bundle…", self.exchange.export_bundle, None, file_menu)
        self._action("&Import proposal bundle…", self.exchange.import_bundle, None, file_menu)
        self._action("Import country &figures…", self.exchange.import_figures, None, file_menu)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.editor.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.editor.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        levers_menu = self.menuBar().addMenu("&Levers")
        self.lever_actions = []
        for i, lever in enumerate(("Security", "Resilience", "Openness", "Partnership")):
            action = self._action(f"Focus {lever} lever", lambda _=False, i=i: self.levers.focus_lever(i), f"Ctrl+{i + 1}", levers_menu)
            self.lever_actions.append(action)

        self.workshop.install_menus(self.menuBar())

        help_menu = self.menuBar().addMenu("&Help")
        self._action("&Keyboard shortcuts", self._show_shortcuts, QKeySequence.StandardKey.HelpContents, help_menu)
        self._action("&About AI Export Desk", self._show_about, None, help_menu)
        self.analysis = AnalysisTools(self.store, self.session, self)
        self.analysis.install(self.menuBar(), edit_menu, help_menu)
        self.screen_tools = ScreenTools(self.store, self.session, self.editor, self)
        self.screen_tools.install(edit_menu)
        self.proposal_panel.program_requested.connect(self.screen_tools.edit_program)
        self.assessment.assumption_requested.connect(self.analysis.show_assumptions)
        self.assessment.sensitivity_requested.connect(self.analysis.show_sensitivity)

    def _show_shortcuts(self) -> None:
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            "Ctrl+1 … Ctrl+4  focus the Security, Resilience, Openness, Partnership lever\n"
            "Arrows  move a lever by 1;  PageUp/PageDown  by 10;  Home/End  to 0/100\n"
            "Ctrl+Z / Ctrl+Shift+Z  undo / redo\n"
            "Ctrl+N  new proposal;  Ctrl+O  open;  Ctrl+D  duplicate;  F2  rename\n"
            "Ctrl+M  trade-off map;  F11  presentation mode (R hides/reveals results, Esc leaves)\n"
            "Ctrl+B  pin the current state as baseline;  Ctrl+L  red lines;  Ctrl+Shift+O  optimise\n"
            "Ctrl+Shift+N  new scenario;  Ctrl+Shift+C  compare;  Ctrl+T  timeline;  Ctrl+R  ranking\n"
            "Ctrl+Shift+A  assumptions;  Ctrl+Shift+S  sensitivity;  Ctrl+Shift+E  country data\n"
            "Ctrl+Shift+D  destination status;  Ctrl+Shift+P  AI Exports Program\n"
            "Ctrl+Q  quit (saves first)",
        )

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About AI Export Desk",
            f"AI Export Desk {__version__}\n\nOffline decision support for AI export proposals.\n"
            "Capacity figures: Source: IMF AI Preparedness Index, 2023.\n"
            "Sovereignty profiles are analyst estimates or derived defaults, labelled as such.\n"
            "This app never opens a network connection.",
        )

    # ------------------------------------------------------------------ state

    def _update_title(self) -> None:
        self.setWindowTitle(f"AI Export Desk — {self.session.proposal.name}")

    def _on_proposal_changed(self, _changes) -> None:
        self._update_title()

    def _on_save_state(self, state: str, detail: str) -> None:
        self.save_state.setText(state)
        self.save_state.setToolTip(detail or state)
        colour = "#b91c1c" if state == NOT_SAVED else ""
        self.save_state.setStyleSheet(f"color: {colour};" if colour else "")
        if state == NOT_SAVED:
            self.statusBar().showMessage(f"Not saved: {detail}", 15000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.proposal_panel.flush()
        if not self.autosaver.flush_all():
            if not dialogs.confirm(
                self, "Not saved", f"Your latest changes could not be saved ({self.autosaver.detail}). Quit anyway?"
            ):
                event.ignore()
                return
        event.accept()
