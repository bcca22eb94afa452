"""Where everything on the sensitivity tornado goes, computed without painting (no Qt).

One row per input, widest swing first as given: its label right-aligned in the left column, a
bar from the base score to the score with the input at its low end and one to its high end,
and the swing on the right; a vertical line at the base score, an axis under the plot and a
legend under the axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..core.i18n import N_, _, figure
from .chart_geometry import Fonts, FontSpec, Point, Rect, TextBox, min_px

Line = tuple[Point, Point]
LEGEND = N_("Bars: overall score with the input at its low / high end; right: swing")


@dataclass(frozen=True)
class TornadoEntry:
    """One bar: an input's label and range, and the overall score at its low and high end."""

    label: str
    range_text: str
    at_low: float
    at_high: float


@dataclass(frozen=True)
class TornadoRow:
    label: TextBox
    low: Rect  # from the base score to the score with the input at its low end
    high: Rect  # … and at its high end
    swing: TextBox


@dataclass(frozen=True)
class TornadoLayout:
    px: float
    title: TextBox
    rows: tuple[TornadoRow, ...]
    base_line: Line
    axis: Line
    ticks: tuple[TextBox, ...]
    low_swatch: Rect
    low_text: TextBox
    high_swatch: Rect
    high_text: TextBox
    lo: float  # the score at the plot's left edge
    hi: float  # … and at its right edge


def tornado_px(rect: Rect, n: int, dpi: float) -> float:
    """The body font size: rows share the height, never below 8 pt nor above 13 px."""
    return max(min_px(dpi), min(13.0, rect.height / max(n + 4, 6) * 0.55))


def tornado_layout(
    rect: Rect, base: float, entries: Sequence[TornadoEntry], fonts: Fonts, title: str
) -> TornadoLayout:
    """The tornado's geometry in rect (entries must not be empty)."""
    px = tornado_px(rect, len(entries), fonts.dpi)
    font, bold = FontSpec(px), FontSpec(px * 1.05, bold=True)
    fm = fonts.metrics(font)
    pad = px * 0.8
    title_h = fonts.metrics(bold).height() + pad * 0.5
    title_box = TextBox(Rect(rect.left + pad, rect.top + pad * 0.5, rect.width - 2 * pad, title_h), title, bold, "left")
    label_w = min(rect.width * 0.42, max(fm.advance(e.label) for e in entries) + pad)
    plot = Rect(rect.left + pad + label_w, rect.top + pad + title_h,
                rect.width - 2 * pad - label_w - fm.advance("00.0") - pad,
                rect.height - 2 * pad - title_h - fm.height() * 1.6)
    lo = min([base] + [min(e.at_low, e.at_high) for e in entries])
    hi = max([base] + [max(e.at_low, e.at_high) for e in entries])
    span = max(hi - lo, 1.0)
    lo, hi = lo - span * 0.05, hi + span * 0.05

    def x(v: float) -> float:
        return plot.left + (v - lo) / (hi - lo) * plot.width

    row_h = plot.height / len(entries)
    bar_h = max(2.0, row_h * 0.62)
    rows = []
    for i, e in enumerate(entries):
        top = plot.top + i * row_h
        label = TextBox(Rect(rect.left + pad, top, label_w - pad * 0.5, row_h),
                        fm.elide(e.label, label_w - pad * 0.5, middle=True), font, "right")
        y = top + (row_h - bar_h) / 2
        bars = []
        for value in (e.at_low, e.at_high):
            a, b = sorted((x(base), x(value)))
            bars.append(Rect(a, y, max(b - a, 1.0), bar_h))
        swing = TextBox(Rect(plot.right + pad * 0.4, top, rect.right - plot.right, row_h),
                        figure(abs(e.at_high - e.at_low), 1), font, "left")
        rows.append(TornadoRow(label, bars[0], bars[1], swing))

    axis_y = plot.bottom + pad * 0.2
    ticks = tuple(
        TextBox(Rect(x(v) - 40, axis_y, 80, fm.height()), f"{v:.0f}", font)
        for v in (lo + (hi - lo) * t for t in (0.0, 0.5, 1.0))
    )
    legend = Rect(rect.left + pad, axis_y + fm.height(), rect.width - 2 * pad, fm.height() * 1.2)
    sw = fm.height() * 0.6
    mid = legend.top + legend.height / 2
    off = sw * 1.4 + fm.advance(_("low ")) + pad * 0.5

    def after(dx: float) -> Rect:
        return Rect(legend.left + dx, legend.top, legend.width - dx, legend.height)

    return TornadoLayout(
        px=px,
        title=title_box,
        rows=tuple(rows),
        base_line=(Point(x(base), plot.top - pad * 0.3), Point(x(base), plot.bottom)),
        axis=(Point(plot.left, plot.bottom), Point(plot.right, plot.bottom)),
        ticks=ticks,
        low_swatch=Rect(legend.left, mid - sw / 2, sw, sw),
        low_text=TextBox(after(sw * 1.4), "low", font, "left"),
        high_swatch=Rect(legend.left + off, mid - sw / 2, sw, sw),
        high_text=TextBox(after(off + sw * 1.4), _("high   Base {base:.1f}. {legend}").format(base=base, legend=_(LEGEND)), font, "left"),
        lo=lo,
        hi=hi,
    )
