"""The live assessment: score and band, both sides, radar, line items, flags with fixes, best moves."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.engine import Assessment, Move
from ..core.model import FINANCING_LABELS, LEVER_LABELS, LEVERS, AssumptionSet
from ..core.program import view_flags
from ..core.session import Session
from ..core.uncertainty import summary
from .baseline import BaselineDeltasView, delta_colour, show_delta
from .charts import LineItem, LineItemsView, RadarAxis, RadarView, widget_chart_palette
from .editor import Editor
from .idle import after_first_paint
from .screen_views import BlockingPanel
from .theme import style_text
from .uncertainty_runner import UncertaintyRunner
from .widgets import ElidingLabel, FittedScrollArea, follow, plain_label

BAND_COLOURS = {
    "Not ready": QColor("#b91c1c"),
    "At risk": QColor("#c2410c"),
    "Viable": QColor("#a16207"),
    "Ready": QColor("#15803d"),
    # The destination screen's bands (desktop/core/screen.py): denial, embargoed.
    "Blocked": QColor("#7f1d1d"),
    "Prohibited": QColor("#1f2937"),
}
SEVERITY_COLOURS = {"high": QColor("#b91c1c"), "medium": QColor("#c2410c"), "low": QColor("#64748b")}
_LAYOUT_PASSES = 8  # deeper than this panel's widget tree up to the window
_METER_CLEARS = QColor("#15803d")
_METER_BELOW = QColor("#c2410c")


class SideMeter(QWidget):
    """A horizontal 0–100 meter with the threshold marked: one side of the deal."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.value = 0.0
        self.threshold = 55.0
        self.delta: tuple[str, QColor | None] | None = None  # against the baseline, see set_delta
        self.setMinimumHeight(40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 44)

    def set_value(self, value: float, threshold: float) -> None:
        if repr((value, threshold)) == repr((self.value, self.threshold)):
            return  # same meter: nothing to describe or repaint
        self.value, self.threshold = value, threshold
        state = "clears" if value >= threshold else "is below"
        self.setAccessibleDescription(f"{self.title} {value:.0f} of 100; {state} the threshold {threshold:.0f}")
        self.setToolTip(self.accessibleDescription())
        self.update()

    def set_delta(self, text: str | None, colour: QColor | None = None) -> None:
        """Show a change against the baseline ('▲ 3.2') after the value, or none."""
        delta = None if text is None else (text, colour)
        if delta != self.delta:
            self.delta = delta
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = widget_chart_palette(self.palette())
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        font = p.font()
        font.setPointSizeF(font.pointSizeF() * 1.0)
        p.setFont(font)
        fm = p.fontMetrics()
        text_h = fm.height()
        p.setPen(pal.text)
        p.drawText(QRectF(r.left(), r.top(), r.width() - 40, text_h), Qt.AlignmentFlag.AlignLeft, self.title)
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(r.left(), r.top(), r.width(), text_h), Qt.AlignmentFlag.AlignRight, f"{self.value:.0f}")
        if self.delta is not None:
            value_w = p.fontMetrics().horizontalAdvance(f"{self.value:.0f}  ")
            p.setPen(self.delta[1] if self.delta[1] is not None else pal.text)
            p.drawText(QRectF(r.left(), r.top(), r.width() - value_w, text_h), Qt.AlignmentFlag.AlignRight, self.delta[0])
        bar = QRectF(r.left(), r.top() + text_h + 3, r.width(), max(8.0, r.height() - text_h - 6))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.bar_track)
        p.drawRoundedRect(bar, 3, 3)
        colour = _METER_CLEARS if self.value >= self.threshold else _METER_BELOW
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * self.value / 100.0, bar.height()), 3, 3)
        x = bar.left() + bar.width() * self.threshold / 100.0
        p.setPen(pal.text)
        p.drawLine(int(x), int(bar.top() - 2), int(x), int(bar.bottom() + 2))
        p.end()


def effect_text(move: Move) -> str:
    """What a move does, said before it is clicked: overall and both sides."""
    e = move.effect
    return (f"Overall {e.overall:+.1f} → {move.overall:.1f} ({move.band}); counterpart acceptance "
            f"{e.counterpart_acceptance:+.1f}; exporter assurance {e.exporter_assurance:+.1f}")


def _one_line(name: str) -> ElidingLabel:
    label = ElidingLabel()
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setAccessibleName(name)
    style_text(label, "muted")
    return label


def commitments_text(a: Assessment, assumptions: AssumptionSet, chosen: frozenset[str]) -> str:
    """What the counterpart credits of each promise, and the measures that back them."""
    parts = [f"{LEVER_LABELS[lv]} {a.commitments[lv]['credited']:.0f} of {a.commitments[lv]['lever']:.0f}" for lv in LEVERS]
    backing = [m.name for m in assumptions.measures if m.id in chosen]
    why = f"Backed by {', '.join(backing)}." if backing else "No measure backs the promises: trust alone decides how much counts."
    return f"Credited of promised: {' · '.join(parts)}. {why}"


class ColourChip(QWidget):
    """A thin bar in one colour (a flag's severity), painted directly: a palette set on a label
    can be reset when the app's style sheet polishes it on first show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = QColor(0, 0, 0, 0)
        self.setFixedWidth(6)

    def set_colour(self, colour: QColor) -> None:
        if colour != self.colour:
            self.colour = QColor(colour)
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour)
        painter.end()


class SuggestionRow(QWidget):
    """A message with a button that applies its suggestion (a flag's fix or a move)."""

    def __init__(self, on_apply: Callable[[Move], None], wrap: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_apply = on_apply
        self.suggestion: Move | None = None
        self.chip = ColourChip()
        if wrap:
            self.text = plain_label(wrap=True)
            policy = self.text.sizePolicy()  # keeps the height-for-width flag setWordWrap set
            policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
            policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
            self.text.setSizePolicy(policy)
        else:
            self.text = ElidingLabel()
            self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.button = QPushButton()
        self.button.clicked.connect(self._apply)
        # What the row shows now: an update that changes nothing costs no Qt call (and no relayout).
        self._shown_text: str | None = None
        self._shown_button: tuple[str, str] | None = None
        self._button_visible: bool | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(8)
        row.addWidget(self.chip)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_item(self, text: str, colour: QColor, suggestion: Move | None, button_text: str) -> None:
        if text != self._shown_text:
            self.text.setText(text)
            self.text.setToolTip(text)
            self._shown_text = text
        self.chip.set_colour(colour)
        self.suggestion = suggestion
        visible = suggestion is not None
        if visible != self._button_visible:
            self.button.setVisible(visible)
            self._button_visible = visible
        if suggestion is not None:
            tip = f"{suggestion.label}\n{effect_text(suggestion)}"
            if (button_text, tip) != self._shown_button:
                self.button.setText(button_text)
                self.button.setToolTip(tip)
                self.button.setAccessibleName(f"{button_text}: {suggestion.label}. {effect_text(suggestion)}")
                self._shown_button = (button_text, tip)

    def _apply(self) -> None:
        if self.suggestion is not None:
            self._on_apply(self.suggestion)


class SuggestionList(QWidget):
    """A fixed pool of SuggestionRows updated in place (no widget churn while dragging)."""

    def __init__(self, title: str, size: int, on_apply, wrap: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label(title, "sectionTitle")
        self.empty = plain_label("", "muted", wrap=True)
        self.rows = [SuggestionRow(on_apply, wrap) for _ in range(size)]
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(self.empty)
        # One-line rows keep their place when hidden, so a move appearing while a lever is dragged
        # does not re-lay-out the panel (that doubled the repaint on such steps). Wrapped rows
        # (flags) need the room of the hidden ones, so they come and go.
        self._retain = not wrap
        for r in self.rows:
            if self._retain:
                policy = r.sizePolicy()
                policy.setRetainSizeWhenHidden(True)
                r.setSizePolicy(policy)
            box.addWidget(r)
        box.addStretch(1)
        self._shown: int | None = None  # rows shown by the last show_items (None: never called)
        self._empty_text: str | None = None

    def show_items(self, items: list[tuple[str, QColor, Move | None, str]], empty_text: str) -> bool:
        """Show the items; True when rows were shown or hidden (the list changes height)."""
        shown_before = self._shown
        for row, item in zip(self.rows, items, strict=False):
            row.show_item(*item)
        count = len(items)
        if count != self._shown:  # show/hide only the rows whose visibility changes
            for i, row in enumerate(self.rows):
                if self._shown is None or (i < count) != (i < self._shown):
                    row.setVisible(i < count)
            if self._shown is None or (not items) != (self._shown == 0):
                self.empty.setVisible(not items)
            self._shown = count
        if empty_text != self._empty_text:
            self.empty.setText(empty_text)
            self._empty_text = empty_text
        if self._retain:  # rows keep their place: only the empty note coming or going moves anything
            return shown_before is not None and (not items) != (shown_before == 0)
        return shown_before is not None and min(len(items), len(self.rows)) != min(shown_before, len(self.rows))


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
        self.score.setAccessibleName("Overall readiness score")
        self.band = plain_label("", "band")
        self.band.setAccessibleName("Readiness band")
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = plain_label("", "muted")
        self.score_delta = plain_label("", "scoreDelta")
        self.score_delta.setAccessibleName("Overall change against the baseline")
        self.deltas = BaselineDeltasView(session)
        # How sure the score is: the Monte Carlo's p10–p90 and the share of draws in the band.
        self.interval = plain_label("Computing the uncertainty range…", "uncertainty")
        self.interval.setAccessibleName("Score uncertainty")
        self.uncertainty = UncertaintyRunner(session, parent=self)
        self.uncertainty.finished.connect(self._on_uncertainty)
        self.uncertainty.failed.connect(lambda text: self.interval.setText(f"Uncertainty not available: {text}"))
        self.acceptance = SideMeter("Counterpart acceptance")
        self.assurance = SideMeter("Exporter assurance")
        self.radar = RadarView()
        self.line_items = LineItemsView()
        self.flags = SuggestionList("Flags", 10, self._apply)
        self.moves = SuggestionList("Best next moves", 5, self._apply, wrap=False)
        self.next_band = SuggestionList("Next band", 1, self._apply, wrap=True)
        self.next_band.title.setVisible(False)
        # Promised vs credited, the alternative to beat and the deal's money: one line each (the
        # whole text in the tooltip), so the charts keep their room on a laptop screen.
        self.commitments = _one_line("Promised and credited commitments")
        self.rival = _one_line("The alternative offer")
        self.deal = _one_line("Deal margin and price")

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
        self.flags_area.setWidget(self.flags)
        lists.addWidget(self.flags_area, 1)
        lists.addLayout(moves_box, 1)

        # Two pages: the assessment, and (an embargoed destination) the blocking panel in its place.
        self.content = QWidget()
        self.blocking = BlockingPanel()
        blocking_area = FittedScrollArea()
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

        self._shown: dict[str, Any] = {}  # the last text/style given to each label, see _set
        follow(self, session, self._on_session_changed, "assessment", "baseline")
        self._on_session_changed(None)
        # The first Monte Carlo (a worker thread, but it competes for the GIL and the CPU) waits
        # until the panel is on screen: start-up paints first.
        after_first_paint(self.radar, self.uncertainty.run_if_idle)
        self.line_items.setToolTip("Double-click: the dimension weights behind these points (View ▸ Assumptions)")
        self.interval.setCursor(Qt.CursorShape.PointingHandCursor)
        self.line_items.installEventFilter(self)
        self.interval.installEventFilter(self)

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
            band_text = f"for analysis only (Blocked; {band_text})"
        self.interval.setText(f"p10–p90: {result.overall.p10:.1f}–{result.overall.p90:.1f} · {band_text}")
        self.interval.setToolTip(
            f"{info['note']}\nCounterpart acceptance p10–p90: {result.acceptance.p10:.1f}–{result.acceptance.p90:.1f}; "
            f"exporter assurance p10–p90: {result.assurance.p10:.1f}–{result.assurance.p90:.1f}. "
            "Click (or View ▸ Sensitivity) to see which inputs matter most."
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
        score = f"{a.overall:.1f}"
        if self._changed("score", score):
            self.score.setText(score)
        if self._changed("band", a.band):
            self.band.setText(f"  {a.band}  ")
            colour = BAND_COLOURS[a.band]
            self.band.setStyleSheet(
                f"background:{colour.name()}; color:white; border-radius:6px; padding:2px 6px; font-weight:600;"
            )
        description = f"{a.overall:.1f} of 100, band {a.band}"
        if self._changed("score_description", description):
            self.score.setAccessibleDescription(description)
        caption = f"Readiness for {self.session.profile.name} · assumption set v{a.assumptions_version} · line items add up to the score"
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
        commitments = commitments_text(a, p, self.session.proposal.measures)
        if self._changed("commitments", commitments):
            self.commitments.setText(commitments)
            self.commitments.setToolTip(commitments)
            self.commitments.setAccessibleDescription(commitments)
        rival = "No alternative offer recorded." if a.alternative is None else (
            f"Alternative to beat ({a.alternative['kind']}): {a.alternative['name']}. {a.alternative['summary']}.")
        if self._changed("rival", rival):
            self.rival.setText(rival)
            self.rival.setToolTip(rival)
            self.rival.setAccessibleDescription(rival)
        d = a.deal
        deal = (f"US${d['value_musd']:,.0f}M over {d['term_years']} years at {d['price']:.2f}× market · margin "
                f"{d['margin'] * 100:.1f}% (minimum {d['min_margin'] * 100:.0f}%) · {FINANCING_LABELS[d['financing']]}")
        if self._changed("deal", deal):
            self.deal.setText(deal)
            self.deal.setToolTip(deal)
            self.deal.setAccessibleDescription(deal)
        deltas = self.session.deltas()
        show_delta(self.score_delta, None if deltas is None else deltas["overall"])
        for meter, key in ((self.acceptance, "acceptance"), (self.assurance, "assurance")):
            d = None if deltas is None else deltas[key]
            meter.set_delta(None if d is None else d.text, None if d is None else delta_colour(d))
        items = [LineItem(li.label, li.points, li.max_points) for li in a.line_items if li.dimension or li.points < -0.005]
        self.line_items.set_items(items, a.overall)
        flags_moved = self.flags.show_items(
            [
                (f.message + (f"\nFix: {f.fix.label}" if f.fix else ""), SEVERITY_COLOURS[f.severity], f.fix,
                 f"Fix {f.fix.effect.overall:+.1f}" if f.fix else "Fix")
                for f in [*a.flags, *view_flags(self.session.proposal, self.session.profiles, p)]
            ],
            "No flags: nothing stands in the way of this offer.",
        )
        if flags_moved:
            self.flags_area.refit()
        best = a.moves["best"]
        resized = self.moves.show_items(
            [(m.label, QColor("#2563eb"), m, f"Apply {m.gain:+.1f}") for m in best],
            "No single change improves the score.",
        )
        smallest = a.moves.get("smallest")
        note = a.moves.get("note") or "Top band: no further band to reach."
        listed = smallest is not None and any(m.steps == smallest.steps for m in best)
        offer = None if smallest is None or listed else smallest
        self.next_band.show_items(
            [(note, QColor("#2563eb"), offer, f"Apply {smallest.gain:+.1f}" if offer is not None else "")], ""
        )
        if resized and self.isVisible():
            # Rows were shown or hidden: the charts above will change size.  Settle the layouts
            # now, before the repaint already scheduled; otherwise the window paints once with
            # the old geometry and again after the queued relayout (same final picture, twice
            # the painting).  A relayout climbs one level (row, list, panel, centre, splitter,
            # window) per pass of posted events.
            for _ in range(_LAYOUT_PASSES):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
