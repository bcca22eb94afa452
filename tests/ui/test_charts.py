"""Tests for desktop.ui.charts: paint functions, widgets and exporters.

The charts are checked by rendering them and measuring pixels, not by
inspecting implementation details.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QRectF, QSize  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette  # noqa: E402


def _pyside_drops_none_references() -> bool:
    """True for PySide6 builds that forget to incref None when a void C++ method returns.

    Seen with PySide6-Essentials 6.12.0 (abi3 wheel) on CPython 3.11: every
    call such as QPainter.setPen() takes one reference from None, and the
    interpreter aborts ("none_dealloc: deallocating None") after a few
    thousand calls.  CPython >= 3.12 is immune (None is immortal there);
    PySide6-Essentials 6.11.3 does not have the bug.
    """
    if sys.version_info >= (3, 12):
        return False
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(100):
        colour.setAlpha(255)
    return sys.getrefcount(None) < before - 50


from desktop.ui.charts import (  # noqa: E402
    ChartPalette,
    LineItem,
    LineItemsView,
    RadarAxis,
    RadarView,
    paint_line_items,
    paint_radar,
    radar_geometry,
    render_image,
    render_svg,
)

LIGHT = ChartPalette.light()
DARK = ChartPalette.dark()
SCALE = 2.0

REAL_AXES = [
    RadarAxis("Security", 60, 80),
    RadarAxis("Resilience", 70, 30),
    RadarAxis("Openness", 40, 65),
    RadarAxis("Partnership", 55, 75),
]
REAL_ITEMS = [
    LineItem("Sovereignty alignment", 18.2, 30),
    LineItem("Absorptive capacity", 8.1, 15),
    LineItem("Security & trust", 12.5, 20),
    LineItem("Continuity", 10.3, 15),
    LineItem("Commercial viability", 11.0, 20),
]


# --------------------------------------------------------------------------- helpers


def near(c: QColor, ref: QColor, tol: int = 45) -> bool:
    return (
        abs(c.red() - ref.red()) + abs(c.green() - ref.green()) + abs(c.blue() - ref.blue()) <= tol
    )


def uniform_axes(offer: float, demand: float, n: int = 4) -> list[RadarAxis]:
    names = [
        "Security",
        "Resilience",
        "Openness",
        "Partnership",
        "Talent",
        "Energy",
        "Data",
        "Compute",
    ]
    return [RadarAxis(names[i], offer, demand) for i in range(n)]


def radar_image(axes, w=400, h=320, palette=LIGHT, baseline=None) -> QImage:
    return render_image(lambda p, r: paint_radar(p, r, axes, palette, baseline), w, h, SCALE)


def items_image(items, total, w=900, h=300, palette=LIGHT) -> QImage:
    return render_image(lambda p, r: paint_line_items(p, r, items, total, palette), w, h, SCALE)


def farthest_along_axis(img: QImage, axes, colour: QColor, axis: int = 0, w=400, h=320) -> float:
    """Farthest pixel of `colour` from the centre along spoke `axis`, as a fraction of the radius."""
    center, radius = radar_geometry(QRectF(0, 0, w, h), axes, device=img)
    import math

    angle = -math.pi / 2 + 2 * math.pi * axis / len(axes)
    ux, uy = math.cos(angle), math.sin(angle)
    cx, cy, rr = center.x() * SCALE, center.y() * SCALE, radius * SCALE
    best = 0.0
    for step in range(int(rr * 1.1)):
        x, y = round(cx + ux * step), round(cy + uy * step)
        if 0 <= x < img.width() and 0 <= y < img.height() and near(img.pixelColor(x, y), colour):
            best = step / rr
    return best


def count_pixels(img: QImage, colour: QColor, tol: int = 45, y_max: int | None = None) -> int:
    n = 0
    for y in range(0, img.height() if y_max is None else y_max, 2):
        for x in range(0, img.width(), 2):
            if near(img.pixelColor(x, y), colour, tol):
                n += 1
    return n


def bands(img: QImage, colour: QColor, x_min: int) -> list[tuple[int, int]]:
    """Contiguous ranges of rows having a pixel of `colour` at x >= x_min."""
    out: list[tuple[int, int]] = []
    start = None
    for y in range(img.height()):
        hit = any(near(img.pixelColor(x, y), colour, 30) for x in range(x_min, img.width()))
        if hit and start is None:
            start = y
        elif not hit and start is not None:
            out.append((start, y - 1))
            start = None
    if start is not None:
        out.append((start, img.height() - 1))
    return out


def longest_run(img: QImage, y: int, pred, x_min: int = 0) -> tuple[int, int]:
    best = (0, 0)
    run_start = None
    for x in range(x_min, img.width() + 1):
        ok = x < img.width() and pred(img.pixelColor(x, y))
        if ok and run_start is None:
            run_start = x
        elif not ok and run_start is not None:
            if x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    return best


def border_is_background(img: QImage, bg: QColor) -> bool:
    w, h = img.width(), img.height()
    edge = [(x, 0) for x in range(w)] + [(x, h - 1) for x in range(w)]
    edge += [(0, y) for y in range(h)] + [(w - 1, y) for y in range(h)]
    return all(near(img.pixelColor(x, y), bg, 6) for x, y in edge)


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(el.itertext()).strip() for el in root.iter() if el.tag.endswith("text")]


def dark_qpalette() -> QPalette:
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#1b1c1f"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def light_qpalette() -> QPalette:
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#efefef"),
        (QPalette.ColorRole.WindowText, "#000000"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.Text, "#000000"),
    ):
        pal.setColor(role, QColor(colour))
    return pal


# --------------------------------------------------------------------------- radar


def test_offer_polygon_grows_with_offer(qapp):
    low_axes, high_axes = uniform_axes(20, 50), uniform_axes(80, 50)
    low = farthest_along_axis(radar_image(low_axes), low_axes, LIGHT.offer)
    high = farthest_along_axis(radar_image(high_axes), high_axes, LIGHT.offer)
    assert high > low
    # the offer vertex sits at value/100 of the radius (plus its marker dot)
    assert low == pytest.approx(0.2, abs=0.06)
    assert high == pytest.approx(0.8, abs=0.06)


@pytest.mark.parametrize("axis", [0, 1, 2, 3])
def test_demand_polygon_is_drawn_at_demand_value(qapp, axis):
    axes = uniform_axes(20, 70)
    img = radar_image(axes)
    assert farthest_along_axis(img, axes, LIGHT.demand, axis) == pytest.approx(0.7, abs=0.06)


def test_demand_is_dashed_outline_not_filled(qapp):
    axes = uniform_axes(20, 90)
    img = radar_image(axes)
    center, radius = radar_geometry(QRectF(0, 0, 400, 320), axes, device=img)
    # inside the demand polygon, away from its edge, there is no demand colour
    mid = img.pixelColor(
        round((center.x() + radius * 0.4) * SCALE), round((center.y() - radius * 0.1) * SCALE)
    )
    assert not near(mid, LIGHT.demand)
    assert count_pixels(img, LIGHT.demand) > 200


def test_baseline_polygon_is_drawn_when_given(qapp):
    axes = uniform_axes(20, 90)
    without = radar_image(axes)
    with_baseline = radar_image(axes, baseline=[50, 50, 50, 50])
    center, radius = radar_geometry(QRectF(0, 0, 400, 320), axes, device=with_baseline)
    chart_bottom = round((center.y() + radius) * SCALE)  # above the legend
    grey_without = count_pixels(without, LIGHT.baseline, 30, chart_bottom)
    grey_with = count_pixels(with_baseline, LIGHT.baseline, 30, chart_bottom)
    assert grey_with > grey_without + 40


@pytest.mark.parametrize("n", [3, 5, 6, 8])
def test_radar_works_for_3_to_8_axes(qapp, n):
    axes = uniform_axes(60, 40, n)
    img = radar_image(axes)
    assert farthest_along_axis(img, axes, LIGHT.offer) == pytest.approx(0.6, abs=0.06)
    assert border_is_background(img, LIGHT.background)


@pytest.mark.parametrize("axes", [[], uniform_axes(50, 50, 2)])
def test_radar_with_too_few_axes_does_not_crash(qapp, axes):
    img = radar_image(axes)
    assert count_pixels(img, LIGHT.offer) == 0


def test_radar_values_are_clamped(qapp):
    axes = [
        RadarAxis("A", 150, -20),
        RadarAxis("B", 100, 0),
        RadarAxis("C", 100, 0),
        RadarAxis("D", 100, 0),
    ]
    img = radar_image(axes)
    assert farthest_along_axis(img, axes, LIGHT.offer) == pytest.approx(1.0, abs=0.06)


@pytest.mark.parametrize("size", [(200, 180), (320, 280), (400, 320), (900, 700)])
def test_radar_labels_are_never_clipped(qapp, size):
    axes = [
        RadarAxis("Security", 60, 80),
        RadarAxis("Resilience and continuity of supply", 70, 30),
        RadarAxis("Openness", 40, 65),
        RadarAxis("Partnership depth", 55, 75),
    ]
    img = radar_image(axes, *size, baseline=[50] * 4)
    # nothing touches the edges of the image: labels moved inwards or elided
    assert border_is_background(img, LIGHT.background)


def test_radar_long_labels_are_elided_at_small_size(qapp, tmp_path):
    long_label = "Resilience and continuity of critical supply chains"
    axes = [
        RadarAxis("Security", 60, 80),
        RadarAxis(long_label, 70, 30),
        RadarAxis("Openness", 40, 65),
        RadarAxis("Partnership", 55, 75),
    ]
    path = tmp_path / "radar.svg"
    render_svg(lambda p, r: paint_radar(p, r, axes, LIGHT), 220, 200, str(path))
    texts = svg_texts(path)
    assert long_label not in texts
    assert any(t.endswith("…") and long_label.startswith(t[:-1]) for t in texts)
    assert "Security" in texts  # short labels keep their full text


def test_radar_font_scales_with_size_and_has_a_minimum(qapp, tmp_path):
    sizes = {}
    for w, h in ((120, 100), (400, 320), (900, 700)):
        path = tmp_path / f"r{w}.svg"
        render_svg(lambda p, r: paint_radar(p, r, REAL_AXES, LIGHT), w, h, str(path))
        root = ET.parse(path).getroot()
        sizes[w] = max(float(el.get("font-size")) for el in root.iter() if el.get("font-size"))
    assert sizes[900] > sizes[400] * 1.5
    assert sizes[120] >= 8 * 96 / 72 - 0.01  # 8 pt at 96 dpi


# --------------------------------------------------------------------------- line items


def test_item_with_more_points_has_longer_filled_bar(qapp):
    items = [LineItem("Alpha", 25, 30), LineItem("Beta", 5, 30)]
    img = items_image(items, 30)
    x_min = img.width() // 20  # right of the colour swatches
    runs = []
    for i in range(2):
        hue = LIGHT.series[i]
        y0, y1 = bands(img, hue, x_min)[0]
        a, b = longest_run(img, (y0 + y1) // 2, lambda c, hue=hue: near(c, hue, 30), x_min)
        runs.append(b - a)
    assert runs[0] > runs[1]
    assert runs[0] / runs[1] == pytest.approx(25 / 5, rel=0.12)


def test_item_track_is_proportional_to_max_points(qapp):
    items = [LineItem("Alpha", 1, 30), LineItem("Beta", 1, 10)]
    img = items_image(items, 2)
    x_min = img.width() // 20
    track = LIGHT.bar_track
    lengths = []
    for i in range(2):
        hue = LIGHT.series[i]
        y0, y1 = bands(img, hue, x_min)[0]
        y = (y0 + y1) // 2
        start, _ = longest_run(img, y, lambda c, hue=hue: near(c, hue, 30), x_min)
        _, end = longest_run(img, y, lambda c: near(c, track, 12), x_min)
        lengths.append(end - start)
    assert lengths[0] / lengths[1] == pytest.approx(3.0, rel=0.08)


def overall_length(img: QImage) -> tuple[float, float]:
    """(stacked bar length, full 0-100 track length) of the Overall row, in device px."""
    x_min = img.width() // 20
    first, second, track = LIGHT.series[0], LIGHT.series[1], LIGHT.bar_track
    y0, y1 = bands(img, first, x_min)[-1]
    y = (y0 + y1) // 2
    xs_first = [x for x in range(x_min, img.width()) if near(img.pixelColor(x, y), first, 30)]
    xs_second = [x for x in range(x_min, img.width()) if near(img.pixelColor(x, y), second, 30)]
    _, track_end = longest_run(img, y, lambda c: near(c, track, 12), x_min)
    filled = max(xs_second + xs_first) - min(xs_first) + 1
    full = max(track_end, filled + min(xs_first)) - min(xs_first)
    return filled, full


@pytest.mark.parametrize("total", [30.0, 60.1, 90.0])
def test_overall_stacked_bar_length_is_proportional_to_total(qapp, total):
    items = [LineItem("Alpha", 20, 30), LineItem("Beta", 10, 30)]
    filled, full = overall_length(items_image(items, total))
    assert filled / full == pytest.approx(total / 100, abs=0.015)


def test_overall_segments_use_item_hues_in_proportion(qapp):
    items = [LineItem("Alpha", 30, 40), LineItem("Beta", 10, 40)]
    img = items_image(items, 40)
    x_min = img.width() // 20
    y0, y1 = bands(img, LIGHT.series[0], x_min)[-1]
    y = (y0 + y1) // 2
    a = sum(near(img.pixelColor(x, y), LIGHT.series[0], 30) for x in range(x_min, img.width()))
    b = sum(near(img.pixelColor(x, y), LIGHT.series[1], 30) for x in range(x_min, img.width()))
    assert a / b == pytest.approx(3.0, rel=0.1)


def test_swatch_next_to_label_has_item_hue(qapp):
    img = items_image(REAL_ITEMS, 60.1, 400, 320)
    left_strip = img.width() // 10
    for i in range(len(REAL_ITEMS)):
        assert any(
            near(img.pixelColor(x, y), LIGHT.series[i], 20)
            for y in range(0, img.height(), 2)
            for x in range(0, left_strip)
        ), f"no swatch for item {i}"


@pytest.mark.parametrize("width", [60, 120, 180, 240])
def test_line_items_narrow_widths_elide_labels(qapp, tmp_path, width):
    long_label = "Sovereignty alignment with partner-country priorities"
    items = [LineItem(long_label, 18.2, 30), LineItem("Continuity", 10.3, 15)]
    path = tmp_path / "items.svg"
    render_svg(lambda p, r: paint_line_items(p, r, items, 28.5, LIGHT), width, 200, str(path))
    texts = svg_texts(path)
    assert long_label not in texts
    assert any(t.endswith("…") for t in texts)
    img = items_image(items, 28.5, width, 200)
    assert border_is_background(img, LIGHT.background)


@pytest.mark.parametrize("size", [(240, 176), (400, 320), (900, 700), (700, 120)])
def test_line_items_nothing_clipped(qapp, size):
    img = items_image(REAL_ITEMS, 60.1, *size)
    assert border_is_background(img, LIGHT.background)


def test_line_items_show_values_and_total(qapp, tmp_path):
    path = tmp_path / "items.svg"
    render_svg(lambda p, r: paint_line_items(p, r, REAL_ITEMS, 60.1, LIGHT), 900, 700, str(path))
    texts = svg_texts(path)
    for expected in (
        "18.2 / 30",
        "8.1 / 15",
        "12.5 / 20",
        "10.3 / 15",
        "11.0 / 20",
        "Overall",
        "60.1 / 100",
    ):
        assert expected in texts
    for it in REAL_ITEMS:
        assert it.label in texts


def test_line_items_empty_does_not_crash(qapp):
    img = items_image([], 0)
    assert border_is_background(img, LIGHT.background)


# --------------------------------------------------------------------------- palette


def test_palette_follows_dark_application_palette():
    pal = ChartPalette.from_palette(dark_qpalette())
    assert pal.background.lightness() < 128
    assert pal.text.lightness() > 128
    assert pal.is_dark


def test_palette_follows_light_application_palette():
    pal = ChartPalette.from_palette(light_qpalette())
    assert pal.background.lightness() > 200
    assert pal.text.lightness() < 100
    assert not pal.is_dark


@pytest.mark.parametrize("pal", [LIGHT, DARK])
def test_palette_colours_are_distinct(pal):
    def dist(a: QColor, b: QColor) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    key = [pal.background, pal.offer, pal.demand, pal.baseline, pal.grid]
    for i, a in enumerate(key):
        for b in key[i + 1 :]:
            assert dist(a, b) > 60
    assert pal.offer.blue() > pal.offer.red()  # offer is blue
    assert pal.demand.red() > pal.demand.blue()  # demand is orange/amber
    hues = list(pal.series[:5])
    for i, a in enumerate(hues):
        for b in hues[i + 1 :]:
            assert dist(a, b) > 60


# --------------------------------------------------------------------------- widgets


def test_radar_view_set_data_changes_rendering(qtbot):
    view = RadarView()
    qtbot.addWidget(view)
    view.resize(320, 280)
    view.set_data(uniform_axes(20, 30))
    first = view.grab().toImage()
    view.set_data(uniform_axes(90, 30), baseline=[50, 50, 50, 50])
    second = view.grab().toImage()
    assert first != second
    assert view.axes == tuple(uniform_axes(90, 30))
    assert view.baseline == (50.0, 50.0, 50.0, 50.0)


def test_radar_view_accessibility(qtbot):
    view = RadarView()
    qtbot.addWidget(view)
    assert view.accessibleName() == "Offer versus demand radar"
    view.set_data(REAL_AXES, baseline=[50, 50, 50, 50])
    desc = view.accessibleDescription()
    for fragment in (
        "Security: offer 60, demand 80",
        "Resilience: offer 70, demand 30",
        "Openness: offer 40, demand 65",
        "Partnership: offer 55, demand 75",
        "baseline 50",
    ):
        assert fragment in desc
    view.set_data([RadarAxis("Security", 62.5, 10)])
    assert "offer 62.5, demand 10" in view.accessibleDescription()


def test_line_items_view_accessibility_and_properties(qtbot):
    view = LineItemsView()
    qtbot.addWidget(view)
    assert view.accessibleName() == "Line items"
    view.set_items(REAL_ITEMS, 60.1)
    desc = view.accessibleDescription()
    assert "Sovereignty alignment: 18.2 of 30" in desc
    assert "Commercial viability: 11.0 of 20" in desc
    assert "Overall: 60.1 of 100" in desc
    assert view.items == tuple(REAL_ITEMS)
    assert view.total == pytest.approx(60.1)


def test_widget_data_properties_are_read_only(qtbot):
    radar, items = RadarView(), LineItemsView()
    qtbot.addWidget(radar)
    qtbot.addWidget(items)
    for obj, name in ((radar, "axes"), (radar, "baseline"), (items, "items"), (items, "total")):
        with pytest.raises(AttributeError):
            setattr(obj, name, None)


def test_line_items_view_set_items_changes_rendering(qtbot):
    view = LineItemsView()
    qtbot.addWidget(view)
    view.resize(440, 250)
    view.set_items(REAL_ITEMS, 60.1)
    first = view.grab().toImage()
    view.set_items(REAL_ITEMS[:2], 26.3)
    assert view.grab().toImage() != first


def test_size_hints(qtbot):
    radar = RadarView()
    qtbot.addWidget(radar)
    assert radar.sizeHint() == QSize(320, 280)
    assert radar.minimumSizeHint() == QSize(200, 180)
    view = LineItemsView()
    qtbot.addWidget(view)
    view.set_items(REAL_ITEMS[:2], 26.3)
    small = view.sizeHint().height()
    small_min = view.minimumSizeHint().height()
    view.set_items(REAL_ITEMS, 60.1)
    assert view.sizeHint().height() > small
    assert view.minimumSizeHint().height() > small_min


def test_widget_minimum_size_renders_without_clipping(qtbot):
    view = LineItemsView()
    qtbot.addWidget(view)
    view.set_items(REAL_ITEMS, 60.1)
    view.setPalette(light_qpalette())
    view.resize(view.minimumSizeHint())
    img = view.grab().toImage()
    bg = ChartPalette.from_palette(view.palette()).background
    assert border_is_background(img, bg)


def test_dark_palette_gives_dark_background(qtbot):
    view = RadarView()
    qtbot.addWidget(view)
    view.setPalette(dark_qpalette())
    view.resize(320, 280)
    view.set_data(REAL_AXES)
    img = view.grab().toImage()
    corner = img.pixelColor(2, 2)
    assert corner.lightness() < 60
    assert near(corner, QColor("#1b1c1f"), 6)
    # the offer in dark mode uses the dark palette's (lighter) blue
    assert count_pixels(img, ChartPalette.dark().offer, 30) > 50

    items = LineItemsView()
    qtbot.addWidget(items)
    items.setPalette(dark_qpalette())
    items.resize(440, 250)
    items.set_items(REAL_ITEMS, 60.1)
    assert items.grab().toImage().pixelColor(2, 2).lightness() < 60


# --------------------------------------------------------------------------- environment


def test_pyside_keeps_none_reference_count(qapp):
    # Guards the pin PySide6-Essentials<6.12 in pyproject.toml: the app would abort.
    assert not _pyside_drops_none_references()


# --------------------------------------------------------------------------- export


def test_render_image_is_hidpi_with_white_background(qapp):
    img = render_image(lambda p, r: None, 300, 200, scale=2.0)
    assert (img.width(), img.height()) == (600, 400)
    assert img.devicePixelRatio() == 2.0
    assert img.pixelColor(10, 10) == QColor("white")


def test_render_image_paints_in_logical_coordinates(qapp):
    seen = []

    def paint(p: QPainter, r: QRectF) -> None:
        seen.append(QRectF(r))
        p.fillRect(QRectF(r.width() / 2, 0, r.width() / 2, r.height()), QColor("black"))

    img = render_image(paint, 100, 50, scale=3.0)
    assert seen == [QRectF(0, 0, 100, 50)]
    assert img.pixelColor(10, 10) == QColor("white")
    assert img.pixelColor(290, 140) == QColor("black")


def test_render_image_of_radar_uses_palette_background(qapp):
    img = radar_image(REAL_AXES, palette=DARK)
    assert near(img.pixelColor(1, 1), DARK.background, 3)


def test_render_svg_writes_valid_svg(qapp, tmp_path):
    path = tmp_path / "radar.svg"
    render_svg(lambda p, r: paint_radar(p, r, REAL_AXES, LIGHT, [50] * 4), 400, 320, str(path))
    text = path.read_text(encoding="utf-8")
    assert "<svg" in text
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 400 320"
    texts = svg_texts(path)
    for label in (
        "Security",
        "Resilience",
        "Openness",
        "Partnership",
        "Credited",
        "Demand",
        "Baseline",
    ):
        assert label in texts


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
@pytest.mark.parametrize("baseline", [None, [45.0, 90.0, 20.0, 100.0]])
def test_radar_cache_paints_the_same_pixels(qapp, direction, baseline):
    """A widget's cache (layout, and background, rings, scale, labels and legend as pixels) gives
    the pixels painting everything gives, on the first paint and on a repaint with new data."""
    from PySide6.QtCore import Qt

    from desktop.ui.radar_chart import RadarCache

    axes = [RadarAxis(a.label, a.offer, a.demand, a.offer + 15) for a in REAL_AXES]
    moved = [RadarAxis(a.label, 100.0 - a.offer, a.demand, 100.0) for a in REAL_AXES]
    cache = RadarCache()

    def paint(data, with_cache):
        img = QImage(306, 224, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(img)
        if direction == "rtl":
            p.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        paint_radar(p, QRectF(0, 0, 306, 224), data, LIGHT, baseline, cache=cache if with_cache else None)
        p.end()
        return img

    for data in (axes, moved, axes):
        assert paint(data, True) == paint(data, False)
    assert len(cache.still)  # the still part was kept as pixels (else this compared the slow path twice)
    assert len(cache.still) == 1  # one size, one language, one legend: one image


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
@pytest.mark.parametrize("size", [(306, 224), (900, 300)])  # the two-line and the one-line layout
def test_line_items_still_cache_paints_the_same_pixels(qapp, direction, size):
    """The line items' still part (labels, swatches, tracks, guides, scale) kept as pixels gives
    the pixels painting everything gives, as the points and the deduction move."""
    from PySide6.QtCore import Qt

    from desktop.ui.chart_still import StillCache

    w, h = size
    still = StillCache()
    penalty = LineItem("Both-sides shortfall", -12.4, 0)
    states = [
        ([*REAL_ITEMS, LineItem(penalty.label, -20.0, 0)], 40.1),
        ([LineItem(i.label, i.max_points * 0.3, i.max_points) for i in REAL_ITEMS] + [penalty], 5.2),
        ([LineItem(i.label, i.max_points, i.max_points) for i in REAL_ITEMS] + [LineItem(penalty.label, -3.0, 0)], 97.0),
    ]

    def paint(items, total, cached):
        img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(img)
        if direction == "rtl":
            p.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        paint_line_items(p, QRectF(0, 0, w, h), items, total, LIGHT, still=still if cached else None)
        p.end()
        return img

    for items, total in states:
        assert paint(items, total, True) == paint(items, total, False)
    # The points moved, the still part did not: one image (the deduction's track is not in it).
    assert len(still) == 1


def test_line_items_columns_stay_put_while_the_points_change(qapp):
    """The value column is sized for the widest value a row can show: the bars' scale does not
    shift when a value gains a digit (a room watching a lever move sees only the bars change)."""
    from desktop.ui.chart_geometry import Rect
    from desktop.ui.chart_paint import QtFonts
    from desktop.ui.line_items_layout import line_items_layout

    fonts = QtFonts(QFont(), None)
    low = [LineItem(i.label, 0.4, i.max_points) for i in REAL_ITEMS]
    high = [LineItem(i.label, i.max_points, i.max_points) for i in REAL_ITEMS]
    a = line_items_layout(Rect(0, 0, 900, 300), low, 2.0, fonts)
    b = line_items_layout(Rect(0, 0, 900, 300), high, 100.0, fonts)
    assert (a.bar_x, a.unit) == (b.bar_x, b.unit)
    assert [r.value.rect for r in a.rows] == [r.value.rect for r in b.rows]
