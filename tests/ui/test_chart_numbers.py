"""The charts' figures are written for the language in use (the decimal mark), on screen and in the
PDF and PNG exports that share their layouts: '22,5 / 32' in French, '22.5 / 32' in English."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.core.engine.results import LineItem  # noqa: E402
from desktop.core.i18n import use_language  # noqa: E402
from desktop.ui.chart_geometry import Rect, fmt  # noqa: E402
from desktop.ui.line_items_layout import line_items_layout, value_text  # noqa: E402
from tests.ui.test_chart_layout import FONTS  # noqa: E402

ITEM = LineItem(label="Sovereignty alignment", dimension="sovereignty_alignment", points=22.5, max_points=32.5,
                score=69.2, weight_key="w", side="counterpart")
GATE = LineItem(label="Gate", dimension=None, points=-3.25, max_points=0.0, score=None, weight_key="g", side="both")


@pytest.mark.parametrize(("code", "mark"), [("en", "."), ("fr", ","), ("es", ","), ("pt", ","), ("ar", ".")])
def test_line_item_figures_take_the_languages_decimal_mark(code, mark):
    with use_language(code):
        assert value_text(ITEM) == f"22{mark}5 / 32{mark}5"
        assert value_text(GATE) == f"\u22123{mark}2"
        assert fmt(60.0) == "60"
        layout = line_items_layout(Rect(0, 0, 420, 260), [ITEM], 61.25, FONTS)
        assert layout.overall.value.text == f"61{mark}2 / 100"
        assert layout.rows[0].value.text == f"22{mark}5 / 32{mark}5"
