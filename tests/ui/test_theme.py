"""The theme: text styles are fonts and palette roles (no application style sheet), light and dark."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QColor, QFont, QPalette  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel  # noqa: E402

from desktop.ui.theme import AMBER, TEXT_STYLES, apply_theme  # noqa: E402


@pytest.fixture
def themed(qapp):
    """The light theme from the start (as the app applies it before building its window; list this
    fixture before `window`), a function to switch theme; the application's palette and style put
    back afterwards."""
    palette, style, sheet = QPalette(qapp.palette()), qapp.style().name(), qapp.styleSheet()

    def apply(dark: bool) -> None:
        apply_theme(qapp, dark=dark)
        qapp.processEvents()  # a palette change reaches existing widgets through the event loop

    apply(False)
    yield apply
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def _shown_colour(label: QLabel) -> QColor:
    return label.palette().color(label.foregroundRole())


def test_the_theme_sets_no_application_style_sheet(themed, qapp):
    themed(False)
    assert qapp.styleSheet() == ""
    assert qapp.style().name().lower() == "fusion"


def test_named_labels_get_their_text_style(themed, window):
    themed(False)
    score = window.assessment.score
    assert score.objectName() == "score"
    assert score.font().pointSizeF() == TEXT_STYLES["score"].size == 34
    assert score.font().weight() == QFont.Weight.Bold
    value = window.levers.controls["security"].value_label
    assert value.font().weight() == QFont.Weight.Bold and value.minimumWidth() == 40
    demand = window.levers.controls["security"].demand_label
    assert _shown_colour(demand) == QColor(AMBER)
    caption = window.assessment.caption
    assert caption.objectName() == "muted"
    assert caption.foregroundRole() == QPalette.ColorRole.PlaceholderText
    assert caption.font().pointSizeF() == 8.5
    chips = [lab for lab in window.country_panel.findChildren(QLabel) if lab.objectName() == "kind_estimate"]
    assert chips and all(chip.font().italic() and _shown_colour(chip) == QColor(AMBER) for chip in chips)


def test_muted_text_follows_light_and_dark(themed, window):
    caption = window.assessment.caption
    themed(False)
    light = _shown_colour(caption)
    themed(True)
    dark = _shown_colour(caption)
    assert light == QColor("#5b6470") and dark == QColor("#9aa1ab")
    # Both readable on their own background (WCAG AA for small text: 4.5:1).
    for colour, background in ((light, "#f6f7f9"), (dark, "#1e2228")):
        assert _contrast(colour, QColor(background)) >= 4.5


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_lever_level_labels_show_every_line(themed, window, qtbot):
    window.resize(1280, 800)
    qtbot.wait(50)
    for control in window.levers.controls.values():
        for label in control.level_labels:
            assert label.wordWrap() and label.sizePolicy().hasHeightForWidth()
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_group_titles_are_semibold_and_their_content_is_not(window):
    groups = window.proposal_panel.findChildren(QGroupBox)
    assert {g.title() for g in groups} >= {"Stack components", "Security measures"}
    for group in groups:
        assert group.font().weight() == QFont.Weight.DemiBold
        for check in group.findChildren(QCheckBox):
            assert check.font().weight() == QFont.Weight.Normal
        for label in group.findChildren(QLabel):
            assert label.font().weight() == QFont.Weight.Normal
