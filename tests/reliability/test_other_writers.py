"""Another writer alongside (issue 15, §1): the CLI's edits survive a live session and its persister.

Each test runs the real CLI in a child process against the file a Session + Persister holds open,
then edits in the session and flushes: what the CLI wrote is still on disk, and what the session
edited too. Fields both changed keep the newer edit; the merge is one undo step, and the user is told.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core import ops
from desktop.core.model import Proposal
from desktop.store import open_store
from desktop.store.persister import FROM_ELSEWHERE, open_session

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *argv: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db), *argv], capture_output=True, text=True, timeout=120,
        cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    return done


def on_disk(db: Path, name: str) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM proposals WHERE name = ?", [name]).fetchone())
    finally:
        conn.close()


@pytest.fixture
def live(tmp_path):
    """A file with "Test A" open in a live session with its persister (as the window holds it)."""
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    store.save_proposal(Proposal(name="Test A", country="KEN", notes="mine"))
    session, persister = open_session(store, store.get_proposal("Test A"))
    told: list[str] = []
    persister.external.connect(told.append)
    yield db, store, session, persister, told
    store.close()


def test_a_cli_save_survives_the_sessions_next_lever_step(live):
    db, store, session, persister, told = live
    cli(db, "save", "Test A", "--security", "77", "--notes", "from the CLI")
    session.apply(ops.set_levers(session.proposal, {"openness": 12}, "Levers"))  # the window did not look
    persister.flush()
    row = on_disk(db, "Test A")
    assert (row["security"], row["notes"], row["openness"]) == (77, "from the CLI", 12)
    assert session.proposal.levers["security"] == 77 and session.proposal.notes == "from the CLI"
    assert told and "security" in told[-1] and "notes" in told[-1]


def test_check_external_reloads_a_cli_write_while_nothing_waits(live):
    db, store, session, persister, told = live
    assert persister.check_external() is False  # nothing changed: one cheap PRAGMA
    cli(db, "save", "Test A", "--partnership", "9")
    assert persister.check_external() is True
    assert session.proposal.levers["partnership"] == 9
    assert not persister.dirty  # nothing of ours to write back
    writes = persister.writes
    persister.flush()
    assert persister.writes == writes  # a reload writes nothing
    # One undo step puts the window's values back (and that is then an edit of ours, saved).
    assert session.history.undo_text == FROM_ELSEWHERE
    session.undo()
    assert session.proposal.levers["partnership"] == 50
    persister.flush()
    assert on_disk(db, "Test A")["partnership"] == 50


def test_a_field_both_changed_keeps_the_newer_edit(live):
    db, store, session, persister, told = live
    session.apply(ops.set_levers(session.proposal, {"security": 10}, "Levers"))  # ours, older
    time.sleep(0.01)
    cli(db, "save", "Test A", "--security", "88", "--resilience", "3")  # theirs, newer
    session.apply(ops.set_levers(session.proposal, {"openness": 61}, "Levers"))  # ours, newest
    persister.flush()
    row = on_disk(db, "Test A")
    assert (row["security"], row["resilience"], row["openness"]) == (88, 3, 61)


def test_our_newer_edit_of_the_same_field_is_kept(live):
    db, store, session, persister, told = live
    cli(db, "save", "Test A", "--security", "88")  # theirs, older
    time.sleep(0.01)
    session.apply(ops.set_levers(session.proposal, {"security": 10}, "Levers"))  # ours, newer
    persister.flush()
    assert on_disk(db, "Test A")["security"] == 10
    assert told and "kept your newer security" in told[-1]


def test_a_stale_write_never_lands_even_between_read_and_write(live):
    """The UPDATE itself checks the revision: a write between the merge's read and ours is caught too."""
    db, store, session, persister, told = live
    session.apply(ops.set_notes(session.proposal, "ours"))
    other = sqlite3.connect(db)
    other.execute("UPDATE proposals SET security = 5, modified = '2999-01-01T00:00:00.000000+00:00' WHERE name = 'Test A'")
    other.commit()
    other.close()
    persister.flush()
    row = on_disk(db, "Test A")
    assert (row["security"], row["notes"]) == (5, "ours")


def test_twenty_parallel_cli_writers_wait_instead_of_failing(tmp_path):
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    store.save_proposal(Proposal(name="Shared", country="KEN"))
    store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    children = [
        subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db), "save", f"P{i}", "--country", "KEN",
                          "--security", str(i)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for i in range(20)
    ]
    failures = []
    for child in children:
        out, err = child.communicate(timeout=300)
        if child.returncode != 0:
            failures.append(err)
    assert failures == []
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM proposals WHERE name LIKE 'P%'").fetchone()[0] == 20
    conn.close()


# ---------------------------------------------------------------------------- a real window alongside


def test_with_the_window_open_the_clis_edits_survive_its_next_lever_step(open_window, qtbot, db_path):
    window = open_window()
    session, autosaver = window.session, window.autosaver
    name = session.proposal.name
    notices: list[str] = []
    autosaver.notice.connect(notices.append)
    cli(db_path, "save", name, "--security", "77", "--notes", "from the CLI")
    # The window takes the write in on its own (PRAGMA data_version, every second) …
    qtbot.waitUntil(lambda: session.proposal.levers["security"] == 77, timeout=5000)
    assert session.proposal.notes == "from the CLI"
    assert window.proposal_panel.notes.toPlainText() == "from the CLI"
    assert notices and "another program" in notices[-1].lower()
    assert "another program" in window.statusBar().currentMessage().lower()
    # … and its next lever step is written on top of it, not over it.
    session.apply(ops.set_levers(session.proposal, {"openness": 12}, "Levers"))
    qtbot.waitUntil(lambda: not autosaver.pending, timeout=5000)
    row = on_disk(db_path, name)
    assert (row["security"], row["notes"], row["openness"]) == (77, "from the CLI", 12)


def test_a_cli_write_between_two_checks_is_merged_at_the_windows_save(open_window, qtbot, db_path):
    window = open_window()
    session, autosaver = window.session, window.autosaver
    autosaver._watch.stop()  # the window has not looked yet when it saves
    name = session.proposal.name
    session.apply(ops.set_levers(session.proposal, {"openness": 12}, "Levers"))
    cli(db_path, "save", name, "--security", "77", "--notes", "from the CLI")
    assert autosaver.flush()
    row = on_disk(db_path, name)
    assert (row["security"], row["notes"], row["openness"]) == (77, "from the CLI", 12)
    assert session.proposal.levers["security"] == 77
