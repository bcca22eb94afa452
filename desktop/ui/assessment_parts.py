"""The assessment panel's small parts: band and severity colours, a side's meter, suggestion rows."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core.engine import Move
from ..core.i18n import N_, _
from .chart_geometry import Rect, is_numeric_text, ltr_isolated
from .chart_paint import qrect
from .charts import widget_chart_palette
from .meter_layout import MeterLayout, meter_layout
from .widgets import ElidingLabel, HeldLabel, plain_label

BAND_COLOURS = {
    N_("Not ready"): QColor("#b91c1c"),
    N_("At risk"): QColor("#c2410c"),
    N_("Viable"): QColor("#a16207"),
    N_("Ready"): QColor("#15803d"),
    # The destination screen's bands (desktop/core/screen.py): denial, embargoed.
    N_("Blocked"): QColor("#7f1d1d"),
    N_("Prohibited"): QColor("#1f2937"),
}
SEVERITY_COLOURS = {"high": QColor("#b91c1c"), "medium": QColor("#c2410c"), "low": QColor("#64748b")}
# Severity by icon and text as well as colour: the style's own message-box icons, and a word.
SEVERITY_TEXT = {"high": N_("High severity"), "medium": N_("Medium severity"), "low": N_("Low severity")}
_SEVERITY_ICONS = {"high": QStyle.StandardPixmap.SP_MessageBoxCritical,
                   "medium": QStyle.StandardPixmap.SP_MessageBoxWarning,
                   "low": QStyle.StandardPixmap.SP_MessageBoxInformation}
# The next-band note takes two or three lines at the panel's width in English (longer languages
# more): its row keeps the room of three and grows, once, for a longer one.
_HELD_LINES = 3
_NO_COLOUR = QColor(0, 0, 0, 0)
_METER_CLEARS = QColor("#15803d")
_METER_BELOW = QColor("#c2410c")


def effect_text(move: Move) -> str:
    """What a move does, said before it is clicked: overall and both sides."""
    e = move.effect
    return (_("Overall {overall:+.1f} → {overall2:.1f} ({band}); counterpart acceptance {counterpart_acceptance:+.1f}; exporter assurance {exporter_assurance:+.1f}").format(overall=e.overall, overall2=move.overall, band=move.band, counterpart_acceptance=e.counterpart_acceptance, exporter_assurance=e.exporter_assurance))


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
        if (value, threshold) == (self.value, self.threshold) and repr((value, threshold)) == repr((self.value, self.threshold)):
            return  # same meter: nothing to describe or repaint
        self.value, self.threshold = value, threshold
        state = _("clears") if value >= threshold else _("is below")
        self.setAccessibleDescription(_("{title} {value:.0f} of 100; {state} the threshold {threshold:.0f}").format(title=self.title, value=value, state=state, threshold=threshold))
        self.setToolTip(self.accessibleDescription())
        self.update()

    def set_delta(self, text: str | None, colour: QColor | None = None) -> None:
        """Show a change against the baseline ('▲ 3.2') after the value, or none."""
        delta = None if text is None else (text, colour)
        if delta != self.delta:
            self.delta = delta
            self.update()

    def mirrored(self) -> bool:
        """Right to left (Arabic): the meter fills from the right."""
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def meter_geometry(self) -> MeterLayout:
        """The meter's geometry as painted now (tests read it)."""
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fm = QFontMetricsF(self.font())
        return meter_layout(Rect(r.x(), r.y(), r.width(), r.height()), fm.height(), self.title, self.value, self.threshold,
                            f"{self.value:.0f}", fm.horizontalAdvance(f"{self.value:.0f}  "), None, self.mirrored())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = widget_chart_palette(self.palette())
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fm = p.fontMetrics()
        bold = QFont(p.font())
        bold.setBold(True)
        value_text = f"{self.value:.0f}"
        value_w = QFontMetricsF(bold).horizontalAdvance(value_text + "  ")
        lay = meter_layout(Rect(r.x(), r.y(), r.width(), r.height()), fm.height(), self.title, self.value, self.threshold,
                           value_text, value_w, None if self.delta is None else self.delta[0], self.mirrored())
        p.setPen(pal.text)
        _draw(p, lay.title)
        p.setFont(bold)
        _draw(p, lay.value)
        if lay.delta is not None:
            p.setPen(self.delta[1] if self.delta[1] is not None else pal.text)
            _draw(p, lay.delta)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.bar_track)
        p.drawRoundedRect(qrect(lay.track), 3, 3)
        p.setBrush(_METER_CLEARS if self.value >= self.threshold else _METER_BELOW)
        p.drawRoundedRect(qrect(lay.fill), 3, 3)
        p.setPen(pal.text)
        x = int(lay.threshold_x)
        p.drawLine(x, int(lay.track.top - 2), x, int(lay.track.bottom + 2))
        p.end()


def _draw(p: QPainter, box) -> None:
    """A meter's text where its layout put it (AlignAbsolute: already mirrored for right to left)."""
    align = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}[box.align]
    text = ltr_isolated(box.text) if p.layoutDirection() == Qt.LayoutDirection.RightToLeft and is_numeric_text(box.text) else box.text
    p.drawText(qrect(box.rect), align | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter, text)


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

    def __init__(self, on_apply: Callable[[Move], None], wrap: bool, parent: QWidget | None = None,
                 hold_height: bool = False) -> None:
        super().__init__(parent)
        self._on_apply = on_apply
        self.suggestion: Move | None = None
        self.chip = ColourChip()
        if hold_height:
            # Outside a scroll area that fits wrapped text: the label holds the room of its lines.
            self.text = HeldLabel(_HELD_LINES)
        elif wrap:
            self.text = plain_label(wrap=True)
            policy = self.text.sizePolicy()  # keeps the height-for-width flag setWordWrap set
            policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
            policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
            self.text.setSizePolicy(policy)
        else:
            self.text = ElidingLabel()
            self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            # One line and its button: never lower than that (a short window scrolls the centre).
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
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
        self.severity_icon = QLabel()  # a flag's severity as an icon (moves have none)
        self.severity_icon.setTextFormat(Qt.TextFormat.PlainText)  # an icon, never markup
        self.severity_icon.setFixedSize(18, 18)
        self.severity_icon.hide()
        self.severity: str | None = None
        row.addWidget(self.severity_icon, 0, Qt.AlignmentFlag.AlignTop)
        if hold_height:
            # The button under the text, keeping its place when hidden: the text's width (so its
            # line count) does not depend on whether there is something to apply.
            policy = self.button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.button.setSizePolicy(policy)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(self.text)
            column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
            row.addLayout(column, 1)
        else:
            row.addWidget(self.text, 1)
            row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # A one-line row is as high as its button even while the button is hidden (a note in
        # the row's place): a button coming back must not change the list's height.
        hint = super().sizeHint()
        if isinstance(self.text, ElidingLabel):
            m = self.layout().contentsMargins()
            hint.setHeight(max(hint.height(), self.button.sizeHint().height() + m.top() + m.bottom()))
        return hint

    def show_item(self, text: str, colour: QColor, suggestion: Move | None, button_text: str,
                  severity: str | None = None) -> None:
        if severity != self.severity:
            self.severity = severity
            self.severity_icon.setVisible(severity is not None)
            self._shown_text = None  # the accessible text names the severity
            if severity is not None:
                icon = self.style().standardIcon(_SEVERITY_ICONS[severity], None, self)
                self.severity_icon.setPixmap(icon.pixmap(16, 16))
                self.severity_icon.setAccessibleName(_(SEVERITY_TEXT[severity]))
                self.severity_icon.setToolTip(_(SEVERITY_TEXT[severity]))
        if text != self._shown_text:
            self.text.setText(text)
            said = text if severity is None else f"{_(SEVERITY_TEXT[severity])}: {text}"
            self.text.setToolTip(said)
            self.text.setAccessibleName(said)
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

    def __init__(self, title: str, size: int, on_apply, wrap: bool = True, parent: QWidget | None = None,
                 hold_height: bool = False) -> None:
        super().__init__(parent)
        self.title = plain_label(title, "sectionTitle")
        self.empty = plain_label("", "muted", wrap=True)
        self.rows = [SuggestionRow(on_apply, wrap, hold_height=hold_height) for _ in range(size)]
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
        if self._retain and not items and empty_text:
            # One-line rows: the note takes the first row's place (a note above the rows would
            # change the list's height), a row with nothing to apply.
            items = [(empty_text, _NO_COLOUR, None, "")]
            empty_text = ""
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
        if self._retain:  # rows keep their place, the note too: nothing moves
            return False
        return shown_before is not None and min(len(items), len(self.rows)) != min(shown_before, len(self.rows))
