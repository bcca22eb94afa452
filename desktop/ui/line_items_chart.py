"""The line-items chart (points per dimension and the Overall stacked bar): painter and widget.

The geometry comes from desktop/ui/line_items_layout.py; this module only turns it into
QPainter calls, on screen, into a PNG (QImage), an SVG and the PDF brief alike.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.i18n import _
from .chart_geometry import LineItem, fmt
from .chart_paint import (
    ChartPalette,
    QtFonts,
    begin_chart,
    blend,
    draw_box,
    for_direction,
    make_pen,
    qpoint,
    qrect,
    rect_of,
    widget_chart_palette,
)
from .chart_still import StillCache, blit
from .line_items_layout import Bar, Hue, LineItemsLayout, line_items_layout

DEDUCTION = QColor("#dc2626")


def paint_line_items(
    painter: QPainter, rect: QRectF, items: Sequence[LineItem], total: float, palette: ChartPalette,
    *, still: StillCache | None = None, fonts: QtFonts | None = None,
) -> None:
    """One row per line item (points out of max_points) plus an "Overall" row (see line_items_layout).

    ``still`` (a widget's) keeps what does not move with the points as pixels: the background,
    guides, swatches, labels, the tracks of the items' bars, the divider, "Overall" and the
    scale; the result is the same pixels.  ``fonts`` (a widget's, for this painter's font and
    DPI: QtFonts.kept) keeps the texts it measured."""
    rect = QRectF(rect)
    begin_chart(painter)
    try:
        if rect.width() < 4 or rect.height() < 4:
            painter.fillRect(rect, palette.background)
            return
        fonts = fonts or QtFonts(painter.font(), painter.device())
        area = rect_of(rect)
        lay = for_direction(painter, line_items_layout(area, items, total, fonts), area)
        series = tuple(palette.series) or (palette.bar,)

        def colour(hue: Hue) -> QColor:
            if hue == "deduction":
                return DEDUCTION
            if hue == "bar":
                return palette.bar
            return series[int(hue) % len(series)]

        def paint_still(p: QPainter) -> None:
            p.fillRect(rect, palette.background)
            p.setClipRect(rect)  # (on its own image too: a clip changes how Qt rasterises the edges)
            _paint_still(p, fonts, lay, palette, colour)

        painter.setClipRect(rect)
        image = None if still is None else still.image(painter, rect, _still_key(lay), palette, paint_still)
        if image is not None:
            blit(painter, rect, image)
        else:
            paint_still(painter)
        _paint_moving(painter, fonts, lay, palette, colour)
    finally:
        painter.restore()


def _still_key(lay: LineItemsLayout) -> tuple:
    """What the still part is painted from (a deduction's track is as long as its points: it moves)."""
    rows = tuple((r.swatch, r.hue, r.label, None if r.hue == "deduction" else (r.bar.track, r.bar.radius)) for r in lay.rows)
    return (rows, lay.overall.label, lay.overall.bar.track, lay.overall.bar.radius, lay.divider, lay.guides, lay.scale,
            lay.px, lay.two_line)


def _paint_still(painter: QPainter, fonts: QtFonts, lay: LineItemsLayout, palette: ChartPalette, colour) -> None:
    """Guides, swatches, labels, the items' tracks, the divider, "Overall" and the scale."""
    if lay.guides:
        painter.setPen(make_pen(blend(palette.background, palette.grid, 0.55), max(0.8, lay.px * 0.06),
                                cap=Qt.PenCapStyle.FlatCap))
        for a, b in lay.guides:
            painter.drawLine(qpoint(a), qpoint(b))
    for row in lay.rows:
        sw = row.swatch.width
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(row.hue))
        painter.drawRoundedRect(qrect(row.swatch), sw * 0.2, sw * 0.2)
        painter.setPen(palette.text)
        draw_box(painter, fonts, row.label)
        if row.hue != "deduction":
            _paint_track(painter, row.bar, palette)
    painter.setPen(make_pen(palette.grid, max(0.8, lay.px * 0.07), cap=Qt.PenCapStyle.FlatCap))
    painter.drawLine(qpoint(lay.divider[0]), qpoint(lay.divider[1]))
    painter.setPen(palette.text)
    draw_box(painter, fonts, lay.overall.label)
    _paint_track(painter, lay.overall.bar, palette)
    if lay.scale:
        painter.setPen(blend(palette.background, palette.text, 0.6))
        for box in lay.scale:
            draw_box(painter, fonts, box)


def _paint_moving(painter: QPainter, fonts: QtFonts, lay: LineItemsLayout, palette: ChartPalette, colour) -> None:
    """The values, the bars' filled parts, a deduction's bar and the struck-through deduction."""
    painter.setPen(palette.text)
    for row in lay.rows:
        draw_box(painter, fonts, row.value)
        if row.hue == "deduction":
            _paint_track(painter, row.bar, palette)
        _paint_fill(painter, row.bar, palette, colour, lay.px)
    painter.setPen(palette.text)
    draw_box(painter, fonts, lay.overall.value)
    _paint_fill(painter, lay.overall.bar, palette, colour, lay.px)
    if lay.deduction is not None:
        veil = QColor(palette.background)
        veil.setAlpha(170)
        painter.fillRect(qrect(lay.deduction.veil), veil)
        painter.setPen(make_pen(DEDUCTION, max(1.0, lay.px * 0.12), cap=Qt.PenCapStyle.FlatCap))
        for a, b in lay.deduction.strike:
            painter.drawLine(qpoint(a), qpoint(b))


def _track_path(bar: Bar) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(qrect(bar.track), bar.radius, bar.radius)
    return path


def _paint_track(painter: QPainter, bar: Bar, palette: ChartPalette) -> None:
    painter.fillPath(_track_path(bar), palette.bar_track)


def _paint_fill(painter: QPainter, bar: Bar, palette: ChartPalette, colour, px: float) -> None:
    """The bar's segments, clipped to its rounded track (painted before)."""
    if not bar.segments and not bar.separators:
        return
    painter.save()
    painter.setClipPath(_track_path(bar), Qt.ClipOperation.IntersectClip)
    for r, hue in bar.segments:
        painter.fillRect(qrect(r), colour(hue))
    if bar.separators:  # thin separators keep adjacent hues distinct
        painter.setPen(make_pen(palette.background, max(0.8, px * 0.08), cap=Qt.PenCapStyle.FlatCap))
        for a, b in bar.separators:
            painter.drawLine(qpoint(a), qpoint(b))
    painter.restore()


class LineItemsView(QWidget):
    """Line-item contributions with an Overall stacked bar."""

    # per-row heights (logical px) that fit the compact two-line layout at ~8-10 pt
    _ROW_PX = 34
    _MIN_ROW_PX = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[LineItem, ...] = ()
        self._total: float = 0.0
        self._rows = 0  # the rows the size hints keep room for
        self.still = StillCache()  # the chart's still part as pixels (chart_still)
        self._fonts: QtFonts | None = None  # the fonts of the last paint, and the texts they measured
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Line items"))
        self._update_description()

    @property
    def items(self) -> tuple[LineItem, ...]:
        return self._items

    @property
    def total(self) -> float:
        return self._total

    def set_items(self, items: Sequence[LineItem], total: float, room: int = 0) -> None:
        """Show items and their total; the size hints keep room for `room` rows (at least the
        items'), so a row that comes and goes while a lever is dragged does not resize the chart."""
        items = tuple(items)
        total = float(total)
        rows = max(len(items), room)
        if rows != self._rows:  # the size hints depend on the number of rows only
            self._rows = rows
            self.updateGeometry()
        if (items, total) == (self._items, self._total) and repr((items, total)) == repr((self._items, self._total)):
            return  # same picture (repr also tells -0.0 from 0.0): nothing to describe or repaint
        self._items = items
        self._total = total
        self._update_description()
        self.update()

    def _update_description(self) -> None:
        parts = [_("{label}: {points:.1f} of {fmt} points").format(label=it.label, points=it.points, fmt=fmt(it.max_points)) for it in self._items]
        parts.append(_("Overall: {total:.1f} of 100").format(total=self._total))
        self.setAccessibleDescription("; ".join(parts) + ".")

    def sizeHint(self) -> QSize:  # noqa: N802
        # items + Overall row + divider, scale and padding
        return QSize(440, self._ROW_PX * self._rows + 80)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self._MIN_ROW_PX * self._rows + 56)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            self._fonts = QtFonts.kept(self._fonts, painter)
            paint_line_items(painter, QRectF(self.rect()), self._items, self._total, widget_chart_palette(self.palette()),
                             still=self.still, fonts=self._fonts)
        finally:
            painter.end()
