"""The sensitivity tornado as a QPainter paint function (screen, PNG/SVG, the PDF brief) and its view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from .chart_geometry import min_px
from .chart_paint import (
    ChartPalette,
    begin_chart,
    device_dpi,
    draw_message,
    font_metrics,
    make_font,
    make_pen,
    widget_chart_palette,
    with_alpha,
)


@dataclass(frozen=True)
class TornadoEntry:
    """One bar: an input's label and range, and the overall score at its low and high end."""

    label: str
    range_text: str
    at_low: float
    at_high: float


def paint_tornado(
    painter: QPainter,
    rect: QRectF,
    base: float,
    entries: Sequence[TornadoEntry],
    palette: ChartPalette,
    title: str = "What moves the overall score most",
) -> None:
    """Draw a tornado: one row per input, a bar from the score at its low end to the score at its
    high end around the base score (vertical line); low-end side and high-end side coloured apart."""
    begin_chart(painter)
    try:
        painter.fillRect(rect, palette.background)
        dev = painter.device()
        dpi = device_dpi(dev)
        px = max(min_px(dpi), min(13.0, rect.height() / max(len(entries) + 4, 6) * 0.55))
        if not entries:
            draw_message(painter, rect, "No input moves the score", palette, px)
            return
        font = make_font(painter.font(), px, dpi)
        bold = make_font(painter.font(), px * 1.05, dpi, bold=True)
        fm = font_metrics(font, dev)
        pad = px * 0.8
        painter.setFont(bold)
        painter.setPen(palette.text)
        title_h = font_metrics(bold, dev).height() + pad * 0.5
        painter.drawText(QRectF(rect.left() + pad, rect.top() + pad * 0.5, rect.width() - 2 * pad, title_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
        label_w = min(rect.width() * 0.42, max(fm.horizontalAdvance(e.label) for e in entries) + pad)
        plot = QRectF(rect.left() + pad + label_w, rect.top() + pad + title_h,
                      rect.width() - 2 * pad - label_w - fm.horizontalAdvance("00.0") - pad,
                      rect.height() - 2 * pad - title_h - fm.height() * 1.6)
        lo = min([base] + [min(e.at_low, e.at_high) for e in entries])
        hi = max([base] + [max(e.at_low, e.at_high) for e in entries])
        span = max(hi - lo, 1.0)
        lo, hi = lo - span * 0.05, hi + span * 0.05

        def x(v: float) -> float:
            return plot.left() + (v - lo) / (hi - lo) * plot.width()

        row_h = plot.height() / len(entries)
        bar_h = max(2.0, row_h * 0.62)
        low_col, high_col = palette.series[5], palette.series[0]  # vermillion: input at its low end; blue: high
        painter.setFont(font)
        for i, e in enumerate(entries):
            top = plot.top() + i * row_h
            painter.setPen(palette.text)
            label = fm.elidedText(e.label, Qt.TextElideMode.ElideMiddle, label_w - pad * 0.5)
            painter.drawText(QRectF(rect.left() + pad, top, label_w - pad * 0.5, row_h),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
            y = top + (row_h - bar_h) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            for value, colour in ((e.at_low, low_col), (e.at_high, high_col)):
                a, b = sorted((x(base), x(value)))
                painter.setBrush(colour)
                painter.drawRect(QRectF(a, y, max(b - a, 1.0), bar_h))
            painter.setPen(with_alpha(palette.text, 190))
            swing = abs(e.at_high - e.at_low)
            painter.drawText(QRectF(plot.right() + pad * 0.4, top, rect.right() - plot.right(), row_h),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{swing:.1f}")
        # Base line and axis.
        painter.setPen(make_pen(palette.text, max(1.0, px / 9)))
        painter.drawLine(QPointF(x(base), plot.top() - pad * 0.3), QPointF(x(base), plot.bottom()))
        painter.setPen(make_pen(palette.grid, 1.0))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.setPen(palette.text)
        axis_y = plot.bottom() + pad * 0.2
        for v in (lo + (hi - lo) * t for t in (0.0, 0.5, 1.0)):
            painter.drawText(QRectF(x(v) - 40, axis_y, 80, fm.height()), int(Qt.AlignmentFlag.AlignCenter), f"{v:.0f}")
        legend = f"Base {base:.1f}. Bars: overall score with the input at its low / high end; right: swing"
        painter.setPen(with_alpha(palette.text, 200))
        legend_rect = QRectF(rect.left() + pad, axis_y + fm.height(), rect.width() - 2 * pad, fm.height() * 1.2)
        sw = fm.height() * 0.6
        painter.fillRect(QRectF(legend_rect.left(), legend_rect.center().y() - sw / 2, sw, sw), low_col)
        painter.drawText(legend_rect.adjusted(sw * 1.4, 0, 0, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), "low")
        off = sw * 1.4 + fm.horizontalAdvance("low ") + pad * 0.5
        painter.fillRect(QRectF(legend_rect.left() + off, legend_rect.center().y() - sw / 2, sw, sw), high_col)
        painter.drawText(legend_rect.adjusted(off + sw * 1.4, 0, 0, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         "high   " + legend)
    finally:
        painter.restore()


class TornadoView(QWidget):
    """Widget showing `paint_tornado`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = 0.0
        self.entries: tuple[TornadoEntry, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Sensitivity tornado")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 420)

    def set_data(self, base: float, entries: Sequence[TornadoEntry]) -> None:
        self.base, self.entries = float(base), tuple(entries)
        self.setAccessibleDescription(
            f"Base score {base:.1f}. " + "; ".join(
                f"{e.label} ({e.range_text}): {e.at_low:.1f} at low, {e.at_high:.1f} at high" for e in self.entries
            )
        )
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            paint_tornado(painter, QRectF(self.rect()), self.base, self.entries, widget_chart_palette(self.palette()))
        finally:
            painter.end()
