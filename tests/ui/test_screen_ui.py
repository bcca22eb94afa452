"""The destination screen and the Program checklist in the real window (issue 12): every category, every view."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core import ops
from desktop.core.model import Member, Program
from desktop.ui import dialogs
from desktop.ui import workshop as workshop_module
from desktop.ui.ranking import COLUMNS, ISO3_ROLE


def retarget(window, iso3: str) -> None:
    s = window.session
    window.editor.apply(ops.set_country(s.proposal, iso3, s.profiles[iso3].name))


@pytest.fixture
def explained(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: seen.append(text))
    return seen


def flag_texts(window) -> list[str]:
    window.assessment.settle()  # the flags and moves follow the repaint
    return [r.text.text() for r in window.assessment.flags.rows if r.isVisibleTo(window.assessment.flags)]


def test_embargoed_shows_the_blocking_panel_and_the_levers_still_move(window):
    retarget(window, "IRN")
    panel = window.assessment
    assert panel.blocked and panel.pages.currentWidget().widget() is panel.blocking
    assert "comprehensive U.S. embargo" in panel.blocking.title.text() and panel.blocking.chip.text() == "Prohibited"
    assert panel.blocking.values["reason"].text() == "EAR 746.7 + OFAC embargo; SST"
    assert "S12" in panel.blocking.values["sources"].text() and panel.blocking.values["as_of"].text() == "2026-07-08"
    assert "not a legal determination" in panel.blocking.notice.text()
    window.levers.slider("openness").setValue(80)
    assert window.session.proposal.levers["openness"] == 80 and panel.blocked
    retarget(window, "KEN")
    assert not panel.blocked and panel.score.text() != "–"


def test_denial_is_blocked_with_the_compliance_flag_and_no_financing(window):
    retarget(window, "RUS")
    panel = window.assessment
    assert not panel.blocked and panel.band.text().strip() == "Blocked"
    texts = flag_texts(window)
    assert "presumption or policy of denial" in texts[0] and "not a legal determination" in texts[0]
    note = window.proposal_panel.financing_note
    assert note.isVisibleTo(window.proposal_panel) and "unavailable for Russian Federation" in note.text()
    assert "Destination screen" in [lbl.text() for lbl in window.country_panel.widget().findChildren(type(note))]


def test_licence_shows_the_case_by_case_flag(window):
    retarget(window, "ARE")
    assert any(t.startswith("Licence:") and "case by case" in t for t in flag_texts(window))
    assert not window.proposal_panel.financing_note.isVisibleTo(window.proposal_panel)


def test_kenya_is_clear(window):
    assert not any("Licence:" in t or "Blocked:" in t for t in flag_texts(window))


def test_the_ranking_sets_blocked_and_prohibited_apart(window, qtbot):
    window.scenarios.ranking_action.trigger()
    panel = window.scenarios.ranking
    panel.refresh()
    rows = panel.model.rows
    assert [r.group for r in rows] == sorted(r.group for r in rows)
    assert rows[0].group == 0 and rows[0].position == 1
    irn = next(r for r in rows if r.iso3 == "IRN")
    assert irn.group == 2 and irn.overall is None and irn.position is None
    col = {f: c for c, (_h, f) in enumerate(COLUMNS)}
    r = rows.index(irn)
    assert panel.model.data(panel.model.index(r, col["overall"])) == "—"
    assert panel.model.data(panel.model.index(r, col["status"])) == "Embargoed"
    panel.screen.setCurrentIndex(panel.screen.findData(1))
    shown = {panel.proxy.data(panel.proxy.index(i, 0), ISO3_ROLE) for i in range(panel.proxy.rowCount())}
    assert {"RUS", "CHN", "HKG"} <= shown and "KEN" not in shown and "IRN" not in shown
    assert "Not ranked: 20 blocked, 1 prohibited" in panel.summary.text()


def test_the_optimiser_refuses_embargoed_and_notes_denial(window, explained, monkeypatch):
    seen = {}

    def ask(_parent, compute, objective="overall", note=None):
        seen["note"] = note
        return None

    monkeypatch.setattr(workshop_module, "ask_optimise", ask)
    retarget(window, "IRN")
    window.workshop.optimise_action.trigger()
    assert explained and "no optimisation for iran" in explained[-1].lower() and "note" not in seen
    retarget(window, "RUS")
    window.workshop.optimise_action.trigger()
    assert seen["note"].startswith("Blocked: Russian Federation is a denial destination")


def test_no_brief_for_an_embargoed_destination(window, explained, monkeypatch):
    from desktop.ui import exchange

    asked = []
    monkeypatch.setattr(exchange, "ask_export_brief", lambda *a: asked.append(a))
    retarget(window, "IRN")
    window.export_brief_action.trigger()
    assert not asked and "no brief for iran" in explained[-1].lower()


def test_the_tradeoff_map_and_presentation_show_the_block(window):
    retarget(window, "IRN")
    window.workshop.dock.show()
    tradeoff = window.workshop.tradeoff
    tradeoff.refresh()
    assert tradeoff.pages.currentIndex() == 1 and "Prohibited" in tradeoff.blocked.text()
    pres = window.workshop.presentation.enter()
    assert pres.score.text() == "—" and pres.band.text().strip() == "Prohibited" and "No score" in pres.screen_note.text()
    retarget(window, "RUS")
    tradeoff.refresh()
    assert tradeoff.pages.currentIndex() == 0 and tradeoff.status.text().startswith("Blocked:")
    assert pres.band.text().strip() == "Blocked" and pres.screen_note.text().startswith("Blocked:")
    pres.close()
    window.workshop.dock.hide()


def test_a_destination_edit_needs_a_reason_and_re_screens_the_window(window, explained, db_path):
    from desktop.ui.destination_editor import DestinationEditor

    retarget(window, "ARE")
    dialog = DestinationEditor(window.store, window.session, window)
    dialog.status.setCurrentIndex(dialog.status.findData("denial"))
    assert not dialog.save() and "reason" in explained[-1]
    assert window.session.profile.destination.status == "licence"
    dialog.why.setText("Compliance review: new rule")
    assert dialog.save()
    assert window.session.profile.destination.status == "denial" and window.assessment.band.text().strip() == "Blocked"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT status, edit_reason FROM destinations WHERE iso3 = 'ARE'").fetchone() == (
            "denial", "Compliance review: new rule")


def test_the_program_dialog_applies_one_undoable_change_with_a_live_checklist(window, explained):
    from desktop.ui.program_dialog import ProgramDialog

    retarget(window, "ARE")
    dialog = ProgramDialog(window.store, window.session, window.editor, window)
    dialog.add_member(Member("Acme Compute", "USA", ("compute", "data"), True))
    dialog.add_member(Member("Dragon AI", "CHN", ("models", "security", "applications")))
    dialog.us_content.setValue(45)
    checks = {c.id: c for c in dialog.result.checks}
    assert checks["members_origin"].ok is False and checks["us_content"].ok is False and checks["layers"].ok is True
    marks = [row[0].text() for row in dialog.checklist._rows]
    assert marks.count("✗") == 2
    dialog.target.setCurrentIndex(dialog.target.findData("GCC"))
    assert dialog.bloc_table.rowCount() == 6 and "weakest member" in dialog.bloc_summary.text()
    before = window.session.proposal
    assert dialog.accept_program()
    program = window.session.proposal.program
    assert [m.home for m in program.members] == ["USA", "CHN"] and program.us_content == 0.45 and program.target_bloc == "GCC"
    assert window.editor.undo_stack.undoText() == "AI Exports Program"
    panel_marks = [row[0].text() for row in window.proposal_panel.checklist._rows]
    assert panel_marks.count("✗") == 2
    assert any("country of concern" in t for t in flag_texts(window))
    window.undo_action.trigger()
    assert window.session.proposal == before


def test_a_bloc_that_excludes_the_country_retargets_in_the_same_step(window):
    from desktop.ui.program_dialog import ProgramDialog

    dialog = ProgramDialog(window.store, window.session, window.editor, window)  # Kenya
    dialog.target.setCurrentIndex(dialog.target.findData("ASEAN"))
    assert "will target Brunei" in dialog.problem.text()
    assert dialog.accept_program()
    assert window.session.proposal.country == "BRN" and window.session.proposal.program.target_bloc == "ASEAN"
    window.undo_action.trigger()
    assert window.session.proposal.country == "KEN" and window.session.proposal.program == Program()


def test_new_proposal_for_a_destination_outside_the_index_says_why(window, explained, qtbot):
    dialog = dialogs.NewProposalDialog(window, dict(window.session.profiles), "KEN", "X",
                                       {iso: s for iso, s in window.store.destinations().items() if iso not in window.session.profiles})
    qtbot.addWidget(dialog)
    dialog.country.setCurrentIndex(dialog.country.findData("PRK"))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "comprehensive U.S. embargo" in explained[-1]


def test_an_embargoed_proposal_is_saved_but_never_snapshotted(window, db_path, qtbot):
    retarget(window, "IRN")
    window.levers.slider("security").setValue(70)
    assert window.autosaver.flush_all()
    window.autosaver._snapshot()  # what the settle timer does
    with sqlite3.connect(db_path) as conn:
        pid = conn.execute("SELECT id FROM proposals WHERE country = 'IRN'").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM snapshots WHERE proposal_id = ?", [pid]).fetchone()[0] == 0
    assert window.save_state.text() == "Saved"


def test_the_actions_and_the_button_open_the_dialogs(window, monkeypatch):
    from desktop.ui import destination_editor, program_dialog

    assert window.screen_tools.destination_action.shortcut().toString() == "Ctrl+Shift+D"
    assert window.screen_tools.program_action.shortcut().toString() == "Ctrl+Shift+P"
    opened = []
    monkeypatch.setattr(program_dialog.ProgramDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    monkeypatch.setattr(destination_editor.DestinationEditor, "exec", lambda self: opened.append(type(self).__name__) or 0)
    window.proposal_panel.program_requested.emit()  # the panel's "Edit Program…" button
    window.screen_tools.program_action.trigger()
    window.screen_tools.destination_action.trigger()
    assert opened == ["ProgramDialog", "ProgramDialog", "DestinationEditor"]


def test_sensitivity_has_nothing_to_vary_for_an_embargoed_destination(window):
    retarget(window, "IRN")
    dialog = window.analysis.show_sensitivity()
    dialog.refresh()
    assert "no readiness score" in dialog.summary.text() and dialog.chart.entries == ()
    dialog.close()
