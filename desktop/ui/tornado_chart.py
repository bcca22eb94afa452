"""The sensitivity tornado's painter (screen, PNG/SVG, the PDF brief) and its view.

The geometry comes from desktop/ui/tornado_layout.py; TornadoEntry is re-exported from there.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.i18n import _
from .chart_paint import (
    ChartPalette,
    QtFonts,
    begin_chart,
    device_dpi,
    draw_box,
    draw_message,
    for_direction,
    make_pen,
    qpoint,
    qrect,
    rect_of,
    widget_chart_palette,
    with_alpha,
)
from .tornado_layout import TornadoEntry, tornado_layout, tornado_px

__all__ = ["TornadoEntry", "TornadoView", "paint_tornado"]


def paint_tornado(
    painter: QPainter,
    rect: QRectF,
    base: float,
    entries: Sequence[TornadoEntry],
    palette: ChartPalette,
    title: str | None = None,
) -> None:
    """Draw a tornado: one row per input, a bar from the score at its low end to the score at its
    high end around the base score (vertical line); low-end side and high-end side coloured apart."""
    title = _("What moves the overall score most") if title is None else title
    begin_chart(painter)
    try:
        painter.fillRect(rect, palette.background)
        dev = painter.device()
        if not entries:
            draw_message(painter, rect, _("No input moves the score"), palette, tornado_px(rect_of(QRectF(rect)), 0, device_dpi(dev)))
            return
        fonts = QtFonts(painter.font(), dev)
        area = rect_of(QRectF(rect))
        lay = for_direction(painter, tornado_layout(area, base, entries, fonts, title), area)
        low_col, high_col = palette.series[5], palette.series[0]  # vermillion: input at its low end; blue: high
        painter.setPen(palette.text)
        draw_box(painter, fonts, lay.title)
        for row in lay.rows:
            painter.setPen(palette.text)
            draw_box(painter, fonts, row.label)
            painter.setPen(Qt.PenStyle.NoPen)
            for bar, colour in ((row.low, low_col), (row.high, high_col)):
                painter.setBrush(colour)
                painter.drawRect(qrect(bar))
            painter.setPen(with_alpha(palette.text, 190))
            draw_box(painter, fonts, row.swing)
        painter.setPen(make_pen(palette.text, max(1.0, lay.px / 9)))
        painter.drawLine(qpoint(lay.base_line[0]), qpoint(lay.base_line[1]))
        painter.setPen(make_pen(palette.grid, 1.0))
        painter.drawLine(qpoint(lay.axis[0]), qpoint(lay.axis[1]))
        painter.setPen(palette.text)
        for box in lay.ticks:
            draw_box(painter, fonts, box)
        painter.setPen(with_alpha(palette.text, 200))
        painter.fillRect(qrect(lay.low_swatch), low_col)
        draw_box(painter, fonts, lay.low_text)
        painter.fillRect(qrect(lay.high_swatch), high_col)
        draw_box(painter, fonts, lay.high_text)
    finally:
        painter.restore()


class TornadoView(QWidget):
    """Widget showing `paint_tornado`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = 0.0
        self.entries: tuple[TornadoEntry, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Sensitivity tornado"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 420)

    def set_data(self, base: float, entries: Sequence[TornadoEntry]) -> None:
        self.base, self.entries = float(base), tuple(entries)
        self.setAccessibleDescription(
            _("Base score {base:.1f}. ").format(base=base) + "; ".join(
                _("{label} ({range_text}): {at_low:.1f} at low, {at_high:.1f} at high").format(label=e.label, range_text=e.range_text, at_low=e.at_low, at_high=e.at_high) for e in self.entries
            )
        )
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            paint_tornado(painter, QRectF(self.rect()), self.base, self.entries, widget_chart_palette(self.palette()))
        finally:
            painter.end()
