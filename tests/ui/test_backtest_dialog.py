"""View ▸ Backtest (issue 17): the AUCs, warnings, countries most wrong first and the ledger, in a real window."""

from __future__ import annotations


def test_the_backtest_window_shows_both_aucs_warnings_cases_and_sources(window, qtbot):
    dialog = window.analysis.show_backtest()
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert "neutral score: AUC" in text and "IMF capacity alone: AUC" in text and "95% interval" in text
    assert "Small sample" in dialog.warnings.text() and "Circular" in dialog.warnings.text()
    assert dialog.cases.rowCount() == dialog.result.n >= 20
    assert dialog.ledger.rowCount() >= 30
    urls = [dialog.ledger.item(r, 4).text() for r in range(dialog.ledger.rowCount())]
    assert all(u.startswith("http") for u in urls)
    everything = dialog.result.n
    dialog.verified.setChecked(True)
    assert dialog.result.n < everything and "unverified" not in dialog.warnings.text().split("Outcomes are")[0].lower().replace(
        "verified outcomes only", "")


def test_the_country_panel_shows_ranges_sources_and_review_dates(window):
    from desktop.core import ops

    window.editor.apply(ops.set_country(window.session.proposal, "IND", "India"))
    from PySide6.QtWidgets import QLabel

    panel = window.country_panel.widget()
    value = panel.findChild(QLabel, "profileValue_trust")
    assert value is not None and "(64–76)" in value.text()
    review = panel.findChild(QLabel, "profileReview_trust")
    assert review is not None and "Reviewed 2026-12-02" in review.text()
    texts = [lab.text() for lab in panel.findChildren(QLabel)]
    assert any("wam.ae, 2026-02-20" in t for t in texts)
    assert any(t.strip().startswith("https://www.wam.ae/") for t in texts)
    assert not any("(Analyst estimate.)" in t for t in texts)
