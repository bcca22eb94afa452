"""The live assessment: score and band, both sides, radar, line items, flags with fixes, best moves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.engine import Assessment, Move
from ..core.i18n import _, figure
from ..core.languages import local_name
from ..core.model import FINANCING_LABELS, LEVER_LABELS, LEVERS, AssumptionSet
from ..core.profile_text import KIND_TEXT
from ..core.program import view_flags
from ..core.session import Session
from ..core.uncertainty import summary
from ..core.vocabulary import measure_label
from .assessment_parts import BAND_COLOURS, SEVERITY_COLOURS, SideMeter, SuggestionList, effect_text  # noqa: F401 - re-exported
from .baseline import BaselineDeltasView, delta_colour, show_delta
from .charts import LineItem, LineItemsView, RadarAxis, RadarView
from .editor import Editor
from .idle import after_first_paint
from .screen_views import BlockingPanel
from .theme import style_text
from .uncertainty_runner import UncertaintyRunner
from .widgets import ElidingLabel, FittedScrollArea, follow, plain_label

# Posted at low priority after an edit, like the repaint Qt schedules for it (QWidget.update
# posts its UpdateRequest at low priority too), so it is delivered after that repaint.
_LISTS_EVENT = QEvent.Type(QEvent.registerEventType())


def _one_line(name: str) -> ElidingLabel:
    label = ElidingLabel()
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setAccessibleName(name)
    style_text(label, "muted")
    return label


def commitments_text(a: Assessment, assumptions: AssumptionSet, chosen: frozenset[str]) -> str:
    """What the counterpart credits of each promise, and the measures that back them."""
    parts = [_("{value} {credited:.0f} of {lever:.0f}").format(value=LEVER_LABELS[lv], credited=a.commitments[lv]['credited'], lever=a.commitments[lv]['lever']) for lv in LEVERS]
    backing = [measure_label(m) for m in assumptions.measures if m.id in chosen]
    why = _("Backed by {join}.").format(join=', '.join(backing)) if backing else _("No measure backs the promises: trust alone decides how much counts.")
    return _("Credited of promised: {join}. {why}").format(join=' · '.join(parts), why=why)


class AssessmentPanel(QWidget):
    """Everything the engine says about the current proposal, repainted on every edit."""

    # A parameter (or key prefix) the user asked to see: the window opens View ▸ Assumptions on it.
    assumption_requested = Signal(str)
    # The user asked where the score's uncertainty comes from: the window opens View ▸ Sensitivity.
    sensitivity_requested = Signal()

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.setObjectName("assessmentPanel")

        self.score = plain_label("–", "score")
        self.score.setAccessibleName(_("Overall readiness score"))
        self.band = plain_label("", "band")
        self.band.setAccessibleName(_("Readiness band"))
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = plain_label("", "muted")
        self.score_delta = plain_label("", "scoreDelta")
        self.score_delta.setAccessibleName(_("Overall change against the baseline"))
        self.deltas = BaselineDeltasView(session)
        # How sure the score is: the Monte Carlo's p10–p90 and the share of draws in the band.
        self.interval = plain_label(_("Computing the uncertainty range…"), "uncertainty")
        self.interval.setAccessibleName(_("Score uncertainty"))
        self.uncertainty = UncertaintyRunner(session, parent=self)
        self.uncertainty.finished.connect(self._on_uncertainty)
        self.uncertainty.failed.connect(lambda text: self.interval.setText(_("Uncertainty not available: {text}").format(text=text)))
        self.acceptance = SideMeter(_("Counterpart acceptance"))
        self.assurance = SideMeter(_("Exporter assurance"))
        self.radar = RadarView()
        self.line_items = LineItemsView()
        self.flags = SuggestionList(_("Flags"), 10, self._apply)
        self.moves = SuggestionList(_("Best next moves"), 5, self._apply, wrap=False)
        self.next_band = SuggestionList(_("Next band"), 1, self._apply, wrap=True, hold_height=True)
        self.next_band.title.setVisible(False)
        # Promised vs credited, the alternative to beat and the deal's money: one line each (the
        # whole text in the tooltip), so the charts keep their room on a laptop screen.
        self.commitments = _one_line(_("Promised and credited commitments"))
        self.rival = _one_line(_("The alternative offer"))
        self.deal = _one_line(_("Deal margin and price"))

        self._lay_out()

        self._shown: dict[str, Any] = {}  # the last text/style given to each label, see _set
        self._lists_pending = False  # the flags and moves wait for the repaint of the score, see settle
        follow(self, session, self._on_session_changed, "assessment", "baseline")
        self._on_session_changed(None)
        # The first Monte Carlo (a worker thread, but it competes for the GIL and the CPU) waits
        # until the panel is on screen: start-up paints first.
        after_first_paint(self.radar, self.uncertainty.run_if_idle)
        self.line_items.setToolTip(_("Double-click: the dimension weights behind these points (View ▸ Assumptions)"))
        self.interval.setCursor(Qt.CursorShape.PointingHandCursor)
        self.line_items.installEventFilter(self)
        self.interval.installEventFilter(self)

    def _lay_out(self) -> None:
        """The score and both sides on top, the charts, one-line summaries, then flags and moves."""
        head = QGridLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setHorizontalSpacing(16)
        score_box = QVBoxLayout()
        score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.band, 0, Qt.AlignmentFlag.AlignVCenter)
        score_row.addWidget(self.score_delta, 0, Qt.AlignmentFlag.AlignVCenter)
        score_row.addStretch(1)
        score_box.addLayout(score_row)
        score_box.addWidget(self.interval)
        score_box.addWidget(self.caption)
        head.addLayout(score_box, 0, 0, 2, 1)
        head.addWidget(self.acceptance, 0, 1)
        head.addWidget(self.assurance, 1, 1)
        head.setColumnStretch(0, 1)
        head.setColumnStretch(1, 1)

        charts = QHBoxLayout()
        charts.setSpacing(8)
        charts.addWidget(self.radar, 1)
        charts.addWidget(self.line_items, 1)
        explain = QGridLayout()
        explain.setHorizontalSpacing(16)
        explain.setVerticalSpacing(0)
        explain.addWidget(self.commitments, 0, 0)
        explain.addWidget(self.rival, 0, 1)
        explain.addWidget(self.deal, 1, 0, 1, 2)
        explain.setColumnStretch(0, 1)
        explain.setColumnStretch(1, 1)

        lists = QHBoxLayout()
        lists.setSpacing(16)
        moves_box = QVBoxLayout()
        moves_box.addWidget(self.moves)
        moves_box.addWidget(self.next_band)
        # Flags scroll in a fixed share of the panel: a flag coming or going while a lever is
        # dragged re-lays-out only this list, never the charts above it.
        self.flags_area = FittedScrollArea()
        self.flags_area.setAccessibleName(_("Flags"))
        self.flags_area.setWidget(self.flags)
        lists.addWidget(self.flags_area, 1)
        lists.addLayout(moves_box, 1)

        # Two pages: the assessment, and (an embargoed destination) the blocking panel in its place.
        self.content = QWidget()
        self.blocking = BlockingPanel()
        blocking_area = FittedScrollArea()
        blocking_area.setAccessibleName(_("Why there is no score"))
        blocking_area.setWidget(self.blocking)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.content)
        self.pages.addWidget(blocking_area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        box = QVBoxLayout(self.content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addLayout(head)
        box.addLayout(charts, 3)
        box.addLayout(explain)
        box.addWidget(self.deltas)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        box.addWidget(line)
        box.addLayout(lists, 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseButtonDblClick and watched is self.line_items:
            self.assumption_requested.emit("weight.")
            return True
        if event.type() == QEvent.Type.MouseButtonRelease and watched is self.interval:
            self.sensitivity_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def _on_uncertainty(self, result) -> None:
        info = summary(result)
        band_text = info["band_text"]
        if self.session.assessment.band == "Blocked":  # a denial destination: the score is for analysis only
            band_text = _("for analysis only (Blocked; {band_text})").format(band_text=band_text)
        self.interval.setText(f"{info['interval_text']} · {band_text}")
        self.interval.setToolTip(
            _("{note}\nCounterpart acceptance p10–p90: {p10:.1f}–{p90:.1f}; exporter assurance p10–p90: {p102:.1f}–{p902:.1f}. Click (or View ▸ Sensitivity) to see which inputs matter most.").format(note=info['note'], p10=result.acceptance.p10, p90=result.acceptance.p90, p102=result.assurance.p10, p902=result.assurance.p90)
        )
        self.interval.setAccessibleDescription(self.interval.text() + ". " + self.interval.toolTip())

    def _changed(self, key: str, value: Any) -> bool:
        """True (and remembered) when `value` differs from what was last shown under `key`.

        Re-setting an unchanged text or style sheet is not free in Qt (a style sheet re-polishes
        the label and relayouts the panel), so each is set only when it changes.
        """
        if key in self._shown and self._shown[key] == value:
            return False
        self._shown[key] = value
        return True

    def _apply(self, suggestion: Move) -> None:
        self.editor.apply(ops.apply_suggestion(self.session.proposal, suggestion, self.session.assumptions))

    @property
    def blocked(self) -> bool:
        """True while the blocking panel stands in place of the assessment (an embargoed destination)."""
        return self.pages.currentIndex() == 1

    def _show_score(self, a: Assessment, p: AssumptionSet) -> None:
        """Score, band, caption, both sides' meters and the radar."""
        score = figure(a.overall, 1)
        if self._changed("score", score):
            self.score.setText(score)
        if self._changed("band", a.band):
            self.band.setText(f"  {_(a.band)}  ")
            colour = BAND_COLOURS[a.band]
            self.band.setStyleSheet(
                f"background:{colour.name()}; color:white; border-radius:6px; padding:2px 6px; font-weight:600;"
            )
        description = _("{overall:.1f} of 100, band {band}").format(overall=a.overall, band=_(a.band))
        if self._changed("score_description", description):
            self.score.setAccessibleDescription(description)
        caption = _("Readiness for {name} · assumption set v{assumptions_version} · line items add up to the score").format(name=local_name(self.session.profile.iso3, self.session.profile.name), assumptions_version=a.assumptions_version)
        if self._changed("caption", caption):
            self.caption.setText(caption)
        self.acceptance.set_value(a.counterpart_acceptance, p["side.acceptance_threshold"])
        self.assurance.set_value(a.exporter_assurance, p["side.assurance_threshold"])
        base = self.session.baseline
        self.radar.set_data(
            [RadarAxis(LEVER_LABELS[lv], a.commitments[lv]["credited"], a.commitments[lv]["demand"], a.commitments[lv]["lever"])
             for lv in LEVERS],
            None if base is None else base.offers(),
        )

    def _show_summaries(self, a: Assessment, p: AssumptionSet) -> None:
        """Promised vs credited, the alternative to beat and the deal's money, one line each."""
        self._set_line(self.commitments, "commitments", commitments_text(a, p, self.session.proposal.measures))
        rival = _("No alternative offer recorded.") if a.alternative is None else (
            _("Alternative to beat ({kind}): {name}. {summary}.").format(kind=KIND_TEXT.get(a.alternative['kind'], a.alternative['kind']).lower(), name=a.alternative['name'], summary=a.alternative['summary']))
        self._set_line(self.rival, "rival", rival)
        d = a.deal
        self._set_line(self.deal, "deal", (
            _("US${value_musd:,.0f}M over {term_years} years at {price:.2f}× market · margin {value:.1f}% (minimum {value2:.0f}%) · {value3}").format(value_musd=d['value_musd'], term_years=d['term_years'], price=d['price'], value=d['margin'] * 100, value2=d['min_margin'] * 100, value3=FINANCING_LABELS[d['financing']])))

    def _set_line(self, label: ElidingLabel, key: str, text: str) -> None:
        if self._changed(key, text):
            label.setText(text)
            label.setToolTip(text)
            label.setAccessibleDescription(text)

    def _show_deltas(self) -> None:
        """The changes against the baseline (blank without one)."""
        deltas = self.session.deltas()
        show_delta(self.score_delta, None if deltas is None else deltas["overall"])
        for meter, key in ((self.acceptance, "acceptance"), (self.assurance, "assurance")):
            d = None if deltas is None else deltas[key]
            meter.set_delta(None if d is None else d.text, None if d is None else delta_colour(d))

    def _show_lists(self, a: Assessment, p: AssumptionSet) -> None:
        """Flags with their fixes, best moves and the next band (the flags scroll; the moves and the
        next band keep their height, so the charts above are never resized by them)."""
        flags_moved = self.flags.show_items(
            [
                (f.message + (_("\nFix: {label}").format(label=f.fix.label) if f.fix else ""), SEVERITY_COLOURS[f.severity], f.fix,
                 _("Fix {overall:+.1f}").format(overall=f.fix.effect.overall) if f.fix else _("Fix"), f.severity)
                for f in [*a.flags, *view_flags(self.session.proposal, self.session.profiles, p)]
            ],
            _("No flags: nothing stands in the way of this offer."),
        )
        if flags_moved:
            self.flags_area.refit()
        best = a.moves["best"]
        self.moves.show_items(
            [(m.label, QColor("#2563eb"), m, _("Apply {gain:+.1f}").format(gain=m.gain)) for m in best],
            _("No single change improves the score."),
        )
        smallest = a.moves.get("smallest")
        note = a.moves.get("note") or _("Top band: no further band to reach.")
        listed = smallest is not None and any(m.steps == smallest.steps for m in best)
        offer = None if smallest is None or listed else smallest
        self.next_band.show_items(
            [(note, QColor("#2563eb"), offer, _("Apply {gain:+.1f}").format(gain=smallest.gain) if offer is not None else "")], ""
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == _LISTS_EVENT:
            self.settle()
            return True
        return super().event(event)

    def settle(self) -> None:
        """Show the flags and the moves of the current assessment now, if they wait.

        After an edit the score, the sides, the charts and the line items are shown at once; the
        flags and the moves (the engine computes them when first read: the next-band search is
        most of an assessment's cost) follow in the next pass of the event loop, after the repaint."""
        if not self._lists_pending:
            return
        self._lists_pending = False
        a = self.session.assessment
        if not a.scored:
            return
        self._show_lists(a, self.session.assumptions)

    def _on_session_changed(self, _change) -> None:
        a = self.session.assessment
        p = self.session.assumptions
        page = 0 if a.scored else 1
        if self._changed("page", page):
            self.pages.setCurrentIndex(page)
        if not a.scored:  # no score at all: the blocking panel says why, nothing else is shown
            status = a.screen.status
            if self._changed("blocked_status", status):
                self.blocking.show_status(status)
            return
        self._show_score(a, p)
        self._show_summaries(a, p)
        self._show_deltas()
        items = [LineItem(li.label, li.points, li.max_points) for li in a.line_items if li.dimension or li.points < -0.005]
        # Room for every line the engine lists (a penalty line shows only when it costs points).
        self.line_items.set_items(items, a.overall, room=len(a.line_items))
        first = not self._lists_pending
        self._lists_pending = True
        if not self.isVisible():
            self.settle()
        elif first:
            QCoreApplication.postEvent(self, QEvent(_LISTS_EVENT), Qt.EventPriority.LowEventPriority.value)
