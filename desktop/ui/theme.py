"""A clean light theme, and a dark one when the desktop asks for dark mode; the app's text styles.

No application style sheet: with one set, Qt polishes every widget through its style-sheet style,
which took ~50 ms of a ~0.5 s start (window build and first paint) for a dozen font and colour
rules.  The same rules are fonts and palette roles here (TEXT_STYLES), applied to a label when it
is given its style name.  Widget-level style sheets remain on a few single widgets (the band
chip, the colours of baseline deltas and of "Not saved", presentation mode): they restyle only
that widget and its children.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

AMBER = "#b45309"  # analyst estimates, the country's demand
GREEN = "#15803d"  # published figures
RED = "#b91c1c"  # "Not saved"
MUTED = "muted"  # the theme's muted text colour (the palette's PlaceholderText role)
# The same meanings on the dark theme: the light theme's colours reach only 2.5–3.2:1 on its
# dark window; these reach ≥ 5.7:1 (tests/ui/test_accessibility.py computes every pair).
ON_DARK = {
    AMBER: "#fbbf24", GREEN: "#4ade80", RED: "#f87171",
    # presentation mode's fixed colours (presentation.py, presentation_model.py): the 300–400 shades
    "#9a3412": "#fdba74",  # the internal-workshop banner and notes (orange)
    "#7f1d1d": "#fca5a5",  # the destination screen's block (red)
    "#334155": "#cbd5e1",  # sources (slate)
    "#1e3a8a": "#93c5fd",  # promised (blue)
    "#2563eb": "#60a5fa",  # credited (blue)
    "#7e22ce": "#d8b4fe",  # the rival (purple)
    "#c2410c": "#fb923c",  # the demand (orange)
}
# Fixed highlight backgrounds on the dark theme (the theme's text is drawn on them).
BACKGROUND_ON_DARK = {"#dcfce7": "#14532d", "#cbd5e1": "#475569"}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (the application's by default) is a dark one."""
    pal = palette if palette is not None else QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def text_colour(colour: str, dark: bool | None = None) -> str:
    """A fixed text colour as it is drawn on the current (or the given) theme."""
    return ON_DARK.get(colour, colour) if (is_dark() if dark is None else dark) else colour


_CSS_COLOUR = re.compile(r"(?<![-\w])(color|background|border)(\s*:[^;#]*)(#[0-9a-fA-F]{6})")


def themed_css(css: str, dark: bool | None = None) -> str:
    """A style sheet's fixed colours as drawn on the current (or the given) theme: text colours through
    ON_DARK, backgrounds and borders through BACKGROUND_ON_DARK (unchanged on the light theme)."""
    if not (is_dark() if dark is None else dark):
        return css

    def swap(m: re.Match) -> str:
        table = ON_DARK if m.group(1) == "color" else BACKGROUND_ON_DARK
        colour = m.group(3).lower()
        return f"{m.group(1)}{m.group(2)}{table.get(colour, colour)}"

    return _CSS_COLOUR.sub(swap, css)


class TextStyle(NamedTuple):
    """A label's look: point size, weight, italic, colour (MUTED or a fixed colour), margins, minimum width."""

    size: float | None = None
    weight: QFont.Weight | None = None
    italic: bool = False
    colour: str | None = None
    margins: tuple[int, int, int, int] | None = None
    min_width: int | None = None


_SMALL = 8.5
TEXT_STYLES: dict[str, TextStyle] = {
    "score": TextStyle(34, QFont.Weight.Bold),
    "band": TextStyle(14),
    "scoreDelta": TextStyle(15, margins=(6, 0, 0, 0)),
    "panelTitle": TextStyle(14, QFont.Weight.DemiBold),
    "sectionTitle": TextStyle(10.5, QFont.Weight.DemiBold, margins=(0, 6, 0, 0)),
    "leverTitle": TextStyle(11, QFont.Weight.DemiBold),
    "leverValue": TextStyle(15, QFont.Weight.Bold, min_width=40),
    "leverDemand": TextStyle(colour=AMBER, margins=(8, 0, 0, 0)),
    "leverLevel": TextStyle(_SMALL, colour=MUTED),
    "muted": TextStyle(_SMALL, colour=MUTED),
    "measureDescription": TextStyle(_SMALL, colour=MUTED),
    "rationale": TextStyle(_SMALL, colour=MUTED),
    "figure": TextStyle(weight=QFont.Weight.DemiBold),
    "kind_estimate": TextStyle(_SMALL, italic=True, colour=AMBER),
    "kind_default": TextStyle(_SMALL, italic=True, colour=MUTED),
    "kind_published": TextStyle(_SMALL, colour=GREEN),
    "saveState": TextStyle(weight=QFont.Weight.DemiBold, margins=(8, 0, 8, 0)),
}


def style_text(label: QLabel, name: str) -> None:
    """Name a label (its objectName) and give it that text style, if the name has one."""
    label.setObjectName(name)
    style = TEXT_STYLES.get(name)
    if style is None:
        return
    if style.size is not None or style.weight is not None or style.italic:
        font = QFont(label.font())
        if style.size is not None:
            font.setPointSizeF(style.size)
        if style.weight is not None:
            font.setWeight(style.weight)
        font.setItalic(style.italic)
        label.setFont(font)
    if style.colour == MUTED:
        # A palette role, so the colour follows the theme (light/dark) with no restyling.
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    elif style.colour is not None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text_colour(style.colour)))
        label.setPalette(palette)
    if style.margins is not None:
        label.setContentsMargins(*style.margins)
    if style.min_width is not None:
        label.setMinimumWidth(style.min_width)


def desktop_prefers_dark() -> bool:
    """True when the platform reports a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        colours = {
            QPalette.ColorRole.Window: "#1e2228",
            QPalette.ColorRole.WindowText: "#e6e8eb",
            QPalette.ColorRole.Base: "#16191e",
            QPalette.ColorRole.AlternateBase: "#22262d",
            QPalette.ColorRole.Text: "#e6e8eb",
            QPalette.ColorRole.Button: "#2a2f37",
            QPalette.ColorRole.ButtonText: "#e6e8eb",
            QPalette.ColorRole.Highlight: "#2563eb",  # white on it: 5.2:1 (#3b82f6 was 3.7:1)
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#2a2f37",
            QPalette.ColorRole.ToolTipText: "#e6e8eb",
            QPalette.ColorRole.PlaceholderText: "#9aa1ab",  # also muted text (TEXT_STYLES)
            QPalette.ColorRole.Mid: "#3a404a",
        }
    else:
        colours = {
            QPalette.ColorRole.Window: "#f6f7f9",
            QPalette.ColorRole.WindowText: "#1b1f24",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f0f2f5",
            QPalette.ColorRole.Text: "#1b1f24",
            QPalette.ColorRole.Button: "#ffffff",
            QPalette.ColorRole.ButtonText: "#1b1f24",
            QPalette.ColorRole.Highlight: "#2563eb",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#ffffff",
            QPalette.ColorRole.ToolTipText: "#1b1f24",
            QPalette.ColorRole.PlaceholderText: "#5b6470",  # also muted text (TEXT_STYLES): 5.9:1 on Base
            QPalette.ColorRole.Mid: "#c9ced6",
        }
    for role, hex_colour in colours.items():
        pal.setColor(role, QColor(hex_colour))
    return pal


def follow_desktop_theme(app: QApplication) -> None:
    """Re-apply the theme when the desktop switches between light and dark."""
    hints = QGuiApplication.styleHints()
    signal = getattr(hints, "colorSchemeChanged", None)
    if signal is not None:
        signal.connect(lambda *_: apply_theme(app))


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Fusion style with our palette; returns whether dark was applied."""
    if dark is None:
        dark = desktop_prefers_dark()
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    return dark
