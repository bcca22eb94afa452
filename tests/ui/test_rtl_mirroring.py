"""Right to left (Arabic): the hand-painted parts mirror, by their geometry (no pixels): a meter fills
from the right, a lever's demand marker sits on the mirrored side, the charts' layouts flip left and
right, and figures such as "20.7 / 25" keep their left-to-right order."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from desktop.ui.chart_geometry import (  # noqa: E402
    LRI,
    PDI,
    FontSpec,
    LineItem,
    Rect,
    TextBox,
    is_numeric_text,
    ltr_isolated,
    mirrored,
)
from desktop.ui.line_items_layout import line_items_layout  # noqa: E402
from desktop.ui.meter_layout import meter_layout  # noqa: E402
from desktop.ui.radar_layout import mirrored_radar, radar_layout, radar_points  # noqa: E402
from desktop.ui.tornado_layout import TornadoEntry, tornado_layout  # noqa: E402
from tests.ui.test_chart_layout import FONTS, ITEMS, LABELS  # noqa: E402

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight


def test_mirroring_flips_boxes_and_swaps_text_alignment():
    box = TextBox(Rect(10, 5, 30, 12), "Overall", FontSpec(12), "left")
    flipped = mirrored(box, 0, 200)
    assert flipped.rect == Rect(160, 5, 30, 12) and flipped.align == "right" and flipped.text == "Overall"
    assert mirrored(flipped, 0, 200) == box


def test_number_pairs_are_isolated_left_to_right():
    assert is_numeric_text("20.7 / 25") and is_numeric_text("−3.2") and not is_numeric_text("Overall 20")
    assert ltr_isolated("20.7 / 25") == f"{LRI}20.7 / 25{PDI}"
    assert ltr_isolated(ltr_isolated("10–90")) == f"{LRI}10–90{PDI}"  # once only


def test_a_meter_fills_from_the_right_under_rtl():
    rect = Rect(0, 0, 200, 40)
    ltr = meter_layout(rect, 14, "Counterpart acceptance", 30, 55, "30", 20)
    rtl = meter_layout(rect, 14, "Counterpart acceptance", 30, 55, "30", 20, rtl=True)
    assert ltr.fill.left == ltr.track.left and ltr.fill.width == pytest.approx(60)
    assert rtl.fill.right == pytest.approx(rtl.track.right) and rtl.fill.width == pytest.approx(60)
    assert rtl.threshold_x == pytest.approx(200 - ltr.threshold_x)
    assert (ltr.title.align, ltr.value.align) == ("left", "right")
    assert (rtl.title.align, rtl.value.align) == ("right", "left")
    assert rtl.title.rect.right == pytest.approx(rect.right)


def test_the_side_meter_widget_mirrors_with_its_direction(qtbot):
    from desktop.ui.assessment_parts import SideMeter

    meter = SideMeter("Counterpart acceptance")
    qtbot.addWidget(meter)
    meter.resize(240, 44)
    meter.set_value(25.0, 55.0)
    left = meter.meter_geometry()
    meter.setLayoutDirection(RTL)
    right = meter.meter_geometry()
    assert left.fill.left == pytest.approx(left.track.left)
    assert right.fill.right == pytest.approx(right.track.right)
    assert right.threshold_x == pytest.approx(right.track.right - 0.55 * right.track.width)  # 55 counted from the right
    meter.grab()  # paints without error right to left


@pytest.mark.parametrize("direction, on_right", [(LTR, False), (RTL, True)])
def test_a_lever_demand_marker_sits_on_the_mirrored_side(qtbot, direction, on_right):
    from desktop.ui.levers import LeverSlider

    slider = LeverSlider()
    qtbot.addWidget(slider)
    slider.setLayoutDirection(direction)
    slider.resize(300, 34)
    slider.set_demand(20.0)
    slider.set_red_line((10, 60))
    assert (slider.demand_x() > slider.width() / 2) is on_right
    slider.setValue(20)
    handle_centre = slider.style().subControlRect(
        slider.style().ComplexControl.CC_Slider, _option(slider), slider.style().SubControl.SC_SliderHandle, slider).center().x()
    assert abs(handle_centre - slider.demand_x()) <= 2  # the marker is where Qt draws the handle at that value
    slider.grab()


def _option(slider):
    from PySide6.QtWidgets import QStyleOptionSlider

    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    return opt


def test_line_items_bars_grow_from_the_right_when_mirrored():
    rect = Rect(0, 0, 420, 260)
    lay = line_items_layout(rect, ITEMS, 38.0, FONTS)
    flipped = mirrored(lay, rect.left, rect.right)
    for row, mrow in zip(lay.rows, flipped.rows, strict=True):
        assert mrow.bar.track.right == pytest.approx(rect.right - row.bar.track.left)
        assert mrow.label.rect.right == pytest.approx(rect.right - row.label.rect.left)  # labels on the right
        assert (row.label.align, mrow.label.align) in (("left", "right"), ("center", "center"))
        assert mrow.value.text == row.value.text  # "12.0 / 20": drawn isolated, never "20 / 12.0"
    assert flipped.overall.value.align != lay.overall.value.align or lay.overall.value.align == "center"


def test_the_radar_runs_anticlockwise_when_mirrored():
    rect = Rect(0, 0, 400, 320)
    lay = radar_layout(rect, LABELS[:5], FONTS)
    flipped = mirrored_radar(lay, rect.left, rect.right)
    points, mpoints = radar_points(lay, [80] * 5), radar_points(flipped, [80] * 5)
    assert mpoints[0].x == pytest.approx(rect.right - points[0].x)  # the first spoke still points up
    assert points[1].x > lay.center.x and mpoints[1].x < flipped.center.x  # the second: right, then left
    for box, mbox in zip(lay.labels, flipped.labels, strict=True):
        assert mbox.rect.left == pytest.approx(rect.right - box.rect.right)


def test_the_tornado_swaps_its_low_and_high_sides_when_mirrored():
    rect = Rect(0, 0, 500, 240)
    entries = [TornadoEntry("Trust", "40–70", 50.0, 62.0), TornadoEntry("Demand", "30–60", 54.0, 58.0)]
    lay = tornado_layout(rect, 55.0, entries, FONTS, "What moves the overall score most")
    flipped = mirrored(lay, rect.left, rect.right)
    assert flipped.rows[0].low.left > flipped.rows[0].high.left  # the low end is now on the right
    assert flipped.base_line[0].x == pytest.approx(rect.right - lay.base_line[0].x)


def test_charts_paint_right_to_left_through_the_same_painters(qtbot):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from desktop.ui.chart_geometry import RadarAxis
    from desktop.ui.chart_paint import ChartPalette
    from desktop.ui.line_items_chart import paint_line_items
    from desktop.ui.radar_chart import paint_radar
    from desktop.ui.tornado_chart import paint_tornado

    image = QImage(420, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setLayoutDirection(RTL)
    palette = ChartPalette.light()
    paint_line_items(painter, QRectF(0, 0, 420, 300), [LineItem(i.label, i.points, i.max_points) for i in ITEMS], 38.0, palette)
    paint_radar(painter, QRectF(0, 0, 420, 300), [RadarAxis(label, 60, 70) for label in LABELS[:4]], palette)
    paint_tornado(painter, QRectF(0, 0, 420, 300), 55.0, [TornadoEntry("Trust", "40–70", 50.0, 62.0)], palette)
    painter.end()


def _ink_centre(image) -> float:
    """The mean x of the chart's saturated (bar and polygon) pixels, as a share of the width."""
    from PySide6.QtGui import QColor

    xs = []
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = QColor(image.pixel(x, y))
            if c.saturation() > 120 and c.value() > 60:
                xs.append(x)
    assert xs, "nothing painted"
    return sum(xs) / len(xs) / image.width()


@pytest.mark.parametrize("kind", ["line_items", "radar"])
def test_the_arabic_brief_mirrors_its_charts_as_the_window_does(qapp, kind):
    """The PDF brief draws its charts with the screen's paint code; in Arabic the painter is right to
    left, so the line items' bars grow from the right (labels on the right) and the radar turns."""
    from desktop.core.brief_blocks import Chart
    from desktop.core.i18n import use_language
    from desktop.ui.brief_render import chart_image

    if kind == "line_items":
        chart = Chart("line_items", (("Sovereignty alignment", 27.3, 32.0), ("Continuity", 4.8, 11.0), ("Both-sides shortfall", -3.0, 0.0)),
                      total=29.1, title="How the score adds up")
    else:
        chart = Chart("radar", (("Security", 30.0, 30.0), ("Resilience", 95.0, 90.0), ("Openness", 30.0, 30.0), ("Partnership", 5.0, 5.0)))
    english = _ink_centre(chart_image(chart, 1.0))
    with use_language("ar"):
        arabic = _ink_centre(chart_image(chart, 1.0))
    assert abs((1.0 - english) - arabic) < 0.08  # mirrored about the middle
    assert abs(english - arabic) > 0.04  # and not symmetric to begin with
