"""The offer-versus-demand radar: its painter (any paint device) and its widget.

The geometry comes from desktop/ui/radar_layout.py; this module only turns it into QPainter
calls.  The same `paint_radar` draws on screen, into a PNG (QImage), an SVG and the PDF brief.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPaintDevice, QPainter, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.i18n import _
from .chart_geometry import RadarAxis, Rect, fmt, min_px
from .chart_paint import (
    ChartPalette,
    QtFonts,
    begin_chart,
    blend,
    device_dpi,
    draw_box,
    draw_message,
    is_rtl,
    make_pen,
    qpoint,
    qrect,
    rect_of,
    widget_chart_palette,
    with_alpha,
)
from .chart_still import StillCache, blit
from .radar_layout import RadarLayout, mirrored_radar, radar_layout, radar_points


def _promised(axes: Sequence[RadarAxis]) -> bool:
    return bool(axes) and all(a.promised is not None for a in axes)


def _polygon(lay: RadarLayout, values: Sequence[float]) -> QPolygonF:
    return QPolygonF([qpoint(p) for p in radar_points(lay, values)])


class RadarCache:
    """One radar widget's recent layouts and still pixels (a repaint at one size reuses both).

    A layout costs a few hundred font-metric calls (binary searches for the radius and the
    label width) and depends only on the rect, the labels, the font and the device's DPI.
    The still part (background, rings, spokes, scale, axis labels and legend: the data's
    polygons never reach the labels or the legend, which sit outside the 100 ring and under the
    chart) is kept as pixels where that is exact (see chart_still).
    """

    LAYOUTS = 16

    def __init__(self) -> None:
        self._layouts: OrderedDict[tuple, tuple[RadarLayout, QtFonts]] = OrderedDict()
        # a few sizes, label sets (a language) and legends (with or without a baseline)
        self.still = StillCache()

    def clear(self) -> None:
        self._layouts.clear()
        self.still.clear()

    def layout(
        self, rect: QRectF, labels: Sequence[str], font: QFont, device: QPaintDevice | None,
        with_baseline: bool, with_promised: bool, min_label_px: float = 0.0,
    ) -> tuple[RadarLayout, QtFonts]:
        key = (rect.x(), rect.y(), rect.width(), rect.height(), tuple(labels), QFont(font), device_dpi(device),
               device is None, with_baseline, with_promised, min_label_px)
        hit = self._layouts.get(key)
        if hit is not None:
            self._layouts.move_to_end(key)
            return hit
        hit = self._layouts[key] = _layout(rect, labels, font, device, with_baseline, with_promised, min_label_px)
        if len(self._layouts) > self.LAYOUTS:
            self._layouts.popitem(last=False)
        return hit


def _layout(
    rect: QRectF, labels: Sequence[str], font: QFont, device: QPaintDevice | None,
    with_baseline: bool, with_promised: bool, min_label_px: float = 0.0,
) -> tuple[RadarLayout, QtFonts]:
    fonts = QtFonts(QFont(font), device)
    return radar_layout(rect_of(rect), labels, fonts, with_baseline, with_promised, min_label_px), fonts


def radar_geometry(
    rect: QRectF,
    axes: Sequence[RadarAxis],
    font: QFont | None = None,
    device: QPaintDevice | None = None,
) -> tuple[QPointF, float]:
    """Centre and radius (value 100) that :func:`paint_radar` uses for ``rect`` (no baseline).

    Useful for hit-testing (tooltips) and tests.  ``font``/``device`` must match
    the painter's (defaults: application font, 96 DPI).
    """
    lay, _fits = _layout(QRectF(rect), [a.label for a in axes], font if font is not None else QFont(), device, False, False)
    return qpoint(lay.center), lay.radius


def paint_radar(
    painter: QPainter,
    rect: QRectF,
    axes: Sequence[RadarAxis],
    palette: ChartPalette,
    baseline: Sequence[float] | None = None,
    *,
    cache: RadarCache | None = None,
    min_label_px: float = 0.0,
) -> None:
    """Radar (spider) chart of offer vs demand on N axes (3-8 recommended).

    Grid rings at 25/50/75/100; offer = filled translucent polygon with a solid
    edge; demand = dashed polygon; optional baseline offer = dotted polygon;
    a legend at the bottom.  Labels sit outside the polygon and are never
    clipped: the radius shrinks to make room for them, and over-long labels
    are elided.  ``cache`` (a widget's) reuses layouts and grid pixels; the
    result is the same pixels.
    """
    rect = QRectF(rect)
    begin_chart(painter)
    try:
        dev = painter.device()
        small = rect.width() < 4 or rect.height() < 4
        if small or len(axes) < 3:
            painter.fillRect(rect, palette.background)
            if not small:
                draw_message(painter, rect, _("Not enough dimensions to chart") if axes else _("No data"), palette,
                             max(min_px(device_dpi(dev)), min(rect.width(), rect.height()) * 0.04))
            return
        if baseline is not None and len(baseline) != len(axes):
            baseline = None  # a mismatched baseline is ignored rather than mis-drawn
        args = (rect, [a.label for a in axes], painter.font(), dev, baseline is not None, _promised(axes), min_label_px)
        lay, fonts = cache.layout(*args) if cache is not None else _layout(*args)
        if is_rtl(painter):
            lay = mirrored_radar(lay, rect.left(), rect.right())
        still = None if cache is None else cache.still.image(
            painter, rect, lay, palette, lambda p: _paint_still(p, fonts, rect, lay, palette))
        if still is not None:
            blit(painter, rect, still)
        else:
            _paint_still(painter, fonts, rect, lay, palette)
        _paint_data(painter, lay, axes, palette, baseline)
    finally:
        painter.restore()


def _paint_still(painter: QPainter, fonts: QtFonts, rect: QRectF, lay: RadarLayout, palette: ChartPalette) -> None:
    """What does not move with the data (its pixels may be cached): background, rings, spokes,
    the scale, the axis labels and the legend."""
    painter.fillRect(rect, palette.background)
    _paint_grid(painter, lay, palette)
    _paint_scale(painter, fonts, lay, palette)
    painter.setPen(palette.text)
    for box in lay.labels:
        draw_box(painter, fonts, box)
    for entry in lay.legend:
        _legend_swatch(painter, entry.key, entry.swatch, palette, lay.line_width * 1.4)
        painter.setPen(palette.text)
        draw_box(painter, fonts, entry.label)


def _paint_grid(painter: QPainter, lay: RadarLayout, palette: ChartPalette) -> None:
    """The background's rings and spokes."""
    c = qpoint(lay.center)
    lw = lay.line_width
    n = len(lay.dirs)
    outer = _polygon(lay, [100.0] * n)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(blend(palette.background, palette.grid, 0.12))
    painter.drawPolygon(outer)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for level in (25.0, 50.0, 75.0, 100.0):
        painter.setPen(make_pen(palette.grid, lw * (0.9 if level == 100.0 else 0.6)))
        painter.drawPolygon(_polygon(lay, [level] * n))
    painter.setPen(make_pen(palette.grid, lw * 0.6))
    for p in outer:
        painter.drawLine(c, p)


def _paint_scale(painter: QPainter, fonts: QtFonts, lay: RadarLayout, palette: ChartPalette) -> None:
    """The scale labels on a backdrop that hides the ring lines; drawn before the data (data wins)."""
    tick_pen = blend(palette.background, palette.text, 0.55)
    backdrop = with_alpha(blend(palette.background, palette.grid, 0.12), 230)
    for box in lay.ticks:
        th = box.rect.height
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(backdrop)
        painter.drawRoundedRect(qrect(box.rect), th * 0.2, th * 0.2)
        painter.setPen(tick_pen)
        draw_box(painter, fonts, box)


def _paint_data(
    painter: QPainter,
    lay: RadarLayout,
    axes: Sequence[RadarAxis],
    palette: ChartPalette,
    baseline: Sequence[float] | None,
) -> None:
    """Baseline, offer, promised and demand polygons over the still part."""
    lw = lay.line_width
    if baseline is not None:  # dotted
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(make_pen(palette.baseline, lw * 1.3, dashes=(0.01, 2.4)))
        painter.drawPolygon(_polygon(lay, baseline))

    offer = _polygon(lay, [a.offer for a in axes])  # filled, solid edge, vertex dots
    painter.setBrush(with_alpha(palette.offer, 64))
    painter.setPen(make_pen(palette.offer, lw * 1.6))
    painter.drawPolygon(offer)
    painter.setBrush(palette.offer)
    painter.setPen(Qt.PenStyle.NoPen)
    dot = lay.marker
    for p in offer:
        painter.drawEllipse(p, dot, dot)

    if _promised(axes):  # hollow rings joined to the credited vertex: the gap is what is not believed
        promised = _polygon(lay, [float(a.promised) for a in axes])  # type: ignore[arg-type]
        painter.setPen(make_pen(palette.text, lw * 0.9))
        painter.setBrush(palette.background)
        for p_, o in zip(promised, offer, strict=True):
            painter.drawLine(p_, o)
        ring = dot * 1.15
        for p_ in promised:
            painter.drawEllipse(p_, ring, ring)

    demand = _polygon(lay, [a.demand for a in axes])  # dashed, hollow square markers
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(make_pen(palette.demand, lw * 1.6, dashes=(3.2, 2.2), cap=Qt.PenCapStyle.FlatCap))
    painter.drawPolygon(demand)
    painter.setPen(make_pen(palette.demand, lw * 1.2))
    painter.setBrush(palette.background)
    for p in demand:
        painter.drawRect(QRectF(p.x() - dot, p.y() - dot, 2 * dot, 2 * dot))


def _legend_swatch(painter: QPainter, key: str, rect: Rect, palette: ChartPalette, lw: float) -> None:
    r = qrect(rect)
    mid = r.center().y()
    if key == "offer":
        h = r.height() * 0.62
        painter.setPen(make_pen(palette.offer, lw))
        painter.setBrush(with_alpha(palette.offer, 70))
        painter.drawRect(QRectF(r.left(), mid - h / 2, r.width(), h))
    elif key == "promised":
        painter.setPen(make_pen(palette.text, lw * 0.8))
        painter.setBrush(palette.background)
        painter.drawLine(QPointF(r.left(), mid), QPointF(r.right(), mid))
        d = r.height() * 0.22
        painter.drawEllipse(QPointF(r.center().x(), mid), d, d)
    elif key == "demand":
        painter.setPen(make_pen(palette.demand, lw, dashes=(3.0, 2.0), cap=Qt.PenCapStyle.FlatCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(r.left(), mid), QPointF(r.right(), mid))
    else:
        painter.setPen(make_pen(palette.baseline, lw, dashes=(0.01, 2.2)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(r.left() + lw / 2, mid), QPointF(r.right() - lw / 2, mid))


class RadarView(QWidget):
    """Offer-versus-demand radar chart widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._axes: tuple[RadarAxis, ...] = ()
        self._baseline: tuple[float, ...] | None = None
        self.cache = RadarCache()
        self.min_label_px = 0.0  # the labels' smallest size in px (presentation mode: legible from the back)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Offer versus demand radar"))
        self._update_description()

    @property
    def axes(self) -> tuple[RadarAxis, ...]:
        return self._axes

    @property
    def baseline(self) -> tuple[float, ...] | None:
        return self._baseline

    def set_data(self, axes: Sequence[RadarAxis], baseline: Sequence[float] | None = None) -> None:
        axes = tuple(axes)
        baseline = tuple(float(v) for v in baseline) if baseline is not None else None
        if (axes, baseline) == (self._axes, self._baseline) and repr((axes, baseline)) == repr((self._axes, self._baseline)):
            return  # same picture (repr also tells -0.0 from 0.0): nothing to describe or repaint
        self._axes = axes
        self._baseline = baseline
        self._update_description()
        self.update()

    def _update_description(self) -> None:
        if not self._axes:
            self.setAccessibleDescription(_("No data."))
            return
        parts = []
        for i, a in enumerate(self._axes):
            s = _("{label}: offer {fmt}, demand {fmt2}").format(label=a.label, fmt=fmt(a.offer), fmt2=fmt(a.demand))
            if self._baseline is not None and i < len(self._baseline):
                s += _(", baseline {fmt}").format(fmt=fmt(self._baseline[i]))
            parts.append(s)
        self.setAccessibleDescription("; ".join(parts) + _(". Scale 0 to 100."))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 280)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 180)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            paint_radar(painter, QRectF(self.rect()), self._axes, widget_chart_palette(self.palette()),
                        self._baseline, cache=self.cache, min_label_px=self.min_label_px)
        finally:
            painter.end()
