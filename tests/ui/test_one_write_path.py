"""One write path: a CLI save and a window edit land in the database the same way; undo covers every edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core import ops  # noqa: E402
from desktop.store import open_store, timeline  # noqa: E402
from desktop.ui import dialogs  # noqa: E402


def cli(db_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EXPORT_DESK_DB=str(db_path))
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def timeline_texts(window) -> list[list[str]]:
    """The timeline panel's change rows, one list per settled state, newest first."""
    tree = window.scenarios.timeline.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append([top.child(j).text(0) for j in range(top.childCount())])
    return out


def test_a_cli_save_shows_up_in_the_windows_timeline_as_a_window_edit_does(open_window, db_path):
    window = open_window()  # creates "Kenya proposal"
    name = window.session.proposal.name
    window.close()
    done = cli(db_path, "save", name, "--security", "80", "--measure", "customer_keys", "--json")
    assert done.returncode == 0, done.stderr

    again = open_window()
    assert again.session.proposal.name == name
    cli_rows = timeline_texts(again)
    assert cli_rows == [["Security 50 → 80", "Added Customer-managed keys"]]

    # The same edit made in the window records the same settled state.
    again.persister.create("Window twin", "KEN")
    again.levers.slider("security").setValue(80)
    again.proposal_panel.measures["customer_keys"].setChecked(True)
    assert again.autosaver.flush_all()  # written, and its settled state recorded
    assert timeline_texts(again) == cli_rows


def test_cli_json_the_stored_snapshot_and_the_window_show_the_same_flags(open_window, db_path):
    window = open_window()
    name = window.session.proposal.name
    window.close()
    # Make the shipped figures count as dated, so the data-age flags (judged in core) appear.
    assert cli(db_path, "assumptions", "set", "data.max_age_years", "1", "--reason", "test", "--force").returncode == 0
    done = cli(db_path, "save", name, "--openness", "70", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)["assessment"]["flags"]
    assert any(f["type"] == "data" for f in printed)
    store = open_store(db_path)
    stored = store.snapshots(store.get_proposal(name).id)[0]["result"]["flags"]
    shown = json.loads(cli(db_path, "show", name, "--json").stdout)["assessment"]["flags"]
    store.close()
    again = open_window()
    in_window = [f.message for f in again.session.assessment.flags]
    again.assessment.settle()  # the flags and moves follow the repaint
    rows = [r.text.text() for r in again.assessment.flags.rows if r.isVisible()]
    assert [f["message"] for f in printed] == [f["message"] for f in stored] == [f["message"] for f in shown] == in_window
    assert any("years old" in r for r in rows)


def test_assumption_profile_and_baseline_edits_are_undoable_in_the_window(window, monkeypatch, db_path):
    start = window.session.assessment.overall
    editor = window.analysis.show_assumptions()
    editor.model.setData(editor.model.index(editor.model.row_of("comm.base"), 1), "60")
    assert window.session.assumptions.version == 3
    assert window.editor.undo_stack.undoText() == "comm.base 55 → 60"
    from desktop.ui.country_editor import CountryEditor

    dialog = CountryEditor(window.store, window.session, window)
    shipped = window.session.profile.sovereignty["trust"].value
    dialog.spins["trust"].setValue(30)
    dialog.reason.setText("Procurement dispute")
    assert dialog.save()
    window.workshop.pin_action.trigger()
    assert window.session.baseline is not None and window.editor.undo_stack.count() == 3

    window.undo_action.trigger()
    assert window.session.baseline is None and window.assessment.score_delta.text() == ""
    window.undo_action.trigger()
    assert window.session.profile.sovereignty["trust"].value == shipped
    store = open_store(db_path)
    assert store.profile("KEN").sovereignty["trust"].value == shipped  # the undo is written too
    store.close()
    window.undo_action.trigger()
    assert window.session.assumptions.version == 2 and window.session.assessment.overall == start
    assert "v2" in window.assessment.caption.text()
    window.redo_action.trigger()
    assert window.session.assumptions.version == 3


def test_the_assessment_panel_repaints_once_per_change_even_when_several_aspects_change(open_window, monkeypatch):
    from desktop.ui.assessment_panel import AssessmentPanel

    calls = []
    original = AssessmentPanel._on_session_changed
    monkeypatch.setattr(AssessmentPanel, "_on_session_changed", lambda self, c: (calls.append(c), original(self, c)))
    window = open_window()
    window.workshop.pin_action.trigger()  # a baseline: an assumption edit now re-assesses it as well
    calls.clear()
    window.editor.apply(ops.set_lever(window.session.proposal, "openness", 61))
    assert len(calls) == 1
    editor = window.analysis.show_assumptions()
    editor.model.setData(editor.model.index(editor.model.row_of("comm.base"), 1), "50")
    assert len(calls) == 2 and calls[-1].aspects == ("assumptions", "baseline", "assessment")


def test_an_unsaved_switch_can_go_on_without_the_edit(window, monkeypatch):
    window.levers.slider("openness").setValue(77)
    monkeypatch.setattr(window.autosaver, "flush_all", lambda: False)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_new_proposal", lambda *a, **k: ("Fresh", "KEN"))
    window.documents.new()
    assert window.session.proposal.name == "Fresh" and not window.persister.dirty
    assert [e["changes"] for e in timeline.timeline(window.store, window.session.proposal.id)] == []
