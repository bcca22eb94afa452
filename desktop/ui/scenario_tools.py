"""Scenario tools wired into the window: examples, scenarios, compare, the timeline and ranking docks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from ..core.compare import MAX_COMPARED
from ..core.i18n import _
from ..core.model import DomainError, Proposal
from ..core.session import Session
from ..store import Store, StoreError
from ..store import scenarios as scenario_store
from ..store.persister import Persister
from . import dialogs
from .autosave import Autosaver
from .documents import Documents
from .editor import Editor
from .widgets import follow

if TYPE_CHECKING:
    from .compare import CompareDialog  # imported when the comparison first opens
    from .ranking import RankingPanel
    from .timeline import TimelinePanel


RANKING_HEIGHT = (220, 360)  # px: a docked ranking or timeline shows ~6–12 rows and leaves the levers their room


class ScenarioTools(QObject):
    """Adds the scenario menus and docks to a main window; each action delegates to a small part."""

    message = Signal(str)

    def __init__(
        self, window: QMainWindow, store: Store, session: Session, persister: Persister, editor: Editor,
        autosaver: Autosaver, documents: Documents,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.session = session
        self.persister = persister
        self.editor = editor
        self.autosaver = autosaver
        self.documents = documents
        self.compare_dialog: CompareDialog | None = None

        # The docks exist from the start (their View actions are theirs); the panels in them are
        # built when a dock is first shown or a panel is first asked for (not at start-up).
        self._timeline: TimelinePanel | None = None
        self._ranking: RankingPanel | None = None
        self.timeline_dock = self._dock(_("Timeline"), "timelineDock", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.ranking_dock = self._dock(_("Ranking"), "rankingDock", Qt.DockWidgetArea.BottomDockWidgetArea)
        # Both open docked (a floating window would cover the score; double-click a title bar to
        # float one); a remembered dock layout still wins (desktop/ui/window_state.py).
        self.ranking_dock.visibilityChanged.connect(self._on_ranking_visible)
        self.timeline_dock.visibilityChanged.connect(self._on_timeline_visible)
        self._placed: set[str] = set()
        self._listed: list[QAction] = []  # the Scenarios menu's entries for the proposal's family
        follow(self, session, self._on_session_changed, "assessment")

    @property
    def timeline(self) -> TimelinePanel:
        """The timeline panel (built on first use; it reads the timeline from the store)."""
        if self._timeline is None:
            from .timeline import TimelinePanel

            self._timeline = TimelinePanel(self.session, self.editor, self.store, self.persister)
            self.timeline_dock.setWidget(self._timeline)
        return self._timeline

    @property
    def ranking(self) -> RankingPanel:
        """The ranking panel (built on first use)."""
        if self._ranking is None:
            from .ranking import RankingPanel

            self._ranking = RankingPanel(self.session, self.editor)
            self._ranking.retargeted.connect(
                lambda iso: self.message.emit(_("Retargeted at {name} (Ctrl+Z to undo)").format(name=self.session.profiles[iso].name))
            )
            self.ranking_dock.setWidget(self._ranking)
        return self._ranking

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.window.addDockWidget(area, dock)
        dock.hide()
        return dock

    def _on_ranking_visible(self, visible: bool) -> None:
        if visible:
            self.ranking  # noqa: B018 - builds the panel on first show
            self._place(self.ranking_dock, "ranking")

    def _on_timeline_visible(self, visible: bool) -> None:
        if visible:
            self.timeline  # noqa: B018 - builds the panel on first show
            self._place(self.timeline_dock, "timeline")

    def _place(self, dock: QDockWidget, name: str) -> None:
        """Place a dock the first time it is shown this run. Docked (the default: a floating window
        would cover the score), it is tabbed with a sibling open in the same area (ranking and
        timeline share the bottom; beside the levers there is no room for a table or a log), else
        given a third of the window's height (RANKING_HEIGHT); floating, it goes beside the score."""
        if name in self._placed:
            return
        self._placed.add(name)
        frame = self.window.geometry()
        if dock.isFloating():
            width, height = min(1100, frame.width() - 80), int(frame.height() * 0.55)
            dock.setGeometry(frame.x() + (frame.width() - width) // 2, frame.bottom() - height - 30, width, height)
            return
        area = self.window.dockWidgetArea(dock)
        for sibling in (self.ranking_dock, self.timeline_dock):
            if sibling is not dock and sibling.isVisible() and not sibling.isFloating() and self.window.dockWidgetArea(sibling) == area:
                self.window.tabifyDockWidget(sibling, dock)
                dock.raise_()
                return
        if area in (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            height = max(RANKING_HEIGHT[0], min(RANKING_HEIGHT[1], frame.height() // 3))
            # after the layout has taken the newly shown dock in (sized before, it keeps its hint)
            QTimer.singleShot(0, lambda: self.window.resizeDocks([dock], [height], Qt.Orientation.Vertical))

    # ------------------------------------------------------------------ menus

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        self.examples_menu = QMenu(self.window)
        self.examples_menu.setToolTipsVisible(True)
        self.examples_menu.aboutToShow.connect(self._fill_examples)
        self._fill_examples()
        return {
            "file.examples": self.examples_menu,
            "scenarios.new": self.new_scenario,
            "scenarios.compare": self.compare,
            "view.timeline": self.timeline_dock.toggleViewAction(),
            "view.ranking": self.ranking_dock.toggleViewAction(),
        }

    def adopt(self, actions) -> None:
        self.new_scenario_action = actions["scenarios.new"]
        self.compare_action = actions["scenarios.compare"]
        self.timeline_action = actions["view.timeline"]
        self.ranking_action = actions["view.ranking"]
        self.scenarios_menu = actions["Scenarios"]
        self.scenario_actions: list[QAction] = []
        self.scenarios_menu.aboutToShow.connect(self._fill_scenarios)
        self._fill_scenarios()

    def examples(self):
        """The shipped examples by name (a summary query: only the examples are read)."""
        return sorted(self.store.proposal_summaries(example=True), key=lambda p: p.name)

    def _fill_examples(self) -> None:
        self.examples_menu.clear()
        self.example_actions: list[QAction] = []
        for p in self.examples():
            country = p.country_name
            action = QAction(f"{p.name} — {country}", self.examples_menu)
            action.setToolTip(p.description)
            action.setStatusTip(p.description)
            action.triggered.connect(lambda _=False, pid=p.id: self.open_example(pid))
            self.examples_menu.addAction(action)
            self.example_actions.append(action)
        if not self.example_actions:
            none = self.examples_menu.addAction(_("(no examples in this database)"))
            none.setEnabled(False)

    def _fill_scenarios(self) -> None:
        """List the proposal's family below the menu's own entries (they stay as the registry made them)."""
        menu = self.scenarios_menu
        for action in self._listed:
            menu.removeAction(action)
            action.deleteLater()
        self._listed = [menu.addSeparator()]
        current = self.session.proposal
        members = self.scenarios()
        self.scenario_actions = []
        group = QActionGroup(menu)
        for p in members:
            action = QAction(p.name, menu)
            action.setCheckable(True)
            action.setChecked(p.id == current.id)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, pid=p.id: self.switch_to(pid))
            menu.addAction(action)
            self.scenario_actions.append(action)
        self._listed += self.scenario_actions
        if len(members) <= 1:
            hint = menu.addAction(_("(no scenarios of this proposal yet)"))
            hint.setEnabled(False)
            self._listed.append(hint)

    # ------------------------------------------------------------------ actions

    def scenarios(self) -> list[Proposal]:
        """The current proposal's original and its scenarios (the current one alone if it has none)."""
        current = self.session.proposal
        if current.id is None:
            return [current]
        try:
            return scenario_store.family(self.store, current.id)
        except DomainError:
            return [current]

    def open_example(self, example_id: int) -> Proposal | None:
        """Open a fresh working copy of an example, so the example itself stays as shipped."""
        example = self.store.proposal_by_id(example_id)
        if example is None:
            dialogs.explain(self.window, _("Open example"), _("That example no longer exists."))
            return None
        if not self.documents.flush_first():
            return None
        try:
            saved = self.persister.open_id(example_id)
        except (DomainError, StoreError) as exc:
            dialogs.explain(self.window, _("Open example"), str(exc))
            return None
        self.message.emit(_("Opened a working copy of the example “{name}”").format(name=example.name))
        return saved

    def new_scenario(self) -> Proposal | None:
        """Branch a named scenario from the current proposal and switch to it."""
        if not self.autosaver.flush_all():
            dialogs.explain(self.window, _("New scenario"), _("Save the current proposal first ({detail}).").format(detail=self.autosaver.detail))
            return None
        current = self.session.proposal
        default = self.store.unique_name(_("{name} — scenario {value}").format(name=current.name, value=len(self.scenarios()) + 1))
        name = dialogs.ask_text(self.window, _("New scenario"), _("Name of the new scenario:"), default)
        if name is None:
            return None
        try:
            saved = self.persister.new_scenario(name)
        except (DomainError, StoreError) as exc:
            dialogs.explain(self.window, _("New scenario"), str(exc))
            return None
        self.message.emit(_("Created scenario “{name}” from “{name2}”").format(name=saved.name, name2=current.name))
        return saved

    def switch_to(self, proposal_id: int) -> None:
        """Switch to another scenario of the current proposal."""
        if proposal_id != self.session.proposal.id:
            self.documents.open_id(proposal_id)

    def _load_for_compare(self, proposal_id: int) -> Proposal | None:
        # The current proposal as it is now (edits may not be written yet); others from the store.
        if proposal_id == self.session.proposal.id:
            return self.session.proposal
        return self.store.proposal_by_id(proposal_id)

    def _on_session_changed(self, _change) -> None:
        dialog = self.compare_dialog
        if dialog is not None and dialog.isVisible():
            dialog.refresh()  # the comparison follows the levers while it is open

    def compare(self) -> CompareDialog:
        """Open the comparison: the current proposal's scenarios (up to four), or it and the last one changed."""
        self.autosaver.flush()
        fetch = self.store.proposal_summaries  # the pickers read a page at a time (paged in SQL)
        chosen = [p.id for p in self.scenarios()][:MAX_COMPARED]
        current = self.session.proposal.id
        if current in chosen:  # the current one first
            chosen.remove(current)
        chosen = [current, *chosen][:MAX_COMPARED]
        if len(chosen) < 2:
            other = next((p.id for p in fetch(limit=2, example=False) if p.id != current), None)
            other = other or next((p.id for p in fetch(limit=2) if p.id != current), None)
            if other is not None:
                chosen.append(other)
        if self.compare_dialog is not None:
            self.compare_dialog.close()
            self.compare_dialog.deleteLater()
        from .compare import CompareDialog

        self.compare_dialog = CompareDialog(
            self.window,
            lambda text, limit, offset: fetch(text, limit, offset),
            [c for c in chosen if c is not None],
            dict(self.session.profiles),
            self.session.assumptions,
            self._load_for_compare,
        )
        self.compare_dialog.show()
        return self.compare_dialog
