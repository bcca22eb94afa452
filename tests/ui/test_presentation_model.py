"""Presentation mode shows the new model (issue 20, item 7): promised vs credited per commitment, the
offer to beat and the destination screen — the estimates only in an internal workshop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import ops
from desktop.core.model import LEVER_LABELS, LEVERS


@pytest.fixture
def pres(window, qtbot):
    window.workshop.presentation_action.trigger()
    p = window.workshop.presentation.window
    qtbot.waitExposed(p)
    yield p
    p.close()


def retarget(window, iso3: str) -> None:
    s = window.session
    window.editor.apply(ops.set_country(s.proposal, iso3, s.profiles[iso3].name))


def shown(widget) -> str:
    return widget.text() if widget.isVisibleTo(widget.window()) else ""


def test_internal_workshop_shows_the_engines_credited_and_promised_figures(window, pres, qtbot):
    window.editor.apply(ops.set_lever(window.session.proposal, "security", 70))
    pres.set_room_safe(False)
    qtbot.keyClick(pres, Qt.Key.Key_M)
    page = pres.model_page
    assert pres.model_shown and pres.stack.currentWidget() is page
    a = window.session.assessment
    for lever in LEVERS:
        c = a.commitments[lever]
        assert shown(page.rows[lever]["promised"]) == f"{c['lever']:.0f}"
        assert shown(page.rows[lever]["credited"]) == f"{c['credited']:.0f}"
        assert shown(page.rows[lever]["demand"]) == f"{c['demand']:.0f}"
        assert shown(page.rows[lever]["rival"]) == f"{a.alternative['offer'][lever]:.0f}"
    assert shown(page.rows["security"]["promised"]) == "70"
    assert a.commitments["security"]["credited"] < 70  # the engine credits less than the promise here
    assert a.alternative["name"] in shown(page.rival_name)
    assert a.alternative["summary"] in shown(page.rival_summary)
    text = pres.visible_text()
    assert "Credited" in text and "Rival" in text and "press S" not in text
    # A lever move repaints the page from the engine.
    window.editor.apply(ops.set_lever(window.session.proposal, "openness", 90))
    a = window.session.assessment
    assert shown(page.rows["openness"]["promised"]) == "90"
    assert shown(page.rows["openness"]["credited"]) == f"{a.commitments['openness']['credited']:.0f}"
    qtbot.keyClick(pres, Qt.Key.Key_M)
    assert not pres.model_shown and pres.stack.currentIndex() == 0


def test_room_safe_shows_the_promises_and_hides_the_estimates(window, pres, qtbot):
    assert pres.room_safe
    pres.toggle_model()
    page = pres.model_page
    a = window.session.assessment
    for lever in LEVERS:
        c = a.commitments[lever]
        assert shown(page.rows[lever]["promised"]) == f"{c['lever']:.0f}"  # commitment.lever: safe
        assert shown(page.rows[lever]["demand"]) == f"{c['demand']:.0f}"  # commitment.demand: safe
        assert shown(page.rows[lever]["credited"]) == "" and page.rows[lever]["credited"].text() == ""
        assert shown(page.rows[lever]["rival"]) == ""
        assert page.rows[lever]["bar"].credited is None and page.rows[lever]["bar"].rival is None
    assert not page.heads["credited"].isVisibleTo(pres) and not page.heads["rival"].isVisibleTo(pres)
    assert not page.rival_name.isVisibleTo(pres)
    text = pres.visible_text()
    assert "press S" in text
    assert a.alternative["name"] not in text and a.alternative["summary"] not in text
    assert "Credited" not in text.replace("credit", "")  # no credited heading or figure
    pres.set_room_safe(False)  # S: the estimates appear on the page in place
    assert shown(page.rows["security"]["credited"]) == f"{a.commitments['security']['credited']:.0f}"
    qtbot.keyClick(pres, Qt.Key.Key_S)
    assert pres.room_safe and shown(page.rows["security"]["credited"]) == ""


def test_hidden_results_keep_the_estimates_hidden_even_internally(window, pres, qtbot):
    pres.set_room_safe(False)
    qtbot.keyClick(pres, Qt.Key.Key_R)  # hide: the room predicts first
    qtbot.keyClick(pres, Qt.Key.Key_M)
    page = pres.model_page
    assert pres.model_shown and shown(page.rows["security"]["credited"]) == ""
    assert "until R" in shown(page.note)
    qtbot.keyClick(pres, Qt.Key.Key_R)
    assert pres.revealed and pres.stack.currentIndex() == 0


def test_an_embargoed_destination_shows_the_blocking_panel_with_its_source(window, pres):
    retarget(window, "IRN")
    status = window.session.assessment.screen.status
    assert pres.room_safe and pres.stack.currentIndex() == 0
    assert pres.blocking.isVisibleTo(pres) and not pres.score.isVisibleTo(pres)
    assert pres.blocking.chip.text() == "Prohibited"
    assert status.name in pres.blocking.title.text()
    assert pres.blocking.values["reason"].text() == status.reason
    assert status.sources and status.sources[0].title in pres.blocking.values["sources"].text()
    assert "not a legal determination" in pres.blocking.notice.text()
    text = pres.visible_text()
    assert status.sources[0].title in text and "not a legal determination" in text
    assert pres.width() <= window.screen().geometry().width()  # the panel never widens the projector
    pres.toggle_model()  # the model page says so too: no deal, nothing credited
    assert status.reason in shown(pres.model_page.screen_note)
    assert "No deal exists" in shown(pres.model_page.note)


def test_a_denial_destination_is_a_blocked_band_with_reason_and_source_in_both_modes(window, pres):
    retarget(window, "RUS")
    status = window.session.assessment.screen.status
    for room_safe in (True, False):
        pres.set_room_safe(room_safe)
        assert pres.band.text().strip() == "Blocked"
        note, source = shown(pres.screen_note), shown(pres.screen_source)
        assert note.startswith("Blocked:") and status.reason in note
        assert status.sources[0].title in source and "not a legal determination" in source
    pres.toggle_model()
    assert status.sources[0].title in shown(pres.model_page.screen_note)


def test_a_destination_edit_reason_stays_off_the_room_safe_projector(window, pres):
    s = window.session
    status = s.profiles["IRN"].destination
    from dataclasses import replace

    edited = replace(status, edited_at="2026-11-30T10:00:00", edit_reason="SECRET-MARKER the minister said")
    s.profiles["IRN"] = replace(s.profiles["IRN"], destination=edited)
    retarget(window, "IRN")
    assert "SECRET-MARKER" not in pres.visible_text()
    pres.set_room_safe(False)
    assert "SECRET-MARKER" in pres.visible_text()


def test_every_commitment_is_named_on_the_page(window, pres):
    pres.toggle_model()
    text = pres.visible_text()
    for lever in LEVERS:
        assert LEVER_LABELS[lever] in text
