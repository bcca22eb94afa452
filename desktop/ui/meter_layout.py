"""Where a side's meter puts its title, value, bar and threshold: plain geometry, no Qt.

Left to right the title is at the left, the figure at the right and the bar fills from the left;
right to left (Arabic) everything mirrors: the bar fills from the right and the threshold mark
sits at the mirrored place (see chart_geometry.mirrored).
"""

from __future__ import annotations

from dataclasses import dataclass

from .chart_geometry import FontSpec, Rect, TextBox, clamp, mirrored


@dataclass(frozen=True)
class MeterLayout:
    title: TextBox
    value: TextBox
    delta: TextBox | None  # the change against the baseline, beside the figure
    track: Rect  # 0 to 100
    fill: Rect  # 0 to the value
    threshold_x: float


def meter_layout(
    rect: Rect, text_h: float, title: str, value: float, threshold: float, value_text: str,
    value_w: float, delta: str | None = None, rtl: bool = False,
) -> MeterLayout:
    """The meter in rect; value_w is the figure's width with its gap (the delta goes beside it)."""
    font = FontSpec(text_h)
    bar_top = rect.top + text_h + 3
    track = Rect(rect.left, bar_top, rect.width, max(8.0, rect.height - text_h - 6))
    share = clamp(value, 0.0, 100.0) / 100.0
    lay = MeterLayout(
        title=TextBox(Rect(rect.left, rect.top, max(rect.width - 40, 1.0), text_h), title, font, "left"),
        value=TextBox(Rect(rect.left, rect.top, rect.width, text_h), value_text, font, "right"),
        delta=None if delta is None else TextBox(Rect(rect.left, rect.top, max(rect.width - value_w, 1.0), text_h), delta, font, "right"),
        track=track,
        fill=Rect(track.left, track.top, track.width * share, track.height),
        threshold_x=track.left + track.width * clamp(threshold, 0.0, 100.0) / 100.0,
    )
    return mirrored(lay, rect.left, rect.right) if rtl else lay
