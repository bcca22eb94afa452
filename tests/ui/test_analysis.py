"""The analysis windows on a real SQLite file: assumptions editor, country data, sensitivity,
uncertainty band, method page, data-age flags, menus."""

from __future__ import annotations

import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402

from desktop.core import ops  # noqa: E402
from desktop.core.engine import assess  # noqa: E402
from desktop.core.model import AssumptionSet  # noqa: E402
from desktop.core.uncertainty import monte_carlo  # noqa: E402
from desktop.ui import dialogs  # noqa: E402
from desktop.ui.assumptions_editor import VALUE_COLUMN, AssumptionsFilter, AssumptionsModel  # noqa: E402
from desktop.ui.country_editor import CountryEditor  # noqa: E402


def versions(db_path) -> list[int]:
    with sqlite3.connect(db_path) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM assumption_sets ORDER BY version")]


def value_index(editor, key):
    return editor.model.index(editor.model.row_of(key), VALUE_COLUMN)


def test_assumptions_model_passes_the_model_tester(qtmodeltester, window):
    a = window.session.assumptions
    model = AssumptionsModel(a, lambda key, text: False)
    qtmodeltester.check(model)
    proxy = AssumptionsFilter()
    proxy.setSourceModel(model)
    proxy.set_group("weight")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 6  # the six dimension weights of model v2
    assert model.rowCount() == len(a.rows)
    assert model.data(model.index(model.row_of("comm.base"), 3)) == "40 – 70"
    assert model.flags(model.index(0, VALUE_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_editing_a_value_derives_a_version_and_the_assessment_updates_live(window, db_path):
    editor = window.analysis.show_assumptions()
    before = window.session.assessment.overall
    assert editor.model.setData(value_index(editor, "weight.sovereignty_alignment"), "0.45")
    new = window.session.assumptions
    assert new.version == 3 and new["weight.sovereignty_alignment"] == 0.45
    assert versions(db_path) == [1, 2, 3]
    assert window.session.assessment.overall != before
    assert window.assessment.score.text() == f"{window.session.assessment.overall:.1f}"
    assert "v3" in window.assessment.caption.text()
    assert editor.model.data(value_index(editor, "weight.sovereignty_alignment")) == "0.45"
    assert "New assumption set v3" in editor.status.text()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT value FROM assumptions WHERE version = 2 AND key = 'weight.sovereignty_alignment'").fetchone() == (0.32,)


def test_a_non_number_is_explained_and_nothing_changes(window, db_path, monkeypatch):
    explained = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: explained.append(text))
    editor = window.analysis.show_assumptions()
    assert not editor.model.setData(value_index(editor, "comm.base"), "fifty")
    assert explained and "'fifty' is not a number" in explained[0] and "40–70" in explained[0]
    assert versions(db_path) == [1, 2]


def test_out_of_range_needs_confirmation(window, db_path, monkeypatch):
    asked = []
    editor = window.analysis.show_assumptions()
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    assert not editor.model.setData(value_index(editor, "comm.base"), "90")
    assert "outside its plausible range 40–70" in asked[0] and versions(db_path) == [1, 2]
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    assert editor.model.setData(value_index(editor, "comm.base"), "90")
    assert window.session.assumptions["comm.base"] == 90.0 and versions(db_path) == [1, 2, 3]
    assert editor.model.data(value_index(editor, "comm.base"), Qt.ItemDataRole.ForegroundRole) is not None


def test_reset_version_picker_and_compare(window, db_path):
    editor = window.analysis.show_assumptions()
    editor.model.setData(value_index(editor, "gate.penalty_rate"), "2.5")
    assert window.session.assumptions.version == 3
    editor.reset.click()
    assert window.session.assumptions.version == 4 and window.session.assumptions["gate.penalty_rate"] == 1.5
    # Re-assess under v3 through the version picker.
    editor.version.setCurrentIndex(editor.version.findData(3))
    editor.version.activated.emit(editor.version.currentIndex())
    assert window.session.assumptions.version == 3
    s = window.session
    editor.version_a.setCurrentIndex(editor.version_a.findData(2))
    editor.version_b.setCurrentIndex(editor.version_b.findData(3))
    editor.compare()
    table = editor.compare_table
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert labels[:3] == ["Band", "Overall", "Counterpart acceptance"]
    a1 = assess(s.proposal, s.profile, window.store.assumption_set(2)).overall
    a2 = assess(s.proposal, s.profile, window.store.assumption_set(3)).overall
    assert table.item(1, 1).text() == f"{round(a1, 2):.2f}" and table.item(1, 2).text() == f"{round(a2, 2):.2f}"
    assert "gate.penalty_rate 1.5→2.5" in editor.compare_note.text()


def test_filter_by_group_and_text(window):
    editor = window.analysis.show_assumptions()
    editor.group.setCurrentIndex(editor.group.findData("band"))
    assert editor.proxy.rowCount() == 3
    editor.group.setCurrentIndex(0)
    editor.search.setText("CNAS")
    assert 0 < editor.proxy.rowCount() < editor.model.rowCount()
    editor.select_key("comm.base")
    assert editor.search.text() == "" and editor.table.currentIndex().data() == "55"


def test_country_editor_requires_a_reason_and_updates_the_session(window, qtbot, monkeypatch):
    explained = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: explained.append(text))
    dialog = CountryEditor(window.store, window.session, window)
    qtbot.addWidget(dialog)
    assert set(dialog.spins) == {"demand_security", "demand_localization", "demand_openness", "demand_partnership",
                                 "trust", "competition"}
    before = window.session.assessment.overall
    shipped = window.session.profile.sovereignty["trust"].value
    assert shipped != 30
    dialog.spins["trust"].setValue(30)
    assert not dialog.save()
    assert "reason is required" in explained[0]
    assert window.session.profile.sovereignty["trust"].value == shipped
    dialog.reason.setText("Procurement dispute in 2026")
    assert dialog.save()
    trust = window.session.profile.sovereignty["trust"]
    assert trust.value == 30.0 and "Procurement dispute in 2026" in trust.rationale
    assert window.session.assessment.overall != before
    texts = [w.text() for w in window.country_panel.widget().findChildren(type(window.assessment.caption))]
    assert any("Procurement dispute in 2026" in t for t in texts)


def test_uncertainty_band_follows_the_proposal_and_ignores_stale_runs(window, qtbot):
    runner = window.assessment.uncertainty
    runner.wait()
    qtbot.waitUntil(lambda: runner.result is not None and "% of draws" in window.assessment.interval.text())
    window.editor.apply(ops.set_lever(window.session.proposal, "openness", 90))
    window.editor.apply(ops.set_lever(window.session.proposal, "openness", 20))
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        pass
    s = window.session
    expected = monte_carlo(s.proposal, s.profile, s.assumptions)
    assert blocker.args[0] == expected  # the latest state's result, not a stale one
    text = window.assessment.interval.text()
    assert text.startswith(f"p10–p90: {expected.overall.p10:.1f}–{expected.overall.p90:.1f}")
    assert f"in {expected.band_share * 100:.0f}% of draws" in text


def test_sensitivity_window_shows_the_tornado_and_lever_steps(window):
    dialog = window.analysis.show_sensitivity()
    assert len(dialog.chart.entries) == 12
    first = dialog.chart.entries[0]
    assert abs(first.at_high - first.at_low) >= abs(dialog.chart.entries[-1].at_high - dialog.chart.entries[-1].at_low)
    assert dialog.steps.item(0, 0).text() == "Security"
    before = dialog.chart.base
    window.editor.apply(ops.set_lever(window.session.proposal, "security", 90))
    assert dialog.chart.base == pytest.approx(window.session.assessment.overall)
    assert dialog.chart.base != before
    assert dialog.steps.item(0, 1).text() == "90"


def test_method_page_follows_the_assumptions(window):
    method = window.analysis.show_method()
    html = method.browser.toHtml()
    assert "weight.continuity" in html and "Method" in html
    editor = window.analysis.show_assumptions()
    editor.model.setData(value_index(editor, "fit.under_penalty"), "1.7")
    assert "1.7" in method.browser.toPlainText() and "v2" in method.browser.toPlainText()


def test_dated_figures_are_flagged_in_the_assessment(window, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    editor = window.analysis.show_assumptions()
    window.assessment.settle()  # the flags and moves follow the repaint
    assert not any("years old" in r.text.text() for r in window.assessment.flags.rows if r.isVisible())
    editor.model.setData(value_index(editor, "data.max_age_years"), "1")
    window.assessment.settle()  # the flags and moves follow the repaint
    shown = [r.text.text() for r in window.assessment.flags.rows if not r.isHidden()]
    assert any("figures from 2023" in t and "years old" in t for t in shown)
    texts = [w.text() for w in window.country_panel.widget().findChildren(type(window.assessment.caption))]
    assert any("⚠ dated" in t for t in texts)


def test_menu_shortcuts(window):
    actions = {a.text(): a for a in window.findChildren(type(window.quit_action))}
    assert actions["&Assumptions…"].shortcut() == QKeySequence("Ctrl+Shift+A")
    assert actions["&Sensitivity"].shortcut() == QKeySequence("Ctrl+Alt+S")
    assert "&Method" in actions and "&Country data…" in actions
    actions["&Assumptions…"].trigger()
    assert window.analysis.assumptions is not None and window.analysis.assumptions.isVisible()
    assert isinstance(window.analysis.assumptions.model.assumptions, AssumptionSet)


def test_two_clicks_from_the_numbers_to_their_assumptions(window, qtbot):
    qtbot.mouseDClick(window.assessment.line_items, Qt.MouseButton.LeftButton)
    editor = window.analysis.assumptions
    assert editor is not None and editor.isVisible()
    keys = {editor.proxy.index(r, 0).data() for r in range(editor.proxy.rowCount())}
    assert keys == {"weight.sovereignty_alignment", "weight.absorptive_capacity", "weight.security_trust",
                    "weight.continuity", "weight.commercial_viability", "weight.competitive_position"}
    qtbot.mouseClick(window.assessment.interval, Qt.MouseButton.LeftButton)
    assert window.analysis.sensitivity is not None and window.analysis.sensitivity.isVisible()


def test_tornado_paints_to_an_image_and_svg(window, tmp_path):
    from PySide6.QtCore import QRectF

    from desktop.core.sensitivity import tornado
    from desktop.ui.charts import ChartPalette, render_image, render_svg
    from desktop.ui.sensitivity_dialog import tornado_entries
    from desktop.ui.tornado_chart import paint_tornado

    s = window.session
    t = tornado(s.proposal, s.profile, s.assumptions)
    entries = tornado_entries(t, 8)
    assert len(entries) == 8 and entries[0].label == t.bars[0].input.key

    def paint(painter, rect: QRectF) -> None:
        paint_tornado(painter, rect, t.base, entries, ChartPalette.light())

    image = render_image(paint, 600, 400)
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert "#0072b2" in colours and "#d55e00" in colours  # both ends of the bars are drawn
    render_svg(paint, 600, 400, str(tmp_path / "t.svg"))
    assert "<svg" in (tmp_path / "t.svg").read_text()


def test_typing_a_value_in_the_table_edits_it(window, qtbot, db_path, monkeypatch):
    from PySide6.QtWidgets import QLineEdit

    def no_dialog(*args):
        raise AssertionError(f"unexpected dialog: {args[-1]}")

    monkeypatch.setattr(dialogs, "confirm", no_dialog)
    monkeypatch.setattr(dialogs, "explain", no_dialog)

    editor = window.analysis.show_assumptions()
    qtbot.waitExposed(editor)
    editor.select_key("comm.base")
    view = editor.table
    # Open the in-place editor as F2/double-click do (offscreen, the dialog cannot become the
    # active window, so a real F2 would reach the main window's Rename shortcut instead).
    view.edit(view.currentIndex())
    line = view.findChild(QLineEdit)
    assert line is not None and line.text() == "55"
    line.selectAll()
    qtbot.keyClicks(line, "60")
    assert line.text() == "60"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.assumptions["comm.base"] == 60.0)  # Qt commits Enter queued
    assert versions(db_path) == [1, 2, 3]
