"""Accessibility: every control a screen reader can reach has a name (a walk over the real widget
tree, the docks open), and the theme's text colours reach 4.5:1 in light and dark (computed)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAccessible, QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget  # noqa: E402

from desktop.ui import theme  # noqa: E402


def contrast(a: str | QColor, b: str | QColor) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_colour_reaches_4_5_to_1_on_its_backgrounds(dark):
    pal = theme._palette(dark)
    R = QPalette.ColorRole
    pairs = {
        "text on window": (pal.color(R.WindowText), pal.color(R.Window)),
        "text on base": (pal.color(R.Text), pal.color(R.Base)),
        "button text": (pal.color(R.ButtonText), pal.color(R.Button)),
        "highlighted text": (pal.color(R.HighlightedText), pal.color(R.Highlight)),
        "tooltip": (pal.color(R.ToolTipText), pal.color(R.ToolTipBase)),
        "muted on window": (pal.color(R.PlaceholderText), pal.color(R.Window)),
    }
    for name, style in theme.TEXT_STYLES.items():
        if style.colour not in (None, theme.MUTED):
            pairs[f"{name} on window"] = (QColor(theme.text_colour(style.colour, dark)), pal.color(R.Window))
    pairs["Not saved on window"] = (QColor(theme.text_colour(theme.RED, dark)), pal.color(R.Window))
    from desktop.core.baseline import DOWN, UP, Delta
    from desktop.ui.baseline import delta_colour

    for direction in (UP, DOWN):
        delta = Delta(label="Overall", now=60.0 if direction == UP else 40.0, base=50.0)
        assert delta.direction == direction
        pairs[f"baseline delta {direction} on window"] = (delta_colour(delta, dark), pal.color(R.Window))
    low = {k: round(contrast(fg, bg), 2) for k, (fg, bg) in pairs.items() if contrast(fg, bg) < 4.5}
    assert not low, f"below 4.5:1 ({'dark' if dark else 'light'}): {low}"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_chart_series_reaches_3_to_1_on_its_background(dark, qapp):
    """WCAG 1.4.11 (non-text contrast): each series hue, the radar's polygons, the single-series bar
    and the deduction bar against the chart's background (the theme's and the default palette's,
    as the PDF and PNG exports use) and against the window around the chart."""
    from desktop.ui.chart_paint import ChartPalette
    from desktop.ui.line_items_chart import DEDUCTION

    pal = theme._palette(dark)
    window = pal.color(QPalette.ColorRole.Window)
    low = {}
    for name, chart in (("theme", ChartPalette.from_palette(pal)), ("default", ChartPalette.dark() if dark else ChartPalette.light())):
        colours = {f"series {i} {c.name()}": c for i, c in enumerate(chart.series)}
        colours |= {k: getattr(chart, k) for k in ("offer", "demand", "baseline", "bar")} | {"deduction": DEDUCTION}
        for what, colour in colours.items():
            for where, background in (("background", chart.background), ("window", window)):
                if contrast(colour, background) < 3.0:
                    low[f"{name}: {what} on {where}"] = round(contrast(colour, background), 2)
    assert len(chart.series) == 8
    assert not low, f"below 3:1 ({'dark' if dark else 'light'}): {low}"


def test_a_styled_label_takes_the_dark_colour_on_the_dark_theme(qapp):
    from desktop.ui.widgets import plain_label

    was = qapp.palette()
    try:
        qapp.setPalette(theme._palette(True))
        label = plain_label("Kenya demands 60", "leverDemand")
        assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.ON_DARK[theme.AMBER])
        qapp.setPalette(theme._palette(False))
        assert plain_label("x", "leverDemand").palette().color(QPalette.ColorRole.WindowText) == QColor(theme.AMBER)
    finally:
        qapp.setPalette(was)


def reachable_without_a_name(root: QWidget) -> list[str]:
    """Visible controls that take Tab focus and that a screen reader would announce with no name."""
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        parent = w.parentWidget()
        if isinstance(w, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
            w = parent  # a spin box's or combo's own line edit: the box is what is announced
        iface = QAccessible.queryAccessibleInterface(w)
        if iface is None or not iface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(w).__name__}#{w.objectName()} in {type(w.parentWidget()).__name__}")
    return sorted(set(missing))


def test_every_reachable_control_of_the_window_and_its_docks_has_a_name(window, qapp):
    for dock in (window.workshop.dock, window.scenarios.timeline_dock, window.scenarios.ranking_dock):
        dock.show()
    qapp.processEvents()
    assert reachable_without_a_name(window) == []
    for dock in (window.workshop.dock, window.scenarios.timeline_dock, window.scenarios.ranking_dock):
        assert reachable_without_a_name(dock) == []
