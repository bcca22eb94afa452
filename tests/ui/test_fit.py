"""The window fits every supported screen (issue 18, "fits"): at each logical size no shown label
or button is narrower or lower than its text (real widgets, their size hints and font metrics);
below 1200 px the side panels become tabs; the centre scrolls rather than squeeze its rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.core import ops
from desktop.ui.compact import COMPACT_BELOW
from desktop.ui.fit import clipped_widgets

# (width, height) a maximised window gets: the screen (logical pixels) less a taskbar of ~40 px.
SIZES = {
    "1366x768": (1366, 728),
    "1280x800": (1280, 760),
    "1920x1080 at 150%": (1280, 680),
    "1024x768": (1024, 728),
    "1920x1080 at 200%": (960, 500),
}


def _settle(window, size) -> None:
    for _ in range(2):  # the first resize of a newly shown offscreen window can be bounded by its screen
        window.resize(*size)
        for _ in range(6):
            QApplication.processEvents()


def _busy_proposal(window) -> None:
    """Long texts everywhere: lever demands, flags with fixes, five best moves."""
    s, editor = window.session, window.editor
    editor.apply(ops.rename(s.proposal, "Kenya health pilot"))
    for lever, value in (("security", 65), ("resilience", 45), ("openness", 70), ("partnership", 60)):
        editor.apply(ops.set_lever(s.proposal, lever, value))


@pytest.mark.parametrize("screen", list(SIZES))
def test_no_label_or_button_is_cut_at_any_supported_size(window, screen):
    _busy_proposal(window)
    size = SIZES[screen]
    _settle(window, size)
    assert (window.width(), window.height()) == size
    assert window.compact.compact == (size[0] < COMPACT_BELOW)
    assert clipped_widgets(window) == []
    if window.compact.compact:  # the country's tab too
        window.compact.tabs.setCurrentWidget(window.country_panel)
        _settle(window, size)
        assert window.country_panel.isVisible()
        assert clipped_widgets(window) == []
    moves = [r.button for r in window.assessment.moves.rows if r.button.isVisible()]
    assert len(moves) == 5
    assert all(b.height() >= b.minimumSizeHint().height() for b in moves), [(b.height(), b.minimumSizeHint().height(), b.sizeHint().height()) for b in moves]


def test_the_minimum_size_fits_a_1280x720_and_a_960x540_screen_with_a_taskbar(window):
    minimum = window.minimumSize().expandedTo(window.minimumSizeHint())
    assert minimum.width() <= 960 and minimum.height() <= 540 - 48
    _settle(window, (minimum.width(), minimum.height()))
    assert clipped_widgets(window) == []


def test_the_centre_scrolls_instead_of_squeezing_a_short_window(window):
    _busy_proposal(window)
    _settle(window, SIZES["1920x1080 at 200%"])
    area = window.findChild(type(window.splitter.widget(1)), "centreScroll")
    assert area is not None and area.verticalScrollBar().maximum() > 0
    apply = next(b for b in window.assessment.moves.findChildren(QPushButton) if b.isVisible())
    area.ensureWidgetVisible(apply)
    QApplication.processEvents()
    assert area.viewport().rect().contains(apply.mapTo(area.viewport(), apply.rect().center()))


def test_side_panels_go_into_tabs_and_back_keeping_the_wide_splitter(window):
    _settle(window, (1366, 728))
    window.splitter.setSizes([280, 700, 330])
    wide = window.splitter.sizes()
    _settle(window, (1024, 728))
    assert window.compact.compact and window.splitter.count() == 2
    assert window.compact.tabs.indexOf(window.proposal_panel) == 0
    assert window.compact.tabs.indexOf(window.country_panel) == 1
    assert window.compact.splitter_state() is not None
    _settle(window, (1366, 728))
    assert not window.compact.compact and window.splitter.count() == 3
    assert window.splitter.widget(0) is window.proposal_panel and window.splitter.widget(2) is window.country_panel
    assert sum(abs(a - b) for a, b in zip(window.splitter.sizes(), wide, strict=True)) <= 6


def test_f6_brings_the_country_tab_to_the_front_in_the_compact_layout(window, qtbot):
    _settle(window, SIZES["1024x768"])
    assert window.compact.compact and not window.country_panel.isVisible()
    window.activateWindow()
    qtbot.waitActive(window)
    window.levers.focus_lever(0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.levers.slider("security"), timeout=2000)
    for _ in range(2):  # levers → assessment → country
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert window.compact.tabs.currentWidget() is window.country_panel
    assert window.country_panel.isAncestorOf(QApplication.focusWidget())


@pytest.fixture
def in_language(qapp):
    from desktop.ui import language

    yield lambda code: language.apply(qapp, code)
    language.apply(qapp, "en")


@pytest.mark.parametrize("code", ["fr", "es", "pt", "ar"])
@pytest.mark.parametrize("screen", ["1366x768", "1024x768"])
def test_no_label_or_button_is_cut_in_the_other_languages(in_language, open_window, code, screen):
    in_language(code)
    window = open_window()
    try:
        _busy_proposal(window)
        _settle(window, SIZES[screen])
        assert clipped_widgets(window) == []
    finally:
        window.assessment.uncertainty.wait()
        window.close()
