"""Plain geometry and data for the charts: no Qt, no QApplication needed.

The chart layouts (radar_layout, line_items_layout, tornado_layout) compute every position and size from a
rect, the data and a way to measure text (`Fonts`); the painters (desktop/ui/*_chart.py) turn
the result into QPainter calls.  Text is measured through the small `Fonts` protocol so a
layout can run against Qt's font metrics (on screen, PNG, SVG, PDF) or a stand-in in tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from ..core.i18n import figure

MIN_FONT_PT = 8.0
REFERENCE_DPI = 96.0


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the radar: the offer as the partner credits it, its demand and (when given)
    what the lever promises, 0-100."""

    label: str
    offer: float
    demand: float
    promised: float | None = None


@dataclass(frozen=True)
class LineItem:
    """Points a dimension contributes to the overall score.

    ``max_points`` is the dimension's weight share x 100.
    """

    label: str
    points: float
    max_points: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in logical units (x, y is the top-left corner)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x

    @property
    def top(self) -> float:
        return self.y

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> Point:
        return Point(self.x + self.width / 2, self.y + self.height / 2)

    def contains(self, other: Rect, slack: float = 1e-6) -> bool:
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )


@dataclass(frozen=True)
class FontSpec:
    """A font of the chart: its size in logical pixels and weight (the family is the painter's)."""

    px: float
    bold: bool = False


@dataclass(frozen=True)
class TextBox:
    """A piece of text placed in a rect: already elided to fit, with its font and alignment."""

    rect: Rect
    text: str
    font: FontSpec
    align: str = "center"  # center | left | right (always vertically centred)


class TextMetrics(Protocol):
    def height(self) -> float: ...

    def advance(self, text: str) -> float: ...

    def elide(self, text: str, width: float, middle: bool = False) -> str:
        """text shortened with an ellipsis (at its end, or its middle) to fit width."""
        ...


class Fonts(Protocol):
    """Text measurement for a layout: the target device's DPI and metrics per font."""

    dpi: float

    def metrics(self, font: FontSpec) -> TextMetrics: ...


def min_px(dpi: float) -> float:
    """The smallest font size (logical px) a chart uses: 8 pt on the device."""
    return MIN_FONT_PT * dpi / 72.0


def clamp(v: float, lo: float, hi: float) -> float:
    if math.isnan(v):
        return lo
    return max(lo, min(hi, v))


def fmt(v: float) -> str:
    """60.0 -> '60', 62.5 -> '62.5' (the locale's decimal mark: '62,5' in French)."""
    return figure(v, 0) if round(v, 1) == round(v) else figure(v, 1)


# ---------------------------------------------------------------------------- right to left

_SWAPPED = {"left": "right", "right": "left", "center": "center"}
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate … pop: "20.7 / 25" stays in that order in Arabic


def ltr_isolated(text: str) -> str:
    """`text` kept left to right inside right-to-left text (a number pair, a range)."""
    return text if not text or text.startswith(LRI) else f"{LRI}{text}{PDI}"


def is_numeric_text(text: str) -> bool:
    """A figure, a pair or a range ('20.7 / 25', '10–90', '+3.2', '45%'): no letters in it."""
    return bool(text) and any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def mirrored(layout, left: float, right: float):
    """A layout flipped left–right within [left, right], for right-to-left languages.

    Walks Rects, Points, TextBoxes, tuples and the layout dataclasses made of them (a float field
    named `x` or ending in `_x` is an x coordinate and flips too); text keeps its reading order but
    left and right alignment swap. The painters draw the result as they draw a left-to-right layout.
    """
    import dataclasses

    axis = left + right
    if isinstance(layout, Rect):
        return Rect(axis - layout.right, layout.y, layout.width, layout.height)
    if isinstance(layout, Point):
        return Point(axis - layout.x, layout.y)
    if isinstance(layout, TextBox):
        return TextBox(mirrored(layout.rect, left, right), layout.text, layout.font, _SWAPPED.get(layout.align, layout.align))
    if isinstance(layout, tuple):
        return tuple(mirrored(v, left, right) for v in layout)
    if isinstance(layout, list):
        return [mirrored(v, left, right) for v in layout]
    if dataclasses.is_dataclass(layout) and not isinstance(layout, type):
        changes = {}
        for f in dataclasses.fields(layout):
            value = getattr(layout, f.name)
            if isinstance(value, float) and (f.name == "x" or f.name.endswith("_x")):
                changes[f.name] = axis - value
            elif isinstance(value, (Rect, Point, TextBox, tuple, list)) or dataclasses.is_dataclass(value):
                changes[f.name] = mirrored(value, left, right)
        return dataclasses.replace(layout, **changes)
    return layout
