"""Workshop tools wired into the main window: baseline, trade-off map, red lines, optimiser, presentation.

The main window builds `Workshop(...)` and binds its menu entries (`handlers()`); the logic lives in core
(baseline, tradeoff, optimize) and in the small views this module composes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import _
from ..core.model import LEVER_LABELS, LEVERS, DomainError, Proposal
from ..core.screen import optimiser_note, refuse_embargoed
from ..core.session import Session
from ..core.vocabulary import band_label
from ..store import Store
from . import dialogs
from .baseline import choose_proposal
from .compact import CENTRE_MIN_WIDTH, SIDE_WIDTH
from .editor import Editor
from .presentation_mode import PresentationMode
from .widgets import follow, plain_label

MAP_DOCK_MIN = 320  # px: the narrowest docked map (its view's minimum, 280, and the panel's margins)
MAP_DOCK_MAX = 480  # px: wide enough for the square map and its colour scale
_SLACK = 100  # px: the splitter handle, the centre's scroll bar, the dock separator, and the meters' titles whole

if TYPE_CHECKING:
    from ..core.optimize import OptimisationResult
    from .tradeoff_map import TradeoffPanel


class RedLinesDialog(QDialog):
    """A range per lever: the values the negotiator will not leave."""

    def __init__(self, parent: QWidget | None, proposal: Proposal) -> None:
        super().__init__(parent)
        # superqt's package import costs ~0.2 s (it loads all its widgets): only when this dialog opens.
        from superqt import QLabeledRangeSlider

        self.setWindowTitle(_("Red lines"))
        self.sliders: dict[str, QLabeledRangeSlider] = {}
        form = QFormLayout()
        form.addRow(plain_label(_("The range each lever must stay within. 0–100 means no red line."), "muted", wrap=True))
        for lever in LEVERS:
            slider = QLabeledRangeSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(proposal.red_line(lever))
            slider.setAccessibleName(_("{value} red line").format(value=LEVER_LABELS[lever]))
            slider.setMinimumWidth(320)
            form.addRow(f"{LEVER_LABELS[lever]}", slider)
            self.sliders[lever] = slider
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)

    def lines(self) -> dict[str, tuple[int, int]]:
        return {lever: tuple(int(v) for v in s.value()) for lever, s in self.sliders.items()}  # type: ignore[misc]


def ask_red_lines(parent: QWidget | None, proposal: Proposal) -> dict[str, tuple[int, int]] | None:
    """The red lines per lever, or None if cancelled (tests monkeypatch this)."""
    dialog = RedLinesDialog(parent, proposal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.lines()


class OptimiseDialog(QDialog):
    """What the optimiser proposes: the objective, before and after, and each change with why."""

    def __init__(
        self, parent: QWidget | None, compute: Callable[[str], OptimisationResult], objective: str = "overall",
        note: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Optimise within the red lines"))
        self._compute = compute
        self.objective = QComboBox()
        self.objective.setAccessibleName(_("Objective"))
        self.objective.addItem(_("Overall readiness score"), "overall")
        self.objective.addItem(_("The weaker side (lower of acceptance and assurance)"), "weaker-side")
        self.objective.setCurrentIndex(max(0, self.objective.findData(objective)))
        self.summary = plain_label("", wrap=True)
        self.summary.setObjectName("optimiseSummary")
        self.changes = QListWidget()
        self.changes.setAccessibleName(_("Proposed changes"))
        self.changes.setMinimumSize(460, 220)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.clicked.connect(self.accept)
        apply.setDefault(True)  # Enter applies (the primary action), Esc cancels
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Maximise"), self.objective)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.summary)
        self.note = plain_label(note or "", "dated", wrap=True)  # a denial destination: for analysis only
        self.note.setAccessibleName(_("Destination screen note"))
        self.note.setVisible(bool(note))
        box.addWidget(self.note)
        box.addWidget(QLabel(_("Changes (each with what it adds, applied in this order):")))
        box.addWidget(self.changes, 1)
        box.addWidget(plain_label(_("Apply makes all of them one step: Ctrl+Z undoes it."), "muted"))
        box.addWidget(self.buttons)
        self.proposed: OptimisationResult | None = None
        self.objective.currentIndexChanged.connect(self._recompute)
        self._recompute()

    def _recompute(self, *_args) -> None:
        from ..core.optimize import OBJECTIVE_LABELS

        self.proposed = r = self._compute(self.objective.currentData())
        label = OBJECTIVE_LABELS[r.objective]
        text = _("{objective}: {before:.1f} → {after:.1f}").format(objective=label[:1].upper() + label[1:], before=r.before, after=r.after)
        if r.objective != "overall":
            text += _("  (overall {overall_before:.1f} → {overall_after:.1f})").format(overall_before=r.overall_before, overall_after=r.overall_after)
        deal = r.assessment.deal
        levers = _(", ").join(f"{LEVER_LABELS[lv].lower()} {r.proposal.levers[lv]}" for lv in LEVERS)
        text += (_("\nPackage: {levers}; {count} measures; price {price:.2f}× market; margin {value:.1f}% (minimum {value2:.0f}%); band {band}").format(levers=levers, count=len(r.proposal.measures), price=r.proposal.deal.price, value=deal['margin'] * 100, value2=deal['min_margin'] * 100, band=band_label(r.assessment.band)))
        if not r.changes:
            text += _("\nNo change within your red lines improves it: the offer is already the best the model finds.")
        self.summary.setText(text)
        self.changes.clear()
        for change in r.changes:
            self.changes.addItem(change.why)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(bool(r.changes))


def ask_optimise(
    parent: QWidget | None, compute: Callable[[str], OptimisationResult], objective: str = "overall",
    note: str | None = None,
) -> OptimisationResult | None:
    """The optimiser's proposal the user chose to apply, or None (tests monkeypatch this)."""
    dialog = OptimiseDialog(parent, compute, objective, note)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.proposed


class Workshop(QObject):
    """The workshop and negotiation tools of one main window."""

    def __init__(self, window: QMainWindow, store: Store, session: Session, editor: Editor) -> None:
        super().__init__(window)
        self.window, self.store, self.session, self.editor = window, store, session, editor
        # The dock exists from the start (View ▸ Trade-off map is its toggle action); the map in it
        # is built when the dock is first shown or the panel first asked for (not at start-up).
        self._tradeoff: TradeoffPanel | None = None
        self.dock = QDockWidget(_("Trade-off map"), window)
        self.dock.setObjectName("tradeoffDock")
        self.dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea)
        # Docked by default, beside the panels (a floating map covered the score; issue 18): the
        # saved dock layout (QSettings, window_state.py) overrides this, floating if it was left so.
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._on_map_visibility)
        self._placed = False
        self.presentation = PresentationMode(session, editor, window, store)

    @property
    def tradeoff(self) -> TradeoffPanel:
        """The trade-off map panel (built on first use)."""
        if self._tradeoff is None:
            from .tradeoff_map import TradeoffPanel

            self._tradeoff = TradeoffPanel(self.session, self.editor)
            self.dock.setWidget(self._tradeoff)
        return self._tradeoff

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        return {
            "view.tradeoff_map": self.dock.toggleViewAction(),
            "view.presentation": self.presentation.toggle,
            "workshop.pin": self.pin_current,
            "workshop.pin_proposal": self.pin_proposal,
            "workshop.clear_baseline": self.clear_baseline,
            "workshop.red_lines": self.edit_red_lines,
            "workshop.optimise": self.optimise,
        }

    def adopt(self, actions) -> None:
        self.map_action = actions["view.tradeoff_map"]
        self.presentation_action = actions["view.presentation"]
        self.pin_action = actions["workshop.pin"]
        self.pin_proposal_action = actions["workshop.pin_proposal"]
        self.clear_baseline_action = actions["workshop.clear_baseline"]
        self.red_lines_action = actions["workshop.red_lines"]
        self.optimise_action = actions["workshop.optimise"]
        self.presentation.adopt(actions)
        follow(self, self.session, self._on_baseline_changed, "baseline")
        self._on_baseline_changed()

    def docked_map_width(self) -> int:
        """The width a docked map is given when shown: what leaves the centre and the side column
        their minimum in the compact layout, within MAP_DOCK_MIN–MAX."""
        room = self.window.width() - SIDE_WIDTH - CENTRE_MIN_WIDTH - _SLACK
        return max(MAP_DOCK_MIN, min(MAP_DOCK_MAX, room))

    def _on_map_visibility(self, visible: bool) -> None:
        if visible:
            # Docked, the map would take its size hint (~610 px) and squeeze the levers and score:
            # a docked map first shown is as wide as leaves the centre its room (a width it already
            # has in the layout, the user's or the remembered one, is kept).
            self.tradeoff.width_hint = self.docked_map_width()
            self.tradeoff.updateGeometry()
        if visible and not self._placed and self.dock.isFloating():
            self._placed = True  # first time floating (as it was left): beside the levers, over the country panel
            frame = self.window.frameGeometry()
            self.dock.move(max(frame.left(), frame.right() - self.dock.width() - 20), frame.top() + 60)

    def _on_baseline_changed(self, _changes=None) -> None:
        self.clear_baseline_action.setEnabled(self.session.baseline is not None)

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    def pin_current(self) -> None:
        if not self.session.assessment.scored:
            dialogs.explain(self.window, _("Pin as baseline"), _("An embargoed destination has no score to pin as a baseline."))
            return
        b = self.session.pin_current()
        self._message(_("Baseline pinned: {label} ({overall:.1f})").format(label=b.label, overall=b.assessment.overall))

    def pin_proposal(self) -> None:
        chosen = choose_proposal(self.window, self.store.proposals(), _("Pin a proposal as baseline"))
        if chosen is None:
            return
        status = getattr(self.session.profiles.get(chosen.country), "destination", None)
        if status is not None and status.status == "embargoed":
            dialogs.explain(self.window, _("Cannot pin this proposal"), _("{name} is embargoed: it has no score to pin.").format(name=status.name))
            return
        try:
            b = self.session.pin_baseline(chosen, chosen.name)
        except DomainError as exc:
            dialogs.explain(self.window, _("Cannot pin this proposal"), str(exc))
            return
        self._message(_("Baseline pinned: {label} ({overall:.1f})").format(label=b.label, overall=b.assessment.overall))

    def clear_baseline(self) -> None:
        self.session.clear_baseline()

    def edit_red_lines(self) -> None:
        lines = ask_red_lines(self.window, self.session.proposal)
        if lines is None:
            return
        try:
            self.editor.apply(ops.set_red_lines(self.session.proposal, lines))
        except DomainError as exc:
            dialogs.explain(self.window, _("Red lines not changed"), str(exc))

    def optimise(self) -> None:
        s = self.session
        start = s.proposal
        refusal = refuse_embargoed(s.assessment, "optimisation")  # the destination screen: nothing to optimise
        if refusal is not None:
            dialogs.explain(self.window, _("Optimise"), refusal[:1].upper() + refusal[1:] + ".")
            return

        # The optimiser's code is imported only when asked for.
        from ..core.optimize import OBJECTIVE_LABELS, optimise

        def compute(objective: str) -> OptimisationResult:
            return optimise(start, s.profile, s.assumptions, objective)

        result = ask_optimise(self.window, compute, note=optimiser_note(s.profile))
        if result is None or not result.changes or self.session.proposal != start:
            return
        label = _("Optimise ({value} {before:.1f} → {after:.1f})").format(value=OBJECTIVE_LABELS[result.objective], before=result.before, after=result.after)
        p = result.proposal
        self.editor.apply(ops.apply_package(start, {lv: p.levers[lv] for lv in LEVERS}, p.measures, label, p.deal.price))
        self._message(label)


__all__ = ["Workshop", "ask_optimise", "ask_red_lines"]
