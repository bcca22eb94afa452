"""The trade-off map's painter: a heat map of a metric over two levers, with band contours, the
zone of possible agreement, the red lines, the current point and the baseline point.

`paint_tradeoff_map(painter, rect, data, palette)` draws into any paint device (like the charts
in charts.py), so the map renders to a widget, PNG, SVG or PDF alike; `map_geometry` is the
plot's geometry alone (hit-testing, tests).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath

from ..core.i18n import _
from ..core.tradeoff import TradeoffData
from .chart_geometry import min_px
from .chart_paint import ChartPalette, device_dpi, font_metrics, make_font, make_pen

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


def map_font_px(rect: QRectF, dpi: float) -> float:
    return max(min_px(dpi), min(rect.width(), rect.height()) * 0.03)


def paint_tradeoff_map(painter: QPainter, rect: QRectF, data: TradeoffData | None, palette: ChartPalette) -> MapGeometry | None:
    """Draw the map into rect; returns the plot geometry (for hit-testing), None without data."""
    rect = QRectF(rect)
    painter.save()
    try:
        # Not mirrored in Arabic: a plot of two 0–100 levers reads as a graph, x growing to the right
        # (as Arabic scientific charts do); its Arabic labels still read right to left.
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(rect, palette.background)
        if data is None or rect.width() < 60 or rect.height() < 60:
            return None
        dev = painter.device()
        dpi = device_dpi(dev)
        px = map_font_px(rect, dpi)
        font = make_font(painter.font(), px, dpi)
        bold = make_font(painter.font(), px * 1.05, dpi, bold=True)
        fm = font_metrics(font, dev)
        geo, scale_rect, legend_rect = map_geometry(rect, px)
        geo = MapGeometry(geo.plot, data.n)
        plot = geo.plot

        # Title.
        painter.setFont(bold)
        painter.setPen(palette.text)
        title = _("{metric_label} over {label_x} × {label_y}").format(metric_label=data.metric_label, label_x=data.label_x, label_y=data.label_y)
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), px * 2.0), Qt.AlignmentFlag.AlignCenter, title)

        # Heat map, cells as crisp squares.
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        lo, hi = colour_range(data.values)
        painter.drawImage(plot, _image(data.values, lo, hi))
        painter.restore()

        _paint_red_lines(painter, geo, data, px)
        _paint_contours(painter, geo, data, px)
        _paint_axes(painter, geo, data, palette, px, font, bold, fm)
        _paint_colour_scale(painter, scale_rect, data, palette, px, lo, hi, font, fm)
        _paint_points(painter, geo, data, px)
        _paint_legend(painter, legend_rect, data, palette, px, font, fm)
        return geo
    finally:
        painter.restore()


def _paint_red_lines(painter: QPainter, geo: MapGeometry, data: TradeoffData, px: float) -> None:
    """Outside the red lines: shaded and hatched, the inside framed in red."""
    if data.inside.all():
        return
    plot = geo.plot

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
    painter.setPen(make_pen(QColor("#dc2626"), max(1.5, px * 0.15)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(keep)


def _paint_contours(painter: QPainter, geo: MapGeometry, data: TradeoffData, px: float) -> None:
    """Band contours on the metric, and the zone of possible agreement as a bold outline."""
    bands = np.searchsorted(np.asarray(data.bands), data.values, side="right")
    contour_pen = make_pen(QColor(255, 255, 255, 200), max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap)
    painter.setPen(contour_pen)
    for level in range(1, len(data.bands) + 1):
        for x0, y0, x1, y1 in _inner_edges(bands >= level):
            painter.drawLine(QPointF(geo.cell_x(x0), geo.cell_y(y0)), QPointF(geo.cell_x(x1), geo.cell_y(y1)))

    # The zone of possible agreement: a bold outline (white under dark, readable on any cell).
    if data.zopa.any():
        edges = _edges(data.zopa)
        for colour, width in ((ZONE_COLOUR, px * 0.42), (ZONE_EDGE, px * 0.18)):
            painter.setPen(make_pen(colour, max(1.2, width), cap=Qt.PenCapStyle.SquareCap))
            for x0, y0, x1, y1 in edges:
                painter.drawLine(QPointF(geo.cell_x(x0), geo.cell_y(y0)), QPointF(geo.cell_x(x1), geo.cell_y(y1)))


def _paint_axes(
    painter: QPainter, geo: MapGeometry, data: TradeoffData, palette: ChartPalette, px: float, font, bold, fm
) -> None:
    """Plot frame and axes: ticks at 0, 50, 100, lever names."""
    plot = geo.plot
    painter.setPen(make_pen(palette.grid, max(1.0, px * 0.08)))
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
        _("{label_x} lever →").format(label_x=data.label_x),
    )
    painter.save()
    painter.translate(plot.left() - px * 2.6, plot.center().y())
    painter.rotate(-90)
    painter.drawText(QRectF(-plot.height() / 2, -fm.height(), plot.height(), fm.height() * 1.3), Qt.AlignmentFlag.AlignCenter, _("{label_y} lever →").format(label_y=data.label_y))
    painter.restore()


def _paint_colour_scale(
    painter: QPainter, scale_rect: QRectF, data: TradeoffData, palette: ChartPalette, px: float, lo: float, hi: float, font, fm
) -> None:
    """The colour scale with value labels and the band boundaries."""
    steps = 64
    for k in range(steps):
        v = lo + (k + 0.5) / steps * (hi - lo)
        r, g, b = (int(c) for c in ramp_rgb(np.array([v]), lo, hi)[0])
        y_top = scale_rect.bottom() - (k + 1) / steps * scale_rect.height()
        painter.fillRect(QRectF(scale_rect.left(), y_top, scale_rect.width(), scale_rect.height() / steps + 0.6), QColor(r, g, b))
    painter.setPen(make_pen(palette.grid, max(1.0, px * 0.06)))
    painter.drawRect(scale_rect)
    painter.setFont(font)
    painter.setPen(palette.text)
    for v in scale_ticks(lo, hi):
        y = scale_rect.bottom() - (v - lo) / (hi - lo) * scale_rect.height()
        painter.drawLine(QPointF(scale_rect.right(), y), QPointF(scale_rect.right() + px * 0.3, y))
        label = f"{v:.0f}"
        painter.drawText(QRectF(scale_rect.right() + px * 0.4, y - fm.height() / 2, px * 3.5, fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
    painter.setPen(make_pen(palette.text, max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap))
    for b in data.bands:
        if not lo < b < hi:
            continue
        y = scale_rect.bottom() - (b - lo) / (hi - lo) * scale_rect.height()
        painter.drawLine(QPointF(scale_rect.left(), y), QPointF(scale_rect.right(), y))


def _paint_points(painter: QPainter, geo: MapGeometry, data: TradeoffData, px: float) -> None:
    """The baseline (a diamond) and the current offer (a disc)."""
    r = px * 0.55
    if data.baseline is not None:
        c = QPointF(geo.x(data.baseline[0]), geo.y(data.baseline[1]))
        diamond = QPainterPath()
        diamond.moveTo(c.x(), c.y() - r * 1.3)
        diamond.lineTo(c.x() + r * 1.3, c.y())
        diamond.lineTo(c.x(), c.y() + r * 1.3)
        diamond.lineTo(c.x() - r * 1.3, c.y())
        diamond.closeSubpath()
        painter.setPen(make_pen(QColor("#111827"), max(1.0, px * 0.12)))
        painter.setBrush(BASELINE_COLOUR)
        painter.drawPath(diamond)
    c = QPointF(geo.x(data.current[0]), geo.y(data.current[1]))
    painter.setPen(make_pen(QColor("#111827"), max(1.2, px * 0.16)))
    painter.setBrush(CURRENT_COLOUR)
    painter.drawEllipse(c, r, r)


def _paint_legend(painter: QPainter, rect: QRectF, data: TradeoffData, palette: ChartPalette, px: float, font, fm) -> None:
    """Keys: current, baseline, zone of possible agreement, band boundary, outside the red lines."""
    painter.setFont(font)
    entries = [("current", _("Current offer"))]
    if data.baseline is not None:
        entries.append(("baseline", _("Baseline")))
    entries.append(("zone", _("Both sides clear (acceptance ≥ {acceptance_threshold:.0f}, assurance ≥ {assurance_threshold:.0f})").format(acceptance_threshold=data.acceptance_threshold, assurance_threshold=data.assurance_threshold)))
    entries.append(("band", _("Band boundary ") + "/".join(f"{b:.0f}" for b in data.bands)))
    if not data.inside.all():
        entries.append(("red", _("Outside your red lines")))
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
                painter.setPen(make_pen(QColor("#111827"), max(1.0, px * 0.12)))
                painter.setBrush(CURRENT_COLOUR)
                painter.drawEllipse(box.center(), sw * 0.4, sw * 0.4)
            elif kind == "baseline":
                painter.setPen(make_pen(QColor("#111827"), max(1.0, px * 0.1)))
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
                painter.setPen(make_pen(ZONE_EDGE, max(1.5, px * 0.2), cap=Qt.PenCapStyle.SquareCap))
                painter.drawRect(box.adjusted(1, 1, -1, -1))
            elif kind == "band":
                painter.setPen(make_pen(palette.text, max(1.0, px * 0.1), Qt.PenStyle.DashLine, cap=Qt.PenCapStyle.FlatCap))
                painter.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy))
            else:
                painter.fillRect(box, QColor("#6b7280"))
                painter.fillRect(box, QBrush(QColor(255, 255, 255, 160), Qt.BrushStyle.BDiagPattern))
            painter.setPen(palette.text)
            painter.drawText(QRectF(x + sw + gap, y, widths[k], line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += widths[k]
        y += line_h


CURSOR_OUTER = QColor("#000000")  # black outside, white inside: one of the two reaches at least 4.5:1
CURSOR_INNER = QColor("#ffffff")  # against any cell colour, and against a light or a dark background


def cursor_rect(geo: MapGeometry, i: int, j: int, px: float) -> QRectF:
    """The keyboard cursor's box: centred on cell (i, j), at least a cell plus its outline, and wide
    enough to stand out around the current-offer disc (px: the map's font size)."""
    cell = QRectF(QPointF(geo.cell_x(i), geo.cell_y(j + 1)), QPointF(geo.cell_x(i + 1), geo.cell_y(j)))
    side = max(cell.width() + 2 * cursor_width(px), px * 1.5)
    return QRectF(cell.center().x() - side / 2, cell.center().y() - side / 2, side, side)


def cursor_width(px: float) -> float:
    """The outer (black) ring's width; the inner (white) ring is half of it."""
    return max(3.0, px * 0.24)


def paint_cursor(painter: QPainter, geo: MapGeometry, i: int, j: int, px: float) -> QRectF:
    """The keyboard cursor on cell (i, j): a thick black ring with a white ring inside it, so it shows
    on every colour of the ramp and on either theme's background; returns its box."""
    box = cursor_rect(geo, i, j, px)
    w = cursor_width(px)
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(make_pen(CURSOR_OUTER, w))
    painter.drawRect(box)
    painter.setPen(make_pen(CURSOR_INNER, w / 2))
    painter.drawRect(box.adjusted(w * 0.75, w * 0.75, -w * 0.75, -w * 0.75))
    painter.restore()
    return box


def cell_figures(data: TradeoffData, i: int, j: int) -> str:
    """One cell's figures: 'Security 60 · Openness 40 → Overall 62.3'."""
    return _("{label_x} {x_value} · {label_y} {y_value} → {metric_label} {value:.1f}").format(
        label_x=data.label_x, x_value=data.lever_value(i), label_y=data.label_y, y_value=data.lever_value(j),
        metric_label=data.metric_label, value=float(data.values[j, i]))


def describe(data: TradeoffData) -> str:
    """A plain-language description of the map for assistive technology."""
    cells = int(data.zopa.sum())
    share = 100.0 * cells / data.zopa.size
    best = np.unravel_index(int(np.argmax(np.where(data.inside, data.values, -np.inf))), data.values.shape)
    text = (
        _("{metric_label} over {label_x} (0 to 100, across) and {label_y} (0 to 100, up). Current offer {label_x} {value:.0f}, {label_y} {value2:.0f}: {lower} {value_at:.1f}. Both sides clear their thresholds on {share:.0f}% of the map. Highest within your red lines: {value3:.1f} at {label_x} {lever_value}, {label_y} {lever_value2}.").format(metric_label=data.metric_label, label_x=data.label_x, label_y=data.label_y, value=data.current[0], value2=data.current[1], lower=data.metric_label.lower(), value_at=data.value_at(*data.current), share=share, value3=data.values[best], lever_value=data.lever_value(best[1]), lever_value2=data.lever_value(best[0]))
    )
    if data.baseline is not None:
        text += _(" Baseline at {label_x} {value:.0f}, {label_y} {value2:.0f}.").format(label_x=data.label_x, value=data.baseline[0], label_y=data.label_y, value2=data.baseline[1])
    return text
