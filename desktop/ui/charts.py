"""QPainter charts for AI Export Desk: the public face of the chart modules, and the exporters.

Qt Charts is deprecated, so the charts are plain QPainter code, split in two:

- a pure layout per chart (desktop/ui/radar_layout.py, line_items_layout.py, tornado_layout.py
  on the plain geometry of chart_geometry.py): every position and size computed from the rect,
  the data and the font metrics, without painting and without Qt;
- a thin painter per chart (radar_chart.py, line_items_chart.py, tornado_chart.py, sharing
  chart_paint.py):
  ``paint_xxx(painter, rect, data..., palette)`` draws the layout into any paint device: a
  widget on screen, a QImage for PNG export (`render_image`), a QSvgGenerator for SVG export
  (`render_svg`) and, through `render_image`, the PDF brief (desktop/ui/brief_render.py).

Every size (fonts, pen widths, gaps) derives from the target rect and the device's DPI, so the
charts stay crisp and proportionate at any size.  No business logic: callers pass the numbers.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from .chart_geometry import REFERENCE_DPI, LineItem, RadarAxis
from .chart_paint import ChartPalette, widget_chart_palette
from .line_items_chart import LineItemsView, paint_line_items
from .radar_chart import RadarView, paint_radar, radar_geometry

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
    "widget_chart_palette",
]

PaintFn = Callable[[QPainter, QRectF], None]


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
    gen.setResolution(int(REFERENCE_DPI))  # same px/pt mapping as the screen and PNGs
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
