"""The four commitment levers: sliders with level names, value, and the country's demand on the track."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import _
from ..core.languages import local_name
from ..core.model import LEVER_LABELS, LEVER_LEVELS, LEVERS
from ..core.session import Session
from .editor import Editor
from .theme import style_text
from .widgets import WrappedLabel, follow, plain_label

DEMAND_COLOUR = QColor("#d97706")
_RED_LINE_BAND = QColor("#dc2626")
_RED_LINE_BAND.setAlpha(40)


class LeverSlider(QSlider):
    """A 0–100 slider that marks the country's demand and the red-line range on its track."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, 100)
        self.setSingleStep(1)
        self.setPageStep(10)
        self.setTracking(True)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(10)
        self.setMinimumHeight(34)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._demand: float | None = None
        self._red_line: tuple[int, int] | None = None

    @property
    def demand(self) -> float | None:
        return self._demand

    def set_demand(self, demand: float | None) -> None:
        if demand != self._demand:
            self._demand = demand
            self.update()

    @property
    def red_line(self) -> tuple[int, int] | None:
        """The red line drawn on the track (None: none drawn)."""
        return self._red_line

    def set_red_line(self, bounds: tuple[int, int] | None) -> None:
        bounds = None if bounds in (None, (0, 100)) else tuple(bounds)
        if bounds != self._red_line:
            self._red_line = bounds
            self.update()

    def _track(self) -> tuple[float, int]:
        """(x of value 0, pixels from 0 to 100) on the groove, from the style's current geometry."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self)
        return groove.x() + handle.width() / 2, groove.width() - handle.width()

    def mirrored(self) -> bool:
        """True when 0 is at the right (right to left, as QSlider draws itself in Arabic)."""
        return (self.layoutDirection() == Qt.LayoutDirection.RightToLeft) != self.invertedAppearance()

    def _x_for(self, value: float, track: tuple[float, int] | None = None) -> float:
        start, span = track if track is not None else self._track()
        share = value / 100.0
        return start + span * (1.0 - share if self.mirrored() else share)

    def demand_x(self) -> float | None:
        """Where the demand marker is drawn (None without a demand)."""
        return None if self._demand is None else self._x_for(self._demand)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._red_line is None and self._demand is None:
            super().paintEvent(event)
            return
        track = self._track()  # one style query per paint, not one per marker
        top, bottom = 2.0, float(self.height()) - 2.0
        if self._red_line is not None:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            lo, hi = self._red_line
            x0, x1 = self._x_for(0, track), self._x_for(100, track)
            # .normalized(): right to left, 0 is at the right and the widths come out negative
            painter.fillRect(QRectF(x0, top, self._x_for(lo, track) - x0, bottom - top).normalized(), _RED_LINE_BAND)
            painter.fillRect(QRectF(self._x_for(hi, track), top, x1 - self._x_for(hi, track), bottom - top).normalized(), _RED_LINE_BAND)
            painter.end()
        super().paintEvent(event)
        if self._demand is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = self._x_for(self._demand, track)
        painter.setPen(QPen(DEMAND_COLOUR, 2.0))
        painter.drawLine(QPointF(x, top + 7), QPointF(x, bottom - 4))
        path = QPainterPath()
        path.moveTo(x - 6, top)
        path.lineTo(x + 6, top)
        path.lineTo(x, top + 8)
        path.closeSubpath()
        painter.fillPath(path, DEMAND_COLOUR)
        painter.end()


class LeverControl(QWidget):
    """One lever: its name, value, slider with demand marker, and what 0, 50 and 100 mean."""

    def __init__(self, lever: str, shortcut_index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lever = lever
        self.room_safe = False  # True: the red line is not drawn nor described (presentation mode)
        self.refresh = lambda *_: None  # set by bind_lever
        label = LEVER_LABELS[lever]
        self.title = plain_label(label, "leverTitle")
        self.value_label = plain_label("50", "leverValue")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.demand_label = plain_label("", "leverDemand")
        self.slider = LeverSlider()
        self.slider.setAccessibleName(_("{label} lever").format(label=label))
        self.slider.setToolTip(_("{label} lever (Ctrl+{shortcut_index}); the orange mark is the country's demand").format(label=label, shortcut_index=shortcut_index))
        self.title.setBuddy(self.slider)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.demand_label, 1)
        head.addWidget(self.value_label)
        levels = QHBoxLayout()
        levels.setContentsMargins(0, 0, 0, 0)
        self.level_labels = []
        for text, align in zip(LEVER_LEVELS[lever], (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight), strict=True):
            lab = WrappedLabel(text)
            style_text(lab, "leverLevel")
            lab.setAlignment(align | Qt.AlignmentFlag.AlignTop)
            policy = lab.sizePolicy()  # keeps the height-for-width flag setWordWrap set
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            lab.setSizePolicy(policy)
            levels.addWidget(lab, 1)
            self.level_labels.append(lab)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(2)
        box.addLayout(head)
        box.addWidget(self.slider)
        box.addLayout(levels)

    def show_state(self, value: int, demand: float, demand_text: str, red_line: tuple[int, int] | None) -> None:
        if self.slider.value() != value:
            blocked = self.slider.blockSignals(True)
            self.slider.setValue(value)
            self.slider.blockSignals(blocked)
        text = str(value)
        if text != self.value_label.text():
            self.value_label.setText(text)
        self.slider.set_demand(demand)
        self.slider.set_red_line(red_line)
        if demand_text != self.demand_label.text():
            self.demand_label.setText(demand_text)
        desc = _("{value} of 100; country's demand {demand:.0f}").format(value=value, demand=demand)
        if red_line:
            desc += _("; your red line {value}–{value2}").format(value=red_line[0], value2=red_line[1])
        if desc != self.slider.accessibleDescription():
            self.slider.setAccessibleDescription(desc)


def bind_lever(control: LeverControl, session: Session, editor: Editor) -> None:
    """Bind a lever control to the session both ways: slider → operation, session → slider."""

    def on_moved(value: int) -> None:
        if session.proposal.levers[control.lever] != value:
            editor.apply(ops.set_lever(session.proposal, control.lever, value))

    def refresh(_changes=None) -> None:
        commitment = session.assessment.commitments[control.lever]
        said = _("{country} accepts {demand:.0f}") if control.lever == "resilience" else _("{country} demands {demand:.0f}")
        text = said.format(country=local_name(session.profile.iso3, session.profile.name), demand=commitment["demand"])
        red_line = None if control.room_safe else session.proposal.red_lines.get(control.lever)
        control.show_state(int(session.proposal.levers[control.lever]), commitment["demand"], text, red_line)

    control.refresh = refresh
    control.slider.valueChanged.connect(on_moved)
    follow(control, session, refresh, "assessment")
    refresh()


class LeversPanel(QWidget):
    """The four levers in a 2×2 grid."""

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self.setObjectName("leversPanel")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.controls: dict[str, LeverControl] = {}
        for i, lever in enumerate(LEVERS):
            control = LeverControl(lever, i + 1)
            bind_lever(control, session, editor)
            grid.addWidget(control, i // columns, i % columns)
            self.controls[lever] = control

    def slider(self, lever: str) -> LeverSlider:
        return self.controls[lever].slider

    def set_room_safe(self, on: bool) -> None:
        """Hide (True) or show the red lines on every lever track."""
        for control in self.controls.values():
            control.room_safe = on
            control.refresh()

    def focus_lever(self, index: int) -> None:
        self.controls[LEVERS[index]].slider.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _bold(font: QFont, size_delta: int = 0) -> QFont:
    f = QFont(font)
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() + size_delta)
    return f
