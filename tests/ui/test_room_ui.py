"""The room in presentation mode, driven by keyboard as a facilitator would: teams, predictions,
reveal scoring, the leaderboard, a vote applied as one undo step, the record and its export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.store.room import load_workshop
from desktop.ui import room_panel

TEAMS = ("Table 1", "Table 2", "Table 3", "Table 4")


@pytest.fixture
def pres(window, qtbot):
    window.workshop.presentation_action.trigger()
    p = window.workshop.presentation.window
    qtbot.waitExposed(p)
    p.set_room_safe(False)  # the prediction game reveals the overall score: an internal workshop
    yield p
    p.close()


def type_line(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)


def predict(qtbot, pres, values) -> None:
    """With results hidden, type each team's number and Tab to the next, Enter at the end."""
    strip = pres.room.strip
    assert pres.focusWidget() is strip.cells[0].entry
    for i, v in enumerate(values):
        type_line(qtbot, pres.focusWidget(), v)
        qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_Return if i == len(values) - 1 else Qt.Key.Key_Tab)


def test_four_tables_five_rounds_by_keyboard_alone(window, pres, qtbot, tmp_path, monkeypatch):
    room, strip = pres.room, pres.room.strip
    # Teams: T, type the names, Enter.
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_T)
    assert pres.focusWidget() is strip.teams_edit
    type_line(qtbot, strip.teams_edit, ", ".join(TEAMS))
    qtbot.keyClick(strip.teams_edit, Qt.Key.Key_Return)
    assert [c.team for c in strip.cells] == list(TEAMS)
    assert load_workshop(window.store, window.session.proposal.id).teams == TEAMS  # kept with the proposal

    pres.setFocus()
    for n in range(1, 6):
        qtbot.keyClick(pres, Qt.Key.Key_R)  # hide
        assert not pres.revealed
        if n == 3:  # the facilitator moves a lever while the room predicts
            pres.levers.slider("openness").setValue(70)
        predict(qtbot, pres, [str(30 + n), "55 v", f"{60 + n}.5", "48"])
        assert pres.focusWidget() is not strip.cells[-1].entry  # Enter left the strip: R reaches the window
        qtbot.keyClick(pres, Qt.Key.Key_R)  # reveal
        assert pres.revealed
        actual = round(window.session.assessment.overall, 2)
        r = room.workshop.rounds[-1]
        assert r.number == n and r.actual == actual
        errors = {c.team: c.result.text() for c in strip.cells}
        closest = set(r.closest())
        for c in strip.cells:
            assert f"off by {r.errors()[c.team]:.1f}" in c.result.text()
            assert (c.property("closest") == "true") == (c.team in closest)
            assert ("★" in errors[c.team]) == (c.team in closest)
        band_cell = strip.cells[1].result.text()  # "55 v": Viable predicted
        assert ("band ✓" in band_cell) == (r.reveal.band == "Viable") and ("band ✗" in band_cell) != ("band ✓" in band_cell)
    stored = load_workshop(window.store, window.session.proposal.id)
    assert len(stored.rounds) == 5 and stored == room.workshop
    assert stored.rounds[2].state["levers"]["openness"] == 70
    assert stored.rounds[0].predictions[1].band == "Viable"

    # Leaderboard page: L shows it, L again goes back.
    qtbot.keyClick(pres, Qt.Key.Key_L)
    assert pres.stack.currentWidget() is room.leaderboard
    board = room.workshop.leaderboard()
    assert [row[1] for row in room.leaderboard.rows] == [s.team for s in board]
    qtbot.keyClick(pres, Qt.Key.Key_L)
    assert pres.stack.currentIndex() == 0

    # Vote: V fills in Best moves, a typed move joins, tallies by Tab, Enter applies the winner.
    qtbot.keyClick(pres, Qt.Key.Key_V)
    vote = room.vote_page
    assert pres.stack.currentWidget() is vote and 2 <= len(vote.candidates) <= 3
    vote.typed.setFocus()
    type_line(qtbot, vote.typed, "security +10")
    qtbot.keyClick(vote.typed, Qt.Key.Key_Return)
    assert vote.candidates[-1].label.startswith("Security") and len(vote.candidates) <= 4
    before = window.session.proposal
    undo_count = window.editor.undo_stack.count()
    tallies = ["3", "2", "1", "9"][: len(vote.candidates)]
    assert pres.focusWidget() is vote.tallies[0]
    for i, t in enumerate(tallies):
        qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_line(qtbot, pres.focusWidget(), t)
        if i < len(tallies) - 1:
            qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_Tab)
    winner = vote.vote().winner
    assert winner.label == vote.candidates[tallies.index(max(tallies, key=int))].label
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_Return)
    after = window.session.proposal
    assert after != before and window.editor.undo_stack.count() == undo_count + 1  # one undoable step
    assert room.workshop.rounds[-1].vote.applied == winner.label
    window.editor.undo_stack.undo()
    assert window.session.proposal.levers == before.levers and window.session.proposal.measures == before.measures
    window.editor.undo_stack.redo()

    # The record: H shows the timeline; it exports as CSV and JSON.
    pres.setFocus()
    qtbot.keyClick(pres, Qt.Key.Key_H)
    assert pres.stack.currentWidget() is room.record_page
    assert room.record_page.list.count() == 5
    assert "✓ applied" in room.record_page.list.item(4).text()
    paths = {"csv": tmp_path / "room.csv", "json": tmp_path / "room.json"}
    monkeypatch.setattr(room_panel, "ask_export_path", lambda parent, kind, suggested: str(paths[kind]))
    room.record_page.csv_button.click()
    room.record_page.json_button.click()
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8"))))
    assert len(rows) == 5 * 4 and {r["team"] for r in rows} == set(TEAMS)
    assert rows[-1]["move_applied"] == winner.label
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert len(data["rounds"]) == 5 and data["teams"] == list(TEAMS)
    assert [x["team"] for x in data["leaderboard"]] == [s.team for s in board]


def test_an_unreadable_prediction_keeps_the_results_hidden(window, pres, qtbot):
    room, strip = pres.room, pres.room.strip
    room.set_teams(("A", "B"))
    pres.setFocus()
    qtbot.keyClick(pres, Qt.Key.Key_R)
    predict(qtbot, pres, ["150", "40"])
    qtbot.keyClick(pres, Qt.Key.Key_R)
    assert not pres.revealed and not room.workshop.rounds
    assert "between 0 and 100" in strip.status.text()
    strip.cells[0].entry.setText("50")
    qtbot.keyClick(pres, Qt.Key.Key_R)
    assert pres.revealed and len(room.workshop.rounds) == 1


def test_the_room_shows_no_internal_figures(window, pres, qtbot):
    window.session.apply(__import__("desktop.core.ops", fromlist=["ops"]).set_red_line(
        window.session.proposal, "openness", 20, 60))
    pres.room.set_teams(("A", "B"))
    texts = []
    for w in [pres.room.strip, *pres.room.pages]:
        pres.room.open_vote()
        texts += [lbl.text() for lbl in w.findChildren(QWidget) if hasattr(lbl, "text") and callable(lbl.text)]
    joined = " ".join(t for t in texts if isinstance(t, str)).lower()
    for word in ("red line", "margin", "cost", "20–60", "assurance"):
        assert word not in joined


def test_room_safe_keeps_the_predicted_score_hidden_until_the_workshop_is_internal(window, pres, qtbot):
    room, strip = pres.room, pres.room.strip
    pres.set_room_safe(True)
    room.set_teams(("A", "B"))
    pres.setFocus()
    qtbot.keyClick(pres, Qt.Key.Key_R)  # hide
    predict(qtbot, pres, ["40", "50"])
    qtbot.keyClick(pres, Qt.Key.Key_R)
    assert not pres.revealed and not room.workshop.rounds
    assert "press S" in strip.status.text()
    pres.set_room_safe(False)
    qtbot.keyClick(pres, Qt.Key.Key_R)
    assert pres.revealed and len(room.workshop.rounds) == 1
