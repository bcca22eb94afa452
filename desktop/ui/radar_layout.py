"""Where everything on the radar goes, computed without painting (no Qt).

`radar_layout` places the polygon's centre and radius, the axis labels (elided only as far as
the radius needs), the scale labels on the first spoke and the legend; `radar_points` maps
values onto the spokes.  The painter (desktop/ui/radar_chart.py) only draws what it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..core.i18n import N_, _
from .chart_geometry import (
    Fonts,
    FontSpec,
    Point,
    Rect,
    TextBox,
    TextMetrics,
    clamp,
    min_px,
    mirrored,
)

LEGEND_KEYS = (("offer", N_("Credited")), ("promised", N_("Promised")), ("demand", N_("Demand")), ("baseline", N_("Baseline")))


@dataclass(frozen=True)
class LegendEntry:
    key: str  # offer | promised | demand | baseline
    swatch: Rect
    label: TextBox


@dataclass(frozen=True)
class RadarLayout:
    center: Point
    radius: float  # the length of a spoke at value 100
    dirs: tuple[tuple[float, float], ...]  # unit vector of each spoke, the first pointing up
    labels: tuple[TextBox, ...]  # one per axis, outside the polygon
    ticks: tuple[TextBox, ...]  # scale labels along the first spoke
    legend: tuple[LegendEntry, ...]
    px: float  # the label font size: every stroke width is derived from it
    line_width: float
    marker: float  # half the size of a vertex marker

    @property
    def legend_font(self) -> FontSpec:
        return self.legend[0].label.font


def radar_points(lay: RadarLayout, values: Sequence[float]) -> tuple[Point, ...]:
    """Each value (clamped to 0-100) as a point on its spoke."""
    c = lay.center
    pts = []
    for (ux, uy), v in zip(lay.dirs, values, strict=False):
        d = lay.radius * clamp(float(v), 0.0, 100.0) / 100.0
        pts.append(Point(c.x + d * ux, c.y + d * uy))
    return tuple(pts)


def radar_layout(
    rect: Rect,
    labels: Sequence[str],
    fonts: Fonts,
    with_baseline: bool = False,
    with_promised: bool = False,
    min_label_px: float = 0.0,
) -> RadarLayout:
    """The radar's geometry in rect: the legend at the bottom, the polygon and labels centred above.

    Labels keep their full text unless that would squeeze the radar below a fifth of the area;
    then they are elided just enough (a binary search on their width). min_label_px: the labels'
    smallest size (presentation mode asks for type legible from the back of a room).
    """
    dpi = fonts.dpi
    short = min(rect.width, rect.height)
    px = max(min_px(dpi), short * 0.036, min_label_px)
    pad = px * 0.5
    label_font = FontSpec(px, bold=True)
    tick_font = FontSpec(max(min_px(dpi), px * 0.72))
    legend_font = FontSpec(max(min_px(dpi), px * 0.9))
    lfm = fonts.metrics(label_font)

    keys = [(k, _(text)) for k, text in LEGEND_KEYS if (k != "baseline" or with_baseline) and (k != "promised" or with_promised)]
    avail_w = max(rect.width - 2 * pad, 1.0)
    legend, legend_h = _legend(rect, pad, avail_w, keys, legend_font, fonts.metrics(legend_font))
    area = Rect(rect.left + pad, rect.top + pad, avail_w, max(rect.height - 2 * pad - legend_h - pad, 1.0))

    n = len(labels)
    dirs = []
    for i in range(n):
        a = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        ux, uy = math.cos(a), math.sin(a)
        dirs.append((0.0 if abs(ux) < 1e-9 else ux, 0.0 if abs(uy) < 1e-9 else uy))

    gap = px * 0.55
    lh = lfm.height()
    r, texts, widths = _fit_labels(labels, dirs, area, lfm, gap)
    x0, y0, x1, y1 = _extents(dirs, r, widths, gap, lh)
    # centre the whole drawing (polygon + labels) inside the chart area
    cx = area.left + (area.width - (x1 - x0)) / 2 - x0
    cy = area.top + (area.height - (y1 - y0)) / 2 - y0

    label_boxes = []
    for (ux, uy), t in zip(dirs, texts, strict=True):
        tw = lfm.advance(t)
        ax, ay = cx + (r + gap) * ux, cy + (r + gap) * uy
        label_boxes.append(TextBox(Rect(ax - tw * (1 - ux) / 2, ay - lh * (1 - uy) / 2, tw, lh), t, label_font))

    lw = max(1.0, px * 0.16)
    center = Point(cx, cy)
    ticks = _ticks(center, r, dirs[0] if dirs else (0.0, -1.0), lw, tick_font, fonts.metrics(tick_font))
    return RadarLayout(
        center=center,
        radius=r,
        dirs=tuple(dirs),
        labels=tuple(label_boxes),
        ticks=ticks,
        legend=legend,
        px=px,
        line_width=lw,
        marker=min(lw * 2.2, max(r * 0.06, 1.5)),  # markers shrink with small radars
    )


def _legend(
    rect: Rect, pad: float, avail_w: float, keys: Sequence[tuple[str, str]], font: FontSpec, gfm: TextMetrics
) -> tuple[tuple[LegendEntry, ...], float]:
    """A flow of (swatch + text) items in centred rows at the bottom; the entries and their height."""
    gh = gfm.height()
    swatch_w = gh * 1.5
    item_gap = gh * 1.0
    rows: list[list[tuple[str, str, float]]] = [[]]
    row_w = 0.0
    for key, text in keys:
        w = swatch_w + gh * 0.4 + gfm.advance(text)
        extra = w if not rows[-1] else w + item_gap
        if rows[-1] and row_w + extra > avail_w:
            rows.append([])
            row_w = 0.0
            extra = w
        rows[-1].append((key, text, w))
        row_w += extra
    row_h = gh * 1.35
    height = row_h * len(rows)
    box = Rect(rect.left + pad, rect.bottom - pad - height, avail_w, height)
    entries = []
    y = box.top
    for row in rows:
        total_w = sum(w for _, _, w in row) + item_gap * (len(row) - 1)
        x = box.left + (box.width - total_w) / 2
        for key, text, w in row:
            swatch = Rect(x, y + (row_h - gh) / 2, swatch_w, gh)
            tx = x + swatch_w + gh * 0.4
            entries.append(LegendEntry(key, swatch, TextBox(Rect(tx, y, w - (tx - x) + 1, row_h), text, font, "left")))
            x += w + item_gap
        y += row_h
    return tuple(entries), height


def _extents(
    dirs: Sequence[tuple[float, float]], rr: float, widths: Sequence[float], gap: float, lh: float
) -> tuple[float, float, float, float]:
    """The bounding box (x0, y0, x1, y1) of a radar of radius rr and its labels, around its centre."""
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


def _fit_labels(
    labels: Sequence[str], dirs: Sequence[tuple[float, float]], area: Rect, lfm: TextMetrics, gap: float
) -> tuple[float, list[str], list[float]]:
    """The largest radius that fits area with its labels, and the labels' texts and widths."""
    lh = lfm.height()
    min_r = 0.2 * min(area.width, area.height)

    def fit(max_w: float) -> tuple[float, list[str], list[float]]:
        texts = [lfm.elide(t, max_w) for t in labels]
        widths = [lfm.advance(t) for t in texts]
        lo, hi = 0.0, max(area.width, area.height)
        for _step in range(32):
            mid = (lo + hi) / 2
            x0, y0, x1, y1 = _extents(dirs, mid, widths, gap, lh)
            if x1 - x0 <= area.width and y1 - y0 <= area.height:
                lo = mid
            else:
                hi = mid
        return lo, texts, widths

    full_w = max([lfm.advance(t) for t in labels] + [1.0])
    best = fit(full_w + 1.0)
    if best[0] >= min_r:
        return best
    lo_w, hi_w = lfm.advance("Mm…"), full_w
    best = fit(lo_w)
    for _step in range(14):
        mid_w = (lo_w + hi_w) / 2
        cand = fit(mid_w)
        if cand[0] >= min_r:
            best, lo_w = cand, mid_w
        else:
            hi_w = mid_w
    return best


def _ticks(
    c: Point, r: float, first: tuple[float, float], lw: float, font: FontSpec, tfm: TextMetrics
) -> tuple[TextBox, ...]:
    """Scale labels just below-right of the ring vertices on the first spoke, as many as fit."""
    ux, uy = first
    th = tfm.height()
    if r / 4 >= th * 1.3:
        levels: tuple[int, ...] = (25, 50, 75, 100)
    elif r / 2 >= th * 1.8:
        levels = (50, 100)
    else:
        levels = (100,)
    boxes = []
    for level in levels:
        d = r * level / 100.0
        s = str(level)
        tw = tfm.advance(s)
        boxes.append(TextBox(Rect(c.x + d * ux + lw * 2.0, c.y + d * uy + lw * 0.6, tw + th * 0.3, th), s, font))
    return tuple(boxes)


def mirrored_radar(lay: RadarLayout, left: float, right: float) -> RadarLayout:
    """The radar flipped left–right (right-to-left languages): spokes run anticlockwise from the top."""
    from dataclasses import replace

    flipped = mirrored(lay, left, right)
    return replace(flipped, dirs=tuple((-dx, dy) for dx, dy in flipped.dirs))
