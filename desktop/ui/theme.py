"""A clean light theme, and a dark one when the desktop asks for dark mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir


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
            QPalette.ColorRole.Highlight: "#3b82f6",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#2a2f37",
            QPalette.ColorRole.ToolTipText: "#e6e8eb",
            QPalette.ColorRole.PlaceholderText: "#8b929c",
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
            QPalette.ColorRole.PlaceholderText: "#8a9099",
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
    """Fusion style with our palette and style sheet; returns whether dark was applied."""
    if dark is None:
        dark = desktop_prefers_dark()
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    sheet = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    muted = "#9aa1ab" if dark else "#5b6470"
    app.setStyleSheet(sheet.replace("@muted", muted))
    return dark
