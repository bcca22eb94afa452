"""What every chart painter shares: the palette, pens, fonts and text measured by Qt.

The layouts (desktop/ui/radar_layout.py, line_items_layout.py) are plain geometry; `QtFonts`
gives them Qt's font metrics for the painter's font and device, and `draw_box` paints the text
boxes they place.  Sizes are logical pixels: fonts are derived from the device's DPI so a chart
looks the same on screen, in a PNG (QImage), an SVG (QSvgGenerator) and the PDF brief.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPainter, QPalette, QPen

from .chart_geometry import (
    REFERENCE_DPI,
    FontSpec,
    Point,
    Rect,
    TextBox,
    is_numeric_text,
    ltr_isolated,
    mirrored,
)


def _c(hex_rgb: str) -> QColor:
    return QColor(hex_rgb)


# Okabe-Ito inspired, colour-blind friendly hues for stacked segments. Every one reaches 3:1 (WCAG
# non-text contrast) on its theme's chart background and window (tests/ui/test_accessibility.py):
# Okabe-Ito's orange, sky blue and reddish purple are darkened for light (2.3, 2.3 and 3.1:1 on white).
_SERIES_LIGHT = (
    "#0072B2",
    "#A87400",
    "#009E73",
    "#C0649A",
    "#2B8CC4",
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


def device_dpi(device: QPaintDevice | None) -> float:
    if device is None:
        return REFERENCE_DPI
    try:
        dpi = float(device.logicalDpiY())
    except Exception:  # pragma: no cover - exotic devices
        dpi = REFERENCE_DPI
    return dpi if dpi > 0 else REFERENCE_DPI


def make_font(base: QFont, px: float, dpi: float, bold: bool = False) -> QFont:
    """Font of ``px`` logical units on a device of ``dpi`` (point size as float)."""
    f = QFont(base)
    f.setPointSizeF(max(px, 1.0) * 72.0 / dpi)
    f.setBold(bold)
    return f


def font_metrics(font: QFont, device: QPaintDevice | None) -> QFontMetricsF:
    return QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)


def with_alpha(c: QColor, alpha: int) -> QColor:
    q = QColor(c)
    q.setAlpha(alpha)
    return q


def blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def make_pen(
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


def begin_chart(painter: QPainter) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def draw_message(
    painter: QPainter, rect: QRectF, text: str, palette: ChartPalette, px: float
) -> None:
    dev = painter.device()
    font = make_font(painter.font(), px, device_dpi(dev))
    painter.setFont(font)
    fm = font_metrics(font, dev)
    painter.setPen(with_alpha(palette.text, 170))
    painter.drawText(
        rect,
        int(Qt.AlignmentFlag.AlignCenter),
        fm.elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width() - 8.0, 0.0)),
    )


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


def qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.width, r.height)


def qpoint(p: Point) -> QPointF:
    return QPointF(p.x, p.y)


def rect_of(r: QRectF) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


class _QtMetrics:
    """TextMetrics over a QFontMetricsF; each text measured (and elided) once.

    A chart repainted on every lever move measures the same labels each time; the answers are
    kept per text (bounded: values that keep changing cannot grow it without limit)."""

    __slots__ = ("_fm", "_advances", "_elided")
    _KEEP = 4096

    def __init__(self, fm: QFontMetricsF) -> None:
        self._fm = fm
        self._advances: dict[str, float] = {}
        self._elided: dict[tuple[str, float, bool], str] = {}

    def height(self) -> float:
        return self._fm.height()

    def advance(self, text: str) -> float:
        w = self._advances.get(text)
        if w is None:
            if len(self._advances) >= self._KEEP:
                self._advances.clear()
            w = self._advances[text] = self._fm.horizontalAdvance(text)
        return w

    def elide(self, text: str, width: float, middle: bool = False) -> str:
        key = (text, width, middle)
        out = self._elided.get(key)
        if out is None:
            if len(self._elided) >= self._KEEP:
                self._elided.clear()
            mode = Qt.TextElideMode.ElideMiddle if middle else Qt.TextElideMode.ElideRight
            out = self._elided[key] = self._fm.elidedText(text, mode, width)
        return out


class QtFonts:
    """The layouts' Fonts for a base font on a paint device (None: 96 DPI, the screen's metrics)."""

    def __init__(self, base: QFont, device: QPaintDevice | None) -> None:
        self.base = base
        self.device = device
        self.dpi = device_dpi(device)
        self._fonts: dict[FontSpec, QFont] = {}
        self._measured: dict[FontSpec, _QtMetrics] = {}

    @classmethod
    def kept(cls, kept: QtFonts | None, painter: QPainter) -> QtFonts:
        """`kept` if it was made for this painter's font and DPI, else new ones (a widget keeps
        its fonts from one paint to the next, and with them every text it measured)."""
        font = painter.font()
        device = painter.device()
        if kept is not None and kept.dpi == device_dpi(device) and kept.base == font:
            return kept
        return cls(QFont(font), device)

    def font(self, spec: FontSpec) -> QFont:
        f = self._fonts.get(spec)
        if f is None:
            f = self._fonts[spec] = make_font(self.base, spec.px, self.dpi, spec.bold)
        return f

    def metrics(self, spec: FontSpec) -> _QtMetrics:
        m = self._measured.get(spec)
        if m is None:
            m = self._measured[spec] = _QtMetrics(font_metrics(self.font(spec), self.device))
        return m


# AlignAbsolute: a box's left or right is where the layout put it (a mirrored layout has swapped
# them already); without it Qt would swap them again on a right-to-left painter.
_ALIGN = {
    "center": int(Qt.AlignmentFlag.AlignCenter),
    "left": int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute),
    "right": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute),
}


def is_rtl(painter: QPainter) -> bool:
    """True when the painter draws for a right-to-left widget or page (Arabic): the charts mirror."""
    return painter.layoutDirection() == Qt.LayoutDirection.RightToLeft


def for_direction(painter: QPainter, layout, rect: Rect):
    """The layout as laid out (left to right) or mirrored within rect for a right-to-left painter."""
    return mirrored(layout, rect.left, rect.right) if is_rtl(painter) else layout


def draw_box(painter: QPainter, fonts: QtFonts, box: TextBox) -> None:
    """Paint a laid-out text box (the pen is the caller's); figures stay left to right in Arabic."""
    font = fonts.font(box.font)
    if painter.font() != font:  # a repeated setFont would start a new group in an SVG
        painter.setFont(font)
    text = ltr_isolated(box.text) if is_rtl(painter) and is_numeric_text(box.text) else box.text
    painter.drawText(qrect(box.rect), _ALIGN[box.align], text)
