"""Presentation mode's model page (issue 20, item 7): promised vs credited per commitment, the
offer to beat and the destination screen, in large type for the back of a room.

What it shows follows the audience registry (desktop.core.audience), never the wording:
- the promises (`commitment.lever`) and the country's demand (`commitment.demand`) are safe;
- what the counterpart credits of each promise (`commitment.credited`) and the rival offer
  (`assessment.alternative`, `commitment.alternative`) are our estimates: internal, shown only
  in an internal workshop (S); room-safe says so and says "press S";
- the destination screen (`assessment.screen`) is a sourced public fact: shown in both, with
  its sources and "not a legal determination".
While the results are hidden (R) the estimates stay hidden too: the room predicts first.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLayout, QSizePolicy, QVBoxLayout, QWidget

from ..core.audience import Edition
from ..core.engine.results import Assessment
from ..core.i18n import N_, _
from ..core.model import LEVER_LABELS, LEVERS
from ..core.screen import DestinationStatus, ScreenResult
from .theme import text_colour
from .widgets import plain_label

# Demand in the levers' orange; the rival in purple (apart from the demand's orange at a distance).
PROMISED, CREDITED, RIVAL, DEMAND = QColor("#1e3a8a"), QColor("#2563eb"), QColor("#7e22ce"), QColor("#c2410c")

# Point sizes at the reference screen (presentation.py scales them with the screen in use).
MODEL_STYLE = {
    "QWidget#presentation QLabel#modelTitle": ("font-size: {}pt; font-weight: 700;", 24),
    "QWidget#presentation QLabel#modelHead": ("font-size: {}pt; font-weight: 700;", 14),
    "QWidget#presentation QLabel#modelName": ("font-size: {}pt; font-weight: 700;", 19),
    "QWidget#presentation QLabel#modelFigure": ("font-size: {}pt; font-weight: 800;", 22),
    "QWidget#presentation QLabel#modelRival": ("font-size: {}pt; font-weight: 600;", 15),
    "QWidget#presentation QLabel#modelNote": ("font-size: {}pt; font-weight: 600; color: #9a3412;", 14),
    "QWidget#presentation QLabel#modelScreen": ("font-size: {}pt; font-weight: 600; color: #7f1d1d;", 13),
    "QWidget#presentation QLabel#presScreenSource": ("font-size: {}pt; color: #334155;", 13),
    "QWidget#presentation QWidget#blockingPanel QLabel": ("font-size: {}pt;", 16),
    "QWidget#presentation QWidget#blockingPanel QLabel#panelTitle": ("font-size: {}pt; font-weight: 700;", 22),
    "QWidget#presentation QWidget#blockingPanel QLabel#muted": ("font-size: {}pt; color: #334155;", 15),
}
COLUMN_COLOURS = {"promised": PROMISED, "credited": CREDITED, "rival": RIVAL, "demand": DEMAND}


def model_style(scale: float) -> str:
    """The model page's style rules at a type scale (the presentation window's)."""
    return "\n".join(f"{sel} {{ {rule.format(round(size * scale, 1))} }}" for sel, (rule, size) in MODEL_STYLE.items())


def screen_notice(status: DestinationStatus, edition: Edition) -> str:
    """The screening-aid sentence and its sources; an edit's reason only where the edition shows edit reasons."""
    if edition.shows("figure.edit_reason"):
        why = _(" Corrected: {edit_reason}").format(edit_reason=status.edit_reason) if status.edited_at else ""
        return status.notice() + why
    lead = _(" Screening aid as of {as_of}, not a legal determination.").format(as_of=status.as_of).strip()
    return f"{lead} Sources: {status.sources_text()}."


def screen_parts(screen: ScreenResult | None, scored: bool, edition: Edition) -> tuple[str, str]:
    """The destination screen when it blocks (a public fact: room-safe): what it does, and the
    screening-aid sentence with its sources; ('', '') when it does not block."""
    if screen is None or screen.band is None:
        return "", ""
    st = screen.status
    if not scored:
        lead = _("No score: {name} is under a comprehensive U.S. embargo ({reason}).")
    else:
        lead = _("Blocked: {name} is a denial destination ({reason}); the score is for analysis only.")
    return lead.format(name=st.name, reason=st.reason), screen_notice(st, edition)


def screen_text(screen: ScreenResult | None, scored: bool, edition: Edition) -> str:
    """The destination screen when it blocks, with its sources, in one text; '' otherwise."""
    return " ".join(part for part in screen_parts(screen, scored, edition) if part)


class PromiseBar(QWidget):
    """One commitment on a 0–100 track: the promise as an outline, the credit filled, the demand and rival as ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.promised = 0.0
        self.credited: float | None = None
        self.demand: float | None = None
        self.rival: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(40, 22)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(120, max(22, self.fontMetrics().height()))

    def set_values(self, promised: float, credited: float | None, demand: float | None, rival: float | None) -> None:
        self.promised, self.credited, self.demand, self.rival = promised, credited, demand, rival
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 3, -2, -3)
        p.fillRect(r, QColor("#e2e8f0"))

        def x(v: float) -> float:
            return r.left() + r.width() * max(0.0, min(100.0, v)) / 100.0

        if self.credited is not None:
            p.fillRect(QRectF(r.left(), r.top(), x(self.credited) - r.left(), r.height()), CREDITED)
        p.setPen(QPen(PROMISED, 3))
        p.drawRect(QRectF(r.left(), r.top(), x(self.promised) - r.left(), r.height()))
        for value, colour in ((self.demand, DEMAND), (self.rival, RIVAL)):
            if value is not None:
                p.setPen(QPen(colour, 5))
                p.drawLine(int(x(value)), int(r.top()) - 3, int(x(value)), int(r.bottom()) + 3)
        p.end()


class ModelPage(QWidget):
    """Promised vs credited per commitment, the offer to beat and the destination screen."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(_("The offer: promised and credited"))
        self.title = plain_label(_("Promised vs credited"), "modelTitle", wrap=True)
        self.screen_note = plain_label("", "modelScreen", wrap=True)
        self.screen_note.setAccessibleName(_("Destination screen"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(0, 1)
        self.heads = {
            key: plain_label(_(text), "modelHead")
            for key, text in (("promised", N_("Promised")), ("credited", N_("Credited")), ("rival", N_("Rival")),
                              ("demand", N_("Demand")))
        }
        self.columns = ("promised", "credited", "rival", "demand")
        for col, key in enumerate(self.columns, start=1):
            self.heads[key].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(self.heads[key], 0, col)
        self.rows: dict[str, dict[str, object]] = {}
        for i, lever in enumerate(LEVERS):
            # The name on its own line (it never competes with the figures for width), then the bar and figures.
            row: dict[str, object] = {"name": plain_label(LEVER_LABELS[lever], "modelName")}
            grid.addWidget(row["name"], 1 + 2 * i, 0, 1, len(self.columns) + 1)
            bar = PromiseBar()
            grid.addWidget(bar, 2 + 2 * i, 0)
            row["bar"] = bar
            for col, key in enumerate(self.columns, start=1):
                label = plain_label("", "modelFigure")
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                label.setAccessibleName(f"{LEVER_LABELS[lever]} {self.heads[key].text().lower()}")
                grid.addWidget(label, 2 + 2 * i, col)
                row[key] = label
            self.rows[lever] = row
        self.rival_name = plain_label("", "modelRival", wrap=True)
        self.rival_name.setAccessibleName(_("The offer to beat"))
        self.rival_summary = plain_label("", "modelRival", wrap=True)
        self.rival_summary.setAccessibleName(_("Against the offer to beat"))
        self.note = plain_label("", "modelNote", wrap=True)
        self.note.setAccessibleName(_("What this page hides"))
        box = QVBoxLayout(self)
        # No minimum from the content: the page never grows the window (the results page sets its size).
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        box.setSpacing(8)
        box.addWidget(self.title)
        box.addWidget(self.screen_note)
        box.addLayout(grid)
        box.addWidget(self.rival_name)
        box.addWidget(self.rival_summary)
        box.addWidget(self.note)
        box.addStretch(1)
        self.restyle()

    def restyle(self) -> None:
        """The columns' colours (the heads are the bars' legend) as drawn on the theme in use."""
        for key in self.columns:
            colour = f"color: {text_colour(COLUMN_COLOURS[key].name())};"
            self.heads[key].setStyleSheet(colour)
            for row in self.rows.values():
                row[key].setStyleSheet(colour)

    def show_assessment(self, a: Assessment, edition: Edition, revealed: bool) -> None:
        """Fill the page from the engine's assessment; estimates only where the edition shows them and revealed."""
        credited = revealed and a.scored and edition.shows("commitment.credited")
        alt = a.alternative if revealed and a.scored and edition.shows("assessment.alternative") else None
        note = screen_text(a.screen, a.scored, edition)
        self.screen_note.setText(note)
        self.screen_note.setVisible(bool(note))
        self.heads["credited"].setVisible(credited)
        self.heads["rival"].setVisible(alt is not None)
        for lever, row in self.rows.items():
            c = a.commitments[lever]
            row["promised"].setText(f"{c['lever']:.0f}")
            row["credited"].setText(f"{c['credited']:.0f}" if credited else "")
            row["rival"].setText(f"{alt['offer'][lever]:.0f}" if alt is not None else "")
            row["demand"].setText(f"{c['demand']:.0f}" if edition.shows("commitment.demand") else "")
            row["credited"].setVisible(credited)
            row["rival"].setVisible(alt is not None)
            row["bar"].set_values(c["lever"], c["credited"] if credited else None, c["demand"],
                                  alt["offer"][lever] if alt is not None else None)
        self.rival_name.setVisible(alt is not None)
        self.rival_summary.setVisible(alt is not None)
        if alt is not None:
            self.rival_name.setText(_("To beat: {name} ({kind}).").format(kind=alt["kind"], name=alt["name"]))
            self.rival_summary.setText(_("{summary}. Their price {price:.2f}× market, {share:.0f}% financed "
                                         "(effective {eff:.2f}×); ours {ours:.2f}×.").format(
                summary=alt["summary"], price=alt["price"], share=alt["financing_share"] * 100,
                eff=alt["effective_price"], ours=a.deal.get("effective_price", a.deal.get("price", 1.0))))
        if not a.scored:
            text = _("No deal exists to assess: nothing is credited and there is no offer to beat.")
        elif not revealed:
            text = _("What they credit and the offer to beat stay hidden until R reveals the results.")
        elif not credited or (a.alternative is not None and alt is None):
            text = _("What they credit of each promise and the rival offer are our estimates: "
                     "press S for an internal workshop.")
        elif a.alternative is None:
            text = _("No alternative offer is recorded for this country.")
        else:
            text = _("Internal workshop: credited figures and the rival offer are our estimates.")
        self.note.setText(text)
