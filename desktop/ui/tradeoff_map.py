"""The trade-off map: a heat map of a metric over two levers, with band contours, the zone of
possible agreement, the red lines, the current point and the baseline point.

`paint_tradeoff_map(painter, rect, data, palette)` is a pure paint function (like the charts in
charts.py) so the map renders to a widget, PNG, SVG or PDF alike.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.model import LEVER_LABELS, LEVERS
from ..core.session import Session
from ..core.tradeoff import METRIC_LABELS, TradeoffData, tradeoff_map
from .charts import ChartPalette, _dpi, _make_font, _metrics, _min_px, _pen, widget_chart_palette
from .editor import Editor
from .widgets import buddy_label, follow, plain_label

# A perceptually uniform, colour-blind safe ramp (viridis stops) for 0 → 100.
_RAMP = np.array(
    [[0x44, 0x01, 0x54], [0x3B, 0x52, 0x8B], [0x21, 0x91, 0x8C], [0x5E, 0xC9, 0x62], [0xFD, 0xE7, 0x25]], dtype=float
)
ZONE_COLOUR = QColor("#ffffff")
ZONE_EDGE = QColor("#111827")
RED_LINE_SHADE = QColor(20, 20, 20, 120)
CURRENT_COLOUR = QColor("#ffffff")
BASELINE_COLOUR = QColor("#f97316")


def colour_range(values: np.ndarray) -> tuple[float, float]:
    """The colour scale's range: the values' span widened to multiples of 5, at least 10 wide."""
    lo = float(np.floor(np.nanmin(values) / 5.0) * 5.0)
    hi = float(np.ceil(np.nanmax(values) / 5.0) * 5.0)
    if hi - lo < 10.0:
        mid = (hi + lo) / 2.0
        lo, hi = max(0.0, mid - 5.0), min(100.0, mid + 5.0)
        if hi - lo < 10.0:
            lo, hi = (0.0, 10.0) if lo == 0.0 else (90.0, 100.0)
    return lo, hi


def scale_ticks(lo: float, hi: float) -> list[float]:
    """Round values for the colour scale's labels: at most six, in steps of 5, 10, 20 or 25."""
    for step in (5.0, 10.0, 20.0, 25.0):
        ticks = list(np.arange(np.ceil(lo / step) * step, hi + 1e-9, step))
        if len(ticks) <= 6:
            return [float(t) for t in ticks]
    return [lo, hi]


def ramp_rgb(values: np.ndarray, lo: float = 0.0, hi: float = 100.0) -> np.ndarray:
    """Values in lo–hi → uint8 RGB through the ramp (…, 3)."""
    t = np.clip((np.asarray(values, dtype=float) - lo) / (hi - lo), 0.0, 1.0) * (len(_RAMP) - 1)
    i = np.minimum(t.astype(int), len(_RAMP) - 2)
    f = (t - i)[..., None]
    return np.rint(_RAMP[i] * (1 - f) + _RAMP[i + 1] * f).astype(np.uint8)


def _image(values: np.ndarray, lo: float, hi: float) -> QImage:
    """The grid as an n×n image, higher y values at the top."""
    rgb = np.ascontiguousarray(ramp_rgb(values[::-1, :], lo, hi))
    h, w = rgb.shape[:2]
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return img.copy()  # own the pixels: the numpy buffer goes away


def _edges(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Cell edges (x0, y0, x1, y1 in cell units, y up) separating True from False cells."""
    n_y, n_x = mask.shape
    out = _inner_edges(mask)
    # The plot border where the mask is True, so a zone touching the edge is closed.
    for x in np.nonzero(mask[0, :])[0]:
        out.append((x, 0, x + 1, 0))
    for x in np.nonzero(mask[n_y - 1, :])[0]:
        out.append((x, n_y, x + 1, n_y))
    for y in np.nonzero(mask[:, 0])[0]:
        out.append((0, y, 0, y + 1))
    for y in np.nonzero(mask[:, n_x - 1])[0]:
        out.append((n_x, y, n_x, y + 1))
    return out


def _inner_edges(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Cell edges between True and False cells only (contours, not the border)."""
    out = []
    vert = mask[:, 1:] != mask[:, :-1]
    for y, x in zip(*np.nonzero(vert), strict=True):
        out.append((x + 1, y, x + 1, y + 1))
    horiz = mask[1:, :] != mask[:-1, :]
    for y, x in zip(*np.nonzero(horiz), strict=True):
        out.append((x, y + 1, x + 1, y + 1))
    return out


class MapGeometry:
    """Where the plot sits in a rect, and how lever values and cells map to it."""

    def __init__(self, plot: QRectF, n: int) -> None:
        self.plot, self.n = plot, n

    def x(self, value: float) -> float:
        return self.plot.left() + (value / 100.0 * (self.n - 1) + 0.5) / self.n * self.plot.width()

    def y(self, value: float) -> float:
        return self.plot.bottom() - (value / 100.0 * (self.n - 1) + 0.5) / self.n * self.plot.height()

    def cell_x(self, i: float) -> float:
        return self.plot.left() + i / self.n * self.plot.width()

    def cell_y(self, j: float) -> float:
        return self.plot.bottom() - j / self.n * self.plot.height()

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """(x index, y index) of the cell under a point, or None outside the plot."""
        if not self.plot.contains(point):
            return None
        i = int((point.x() - self.plot.left()) / self.plot.width() * self.n)
        j = int((self.plot.bottom() - point.y()) / self.plot.height() * self.n)
        return min(max(i, 0), self.n - 1), min(max(j, 0), self.n - 1)


def map_geometry(rect: QRectF, px: float) -> tuple[MapGeometry, QRectF, QRectF]:
    """(plot geometry, colour-scale rect, legend rect) for a rect and a base font size."""
    left = rect.left() + px * 4.2
    top = rect.top() + px * 2.2
    scale_w = px * 1.2
    right = rect.right() - px * 4.2 - scale_w
    legend_h = px * 2.2
    bottom = rect.bottom() - px * 3.6 - legend_h
    side = max(10.0, min(right - left, bottom - top))
    plot = QRectF(left + (right - left - side) / 2, top, side, side)
    scale = QRectF(plot.right() + px * 1.2, plot.top(), scale_w, plot.height())
    legend = QRectF(rect.left() + px * 0.5, plot.bottom() + px * 3.2, rect.width() - px, legend_h)
    return MapGeometry(plot, 2), scale, legend


def _font_px(rect: QRectF, dpi: float) -> float:
    return max(_min_px(dpi), min(rect.width(), rect.height()) * 0.03)


def paint_tradeoff_map(painter: QPainter, rect: QRectF, data: TradeoffData | None, palette: ChartPalette) -> MapGeometry | None:
    """Draw the map into rect; returns the plot geometry (for hit-testing), None without data."""
    rect = QRectF(rect)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(rect, palette.background)
        if data is None or rect.width() < 60 or rect.height() < 60:
            return None
        dev = painter.device()
        dpi = _dpi(dev)
        px = _font_px(rect, dpi)
        font = _make_font(painter.font(), px, dpi)
        bold = _make_font(painter.font(), px * 1.05, dpi, bold=True)
        fm = _metrics(font, dev)
        geo, scale_rect, legend_rect = map_geometry(rect, px)
        geo = MapGeometry(geo.plot, data.n)
        plot = geo.plot

        # Title.
        painter.setFont(bold)
        painter.setPen(palette.text)
        title = f"{data.metric_label} over {data.label_x} × {data.label_y}"
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), px * 2.0), Qt.AlignmentFlag.AlignCenter, title)

        # Heat map, cells as crisp squares.
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        lo, hi = colour_range(data.values)
        painter.drawImage(plot, _image(data.values, lo, hi))
        painter.restore()

        # Outside the red lines: shaded and hatched.
        if not data.inside.all():
            def edge(value: float, pos: float, lo_edge: float, hi_edge: float) -> float:
                return lo_edge if value <= 0 else hi_edge if value >= 100 else pos

            x0 = edge(data.red_x[0], geo.x(data.red_x[0]), plot.left(), plot.right())
            x1 = edge(data.red_x[1], geo.x(data.red_x[1]), plot.left(), plot.right())
            y0 = edge(data.red_y[1], geo.y(data.red_y[1]), plot.bottom(), plot.top())
            y1 = edge(data.red_y[0], geo.y(data.red_y[0]), plot.bottom(), plot.top())
            keep = QPainterPath()
            keep.addRect(QRectF(QPointF(max(x0, plot.left()), max(y0, plot.top())), QPointF(min(x1, plot.right()), min(y1, plot.bottom()))))
            outside = QPainterPath()
            outside.addRect(plot)
            outside = outside.subtracted(keep)
            painter.fillPath(outside, RED_LINE_SHADE)
            painter.fillPath(outside, QBrush(QColor(255, 255, 255, 110), Qt.BrushStyle.BDiagPattern))
            painter.setPen(_pen(QColor("#dc2626"), max(1.5, px * 0.15)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(keep)

        # Band contours on the metric.
        bands = np.searchsorted(np.asarray(data.bands), data.values, side="right")
        contour_pen = _pen(QColor(255, 255, 255, 200), max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap)
        painter.setPen(contour_pen)
        for level in range(1, len(data.bands) + 1):
            for x0, y0, x1, y1 in _inner_edges(bands >= level):
                painter.drawLine(QPointF(geo.cell_x(x0), geo.cell_y(y0)), QPointF(geo.cell_x(x1), geo.cell_y(y1)))

        # The zone of possible agreement: a bold outline (white under dark, readable on any cell).
        if data.zopa.any():
            edges = _edges(data.zopa)
            for colour, width in ((ZONE_COLOUR, px * 0.42), (ZONE_EDGE, px * 0.18)):
                painter.setPen(_pen(colour, max(1.2, width), cap=Qt.PenCapStyle.SquareCap))
                for x0, y0, x1, y1 in edges:
                    painter.drawLine(QPointF(geo.cell_x(x0), geo.cell_y(y0)), QPointF(geo.cell_x(x1), geo.cell_y(y1)))

        # Plot frame and axes: ticks at 0, 50, 100, lever names.
        painter.setPen(_pen(palette.grid, max(1.0, px * 0.08)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        painter.setFont(font)
        painter.setPen(palette.text)
        for v in (0, 50, 100):
            s = str(v)
            tw = fm.horizontalAdvance(s)
            painter.drawText(QRectF(geo.x(v) - tw / 2 - 2, plot.bottom() + px * 0.3, tw + 4, fm.height()), Qt.AlignmentFlag.AlignCenter, s)
            painter.drawText(QRectF(plot.left() - tw - px * 0.6, geo.y(v) - fm.height() / 2, tw + 2, fm.height()), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, s)
        painter.setFont(bold)
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + px * 0.3 + fm.height(), plot.width(), fm.height() * 1.3),
            Qt.AlignmentFlag.AlignCenter,
            f"{data.label_x} lever →",
        )
        painter.save()
        painter.translate(plot.left() - px * 2.6, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -fm.height(), plot.height(), fm.height() * 1.3), Qt.AlignmentFlag.AlignCenter, f"{data.label_y} lever →")
        painter.restore()

        # Colour scale with value labels and the band boundaries.
        steps = 64
        for k in range(steps):
            v = lo + (k + 0.5) / steps * (hi - lo)
            r, g, b = (int(c) for c in ramp_rgb(np.array([v]), lo, hi)[0])
            y_top = scale_rect.bottom() - (k + 1) / steps * scale_rect.height()
            painter.fillRect(QRectF(scale_rect.left(), y_top, scale_rect.width(), scale_rect.height() / steps + 0.6), QColor(r, g, b))
        painter.setPen(_pen(palette.grid, max(1.0, px * 0.06)))
        painter.drawRect(scale_rect)
        painter.setFont(font)
        painter.setPen(palette.text)
        for v in scale_ticks(lo, hi):
            y = scale_rect.bottom() - (v - lo) / (hi - lo) * scale_rect.height()
            painter.drawLine(QPointF(scale_rect.right(), y), QPointF(scale_rect.right() + px * 0.3, y))
            label = f"{v:.0f}"
            painter.drawText(QRectF(scale_rect.right() + px * 0.4, y - fm.height() / 2, px * 3.5, fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(_pen(palette.text, max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap))
        for b in data.bands:
            if not lo < b < hi:
                continue
            y = scale_rect.bottom() - (b - lo) / (hi - lo) * scale_rect.height()
            painter.drawLine(QPointF(scale_rect.left(), y), QPointF(scale_rect.right(), y))

        # Baseline and current points.
        r = px * 0.55
        if data.baseline is not None:
            c = QPointF(geo.x(data.baseline[0]), geo.y(data.baseline[1]))
            diamond = QPainterPath()
            diamond.moveTo(c.x(), c.y() - r * 1.3)
            diamond.lineTo(c.x() + r * 1.3, c.y())
            diamond.lineTo(c.x(), c.y() + r * 1.3)
            diamond.lineTo(c.x() - r * 1.3, c.y())
            diamond.closeSubpath()
            painter.setPen(_pen(QColor("#111827"), max(1.0, px * 0.12)))
            painter.setBrush(BASELINE_COLOUR)
            painter.drawPath(diamond)
        c = QPointF(geo.x(data.current[0]), geo.y(data.current[1]))
        painter.setPen(_pen(QColor("#111827"), max(1.2, px * 0.16)))
        painter.setBrush(CURRENT_COLOUR)
        painter.drawEllipse(c, r, r)

        _paint_legend(painter, legend_rect, data, palette, px, font, fm)
        return geo
    finally:
        painter.restore()


def _paint_legend(painter: QPainter, rect: QRectF, data: TradeoffData, palette: ChartPalette, px: float, font, fm) -> None:
    """Keys: current, baseline, zone of possible agreement, band boundary, outside the red lines."""
    painter.setFont(font)
    entries = [("current", "Current offer")]
    if data.baseline is not None:
        entries.append(("baseline", "Baseline"))
    entries.append(("zone", f"Both sides clear (acceptance ≥ {data.acceptance_threshold:.0f}, assurance ≥ {data.assurance_threshold:.0f})"))
    entries.append(("band", "Band boundary " + "/".join(f"{b:.0f}" for b in data.bands)))
    if not data.inside.all():
        entries.append(("red", "Outside your red lines"))
    sw = px * 1.1
    gap = px * 0.5
    widths = [sw + gap + fm.horizontalAdvance(text) + px * 1.2 for _, text in entries]
    rows: list[list[int]] = [[]]
    used = 0.0
    for k, w in enumerate(widths):
        if rows[-1] and used + w > rect.width():
            rows.append([])
            used = 0.0
        rows[-1].append(k)
        used += w
    line_h = fm.height() * 1.25
    y = rect.top()
    for row in rows:
        total = sum(widths[k] for k in row)
        x = rect.left() + max(0.0, (rect.width() - total) / 2)
        for k in row:
            kind, text = entries[k]
            cy = y + line_h / 2
            box = QRectF(x, cy - sw / 2, sw, sw)
            if kind == "current":
                painter.setPen(_pen(QColor("#111827"), max(1.0, px * 0.12)))
                painter.setBrush(CURRENT_COLOUR)
                painter.drawEllipse(box.center(), sw * 0.4, sw * 0.4)
            elif kind == "baseline":
                painter.setPen(_pen(QColor("#111827"), max(1.0, px * 0.1)))
                painter.setBrush(BASELINE_COLOUR)
                d = QPainterPath()
                d.moveTo(box.center().x(), box.top())
                d.lineTo(box.right(), box.center().y())
                d.lineTo(box.center().x(), box.bottom())
                d.lineTo(box.left(), box.center().y())
                d.closeSubpath()
                painter.drawPath(d)
            elif kind == "zone":
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(_pen(ZONE_EDGE, max(1.5, px * 0.2), cap=Qt.PenCapStyle.SquareCap))
                painter.drawRect(box.adjusted(1, 1, -1, -1))
            elif kind == "band":
                painter.setPen(_pen(palette.text, max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap))
                painter.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy))
            else:
                painter.fillRect(box, QColor("#6b7280"))
                painter.fillRect(box, QBrush(QColor(255, 255, 255, 160), Qt.BrushStyle.BDiagPattern))
            painter.setPen(palette.text)
            painter.drawText(QRectF(x + sw + gap, y, widths[k], line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += widths[k]
        y += line_h


def describe(data: TradeoffData) -> str:
    """A plain-language description of the map for assistive technology."""
    cells = int(data.zopa.sum())
    share = 100.0 * cells / data.zopa.size
    best = np.unravel_index(int(np.argmax(np.where(data.inside, data.values, -np.inf))), data.values.shape)
    text = (
        f"{data.metric_label} over {data.label_x} (0 to 100, across) and {data.label_y} (0 to 100, up). "
        f"Current offer {data.label_x} {data.current[0]:.0f}, {data.label_y} {data.current[1]:.0f}: "
        f"{data.metric_label.lower()} {data.value_at(*data.current):.1f}. "
        f"Both sides clear their thresholds on {share:.0f}% of the map. "
        f"Highest within your red lines: {data.values[best]:.1f} at {data.label_x} {data.lever_value(best[1])}, "
        f"{data.label_y} {data.lever_value(best[0])}."
    )
    if data.baseline is not None:
        text += f" Baseline at {data.label_x} {data.baseline[0]:.0f}, {data.label_y} {data.baseline[1]:.0f}."
    return text


class TradeoffMapView(QWidget):
    """The map as a widget: click (or arrows + Enter) a cell to move the two levers there."""

    cell_chosen = Signal(int, int)  # lever_x value, lever_y value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TradeoffData | None = None
        self._geo: MapGeometry | None = None
        self._cursor: tuple[int, int] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Trade-off map")
        self.setToolTip("Click a cell to move both levers there (one undo step); arrows and Enter do the same")

    @property
    def data(self) -> TradeoffData | None:
        return self._data

    def set_data(self, data: TradeoffData) -> None:
        self._data = data
        self._cursor = (data.index(data.current[0]), data.index(data.current[1]))
        self.setAccessibleDescription(describe(data))
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
        geo, _, _ = map_geometry(rect, _font_px(rect, _dpi(self)))
        return MapGeometry(geo.plot, self._data.n)

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
                i, j = self._cursor
                painter.setPen(QPen(QColor("#f43f5e"), 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(QPointF(self._geo.cell_x(i), self._geo.cell_y(j + 1)), QPointF(self._geo.cell_x(i + 1), self._geo.cell_y(j))))
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
        self._choose(*cell)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        geo = self.geometry_for_widget()
        data = self._data
        cell = geo.cell_at(event.position()) if geo is not None else None
        if cell is None or data is None:
            self.setToolTip("Click a cell to move both levers there (one undo step); arrows and Enter do the same")
            return
        i, j = cell
        zone = "both sides clear" if data.zopa[j, i] else "a side falls short"
        red = "" if data.inside[j, i] else "; outside your red lines"
        self.setToolTip(
            f"{data.label_x} {data.lever_value(i)}, {data.label_y} {data.lever_value(j)}: "
            f"{data.metric_label} {data.values[j, i]:.1f}; acceptance {data.acceptance[j, i]:.0f}, "
            f"assurance {data.assurance[j, i]:.0f} ({zone}{red})"
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
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._choose(i, j)
        else:
            super().keyPressEvent(event)


class TradeoffPanel(QWidget):
    """Pick two levers and a metric; the map follows every edit of the session live."""

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tradeoffPanel")
        self.session, self.editor = session, editor
        self.lever_x = QComboBox()
        self.lever_y = QComboBox()
        for combo, name in ((self.lever_x, "Across (x) lever"), (self.lever_y, "Up (y) lever")):
            combo.setAccessibleName(name)
            for lv in LEVERS:
                combo.addItem(LEVER_LABELS[lv], lv)
        self.lever_x.setCurrentIndex(LEVERS.index("security"))
        self.lever_y.setCurrentIndex(LEVERS.index("openness"))
        self.metric_combo = QComboBox()
        self.metric_combo.setAccessibleName("Metric")
        for key in ("overall", "acceptance", "assurance"):
            self.metric_combo.addItem(METRIC_LABELS[key], key)
        for key, label in METRIC_LABELS.items():
            if key not in ("overall", "acceptance", "assurance"):
                self.metric_combo.addItem(label, key)
        self.view = TradeoffMapView()
        self.status = plain_label("", "muted", wrap=True)
        # An embargoed destination: no map (no score exists); the reason in its place.
        self.blocked = plain_label("", "panelTitle", wrap=True)
        self.blocked.setAccessibleName("Trade-off map blocked")
        self.blocked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.blocked)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for text, combo in (("&Across", self.lever_x), ("&Up", self.lever_y), ("&Metric", self.metric_combo)):
            controls.addWidget(buddy_label(text, combo))
            controls.addWidget(combo, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(controls)
        box.addWidget(self.pages, 1)
        box.addWidget(self.status)
        for combo in (self.lever_x, self.lever_y, self.metric_combo):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self.view.cell_chosen.connect(self._on_cell_chosen)
        follow(self, session, self.refresh, "assessment", "baseline")
        self.refresh()

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
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        s = self.session
        screen = s.assessment.screen
        if not s.assessment.scored:
            self.pages.setCurrentIndex(1)
            st = screen.status
            self.blocked.setText(f"Prohibited: {st.name} is under a comprehensive U.S. embargo ({st.reason}). "
                                 "No score, so no trade-off map.")
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
        zone = "inside" if data.zopa[data.index(data.current[1]), data.index(data.current[0])] else "outside"
        blocked = ""
        if screen is not None and screen.band == "Blocked":
            blocked = (f"Blocked: {screen.status.name} is a denial destination; this map is for analysis only "
                       f"(screening aid as of {screen.status.as_of}, not a legal determination). ")
        self.status.setText(
            blocked + f"The current offer is {zone} the zone where both sides clear their thresholds "
            f"({int(data.zopa.sum())} of {data.zopa.size} cells). Click a cell to move {data.label_x} and "
            f"{data.label_y} there; Ctrl+Z undoes it."
        )

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self.refresh()

    def _on_cell_chosen(self, x_value: int, y_value: int) -> None:
        data = self.view.data
        if data is None:
            return
        lx, ly = data.lever_x, data.lever_y
        label = f"Map: {LEVER_LABELS[lx]} {x_value}, {LEVER_LABELS[ly]} {y_value}"
        self.editor.apply(ops.set_levers(self.session.proposal, {lx: x_value, ly: y_value}, label))
