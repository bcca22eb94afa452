"""A chart's still part kept as pixels: what does not move with the data is painted once.

A widget's chart repaints on every lever move, but most of it (backgrounds, grids, labels,
legends, tracks) stays where it was.  `StillCache` keeps that part as an image and the chart
copies it, then paints only what moved.  The copy is made only when it is pixel-exact: the
painter draws into a raster QImage (a widget's backing store) through a plain integer
translation at an integer device pixel ratio, and the image is painted with the same code into
an image of the same format, DPI, ratio, font and layout direction.  Anywhere else (a PDF, an
SVG, a scaled painter) the chart paints everything, so those outputs are unchanged.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QImage, QPainter, QTransform

from .chart_paint import ChartPalette, begin_chart


class StillCache:
    """A few still images for one widget, most recent last, bounded in count and bytes."""

    def __init__(self, entries: int = 8, max_bytes: int = 24 * 1024 * 1024) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._images: list[tuple[tuple, ChartPalette, QImage]] = []

    def __len__(self) -> int:
        return len(self._images)

    def clear(self) -> None:
        self._images.clear()

    def image(self, painter: QPainter, rect: QRectF, key: Hashable, palette: ChartPalette,
              paint: Callable[[QPainter], Any]) -> QImage | None:
        """The still part for `key` at `rect` on this painter, painted by `paint(p)` on a miss;
        None when a copy would not be pixel-exact (the caller then paints it itself)."""
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
        w, h = rect.width() * dpr, rect.height() * dpr
        if ox != round(ox) or oy != round(oy) or w != round(w) or h != round(h):
            return None
        full = (key, (rect.x(), rect.y(), rect.width(), rect.height()), QFont(painter.font()),
                painter.layoutDirection(), dpr, target.format(), dev.logicalDpiX(), dev.logicalDpiY())
        for i, (k, pal, img) in enumerate(self._images):
            if pal is palette and k == full:
                if i != len(self._images) - 1:
                    self._images.append(self._images.pop(i))
                return img
        img = _paint_image(painter, rect, dpr, target.format(), paint)
        if img is None:
            return None
        self._images.append((full, palette, img))
        while len(self._images) > 1 and (
            len(self._images) > self.entries or sum(e[2].sizeInBytes() for e in self._images) > self.max_bytes
        ):
            del self._images[0]
        return img


def blit(painter: QPainter, rect: QRectF, image: QImage) -> None:
    """Copy a still image into place (it is opaque: Source gives what SourceOver would)."""
    mode = painter.compositionMode()
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(rect.topLeft(), image)
    painter.setCompositionMode(mode)


def _paint_image(painter: QPainter, rect: QRectF, dpr: float, fmt_: QImage.Format,
                 paint: Callable[[QPainter], Any]) -> QImage | None:
    dev = painter.device()
    img = QImage(round(rect.width() * dpr), round(rect.height() * dpr), fmt_)
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
        p.setLayoutDirection(painter.layoutDirection())
        begin_chart(p)
        try:
            paint(p)
        finally:
            p.restore()
    finally:
        p.end()
    return img
