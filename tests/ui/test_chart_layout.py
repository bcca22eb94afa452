"""The chart layouts by their geometry: positions, sizes and order, no painting, no Qt.

Text is measured by a monospace stand-in (every character 0.6 em wide, lines 1.2 em high), so
the expectations can be worked out by hand; the painters feed the same layouts Qt's metrics.
"""

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.ui.chart_geometry import FontSpec, LineItem, Rect, min_px
from desktop.ui.line_items_layout import line_items_layout
from desktop.ui.radar_layout import radar_layout, radar_points
from desktop.ui.tornado_layout import TornadoEntry, tornado_layout


class MonoMetrics:
    def __init__(self, font: FontSpec) -> None:
        self.char = font.px * (0.66 if font.bold else 0.6)
        self.line = font.px * 1.2

    def height(self) -> float:
        return self.line

    def advance(self, text: str) -> float:
        return len(text) * self.char

    def elide(self, text: str, width: float, middle: bool = False) -> str:
        if self.advance(text) <= width:
            return text
        keep = max(int(width / self.char) - 1, 0)
        if middle:
            return text[: (keep + 1) // 2] + "…" + text[len(text) - keep // 2:]
        return text[:keep] + "…"


class MonoFonts:
    def __init__(self, dpi: float = 96.0) -> None:
        self.dpi = dpi

    def metrics(self, font: FontSpec) -> MonoMetrics:
        return MonoMetrics(font)


FONTS = MonoFonts()
LABELS = ["Sovereignty alignment", "Absorptive capacity", "Security & trust", "Continuity",
          "Commercial viability", "Edge over the alternative"]
ITEMS = [LineItem("Sovereignty alignment", 12.0, 20.0), LineItem("Absorptive capacity", 6.0, 15.0),
         LineItem("Security & trust", 15.0, 20.0), LineItem("Continuity", 5.0, 10.0)]


# ------------------------------------------------------------------------------------------ radar


@pytest.mark.parametrize("n", range(3, 9))
@pytest.mark.parametrize("size", [(220, 200), (400, 320), (900, 300)])
def test_radar_fits_its_rect_and_labels_stay_outside_the_polygon(n, size):
    rect = Rect(10, 20, *size)
    lay = radar_layout(rect, (LABELS * 2)[:n], FONTS, with_baseline=True, with_promised=True)
    assert len(lay.dirs) == len(lay.labels) == n
    outer = radar_points(lay, [100.0] * n)
    for box, (ux, uy) in zip(lay.labels, lay.dirs, strict=True):
        assert rect.contains(box.rect)
        c = box.rect.center
        dx, dy = c.x - lay.center.x, c.y - lay.center.y
        assert math.hypot(dx, dy) > lay.radius  # beyond the end of its spoke
        assert (dx * ux + dy * uy) / math.hypot(dx, dy) > 0.7  # and in its direction
    for p in outer:
        assert rect.left <= p.x <= rect.right and rect.top <= p.y <= rect.bottom
    for entry in lay.legend:
        assert rect.contains(entry.swatch) and rect.contains(entry.label.rect)
        assert entry.swatch.top >= max(b.rect.bottom for b in lay.labels) - 1e-6  # the legend is below


def test_radar_spokes_start_up_and_go_clockwise():
    lay = radar_layout(Rect(0, 0, 400, 400), LABELS[:4], FONTS)
    assert lay.dirs == ((0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0))
    top, right, bottom, left = radar_points(lay, [100, 50, 100, 0])
    assert top.y == pytest.approx(lay.center.y - lay.radius)
    assert right.x == pytest.approx(lay.center.x + lay.radius / 2)
    assert bottom.y == pytest.approx(lay.center.y + lay.radius)
    assert (left.x, left.y) == (pytest.approx(lay.center.x), pytest.approx(lay.center.y))


def test_radar_values_are_clamped_onto_the_spoke():
    lay = radar_layout(Rect(0, 0, 300, 300), LABELS[:3], FONTS)
    over, under, nan = radar_points(lay, [250, -40, float("nan")])
    assert math.hypot(over.x - lay.center.x, over.y - lay.center.y) == pytest.approx(lay.radius)
    assert (under.x, under.y) == (pytest.approx(lay.center.x), pytest.approx(lay.center.y))
    assert (nan.x, nan.y) == (pytest.approx(lay.center.x), pytest.approx(lay.center.y))


def test_radar_legend_lists_only_the_series_shown_in_order():
    plain = radar_layout(Rect(0, 0, 400, 320), LABELS[:5], FONTS)
    assert [e.key for e in plain.legend] == ["offer", "demand"]
    full = radar_layout(Rect(0, 0, 400, 320), LABELS[:5], FONTS, with_baseline=True, with_promised=True)
    assert [e.key for e in full.legend] == ["offer", "promised", "demand", "baseline"]
    assert [e.label.text for e in full.legend] == ["Credited", "Promised", "Demand", "Baseline"]
    row = [e for e in full.legend if e.swatch.top == full.legend[0].swatch.top]
    assert [e.swatch.left for e in row] == sorted(e.swatch.left for e in row)
    for e in full.legend:
        assert e.label.rect.left > e.swatch.right  # text right of its swatch


def test_radar_legend_wraps_into_rows_when_narrow():
    lay = radar_layout(Rect(0, 0, 150, 400), LABELS[:5], FONTS, with_baseline=True, with_promised=True)
    tops = sorted({e.swatch.top for e in lay.legend})
    assert len(tops) > 1


def test_radar_long_labels_are_elided_only_when_small():
    long = ["Label number"] * 5
    big = radar_layout(Rect(0, 0, 2000, 1600), long, FONTS)
    assert [b.text for b in big.labels] == long
    small = radar_layout(Rect(0, 0, 220, 200), long, FONTS)
    assert all(b.text.endswith("…") and len(b.text) < len(long[0]) for b in small.labels)
    area_short = min(220, 200) - 2 * small.px * 0.5
    assert small.radius >= 0.2 * area_short * 0.5  # the radar keeps a usable size


def test_radar_grows_with_its_rect_and_font_has_a_minimum():
    sizes = [(160, 140), (320, 280), (640, 560), (1280, 1120)]
    lays = [radar_layout(Rect(0, 0, w, h), LABELS, FONTS) for w, h in sizes]
    radii = [lay.radius for lay in lays]
    assert radii == sorted(radii) and radii[0] < radii[-1]
    assert all(lay.px >= min_px(96.0) for lay in lays)
    assert lays[0].px == pytest.approx(min_px(96.0))
    assert lays[-1].px > lays[0].px


def test_radar_scale_labels_climb_the_first_spoke():
    lay = radar_layout(Rect(0, 0, 640, 560), LABELS, FONTS)
    assert [t.text for t in lay.ticks] == ["25", "50", "75", "100"]
    ys = [t.rect.top for t in lay.ticks]
    assert ys == sorted(ys, reverse=True)  # further up the spoke, higher on screen
    tiny = radar_layout(Rect(0, 0, 120, 100), LABELS, FONTS)
    assert [t.text for t in tiny.ticks] in (["100"], ["50", "100"])


@settings(max_examples=60, deadline=None)
@given(
    w=st.floats(200, 1500), h=st.floats(180, 1500), n=st.integers(3, 8),
    label=st.text(alphabet="abcdefgh &", min_size=1, max_size=40),
)
def test_radar_labels_never_leave_the_rect(w, h, n, label):
    rect = Rect(0, 0, w, h)
    lay = radar_layout(rect, [label] * n, FONTS)
    for box in lay.labels:
        assert rect.contains(box.rect, slack=1e-3)


# ------------------------------------------------------------------------------------- line items


def _rows(lay):
    return [*lay.rows, lay.overall]


@pytest.mark.parametrize("size", [(900, 300), (440, 300), (240, 260)])
def test_line_item_rows_go_down_in_order_inside_the_rect(size):
    rect = Rect(0, 0, *size)
    lay = line_items_layout(rect, ITEMS, 60.0, FONTS)
    for it, row in zip(ITEMS, lay.rows, strict=True):  # each item's own label, elided at most
        assert it.label.startswith(row.label.text.rstrip("…"))
    tops = [r.label.rect.top for r in _rows(lay)]
    assert tops == sorted(tops)
    for a, b in zip(_rows(lay), _rows(lay)[1:], strict=False):
        assert a.bar.track.bottom <= b.label.rect.top + 1e-6 or a.label.rect.bottom <= b.label.rect.top + 1e-6
    assert lay.divider[0].y > lay.rows[-1].label.rect.top and lay.divider[0].y < lay.overall.label.rect.bottom
    for row in _rows(lay):
        for r in (row.label.rect, row.value.rect, row.bar.track):
            assert rect.contains(r, slack=1.01)  # text rects carry one px of slack for rounding
    for box in lay.scale:
        assert rect.contains(box.rect, slack=1.01)


def test_line_item_bars_share_one_point_scale():
    lay = line_items_layout(Rect(0, 0, 900, 300), ITEMS, 38.0, FONTS)
    assert not lay.two_line
    for it, row in zip(ITEMS, lay.rows, strict=True):
        assert row.bar.track.left == pytest.approx(lay.bar_x)
        assert row.bar.track.width == pytest.approx(it.max_points * lay.unit)
        (filled, hue), = row.bar.segments
        assert filled.width == pytest.approx(it.points * lay.unit)
        assert hue == row.hue == ITEMS.index(it)
    assert lay.overall.bar.track.width == pytest.approx(100 * lay.unit)
    assert len(lay.guides) == 4 and [g[0].x for g in lay.guides] == sorted(g[0].x for g in lay.guides)


def test_overall_segments_stack_the_items_up_to_the_total():
    lay = line_items_layout(Rect(0, 0, 900, 300), ITEMS, 38.0, FONTS)
    segs = lay.overall.bar.segments
    assert [hue for _, hue in segs] == [0, 1, 2, 3]
    assert sum(r.width for r, _ in segs) == pytest.approx(38.0 * lay.unit)
    lefts = [r.left for r, _ in segs]
    assert lefts == sorted(lefts) and lefts[0] == pytest.approx(lay.bar_x)
    for (a, _), (b, _) in zip(segs, segs[1:], strict=False):
        assert b.left == pytest.approx(a.right)  # no gaps, no overlaps
    assert len(lay.overall.bar.separators) == 3
    assert lay.overall.value.text == "38.0 / 100" and lay.deduction is None


def test_a_deduction_is_a_red_bar_and_struck_off_the_overall_stack():
    items = [LineItem("Gain", 30.0, 40.0), LineItem("Penalty", -6.0, 0.0)]
    lay = line_items_layout(Rect(0, 0, 900, 200), items, 24.0, FONTS)
    penalty = lay.rows[1]
    assert penalty.hue == "deduction" and penalty.value.text == "\u22126.0"
    assert penalty.bar.track.width == pytest.approx(6.0 * lay.unit)
    assert lay.deduction is not None
    assert lay.deduction.veil.left == pytest.approx(lay.bar_x + 24.0 * lay.unit)
    assert lay.deduction.veil.right == pytest.approx(lay.bar_x + 30.0 * lay.unit)


def test_narrow_rects_put_the_bar_under_its_label():
    wide = line_items_layout(Rect(0, 0, 900, 300), ITEMS, 38.0, FONTS)
    narrow = line_items_layout(Rect(0, 0, 240, 300), ITEMS, 38.0, FONTS)
    assert not wide.two_line and narrow.two_line
    assert not narrow.guides
    for row in narrow.rows:
        assert row.bar.track.top >= row.label.rect.bottom - 1e-6
        assert row.bar.track.left == pytest.approx(row.label.rect.left)
    for row in wide.rows:
        assert row.bar.track.left > row.label.rect.right - 1 and row.value.rect.left > row.bar.track.left


def test_labels_are_elided_when_there_is_no_room():
    items = [LineItem("An extremely long dimension label that cannot fit", 10.0, 20.0)]
    lay = line_items_layout(Rect(0, 0, 160, 120), items, 10.0, FONTS)
    assert lay.rows[0].label.text.endswith("…")
    roomy = line_items_layout(Rect(0, 0, 2400, 200), items, 10.0, FONTS)
    assert roomy.rows[0].label.text == items[0].label


def test_scale_runs_from_0_at_the_bar_start_to_100_inside():
    rect = Rect(0, 0, 900, 300)
    lay = line_items_layout(rect, ITEMS, 38.0, FONTS)
    assert [b.text for b in lay.scale] == ["0", "25", "50", "75", "100"]
    xs = [b.rect.left for b in lay.scale]
    assert xs == sorted(xs) and xs[0] == pytest.approx(lay.bar_x)
    assert lay.scale[-1].rect.right <= rect.right


def test_empty_line_items_leave_the_overall_row():
    lay = line_items_layout(Rect(0, 0, 300, 120), [], 0.0, FONTS)
    assert lay.rows == () and lay.overall.label.text == "Overall" and lay.overall.bar.segments == ()


# ---------------------------------------------------------------------------------------- tornado

TORNADO = [TornadoEntry("Weight of sovereignty alignment", "0.1–0.4", 28.0, 36.5),
           TornadoEntry("Demand for localization", "50–90", 33.0, 29.5),
           TornadoEntry("Trust", "40–60", 30.0, 32.0)]


def test_tornado_bars_start_at_the_base_and_reach_each_end():
    rect = Rect(0, 0, 640, 420)
    lay = tornado_layout(rect, 31.2, TORNADO, FONTS, "What moves the overall score most")
    base_x = lay.base_line[0].x

    def x(v):
        return lay.axis[0].x + (v - lay.lo) / (lay.hi - lay.lo) * (lay.axis[1].x - lay.axis[0].x)

    assert base_x == pytest.approx(x(31.2))
    for e, row in zip(TORNADO, lay.rows, strict=True):
        for bar, value in ((row.low, e.at_low), (row.high, e.at_high)):
            assert min(bar.left, bar.right) == pytest.approx(min(base_x, x(value)))
            assert bar.width == pytest.approx(max(abs(x(value) - base_x), 1.0))
        assert row.swing.text == f"{abs(e.at_high - e.at_low):.1f}"
        assert row.label.align == "right" and row.label.rect.right <= lay.axis[0].x
        assert row.swing.rect.left > lay.axis[1].x
    tops = [r.label.rect.top for r in lay.rows]
    assert tops == sorted(tops) and len(set(tops)) == 3  # one row each, in the given order
    assert lay.lo < min(28.0, 29.5) and lay.hi > 36.5  # a margin on both sides


def test_tornado_axis_legend_and_title_are_placed_in_order():
    rect = Rect(0, 0, 640, 420)
    lay = tornado_layout(rect, 31.2, TORNADO, FONTS, "Title")
    assert lay.title.rect.bottom <= lay.rows[0].label.rect.top + 1e-6
    assert [t.text for t in lay.ticks] == [f"{lay.lo:.0f}", f"{(lay.lo + lay.hi) / 2:.0f}", f"{lay.hi:.0f}"]
    assert [t.rect.center.x for t in lay.ticks] == sorted(t.rect.center.x for t in lay.ticks)
    assert all(t.rect.top >= lay.axis[0].y for t in lay.ticks)
    assert lay.low_swatch.top > lay.axis[0].y and lay.low_swatch.left < lay.high_swatch.left
    assert lay.low_text.text == "low" and lay.high_text.text.startswith("high   Base 31.2.")


def test_tornado_long_labels_are_elided_in_the_middle():
    entries = [TornadoEntry("assumption weight.sovereignty_alignment: the share of the overall", "", 20.0, 40.0)]
    lay = tornado_layout(Rect(0, 0, 300, 200), 30.0, entries, FONTS, "T")
    text = lay.rows[0].label.text
    assert "…" in text and not text.endswith("…")
    assert text.startswith("assum") and text.endswith("overall"[-2:])


def test_layouts_import_without_qt():
    code = ("import sys; sys.modules['PySide6'] = None; "
            "import desktop.ui.radar_layout, desktop.ui.line_items_layout, desktop.ui.tornado_layout, "
            "desktop.ui.chart_geometry; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
