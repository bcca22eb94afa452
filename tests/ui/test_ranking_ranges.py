"""The Ranking window's p10–p90: off by default (—), ticked it shows each country's Monte Carlo."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.uncertainty import rank_ranges  # noqa: E402
from desktop.ui.ranking import COLUMNS, ISO3_ROLE, SORT_ROLE  # noqa: E402


def test_ticking_p10_p90_fills_the_columns_with_each_countrys_range(window, qtmodeltester):
    window.scenarios.ranking_action.trigger()
    panel = window.scenarios.ranking
    panel.refresh()
    proxy = panel.proxy
    col = {f: c for c, (_h, f) in enumerate(COLUMNS)}
    assert not panel.ranges.isChecked()
    assert {proxy.data(proxy.index(r, col["p10"])) for r in range(proxy.rowCount())} == {"—"}
    assert "percentiles" in proxy.headerData(col["p10"], Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)

    panel.ranges.setChecked(True)
    session = window.session
    expected = rank_ranges(session.proposal, session.profiles.values(), session.assumptions)
    shown = 0
    for r in range(proxy.rowCount()):
        iso3 = proxy.data(proxy.index(r, 0), ISO3_ROLE)
        row = next(x for x in panel.model.rows if x.iso3 == iso3)
        if row.overall is None:  # embargoed: no score to vary
            assert proxy.data(proxy.index(r, col["p10"])) == "—"
            continue
        lo, hi = (proxy.data(proxy.index(r, col[f]), SORT_ROLE) for f in ("p10", "p90"))
        assert lo == round(expected[iso3].overall.p10, 2) and hi == round(expected[iso3].overall.p90, 2)
        assert lo <= hi
        shown += 1
    assert shown >= 170
    qtmodeltester.check(proxy, force_py=True)

    panel.ranges.setChecked(False)
    assert {proxy.data(proxy.index(r, col["p90"])) for r in range(proxy.rowCount())} == {"—"}
