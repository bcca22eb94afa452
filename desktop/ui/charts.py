"""QPainter charts for AI Export Desk.

Qt Charts is deprecated, so the charts are plain QPainter code.  Each chart is
a *paint function* ``paint_xxx(painter, rect, data..., palette)`` that draws
into any paint device: a widget on screen, a QImage for PNG export, a
QSvgGenerator for SVG export, or (later) a QPdfWriter for the PDF brief.

All geometry is floating point (QPointF / QRectF) and every size (fonts, pen
widths, gaps) is derived from the target rect and the paint device's DPI, so
the charts stay crisp and proportionate at any size.

This module has no business logic: callers pass the numbers to draw.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = [
    "RadarAxis",
    "LineItem",
    "ChartPalette",
    "paint_radar",
    "paint_line_items",
    "radar_geometry",
    "RadarView",
    "LineItemsView",
    "render_image",
    "render_svg",
]

PaintFn = Callable[[QPainter, QRectF], None]

_MIN_FONT_PT = 8.0
_REFERENCE_DPI = 96.0


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the radar: the offer as the partner credits it, its demand and (when given)
    what the lever promises, 0-100."""

    label: str
    offer: float
    demand: float
    promised: float | None = None


@dataclass(frozen=True)
class LineItem:
    """Points a dimension contributes to the overall score.

    ``max_points`` is the dimension's weight share x 100.
    """

    label: str
    points: float
    max_points: float


def _c(hex_rgb: str) -> QColor:
    return QColor(hex_rgb)


# Okabe-Ito inspired, colour-blind friendly hues for stacked segments.
_SERIES_LIGHT = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#7F6BB0",
    "#8C8C3A",
)
_SERIES_DARK = (
    "#4FA3E0",
    "#F0B43C",
    "#2EC4A0",
    "#E28FC0",
    "#8FD0F5",
    "#FF8A4C",
    "#B3A3E6",
    "#C9C86A",
)


@dataclass(frozen=True)
class ChartPalette:
    """Colours used by the paint functions.

    ``offer``/``demand``/``baseline`` draw the radar polygons; ``series`` holds
    one distinct hue per line item (its swatch, its bar and its segment of the
    Overall stacked bar); ``bar`` is the single-series fill used when no hue
    applies; ``bar_track`` is the unfilled part of a bar.
    """

    background: QColor
    text: QColor
    grid: QColor
    offer: QColor
    demand: QColor
    baseline: QColor
    bar: QColor
    bar_track: QColor
    series: tuple[QColor, ...] = field(default_factory=lambda: tuple(_c(h) for h in _SERIES_LIGHT))

    @property
    def is_dark(self) -> bool:
        return self.background.lightness() < 128

    @classmethod
    def light(cls, background: QColor | None = None, text: QColor | None = None) -> "ChartPalette":
        return cls(
            background=QColor(background) if background is not None else _c("#FFFFFF"),
            text=QColor(text) if text is not None else _c("#1F2328"),
            grid=_c("#C9CED6"),
            offer=_c("#1F5FBF"),
            demand=_c("#D26A00"),
            baseline=_c("#7A7F87"),
            bar=_c("#3A6EA5"),
            bar_track=_c("#E4E8EE"),
            series=tuple(_c(h) for h in _SERIES_LIGHT),
        )

    @classmethod
    def dark(cls, background: QColor | None = None, text: QColor | None = None) -> "ChartPalette":
        return cls(
            background=QColor(background) if background is not None else _c("#1E2126"),
            text=QColor(text) if text is not None else _c("#E8EAED"),
            grid=_c("#4A5059"),
            offer=_c("#5AA9FF"),
            demand=_c("#FFB347"),
            baseline=_c("#A3A9B2"),
            bar=_c("#6E9FD6"),
            bar_track=_c("#363B43"),
            series=tuple(_c(h) for h in _SERIES_DARK),
        )

    @classmethod
    def from_palette(cls, qpalette: QPalette) -> "ChartPalette":
        """Follow the application palette (light or dark).

        Dark is detected by the window colour's lightness < 128.  Background and
        text come from the palette's Base/Text roles when they agree with that
        light/dark decision; the data colours are fixed accessible choices.
        """
        window = qpalette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
        dark = window.lightness() < 128
        base = qpalette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        text = qpalette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        if (base.lightness() < 128) != dark:
            base = window
            text = qpalette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        if abs(base.lightness() - text.lightness()) < 100:  # unreadable pairing: fall back
            text = None
        return cls.dark(base, text) if dark else cls.light(base, text)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _dpi(device: QPaintDevice | None) -> float:
    if device is None:
        return _REFERENCE_DPI
    try:
        dpi = float(device.logicalDpiY())
    except Exception:  # pragma: no cover - exotic devices
        dpi = _REFERENCE_DPI
    return dpi if dpi > 0 else _REFERENCE_DPI


def _make_font(base: QFont, px: float, dpi: float, bold: bool = False) -> QFont:
    """Font of ``px`` logical units on a device of ``dpi`` (point size as float)."""
    f = QFont(base)
    f.setPointSizeF(max(px, 1.0) * 72.0 / dpi)
    f.setBold(bold)
    return f


def _metrics(font: QFont, device: QPaintDevice | None) -> QFontMetricsF:
    return QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)


def _min_px(dpi: float) -> float:
    return _MIN_FONT_PT * dpi / 72.0


def _clamp(v: float, lo: float, hi: float) -> float:
    if math.isnan(v):
        return lo
    return max(lo, min(hi, v))


def _fmt(v: float) -> str:
    """60.0 -> '60', 62.5 -> '62.5'."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _with_alpha(c: QColor, alpha: int) -> QColor:
    q = QColor(c)
    q.setAlpha(alpha)
    return q


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _pen(
    color: QColor,
    width: float,
    style: Qt.PenStyle = Qt.PenStyle.SolidLine,
    dashes: Sequence[float] | None = None,
    cap: Qt.PenCapStyle = Qt.PenCapStyle.RoundCap,
) -> QPen:
    pen = QPen(color)
    pen.setWidthF(width)
    pen.setCapStyle(cap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dashes:
        pen.setDashPattern(list(dashes))
    else:
        pen.setStyle(style)
    return pen


def _begin(painter: QPainter) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def _draw_message(
    painter: QPainter, rect: QRectF, text: str, palette: ChartPalette, px: float
) -> None:
    dev = painter.device()
    font = _make_font(painter.font(), px, _dpi(dev))
    painter.setFont(font)
    fm = _metrics(font, dev)
    painter.setPen(_with_alpha(palette.text, 170))
    painter.drawText(
        rect,
        int(Qt.AlignmentFlag.AlignCenter),
        fm.elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width() - 8.0, 0.0)),
    )


# --------------------------------------------------------------------------
# Radar
# --------------------------------------------------------------------------


@dataclass
class _RadarLayout:
    center: QPointF
    radius: float
    dirs: list[tuple[float, float]]
    labels: list[str]
    label_rects: list[QRectF]
    label_font: QFont
    tick_font: QFont
    legend_font: QFont
    legend_rect: QRectF
    legend_rows: list[list[tuple[str, float]]]  # (key, item width)
    legend_row_h: float
    swatch_w: float
    px: float


_LEGEND_KEYS = (("offer", "Credited"), ("promised", "Promised"), ("demand", "Demand"), ("baseline", "Baseline"))


# The layout depends only on its inputs (the rect, the labels, the font, the device's DPI) and
# costs a few hundred font-metric calls (binary searches for the radius and the label width);
# a widget repaints at one size many times, so recent layouts are kept.  Layouts are never
# mutated by their users.
_RADAR_LAYOUT_CACHE: "OrderedDict[tuple, _RadarLayout]" = OrderedDict()
_RADAR_LAYOUT_CACHE_SIZE = 16


def _radar_layout(
    rect: QRectF,
    labels: Sequence[str],
    base_font: QFont,
    device: QPaintDevice | None,
    with_baseline: bool,
    with_promised: bool = False,
) -> _RadarLayout:
    key = (
        rect.x(),
        rect.y(),
        rect.width(),
        rect.height(),
        tuple(labels),
        QFont(base_font),
        _dpi(device),
        device is None,
        bool(with_baseline),
        bool(with_promised),
    )
    lay = _RADAR_LAYOUT_CACHE.get(key)
    if lay is not None:
        _RADAR_LAYOUT_CACHE.move_to_end(key)
        return lay
    lay = _compute_radar_layout(rect, labels, base_font, device, with_baseline, with_promised)
    _RADAR_LAYOUT_CACHE[key] = lay
    if len(_RADAR_LAYOUT_CACHE) > _RADAR_LAYOUT_CACHE_SIZE:
        _RADAR_LAYOUT_CACHE.popitem(last=False)
    return lay


def _compute_radar_layout(
    rect: QRectF,
    labels: Sequence[str],
    base_font: QFont,
    device: QPaintDevice | None,
    with_baseline: bool,
    with_promised: bool = False,
) -> _RadarLayout:
    dpi = _dpi(device)
    short = min(rect.width(), rect.height())
    px = max(_min_px(dpi), short * 0.036)
    pad = px * 0.5

    label_font = _make_font(base_font, px, dpi, bold=True)
    tick_font = _make_font(base_font, max(_min_px(dpi), px * 0.72), dpi)
    legend_font = _make_font(base_font, max(_min_px(dpi), px * 0.9), dpi)
    lfm = _metrics(label_font, device)
    gfm = _metrics(legend_font, device)

    # ---- legend: a flow of (swatch + text) items, centred, at the bottom ----
    swatch_w = gfm.height() * 1.5
    item_gap = gfm.height() * 1.0
    keys = [k for k in _LEGEND_KEYS if (k[0] != "baseline" or with_baseline) and (k[0] != "promised" or with_promised)]
    avail_w = max(rect.width() - 2 * pad, 1.0)
    rows: list[list[tuple[str, float]]] = [[]]
    row_w = 0.0
    for key, text in keys:
        w = swatch_w + gfm.height() * 0.4 + gfm.horizontalAdvance(text)
        extra = w if not rows[-1] else w + item_gap
        if rows[-1] and row_w + extra > avail_w:
            rows.append([])
            row_w = 0.0
            extra = w
        rows[-1].append((key, w))
        row_w += extra
    legend_row_h = gfm.height() * 1.35
    legend_h = legend_row_h * len(rows)
    legend_rect = QRectF(rect.left() + pad, rect.bottom() - pad - legend_h, avail_w, legend_h)

    area = QRectF(
        rect.left() + pad,
        rect.top() + pad,
        avail_w,
        max(rect.height() - 2 * pad - legend_h - pad, 1.0),
    )

    n = len(labels)
    dirs = []
    for i in range(n):
        a = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        ux, uy = math.cos(a), math.sin(a)
        dirs.append((0.0 if abs(ux) < 1e-9 else ux, 0.0 if abs(uy) < 1e-9 else uy))

    gap = px * 0.55
    lh = lfm.height()
    # Labels keep their full text unless that would squeeze the radar below
    # `min_r`; then they are elided just enough (binary search on the width).
    min_r = 0.2 * min(area.width(), area.height())

    def extents(rr: float, widths: Sequence[float]) -> tuple[float, float, float, float]:
        x0 = y0 = x1 = y1 = 0.0
        for (ux, uy), tw in zip(dirs, widths, strict=True):
            vx, vy = rr * ux, rr * uy
            x0, x1, y0, y1 = min(x0, vx), max(x1, vx), min(y0, vy), max(y1, vy)
            ax, ay = (rr + gap) * ux, (rr + gap) * uy
            lx = ax - tw * (1 - ux) / 2
            ly = ay - lh * (1 - uy) / 2
            x0, x1 = min(x0, lx), max(x1, lx + tw)
            y0, y1 = min(y0, ly), max(y1, ly + lh)
        return x0, y0, x1, y1

    def fit(max_w: float) -> tuple[float, list[str], list[float]]:
        texts = [lfm.elidedText(t, Qt.TextElideMode.ElideRight, max_w) for t in labels]
        widths = [lfm.horizontalAdvance(t) for t in texts]
        lo, hi = 0.0, max(area.width(), area.height())
        for _ in range(32):
            mid = (lo + hi) / 2
            x0, y0, x1, y1 = extents(mid, widths)
            if x1 - x0 <= area.width() and y1 - y0 <= area.height():
                lo = mid
            else:
                hi = mid
        return lo, texts, widths

    full_w = max([lfm.horizontalAdvance(t) for t in labels] + [1.0])
    r, texts, widths = fit(full_w + 1.0)
    if r < min_r:
        lo_w, hi_w = lfm.horizontalAdvance("Mm…"), full_w
        best = fit(lo_w)
        for _ in range(14):
            mid_w = (lo_w + hi_w) / 2
            cand = fit(mid_w)
            if cand[0] >= min_r:
                best, lo_w = cand, mid_w
            else:
                hi_w = mid_w
        r, texts, widths = best

    x0, y0, x1, y1 = extents(r, widths)
    # centre the whole drawing (polygon + labels) inside the chart area
    cx = area.left() + (area.width() - (x1 - x0)) / 2 - x0
    cy = area.top() + (area.height() - (y1 - y0)) / 2 - y0
    center = QPointF(cx, cy)

    label_rects = []
    for (ux, uy), t in zip(dirs, texts, strict=True):
        tw = lfm.horizontalAdvance(t)
        ax, ay = cx + (r + gap) * ux, cy + (r + gap) * uy
        label_rects.append(QRectF(ax - tw * (1 - ux) / 2, ay - lh * (1 - uy) / 2, tw, lh))

    return _RadarLayout(
        center,
        r,
        dirs,
        texts,
        label_rects,
        label_font,
        tick_font,
        legend_font,
        legend_rect,
        rows,
        legend_row_h,
        swatch_w,
        px,
    )


def radar_geometry(
    rect: QRectF,
    axes: Sequence[RadarAxis],
    font: QFont | None = None,
    device: QPaintDevice | None = None,
) -> tuple[QPointF, float]:
    """Centre and radius (value 100) that :func:`paint_radar` uses for ``rect``.

    Useful for hit-testing (tooltips) and tests.  ``font``/``device`` must match
    the painter's (defaults: application font, 96 DPI).
    """
    lay = _radar_layout(
        QRectF(rect),
        [a.label for a in axes],
        font if font is not None else QFont(),
        device,
        with_baseline=False,
    )
    return QPointF(lay.center), lay.radius


def _promised(axes: Sequence[RadarAxis]) -> bool:
    return bool(axes) and all(a.promised is not None for a in axes)


def _radar_points(lay: _RadarLayout, values: Sequence[float]) -> QPolygonF:
    c = lay.center
    pts = []
    for (ux, uy), v in zip(lay.dirs, values, strict=False):
        d = lay.radius * _clamp(float(v), 0.0, 100.0) / 100.0
        pts.append(QPointF(c.x() + d * ux, c.y() + d * uy))
    return QPolygonF(pts)


def _legend_swatch(
    painter: QPainter, key: str, r: QRectF, palette: ChartPalette, lw: float
) -> None:
    mid = r.center().y()
    if key == "offer":
        h = r.height() * 0.62
        box = QRectF(r.left(), mid - h / 2, r.width(), h)
        painter.setPen(_pen(palette.offer, lw))
        painter.setBrush(_with_alpha(palette.offer, 70))
        painter.drawRect(box)
    elif key == "promised":
        painter.setPen(_pen(palette.text, lw * 0.8))
        painter.setBrush(palette.background)
        painter.drawLine(QPointF(r.left(), mid), QPointF(r.right(), mid))
        d = r.height() * 0.22
        painter.drawEllipse(QPointF(r.center().x(), mid), d, d)
    elif key == "demand":
        painter.setPen(_pen(palette.demand, lw, dashes=(3.0, 2.0), cap=Qt.PenCapStyle.FlatCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(r.left(), mid), QPointF(r.right(), mid))
    else:
        painter.setPen(_pen(palette.baseline, lw, dashes=(0.01, 2.2)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(r.left() + lw / 2, mid), QPointF(r.right() - lw / 2, mid))


def paint_radar(
    painter: QPainter,
    rect: QRectF,
    axes: Sequence[RadarAxis],
    palette: ChartPalette,
    baseline: Sequence[float] | None = None,
    *,
    _grid_cache: "_RadarGridCache | None" = None,
) -> None:
    """Radar (spider) chart of offer vs demand on N axes (3-8 recommended).

    Grid rings at 25/50/75/100; offer = filled translucent polygon with a solid
    edge; demand = dashed polygon; optional baseline offer = dotted polygon;
    a legend at the bottom.  Labels sit outside the polygon and are never
    clipped: the radius shrinks to make room for them, and over-long labels
    are elided.

    ``_grid_cache`` (RadarView's) keeps the pixels of the background, rings and
    spokes for a size and palette, so a repaint after a data change copies them
    instead of drawing them again; the result is the same pixels.
    """
    rect = QRectF(rect)
    _begin(painter)
    try:
        dev = painter.device()
        grid = None
        if _grid_cache is not None and rect.width() >= 4 and rect.height() >= 4 and len(axes) >= 3:
            with_baseline = baseline is not None and len(baseline) == len(axes)
            lay = _radar_layout(rect, [a.label for a in axes], painter.font(), dev, with_baseline, _promised(axes))
            grid = _grid_cache.image(painter, rect, lay, len(axes), palette)
        if grid is not None:
            # The image is opaque: copying it (Source) gives what blending it (SourceOver) would.
            mode = painter.compositionMode()
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(rect.topLeft(), grid)
            painter.setCompositionMode(mode)
        else:
            painter.fillRect(rect, palette.background)
        if rect.width() < 4 or rect.height() < 4:
            return
        dpi = _dpi(dev)
        if len(axes) < 3:
            _draw_message(
                painter,
                rect,
                "Not enough dimensions to chart" if axes else "No data",
                palette,
                max(_min_px(dpi), min(rect.width(), rect.height()) * 0.04),
            )
            return
        if baseline is not None and len(baseline) != len(axes):
            baseline = None  # a mismatched baseline is ignored rather than mis-drawn
        lay = _radar_layout(
            rect, [a.label for a in axes], painter.font(), dev, baseline is not None, _promised(axes)
        )
        if grid is None:
            _paint_radar_grid(painter, lay, len(axes), palette, dev)
        _paint_radar_scale(painter, lay, palette, dev)
        _paint_radar_data(painter, lay, axes, palette, baseline, dev)
    finally:
        painter.restore()


class _RadarGridCache:
    """The background, rings and spokes of one RadarView as pixels, for its size and palette.

    Only used when the copy is pixel-exact: the painter draws into a raster QImage (the widget's
    backing store) through a plain integer translation at an integer device pixel ratio.  The
    image is drawn with the same paint code into an image of the same format, DPI and ratio, so
    copying it gives the pixels drawing would have.  It holds no text (text rendering may depend
    on the target), only the background fill and antialiased lines and polygons.
    """

    SIZE = 8  # a few sizes: the radar's height follows the number of flags shown under it
    MAX_BYTES = 24 * 1024 * 1024  # and never more than this much memory

    def __init__(self) -> None:
        self._entries: list[tuple[tuple, QImage]] = []  # most recent last

    def image(
        self, painter: QPainter, rect: QRectF, lay: _RadarLayout, n: int, palette: ChartPalette
    ) -> QImage | None:
        engine = painter.paintEngine()
        target = engine.paintDevice() if engine is not None else None
        dev = painter.device()
        if not isinstance(target, QImage) or dev is None or palette.background.alpha() != 255:
            return None  # (a translucent background blends with what is under it: no copy)
        t = painter.deviceTransform()
        dpr = float(dev.devicePixelRatioF())
        if (
            t.type().value > QTransform.TransformationType.TxScale.value
            or dpr != round(dpr)
            or dpr < 1
            or t.m11() != dpr
            or t.m22() != dpr
            or float(target.devicePixelRatioF()) != dpr
        ):
            return None
        ox, oy = t.dx() + rect.x() * dpr, t.dy() + rect.y() * dpr
        if ox != round(ox) or oy != round(oy) or rect.width() * dpr != round(rect.width() * dpr) or rect.height() * dpr != round(rect.height() * dpr):
            return None
        key = (
            lay,
            palette,
            n,
            (rect.x(), rect.y(), rect.width(), rect.height()),
            dpr,
            target.format(),
            dev.logicalDpiX(),
            dev.logicalDpiY(),
        )
        for i, (k, cached) in enumerate(self._entries):
            if k[0] is lay and k[1] is palette and k[2:] == key[2:]:
                if i != len(self._entries) - 1:
                    self._entries.append(self._entries.pop(i))
                return cached
        img = QImage(round(rect.width() * dpr), round(rect.height() * dpr), target.format())
        if img.isNull():
            return None
        img.setDevicePixelRatio(dpr)
        img.setDotsPerMeterX(round(dev.logicalDpiX() / 0.0254))
        img.setDotsPerMeterY(round(dev.logicalDpiY() / 0.0254))
        if img.logicalDpiX() != dev.logicalDpiX() or img.logicalDpiY() != dev.logicalDpiY():
            return None
        p = QPainter(img)
        if not p.isActive():
            return None
        try:
            p.translate(-rect.x(), -rect.y())
            p.setFont(painter.font())
            _begin(p)
            try:
                p.fillRect(rect, palette.background)
                _paint_radar_grid(p, lay, n, palette, dev)
            finally:
                p.restore()
        finally:
            p.end()
        self._entries.append((key, img))
        while len(self._entries) > 1 and (
            len(self._entries) > self.SIZE or sum(e[1].sizeInBytes() for e in self._entries) > self.MAX_BYTES
        ):
            del self._entries[0]
        return img


def _paint_radar_grid(
    painter: QPainter, lay: _RadarLayout, n: int, palette: ChartPalette, dev: QPaintDevice | None
) -> None:
    """The background's rings and spokes (no text: their pixels may be cached)."""
    c = lay.center
    lw = max(1.0, lay.px * 0.16)

    # ---- grid ----
    painter.setBrush(Qt.BrushStyle.NoBrush)
    ring_fill = _blend(palette.background, palette.grid, 0.12)
    outer = _radar_points(lay, [100.0] * n)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ring_fill)
    painter.drawPolygon(outer)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for level in (25.0, 50.0, 75.0, 100.0):
        ring = _radar_points(lay, [level] * n)
        painter.setPen(_pen(palette.grid, lw * (0.9 if level == 100.0 else 0.6)))
        painter.drawPolygon(ring)
    painter.setPen(_pen(palette.grid, lw * 0.6))
    for p in outer:
        painter.drawLine(c, p)


def _paint_radar_scale(
    painter: QPainter, lay: _RadarLayout, palette: ChartPalette, dev: QPaintDevice | None
) -> None:
    """The scale labels on the first spoke, over the grid and under the data."""
    c, r = lay.center, lay.radius
    lw = max(1.0, lay.px * 0.16)

    # ---- scale labels along the first spoke, just right of it, on a backdrop
    # that hides the ring lines; the data is drawn over them (data wins) ----
    painter.setFont(lay.tick_font)
    tfm = _metrics(lay.tick_font, dev)
    ux, uy = lay.dirs[0]
    tick_pen = _blend(palette.background, palette.text, 0.55)
    backdrop = _with_alpha(_blend(palette.background, palette.grid, 0.12), 230)
    th = tfm.height()
    if r / 4 >= th * 1.3:
        levels: tuple[int, ...] = (25, 50, 75, 100)
    elif r / 2 >= th * 1.8:
        levels = (50, 100)
    else:
        levels = (100,)
    for level in levels:
        d = r * level / 100.0
        pt = QPointF(c.x() + d * ux, c.y() + d * uy)
        s = str(level)
        tw = tfm.horizontalAdvance(s)
        box = QRectF(
            pt.x() + lw * 2.0, pt.y() + lw * 0.6, tw + th * 0.3, th
        )  # below-right of the ring vertex
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(backdrop)
        painter.drawRoundedRect(box, th * 0.2, th * 0.2)
        painter.setPen(tick_pen)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), s)


def _paint_radar_data(
    painter: QPainter,
    lay: _RadarLayout,
    axes: Sequence[RadarAxis],
    palette: ChartPalette,
    baseline: Sequence[float] | None,
    dev: QPaintDevice | None,
) -> None:
    """Baseline, offer and demand polygons, axis labels and legend, over the grid."""
    r = lay.radius
    lw = max(1.0, lay.px * 0.16)

    # ---- baseline (dotted) ----
    if baseline is not None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(palette.baseline, lw * 1.3, dashes=(0.01, 2.4)))
        painter.drawPolygon(_radar_points(lay, baseline))

    # ---- offer (filled, solid edge, vertex dots) ----
    offer = _radar_points(lay, [a.offer for a in axes])
    painter.setBrush(_with_alpha(palette.offer, 64))
    painter.setPen(_pen(palette.offer, lw * 1.6))
    painter.drawPolygon(offer)
    painter.setBrush(palette.offer)
    painter.setPen(Qt.PenStyle.NoPen)
    dot = min(lw * 2.2, max(r * 0.06, 1.5))  # markers shrink with small radars
    for p in offer:
        painter.drawEllipse(p, dot, dot)

    # ---- promised (hollow rings joined to the credited vertex: the gap is what is not believed) ----
    if _promised(axes):
        promised = _radar_points(lay, [float(a.promised) for a in axes])  # type: ignore[arg-type]
        painter.setPen(_pen(palette.text, lw * 0.9))
        painter.setBrush(palette.background)
        for p_, o in zip(promised, offer, strict=True):
            painter.drawLine(p_, o)
        ring = dot * 1.15
        for p_ in promised:
            painter.drawEllipse(p_, ring, ring)

    # ---- demand (dashed, hollow square markers) ----
    demand = _radar_points(lay, [a.demand for a in axes])
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(
        _pen(palette.demand, lw * 1.6, dashes=(3.2, 2.2), cap=Qt.PenCapStyle.FlatCap)
    )
    painter.drawPolygon(demand)
    painter.setPen(_pen(palette.demand, lw * 1.2))
    painter.setBrush(palette.background)
    m = dot
    for p in demand:
        painter.drawRect(QRectF(p.x() - m, p.y() - m, 2 * m, 2 * m))

    # ---- axis labels ----
    painter.setFont(lay.label_font)
    painter.setPen(palette.text)
    for text, lr in zip(lay.labels, lay.label_rects, strict=True):
        painter.drawText(lr, int(Qt.AlignmentFlag.AlignCenter), text)

    # ---- legend ----
    painter.setFont(lay.legend_font)
    gfm = _metrics(lay.legend_font, dev)
    item_gap = gfm.height() * 1.0
    y = lay.legend_rect.top()
    for row in lay.legend_rows:
        total_w = sum(w for _, w in row) + item_gap * (len(row) - 1)
        x = lay.legend_rect.left() + (lay.legend_rect.width() - total_w) / 2
        for key, w in row:
            sw = QRectF(
                x, y + (lay.legend_row_h - gfm.height()) / 2, lay.swatch_w, gfm.height()
            )
            _legend_swatch(painter, key, sw, palette, lw * 1.4)
            text = dict(_LEGEND_KEYS)[key]
            tx = x + lay.swatch_w + gfm.height() * 0.4
            painter.setPen(palette.text)
            painter.drawText(
                QRectF(tx, y, w - (tx - x) + 1, lay.legend_row_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            x += w + item_gap
        y += lay.legend_row_h


# --------------------------------------------------------------------------
# Line items
# --------------------------------------------------------------------------


def paint_line_items(
    painter: QPainter, rect: QRectF, items: Sequence[LineItem], total: float, palette: ChartPalette
) -> None:
    """One row per line item (points out of max_points) plus an "Overall" row.

    All bars share one 0-100 point scale: an item's track is ``max_points``
    long and its filled part ``points`` long.  The Overall row is a stacked
    bar of the item contributions (one hue per item, matching the swatch next
    to the item's label) whose length is ``total``.  Wide rects put label, bar
    and value on one line; narrow ones put the bar under its label so it keeps
    a usable length.  Text is elided, never clipped.
    """
    rect = QRectF(rect)
    _begin(painter)
    try:
        painter.fillRect(rect, palette.background)
        if rect.width() < 4 or rect.height() < 4:
            return
        painter.setClipRect(rect)
        dev = painter.device()
        dpi = _dpi(dev)
        base_font = painter.font()
        min_px = _min_px(dpi)
        n = len(items)
        rows = n + 1
        total_v = _clamp(float(total), 0.0, 100.0)
        series = tuple(palette.series) or (palette.bar,)
        deduction = QColor("#dc2626")
        hues = [deduction if float(it.points) < 0 else series[i % len(series)] for i, it in enumerate(items)]

        labels = [it.label for it in items]
        values = [
            f"\u2212{abs(float(it.points)):.1f}" if float(it.points) < 0 else f"{max(float(it.points), 0.0):.1f} / {_fmt(it.max_points)}"
            for it in items
        ]
        overall_value = f"{total_v:.1f} / 100"

        def fonts(px: float):
            font = _make_font(base_font, px, dpi)
            bold = _make_font(base_font, px, dpi, bold=True)
            small = _make_font(base_font, max(min_px, px * 0.8), dpi)
            return font, bold, small, _metrics(font, dev), _metrics(bold, dev), _metrics(small, dev)

        def needs(fm: QFontMetricsF, bfm: QFontMetricsF) -> tuple[float, float]:
            lab = max(
                [fm.horizontalAdvance(t) for t in labels] + [bfm.horizontalAdvance("Overall")]
            )
            val = max(
                [fm.horizontalAdvance(t) for t in values] + [bfm.horizontalAdvance(overall_value)]
            )
            return lab, val

        # ---- try the one-line layout: swatch | label | bars | value ----
        px = max(min_px, min(rect.height() / (rows + 1.6) * 0.40, rect.width() * 0.022))
        font, bold, small, fm, bfm, sfm = fonts(px)
        pad = px * 0.6
        inner_w = max(rect.width() - 2 * pad, 1.0)
        sw, gap = px * 0.8, px * 0.6
        label_need, value_need = needs(fm, bfm)
        label_w = min(label_need, inner_w * 0.38)
        value_w = min(value_need, inner_w * 0.26)
        bar_w = inner_w - (sw + 3 * gap) - label_w - value_w
        two_line = bar_w < inner_w * 0.45

        if two_line:
            px = max(min_px, min(rect.height() / (rows * 2.9 + 2.4), rect.width() * 0.034))
            font, bold, small, fm, bfm, sfm = fonts(px)
            pad = px * 0.6
            inner_w = max(rect.width() - 2 * pad, 1.0)
            sw, gap = px * 0.8, px * 0.6
            label_need, value_need = needs(fm, bfm)
            value_w = min(value_need, inner_w * 0.42)
            label_w = max(inner_w - sw - gap - gap - value_w, 1.0)
            line_h = bfm.height()
            # (text->bar gap, gap after bar, bar, overall bar, scale?) in units of px,
            # from roomy to compact: the first that fits the height wins
            for a, b, t, ot, show_scale in (
                (0.3, 0.8, 0.75, 1.0, True),
                (0.2, 0.5, 0.6, 0.85, True),
                (0.15, 0.35, 0.5, 0.7, True),
                (0.15, 0.35, 0.5, 0.7, False),
            ):
                bar_gap, bt, obt = a * px, t * px, ot * px
                row_h = line_h + bar_gap + bt + b * px
                block_h = (
                    n * row_h
                    + px * 0.9
                    + line_h
                    + bar_gap
                    + obt
                    + (px * 0.2 + sfm.height() if show_scale else 0.0)
                )
                if block_h <= rect.height() - pad:
                    break
        else:
            row_h = min(rect.height() / (rows + 1.6), bfm.height() * 2.9)
            line_h = row_h
            bar_gap = 0.0
            bt = min(row_h * 0.52, px * 1.15)
            obt = min(row_h * 0.62, bt * 1.3)
            block_h = row_h * (rows + 0.5) + sfm.height() * 1.2
            show_scale = block_h <= rect.height()

        left = rect.left() + pad
        right = left + inner_w
        label_x = left + sw + gap
        if two_line:
            bar_x = label_x
            bar_w = max(right - bar_x, 1.0)
            value_x = right - value_w
        else:
            bar_x = label_x + label_w + gap
            bar_w = max(inner_w - (sw + 3 * gap) - label_w - value_w, 1.0)
            value_x = bar_x + bar_w + gap
        unit = bar_w / 100.0  # logical px per point
        top = rect.top() + max(pad * 0.5, (rect.height() - block_h) / 2)

        align_l = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        align_r = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        def text(r: QRectF, s: str, f: QFont, m: QFontMetricsF, align: int, width: float) -> None:
            painter.setFont(f)
            painter.setPen(palette.text)
            painter.drawText(
                r, align, m.elidedText(s, Qt.TextElideMode.ElideRight, max(width, 0.0))
            )

        def bar(
            cy: float, thickness: float, track_pts: float, segments: Sequence[tuple[float, QColor]]
        ) -> None:
            radius = thickness * 0.28
            path = QPainterPath()
            path.addRoundedRect(
                QRectF(bar_x, cy - thickness / 2, max(track_pts, 0.0) * unit, thickness),
                radius,
                radius,
            )
            painter.fillPath(path, palette.bar_track)
            if not segments:
                return
            painter.save()
            painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
            x = bar_x
            for pts, colour in segments:
                w = pts * unit
                if w > 0:
                    painter.fillRect(QRectF(x, cy - thickness / 2, w, thickness), colour)
                    x += w
            if len(segments) > 1:  # thin separators keep adjacent hues distinct
                painter.setPen(
                    _pen(palette.background, max(0.8, px * 0.08), cap=Qt.PenCapStyle.FlatCap)
                )
                x = bar_x
                end = bar_x + sum(p for p, _ in segments) * unit
                for pts, _ in segments[:-1]:
                    x += pts * unit
                    if bar_x < x < end - 0.5:
                        painter.drawLine(
                            QPointF(x, cy - thickness / 2), QPointF(x, cy + thickness / 2)
                        )
            painter.restore()

        # faint guides at 25/50/75/100 behind the bars (one-line layout only:
        # in the two-line layout they would cross the labels)
        if not two_line:
            painter.setPen(
                _pen(
                    _blend(palette.background, palette.grid, 0.55),
                    max(0.8, px * 0.06),
                    cap=Qt.PenCapStyle.FlatCap,
                )
            )
            for level in (25, 50, 75, 100):
                x = bar_x + level * unit
                painter.drawLine(
                    QPointF(x, top + row_h * 0.15), QPointF(x, top + row_h * (rows + 0.35))
                )

        # ---- item rows ----
        for i, it in enumerate(items):
            y = top + i * row_h
            text_cy = y + line_h / 2
            bar_cy = (y + line_h + bar_gap + bt / 2) if two_line else text_cy
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hues[i])
            painter.drawRoundedRect(QRectF(left, text_cy - sw / 2, sw, sw), sw * 0.2, sw * 0.2)
            text(QRectF(label_x, y, label_w + 1, line_h), it.label, font, fm, align_l, label_w)
            text(
                QRectF(value_x, y, value_w + 1, line_h), values[i], font, fm, align_r, value_w + 0.5
            )
            if float(it.points) < 0:  # a deduction: a red bar as long as the points it takes away
                pts = _clamp(-float(it.points), 0.0, 100.0)
                bar(bar_cy, bt, pts, [(pts, hues[i])] if pts > 0 else [])
                continue
            max_p = _clamp(float(it.points if it.max_points <= 0 else it.max_points), 0.0, 100.0)
            pts = _clamp(float(it.points), 0.0, max_p)
            bar(bar_cy, bt, max_p, [(pts, hues[i])] if pts > 0 else [])

        # ---- divider + Overall row ----
        y = top + n * row_h
        if two_line:
            y_div = y + px * 0.1
            y += px * 0.9
        else:
            y_div = y + row_h * 0.25
            y += row_h * 0.5
        painter.setPen(_pen(palette.grid, max(0.8, px * 0.07), cap=Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(left, y_div), QPointF(right, y_div))

        text_cy = y + line_h / 2
        bar_cy = (y + line_h + bar_gap + obt / 2) if two_line else text_cy
        text(QRectF(label_x, y, label_w + 1, line_h), "Overall", bold, bfm, align_l, label_w)
        text(
            QRectF(value_x, y, value_w + 1, line_h),
            overall_value,
            bold,
            bfm,
            align_r,
            value_w + 0.5,
        )
        contributions = [max(float(it.points), 0.0) for it in items]
        deducted = sum(-float(it.points) for it in items if float(it.points) < 0)
        ssum = sum(contributions)
        if ssum <= 0:
            segments: list[tuple[float, QColor]] = [(total_v, palette.bar)] if total_v > 0 else []
        elif deducted > 0:
            segments = [(v, hues[i]) for i, v in enumerate(contributions)]
        else:
            k = total_v / ssum  # segments always add up to exactly `total`
            segments = [(v * k, hues[i]) for i, v in enumerate(contributions)]
        bar(bar_cy, obt, 100.0, segments)
        if deducted > 0 and ssum > 0:
            # The deduction is struck through at the end of the stack: the solid part ends at total.
            x0 = bar_x + total_v * unit
            x1 = bar_x + min(ssum, 100.0) * unit
            veil = QColor(palette.background)
            veil.setAlpha(170)
            painter.fillRect(QRectF(x0, bar_cy - obt / 2, x1 - x0, obt), veil)
            painter.setPen(_pen(deduction, max(1.0, px * 0.12), cap=Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(x0, bar_cy), QPointF(x1, bar_cy))
            painter.drawLine(QPointF(x0, bar_cy - obt / 2), QPointF(x0, bar_cy + obt / 2))

        # ---- scale under the Overall bar ----
        if not show_scale:
            return
        painter.setFont(small)
        painter.setPen(_blend(palette.background, palette.text, 0.6))
        sy = bar_cy + obt / 2 + px * 0.2
        for level in (0, 25, 50, 75, 100):
            s = str(level)
            tw = sfm.horizontalAdvance(s)
            x = bar_x + level * unit - tw / 2
            x = min(
                max(x, bar_x), rect.right() - pad * 0.5 - tw
            )  # '0' at the left edge; '100' inside
            painter.drawText(QRectF(x, sy, tw + 1, sfm.height()), align_l, s)
    finally:
        painter.restore()


# --------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------

_PALETTE_ROLES = (
    QPalette.ColorRole.Window,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.WindowText,
)
_WIDGET_PALETTES: "OrderedDict[tuple, ChartPalette]" = OrderedDict()


def widget_chart_palette(qpalette: QPalette) -> ChartPalette:
    """``ChartPalette.from_palette(qpalette)``, remembered for the palettes widgets repaint with.

    The result depends only on the Active Window/Base/Text/WindowText colours, so those are the
    key.  The shared ChartPalette must not be modified (no paint function does).
    """
    key = tuple(
        (c.spec(), c.getRgbF())
        for c in (qpalette.color(QPalette.ColorGroup.Active, role) for role in _PALETTE_ROLES)
    )
    pal = _WIDGET_PALETTES.get(key)
    if pal is None:
        pal = ChartPalette.from_palette(qpalette)
        _WIDGET_PALETTES[key] = pal
        if len(_WIDGET_PALETTES) > 8:
            _WIDGET_PALETTES.popitem(last=False)
    return pal



class RadarView(QWidget):
    """Offer-versus-demand radar chart widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._axes: tuple[RadarAxis, ...] = ()
        self._baseline: tuple[float, ...] | None = None
        self._grid_cache = _RadarGridCache()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Offer versus demand radar")
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
        if repr((axes, baseline)) == repr((self._axes, self._baseline)):
            return  # same picture (repr also tells -0.0 from 0.0): nothing to describe or repaint
        self._axes = axes
        self._baseline = baseline
        self._update_description()
        self.update()

    def _update_description(self) -> None:
        if not self._axes:
            self.setAccessibleDescription("No data.")
            return
        parts = []
        for i, a in enumerate(self._axes):
            s = f"{a.label}: offer {_fmt(a.offer)}, demand {_fmt(a.demand)}"
            if self._baseline is not None and i < len(self._baseline):
                s += f", baseline {_fmt(self._baseline[i])}"
            parts.append(s)
        self.setAccessibleDescription("; ".join(parts) + ". Scale 0 to 100.")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 280)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 180)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            paint_radar(
                painter,
                QRectF(self.rect()),
                self._axes,
                widget_chart_palette(self.palette()),
                self._baseline,
                _grid_cache=self._grid_cache,
            )
        finally:
            painter.end()


class LineItemsView(QWidget):
    """Line-item contributions with an Overall stacked bar."""

    # per-row heights (logical px) that fit the compact two-line layout at ~8-10 pt
    _ROW_PX = 34
    _MIN_ROW_PX = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[LineItem, ...] = ()
        self._total: float = 0.0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Line items")
        self._update_description()

    @property
    def items(self) -> tuple[LineItem, ...]:
        return self._items

    @property
    def total(self) -> float:
        return self._total

    def set_items(self, items: Sequence[LineItem], total: float) -> None:
        items = tuple(items)
        total = float(total)
        if repr((items, total)) == repr((self._items, self._total)):
            return  # same picture (repr also tells -0.0 from 0.0): nothing to describe, lay out or repaint
        rows_changed = len(items) != len(self._items)
        self._items = items
        self._total = total
        self._update_description()
        if rows_changed:  # the size hints depend on the number of rows only
            self.updateGeometry()
        self.update()

    def _update_description(self) -> None:
        parts = [
            f"{it.label}: {it.points:.1f} of {_fmt(it.max_points)} points" for it in self._items
        ]
        parts.append(f"Overall: {self._total:.1f} of 100")
        self.setAccessibleDescription("; ".join(parts) + ".")

    def sizeHint(self) -> QSize:  # noqa: N802
        # items + Overall row + divider, scale and padding
        return QSize(440, self._ROW_PX * len(self._items) + 80)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self._MIN_ROW_PX * len(self._items) + 56)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            paint_line_items(
                painter,
                QRectF(self.rect()),
                self._items,
                self._total,
                widget_chart_palette(self.palette()),
            )
        finally:
            painter.end()


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def render_image(
    paint: PaintFn, width: int, height: int, scale: float = 2.0, background: QColor | None = None
) -> QImage:
    """Render ``paint`` into a HiDPI QImage of ``width`` x ``height`` logical px.

    The image has ``scale`` x as many device pixels and devicePixelRatio =
    ``scale``; it is pre-filled with ``background`` (white by default) before
    ``paint`` runs (the chart paint functions then fill their own palette
    background).
    """
    scale = float(scale) if scale and scale > 0 else 1.0
    img = QImage(
        max(1, round(width * scale)),
        max(1, round(height * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    img.setDevicePixelRatio(scale)
    img.fill(background if background is not None else QColor(Qt.GlobalColor.white))
    painter = QPainter(img)
    try:
        paint(painter, QRectF(0.0, 0.0, float(width), float(height)))
    finally:
        painter.end()
    return img


def render_svg(
    paint: PaintFn, width: int, height: int, path: str, title: str = "", description: str = ""
) -> None:
    """Render ``paint`` into an SVG file of ``width`` x ``height`` user units."""
    from PySide6.QtSvg import QSvgGenerator

    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(int(width), int(height)))
    gen.setViewBox(QRectF(0.0, 0.0, float(width), float(height)))
    gen.setResolution(int(_REFERENCE_DPI))  # same px/pt mapping as the screen and PNGs
    if title:
        gen.setTitle(title)
    if description:
        gen.setDescription(description)
    painter = QPainter()
    if not painter.begin(gen):
        raise OSError(f"cannot write SVG to {path!r}")
    try:
        paint(painter, QRectF(0.0, 0.0, float(width), float(height)))
    finally:
        painter.end()
