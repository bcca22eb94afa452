"""The persister on a real SQLite file: the one writer of a session's edits, and its workflows."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core import edits, ops
from desktop.core.model import DomainError, Proposal
from desktop.store import open_store, timeline
from desktop.store.baselines import load_baseline
from desktop.store.persister import open_session

STAMP = "2026-05-01T10:00:00.000000+00:00"


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_fresh_database_opens_a_stored_proposal(store, db_path):
    session, persister = open_session(store)
    assert session.proposal.id is not None and session.proposal.name == "Kenya proposal"
    assert rows(db_path, "SELECT name FROM proposals WHERE example = 0") == [("Kenya proposal",)]
    assert not persister.dirty


def test_edits_wait_for_flush_and_a_settled_state_records_lever_and_measure_changes(store, db_path):
    session, persister = open_session(store)
    pid = session.proposal.id
    session.apply(ops.set_lever(session.proposal, "openness", 80))
    session.apply(ops.set_measure(session.proposal, "customer_keys", True, session.assumptions))
    assert persister.dirty and persister.settle() is None  # nothing is settled before it is written
    assert rows(db_path, "SELECT openness FROM proposals WHERE id = ?", [pid]) == [(50,)]
    persister.flush()
    assert rows(db_path, "SELECT openness FROM proposals WHERE id = ?", [pid]) == [(80,)]
    heard = []
    session.events.history.connect(heard.append)
    snapshot = persister.settle()
    assert heard and persister.settle() is None  # once per settled state
    log = timeline.changes(store, pid)
    assert [(c["kind"], c["item"], c["from_value"], c["to_value"], c["snapshot_id"]) for c in log] == [
        ("lever", "openness", 50, 80, snapshot),
        ("measure", "customer_keys", 0, 1, snapshot),
    ]
    stored = store.snapshots(pid)[0]["result"]
    assert stored == session.assessment.to_dict()


def test_an_assumption_edit_is_a_stored_version_before_the_views_hear_of_it(store, db_path):
    session, _ = open_session(store)
    versions_seen = []
    session.events.assumptions.connect(
        lambda _c: versions_seen.append(rows(db_path, "SELECT max(version) FROM assumption_sets")[0][0])
    )
    session.apply(edits.set_assumption(session.assumptions, "comm.base", 60, "test"))
    assert session.assumptions.version == 3 and versions_seen == [3]
    session.undo()
    assert session.assumptions.version == 2
    assert rows(db_path, "SELECT count(*) FROM assumption_sets") == [(3,)]  # versions are never deleted
    session.redo()
    assert session.assumptions.version == 3 and rows(db_path, "SELECT count(*) FROM assumption_sets") == [(3,)]


def test_a_profile_edit_is_written_at_once_and_its_undo_writes_the_figures_back(store, db_path):
    session, _ = open_session(store)
    query = "SELECT value, kind, edited_at, edit_reason FROM sovereignty_profiles WHERE iso3 = 'KEN' AND field = 'trust'"
    original = rows(db_path, query)
    session.apply(edits.edit_profile(session.profiles, "KEN", {"trust": 30}, "dispute", STAMP))
    assert rows(db_path, query) == [(30.0, "estimate", STAMP, "dispute")]
    reopened = open_store(db_path)
    assert reopened.profile("KEN").sovereignty["trust"] == session.profile.sovereignty["trust"]
    reopened.close()
    session.undo()
    assert rows(db_path, query) == original


def test_the_baseline_is_stored_per_proposal_and_read_back_when_opened(store):
    session, persister = open_session(store)
    first = session.proposal
    session.apply(ops.set_lever(first, "security", 30))
    session.pin_current()
    assert load_baseline(store, first.id)[0].levers["security"] == 30
    persister.flush()
    second = persister.create("Second", "BRA")
    assert session.baseline is None and second.id != first.id
    persister.open_id(first.id)
    assert session.baseline.proposal.levers["security"] == 30
    session.clear_baseline()
    assert load_baseline(store, first.id) is None


def test_workflows_create_duplicate_delete_and_refuse_a_taken_name(store, db_path):
    session, persister = open_session(store)
    persister.create("Saudi campus", "SAU")
    with pytest.raises(DomainError, match="already used"):
        persister.create("Saudi campus", "SAU")
    assert persister.duplicate().name == "Saudi campus (copy)"
    persister.delete_current()  # into the trash (tests/store/test_trash.py)
    names = {p.name for p in store.proposals() if not p.example}
    assert names == {"Kenya proposal", "Saudi campus"}
    assert session.proposal.name in names


def test_an_example_opens_as_a_working_copy(store):
    session, persister = open_session(store)
    example = next(p for p in store.proposals() if p.example)
    opened = persister.open_id(example.id)
    assert not opened.example and opened.name == f"{example.name} (demo)"
    assert store.proposal_by_id(example.id).example


def test_save_now_writes_and_records_even_without_a_change(store):
    session, persister = open_session(store, store.save_proposal(Proposal(name="CLI", country="IDN")))
    before = session.proposal.modified
    snapshot = persister.save_now()
    assert snapshot is not None and store.find_proposal("CLI").modified > before
    assert timeline.timeline(store, session.proposal.id)[0]["changes"] == []


def test_a_reason_is_set_through_the_persister_for_the_open_proposal_only(store):
    session, persister = open_session(store)
    session.apply(ops.set_lever(session.proposal, "openness", 70))
    persister.flush()
    persister.settle()
    (change,) = timeline.changes(store, session.proposal.id)
    persister.set_reason(change["id"], "  asked for open weights ")
    assert timeline.changes(store, session.proposal.id)[0]["reason"] == "asked for open weights"
    other = store.save_proposal(Proposal(name="Other", country="KEN"))
    _, other_persister = open_session(store, other)
    with pytest.raises(DomainError):
        other_persister.set_reason(change["id"], "not yours")


def test_a_destination_correction_is_an_undoable_edit_and_both_ways_are_logged(store, db_path):
    from desktop.store.destinations import destination_edits

    session, _ = open_session(store, store.save_proposal(Proposal(name="Gulf", country="ARE")))
    query = "SELECT status, edited_at, edit_reason FROM destinations WHERE iso3 = 'ARE'"
    original = rows(db_path, query)
    assert original[0][0] != "eligible"
    session.apply(edits.edit_destination(session.profiles, "ARE", {"status": "eligible"}, "counsel review", STAMP))
    assert rows(db_path, query) == [("eligible", STAMP, "counsel review")]
    assert session.profile.destination.status == "eligible" and session.assessment.screen.status.status == "eligible"
    session.undo()
    assert rows(db_path, query) == original and session.profile.destination.status == original[0][0]
    log = destination_edits(store, "ARE")
    assert [e["after"]["status"] for e in log] == [original[0][0], "eligible"]
    assert log[0]["reason"] == "undone: counsel review"
