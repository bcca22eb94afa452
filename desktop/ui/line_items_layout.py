"""Where everything on the line-items chart goes, computed without painting (no Qt).

One row per line item (swatch, label, bar, value) and an Overall row whose stacked bar has one
segment per item.  All bars share one 0-100 point scale: an item's track is ``max_points`` long
and its filled part ``points`` long; a deduction (negative points) is a red bar as long as the
points it takes away.  Wide rects put label, bar and value on one line; narrow ones put the bar
under its label so it keeps a usable length.  Text is elided, never clipped.

Colours are named, not chosen: a hue is an item's index (the painter takes its series colour),
"deduction" or "bar" (the single-series fill).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..core.i18n import _, figure
from .chart_geometry import (
    Fonts,
    FontSpec,
    LineItem,
    Point,
    Rect,
    TextBox,
    TextMetrics,
    clamp,
    fmt,
    min_px,
)

Hue = int | str  # an item's index, "deduction" or "bar"
Line = tuple[Point, Point]


@dataclass(frozen=True)
class Bar:
    track: Rect  # the unfilled extent (rounded by `radius`); segments are clipped to it
    radius: float
    segments: tuple[tuple[Rect, Hue], ...]
    separators: tuple[Line, ...] = ()  # thin lines between adjacent hues


@dataclass(frozen=True)
class Row:
    swatch: Rect
    hue: Hue
    label: TextBox
    value: TextBox
    bar: Bar


@dataclass(frozen=True)
class Deduction:
    """The deducted points struck through at the end of the Overall stack."""

    veil: Rect
    strike: tuple[Line, ...]


@dataclass(frozen=True)
class LineItemsLayout:
    rect: Rect
    px: float  # the body font size: stroke widths derive from it
    two_line: bool
    rows: tuple[Row, ...]
    overall: Row
    deduction: Deduction | None
    divider: Line
    guides: tuple[Line, ...]  # faint lines at 25/50/75/100 (one-line layout only)
    scale: tuple[TextBox, ...]  # 0..100 under the Overall bar, when it fits
    bar_x: float
    unit: float  # logical px per point


@dataclass(frozen=True)
class _Fit:
    """The font size and the vertical rhythm chosen for a rect."""

    px: float
    pad: float
    inner_w: float
    sw: float
    gap: float
    label_w: float
    value_w: float
    line_h: float
    row_h: float
    bar_gap: float
    bt: float  # item bar thickness
    obt: float  # Overall bar thickness
    block_h: float
    show_scale: bool
    two_line: bool


def widest_value_text(item: LineItem) -> str:
    """The widest value the row can show (its max_points; a deduction of 100): the value column
    is sized for it, so the columns and the bars' scale stay put while the points change."""
    if float(item.points) < 0:
        return "\u2212" + figure(100.0, 1)
    return value_text(LineItem(item.label, max(float(item.points), float(item.max_points)), item.max_points))


def value_text(item: LineItem) -> str:
    points = float(item.points)
    if points < 0:
        return "\u2212" + figure(abs(points), 1)
    return f"{figure(max(points, 0.0), 1)} / {fmt(item.max_points)}"


@dataclass(frozen=True)
class _Columns:
    """Where the swatch, label, bar and value columns start, and the first row's top."""

    left: float
    right: float
    label_x: float
    bar_x: float
    value_x: float
    unit: float  # logical px per point
    top: float


def line_items_layout(rect: Rect, items: Sequence[LineItem], total: float, fonts: Fonts) -> LineItemsLayout:
    """The chart's geometry in rect (at least 4 x 4)."""
    total_v = clamp(float(total), 0.0, 100.0)
    values = [value_text(it) for it in items]
    overall_value = f"{figure(total_v, 1)} / 100"
    f = _fit(rect, items, [widest_value_text(it) for it in items], f"{figure(100.0, 1)} / 100", fonts)
    font, bold, small = _fonts(f.px, fonts.dpi)
    fm, bfm = fonts.metrics(font), fonts.metrics(bold)
    c = _columns(rect, f)

    guides: tuple[Line, ...] = ()
    if not f.two_line:  # in the two-line layout they would cross the labels
        bottom = c.top + f.row_h * (len(items) + 1 + 0.35)
        guides = tuple(
            (Point(c.bar_x + level * c.unit, c.top + f.row_h * 0.15), Point(c.bar_x + level * c.unit, bottom))
            for level in (25, 50, 75, 100)
        )

    rows = []
    for i, it in enumerate(items):
        y = c.top + i * f.row_h
        text_cy = y + f.line_h / 2
        bar_cy = (y + f.line_h + f.bar_gap + f.bt / 2) if f.two_line else text_cy
        hue: Hue = "deduction" if float(it.points) < 0 else i
        label, value = _texts(f, c, y, it.label, values[i], fm, font)
        if float(it.points) < 0:
            pts = clamp(-float(it.points), 0.0, 100.0)
            track = pts
        else:
            track = clamp(float(it.points if it.max_points <= 0 else it.max_points), 0.0, 100.0)
            pts = clamp(float(it.points), 0.0, track)
        swatch = Rect(c.left, text_cy - f.sw / 2, f.sw, f.sw)
        rows.append(Row(swatch, hue, label, value, _bar(c, bar_cy, f.bt, track, [(pts, hue)] if pts > 0 else [])))

    y = c.top + len(items) * f.row_h
    if f.two_line:
        y_div = y + f.px * 0.1
        y += f.px * 0.9
    else:
        y_div = y + f.row_h * 0.25
        y += f.row_h * 0.5
    text_cy = y + f.line_h / 2
    bar_cy = (y + f.line_h + f.bar_gap + f.obt / 2) if f.two_line else text_cy
    label, value = _texts(f, c, y, _("Overall"), overall_value, bfm, bold)
    segments, deducted, ssum = _overall_segments(items, total_v)
    overall = Row(Rect(c.left, text_cy - f.sw / 2, 0.0, 0.0), "bar", label, value,
                  _bar(c, bar_cy, f.obt, 100.0, segments))
    deduction = None
    if deducted > 0 and ssum > 0:
        x0 = c.bar_x + total_v * c.unit
        x1 = c.bar_x + min(ssum, 100.0) * c.unit
        deduction = Deduction(
            Rect(x0, bar_cy - f.obt / 2, x1 - x0, f.obt),
            ((Point(x0, bar_cy), Point(x1, bar_cy)), (Point(x0, bar_cy - f.obt / 2), Point(x0, bar_cy + f.obt / 2))),
        )
    scale = _scale(rect, f, c, bar_cy + f.obt / 2 + f.px * 0.2, small, fonts.metrics(small)) if f.show_scale else ()
    return LineItemsLayout(
        rect=rect,
        px=f.px,
        two_line=f.two_line,
        rows=tuple(rows),
        overall=overall,
        deduction=deduction,
        divider=(Point(c.left, y_div), Point(c.right, y_div)),
        guides=guides,
        scale=scale,
        bar_x=c.bar_x,
        unit=c.unit,
    )


def _columns(rect: Rect, f: _Fit) -> _Columns:
    left = rect.left + f.pad
    right = left + f.inner_w
    label_x = left + f.sw + f.gap
    if f.two_line:  # the bar under the label, as wide as the row
        bar_x = label_x
        bar_w = max(right - bar_x, 1.0)
        value_x = right - f.value_w
    else:
        bar_x = label_x + f.label_w + f.gap
        bar_w = max(f.inner_w - (f.sw + 3 * f.gap) - f.label_w - f.value_w, 1.0)
        value_x = bar_x + bar_w + f.gap
    top = rect.top + max(f.pad * 0.5, (rect.height - f.block_h) / 2)
    return _Columns(left, right, label_x, bar_x, value_x, bar_w / 100.0, top)


def _texts(
    f: _Fit, c: _Columns, y: float, label: str, value: str, m: TextMetrics, spec: FontSpec
) -> tuple[TextBox, TextBox]:
    """A row's label (left-aligned) and value (right-aligned), elided to their columns."""
    return (
        TextBox(Rect(c.label_x, y, f.label_w + 1, f.line_h), m.elide(label, max(f.label_w, 0.0)), spec, "left"),
        TextBox(Rect(c.value_x, y, f.value_w + 1, f.line_h), m.elide(value, max(f.value_w + 0.5, 0.0)), spec, "right"),
    )


def _scale(rect: Rect, f: _Fit, c: _Columns, y: float, font: FontSpec, sfm: TextMetrics) -> tuple[TextBox, ...]:
    """0, 25 … 100 under the Overall bar: '0' starts at the bar, '100' stays inside the rect."""
    boxes = []
    for level in (0, 25, 50, 75, 100):
        s = str(level)
        tw = sfm.advance(s)
        x = min(max(c.bar_x + level * c.unit - tw / 2, c.bar_x), rect.right - f.pad * 0.5 - tw)
        boxes.append(TextBox(Rect(x, y, tw + 1, sfm.height()), s, font, "left"))
    return tuple(boxes)


def _fonts(px: float, dpi: float) -> tuple[FontSpec, FontSpec, FontSpec]:
    return FontSpec(px), FontSpec(px, bold=True), FontSpec(max(min_px(dpi), px * 0.8))


def _fit(rect: Rect, items: Sequence[LineItem], values: Sequence[str], overall_value: str, fonts: Fonts) -> _Fit:
    """The one-line layout (swatch | label | bar | value) if its bars keep 45% of the width, else
    the two-line one with the roomiest spacing that fits the height."""
    n = len(items)
    rows = n + 1
    dpi = fonts.dpi

    def measure(px: float) -> tuple[TextMetrics, TextMetrics, float, float]:
        font, bold, small = _fonts(px, dpi)
        fm, bfm, sfm = fonts.metrics(font), fonts.metrics(bold), fonts.metrics(small)
        lab = max([fm.advance(it.label) for it in items] + [bfm.advance(_("Overall"))])
        val = max([fm.advance(t) for t in values] + [bfm.advance(overall_value)])
        return bfm, sfm, lab, val

    px = max(min_px(dpi), min(rect.height / (rows + 1.6) * 0.40, rect.width * 0.022))
    bfm, sfm, label_need, value_need = measure(px)
    pad = px * 0.6
    inner_w = max(rect.width - 2 * pad, 1.0)
    sw, gap = px * 0.8, px * 0.6
    label_w = min(label_need, inner_w * 0.38)
    value_w = min(value_need, inner_w * 0.26)
    bar_w = inner_w - (sw + 3 * gap) - label_w - value_w
    if bar_w >= inner_w * 0.45:
        row_h = min(rect.height / (rows + 1.6), bfm.height() * 2.9)
        bt = min(row_h * 0.52, px * 1.15)
        block_h = row_h * (rows + 0.5) + sfm.height() * 1.2
        return _Fit(px, pad, inner_w, sw, gap, label_w, value_w, row_h, row_h, 0.0, bt, min(row_h * 0.62, bt * 1.3),
                    block_h, block_h <= rect.height, False)

    px = max(min_px(dpi), min(rect.height / (rows * 2.9 + 2.4), rect.width * 0.034))
    bfm, sfm, label_need, value_need = measure(px)
    pad = px * 0.6
    inner_w = max(rect.width - 2 * pad, 1.0)
    sw, gap = px * 0.8, px * 0.6
    value_w = min(value_need, inner_w * 0.42)
    label_w = max(inner_w - sw - gap - gap - value_w, 1.0)
    line_h = bfm.height()
    # (text->bar gap, gap after bar, bar, overall bar, scale?) in units of px, from roomy to
    # compact: the first that fits the height wins (else the last)
    for a, b, t, ot, show_scale in (
        (0.3, 0.8, 0.75, 1.0, True),
        (0.2, 0.5, 0.6, 0.85, True),
        (0.15, 0.35, 0.5, 0.7, True),
        (0.15, 0.35, 0.5, 0.7, False),
    ):
        bar_gap, bt, obt = a * px, t * px, ot * px
        row_h = line_h + bar_gap + bt + b * px
        block_h = n * row_h + px * 0.9 + line_h + bar_gap + obt + (px * 0.2 + sfm.height() if show_scale else 0.0)
        if block_h <= rect.height - pad:
            break
    return _Fit(px, pad, inner_w, sw, gap, label_w, value_w, line_h, row_h, bar_gap, bt, obt, block_h,
                show_scale, True)


def _bar(c: _Columns, cy: float, thickness: float, track_pts: float, segments: Sequence[tuple[float, Hue]]) -> Bar:
    """A bar on the shared point scale: its track, its filled segments, separators between hues."""
    bar_x, unit = c.bar_x, c.unit
    track = Rect(bar_x, cy - thickness / 2, max(track_pts, 0.0) * unit, thickness)
    rects = []
    x = bar_x
    for pts, hue in segments:
        w = pts * unit
        if w > 0:
            rects.append((Rect(x, cy - thickness / 2, w, thickness), hue))
            x += w
    separators = []
    if len(segments) > 1:
        x = bar_x
        end = bar_x + sum(p for p, _ in segments) * unit
        for pts, _ in segments[:-1]:
            x += pts * unit
            if bar_x < x < end - 0.5:
                separators.append((Point(x, cy - thickness / 2), Point(x, cy + thickness / 2)))
    return Bar(track, thickness * 0.28, tuple(rects), tuple(separators))


def _overall_segments(items: Sequence[LineItem], total_v: float) -> tuple[list[tuple[float, Hue]], float, float]:
    """The Overall bar's segments (one per item), the points deducted and the positive sum.

    Without deductions the segments are scaled to add up to exactly the total; with them they
    keep their points and the deduction is struck through at the end of the stack.
    """
    contributions = [max(float(it.points), 0.0) for it in items]
    deducted = sum(-float(it.points) for it in items if float(it.points) < 0)
    ssum = sum(contributions)
    hues: list[Hue] = ["deduction" if float(it.points) < 0 else i for i, it in enumerate(items)]
    if ssum <= 0:
        segments: list[tuple[float, Hue]] = [(total_v, "bar")] if total_v > 0 else []
    elif deducted > 0:
        segments = [(v, hues[i]) for i, v in enumerate(contributions)]
    else:
        k = total_v / ssum
        segments = [(v * k, hues[i]) for i, v in enumerate(contributions)]
    return segments, deducted, ssum
