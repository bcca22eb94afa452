"""The trade-off map in the window: the view (click or keys move two levers) and the panel.

The painting is desktop/ui/tradeoff_paint.py's; its names are re-exported here.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import _
from ..core.model import LEVER_LABELS, LEVERS
from ..core.session import Session
from ..core.tradeoff import METRIC_LABELS, TradeoffData, tradeoff_map
from .chart_paint import device_dpi, widget_chart_palette
from .editor import Editor
from .tradeoff_paint import (  # noqa: F401 - re-exported
    BASELINE_COLOUR,
    CURRENT_COLOUR,
    CURSOR_INNER,
    CURSOR_OUTER,
    RED_LINE_SHADE,
    ZONE_COLOUR,
    ZONE_EDGE,
    MapGeometry,
    cell_figures,
    colour_range,
    cursor_rect,
    describe,
    map_font_px,
    map_geometry,
    paint_cursor,
    paint_tradeoff_map,
    ramp_rgb,
    scale_ticks,
)
from .when_shown import RefreshWhenShown
from .widgets import buddy_label, follow, plain_label


class TradeoffMapView(QWidget):
    """The map as a widget: click (or arrows + Enter) a cell to move the two levers there."""

    cell_chosen = Signal(int, int)  # lever_x value, lever_y value
    cursor_moved = Signal(str)  # the figures of the cell under the keyboard cursor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TradeoffData | None = None
        self._geo: MapGeometry | None = None
        self._cursor: tuple[int, int] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Trade-off map"))
        self.setToolTip(_("Click a cell to move both levers there (one undo step); arrows and Enter do the same"))

    @property
    def data(self) -> TradeoffData | None:
        return self._data

    @property
    def cursor(self) -> tuple[int, int] | None:
        """The keyboard cursor's cell (x index, y index)."""
        return self._cursor

    def cursor_figures(self) -> str:
        """The figures of the cell under the keyboard cursor ('' with no map)."""
        if self._data is None or self._cursor is None:
            return ""
        return cell_figures(self._data, *self._cursor)

    def set_data(self, data: TradeoffData) -> None:
        self._data = data
        self._cursor = (data.index(data.current[0]), data.index(data.current[1]))
        self._on_cursor_moved()

    def _on_cursor_moved(self) -> None:
        # The cell's figures first, so a screen reader reads them as the arrows move the cursor
        # (told by a DescriptionChanged event); the map's overall description follows.
        figures = self.cursor_figures()
        self.setAccessibleDescription(_("Cursor: {figures}. ").format(figures=figures) + describe(self._data))
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        self.cursor_moved.emit(figures)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(460, 520)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(280, 320)

    def geometry_for_widget(self) -> MapGeometry | None:
        """The plot geometry of the last paint (or of the current size)."""
        if self._data is None:
            return None
        rect = QRectF(self.rect())
        geo, _cells, _font = map_geometry(rect, map_font_px(rect, device_dpi(self)))
        return MapGeometry(geo.plot, self._data.n)

    def _font_px(self) -> float:
        return map_font_px(QRectF(self.rect()), device_dpi(self))

    def cursor_box(self) -> QRectF | None:
        """Where the keyboard cursor is drawn (widget coordinates)."""
        geo = self.geometry_for_widget()
        return None if geo is None or self._cursor is None else cursor_rect(geo, *self._cursor, self._font_px())

    def point_for(self, x_value: float, y_value: float) -> QPointF:
        """Where lever values (x, y) sit in widget coordinates."""
        geo = self.geometry_for_widget()
        assert geo is not None
        return QPointF(geo.x(x_value), geo.y(y_value))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            self._geo = paint_tradeoff_map(painter, QRectF(self.rect()), self._data, widget_chart_palette(self.palette()))
            if self._geo is not None and self._cursor is not None and self.hasFocus():
                paint_cursor(painter, self._geo, *self._cursor, self._font_px())
        finally:
            painter.end()

    def _choose(self, i: int, j: int) -> None:
        data = self._data
        if data is not None:
            self.cell_chosen.emit(data.lever_value(i), data.lever_value(j))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        geo = self.geometry_for_widget()
        cell = geo.cell_at(event.position()) if geo is not None else None
        if cell is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._cursor = cell
        self._on_cursor_moved()
        self._choose(*cell)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        geo = self.geometry_for_widget()
        data = self._data
        cell = geo.cell_at(event.position()) if geo is not None else None
        if cell is None or data is None:
            self.setToolTip(_("Click a cell to move both levers there (one undo step); arrows and Enter do the same"))
            return
        i, j = cell
        zone = _("both sides clear") if data.zopa[j, i] else _("a side falls short")
        red = "" if data.inside[j, i] else _("; outside your red lines")
        self.setToolTip(
            _("{label_x} {lever_value}, {label_y} {lever_value2}: {metric_label} {value:.1f}; acceptance {value2:.0f}, assurance {value3:.0f} ({zone}{red})").format(label_x=data.label_x, lever_value=data.lever_value(i), label_y=data.label_y, lever_value2=data.lever_value(j), metric_label=data.metric_label, value=data.values[j, i], value2=data.acceptance[j, i], value3=data.assurance[j, i], zone=zone, red=red)
        )

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        data = self._data
        if data is None or self._cursor is None:
            super().keyPressEvent(event)
            return
        i, j = self._cursor
        key = event.key()
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}
        if key in moves:
            di, dj = moves[key]
            self._cursor = (min(max(i + di, 0), data.n - 1), min(max(j + dj, 0), data.n - 1))
            self._on_cursor_moved()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._choose(i, j)
        else:
            super().keyPressEvent(event)


class TradeoffPanel(QWidget):
    """Pick two levers and a metric; the map follows every edit of the session live."""

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tradeoffPanel")
        self.width_hint = 0  # px: at most this wide by its size hint (the window sets it to leave the centre room); 0: no limit
        self.session, self.editor = session, editor
        self.lever_x = QComboBox()
        self.lever_y = QComboBox()
        for combo, name in ((self.lever_x, _("Across (x) lever")), (self.lever_y, _("Up (y) lever"))):
            combo.setAccessibleName(name)
            for lv in LEVERS:
                combo.addItem(LEVER_LABELS[lv], lv)
        self.lever_x.setCurrentIndex(LEVERS.index("security"))
        self.lever_y.setCurrentIndex(LEVERS.index("openness"))
        self.metric_combo = QComboBox()
        self.metric_combo.setAccessibleName(_("Metric"))
        for key in ("overall", "acceptance", "assurance"):
            self.metric_combo.addItem(METRIC_LABELS[key], key)
        for key, label in METRIC_LABELS.items():
            if key not in ("overall", "acceptance", "assurance"):
                self.metric_combo.addItem(label, key)
        self.view = TradeoffMapView()
        self.status = plain_label("", "muted", wrap=True)
        self.cursor_label = plain_label("", "muted", wrap=True)  # the keyboard cursor's cell, in figures
        self.cursor_label.setAccessibleName(_("Cell at the cursor"))
        self.view.cursor_moved.connect(self._on_cursor_moved)
        # An embargoed destination: no map (no score exists); the reason in its place.
        self.blocked = plain_label("", "panelTitle", wrap=True)
        self.blocked.setAccessibleName(_("Trade-off map blocked"))
        self.blocked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.blocked)
        # Two rows (the levers, then the metric): docked beside the centre, the panel stays narrow.
        controls = QGridLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for k, (text, combo) in enumerate(((_("&Across"), self.lever_x), (_("&Up"), self.lever_y))):
            controls.addWidget(buddy_label(text, combo), 0, 2 * k)
            controls.addWidget(combo, 0, 2 * k + 1)
        controls.addWidget(buddy_label(_("&Metric"), self.metric_combo), 1, 0)
        controls.addWidget(self.metric_combo, 1, 1, 1, 3)
        controls.setColumnStretch(1, 1)
        controls.setColumnStretch(3, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(controls)
        box.addWidget(self.pages, 1)
        box.addWidget(self.cursor_label)
        box.addWidget(self.status)
        for combo in (self.lever_x, self.lever_y, self.metric_combo):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self.view.cell_chosen.connect(self._on_cell_chosen)
        self._shown = RefreshWhenShown(self, self._recompute)
        follow(self, session, self.refresh, "assessment", "baseline")
        self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        if self.width_hint:
            hint.setWidth(max(self.minimumSizeHint().width(), min(hint.width(), self.width_hint)))
        return hint

    def set_levers(self, lever_x: str, lever_y: str, metric: str | None = None) -> None:
        """Choose the two levers (and optionally the metric) shown."""
        for combo, value in ((self.lever_x, lever_x), (self.lever_y, lever_y), (self.metric_combo, metric)):
            if value is not None:
                blocked = combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(value))
                combo.blockSignals(blocked)
        self.refresh()

    def _on_choice_changed(self, _index: int) -> None:
        if self.lever_x.currentData() == self.lever_y.currentData():
            # Keep two different levers: move the other combo off the clash.
            other = self.lever_y if self.sender() is self.lever_x else self.lever_x
            blocked = other.blockSignals(True)
            other.setCurrentIndex((other.currentIndex() + 1) % len(LEVERS))
            other.blockSignals(blocked)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Recompute the map for the current proposal (about a millisecond for 50×50, both sides).

        While the map is not on screen nothing is computed; showing it catches up.
        """
        self._shown.request()

    def _recompute(self) -> None:
        s = self.session
        screen = s.assessment.screen
        if not s.assessment.scored:
            self.pages.setCurrentIndex(1)
            st = screen.status
            self.blocked.setText(_("Prohibited: {name} is under a comprehensive U.S. embargo ({reason}). No score, so no trade-off map.").format(name=st.name, reason=st.reason))
            self.status.setText(st.notice())
            return
        self.pages.setCurrentIndex(0)
        base = s.baseline
        data = tradeoff_map(
            s.proposal,
            s.profile,
            s.assumptions,
            self.lever_x.currentData(),
            self.lever_y.currentData(),
            self.metric_combo.currentData(),
            50,
            None if base is None else base.proposal,
        )
        self.view.set_data(data)
        inside = bool(data.zopa[data.index(data.current[1]), data.index(data.current[0])])
        blocked = ""
        if screen is not None and screen.band == "Blocked":
            blocked = (_("Blocked: {name} is a denial destination; this map is for analysis only (screening aid as of {as_of}, not a legal determination). ").format(name=screen.status.name, as_of=screen.status.as_of))
        self.status.setText(
            blocked + (_("The current offer is inside the zone where both sides clear their thresholds ({int} of {size} cells). Click a cell to move {label_x} and {label_y} there; Ctrl+Z undoes it.") if inside else _("The current offer is outside the zone where both sides clear their thresholds ({int} of {size} cells). Click a cell to move {label_x} and {label_y} there; Ctrl+Z undoes it.")).format(int=int(data.zopa.sum()), size=data.zopa.size, label_x=data.label_x, label_y=data.label_y)
        )

    def _on_cursor_moved(self, figures: str) -> None:
        self.cursor_label.setText(_("Cursor: {figures} (arrows move it; Enter moves both levers there)").format(figures=figures))

    def _on_cell_chosen(self, x_value: int, y_value: int) -> None:
        data = self.view.data
        if data is None:
            return
        lx, ly = data.lever_x, data.lever_y
        label = _("Map: {value} {x_value}, {value2} {y_value}").format(value=LEVER_LABELS[lx], x_value=x_value, value2=LEVER_LABELS[ly], y_value=y_value)
        self.editor.apply(ops.set_levers(self.session.proposal, {lx: x_value, ly: y_value}, label))
