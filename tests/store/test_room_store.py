"""The workshop record kept with a proposal (m012, store.room) on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from desktop.core.model import DomainError, Proposal
from desktop.core.room import Prediction, Reveal, Vote, Workshop, typed_candidate
from desktop.store import open_store
from desktop.store.room import load_workshop, save_workshop


def test_the_workshop_is_remembered_with_the_proposal_and_goes_with_it(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    p = store.save_proposal(Proposal(name="Room", country="KEN"))
    assert load_workshop(store, p.id) == Workshop()
    w = Workshop(("Table 1", "Table 2", "Table 3", "Table 4"))
    w = w.record("t1", {"levers": dict(p.levers)}, [Prediction("Table 1", 40), Prediction("Table 2", 55)], Reveal(51.2, "Viable"))
    vote = Vote((typed_candidate("openness 70", p.levers), typed_candidate("security 80", p.levers))).with_tallies([3, 1])
    w = w.vote_last(Vote(vote.candidates, vote.winner.label))
    save_workshop(store, p.id, w)
    store.close()

    store = open_store(path)
    try:
        assert load_workshop(store, p.id) == w
        other = store.save_proposal(Proposal(name="Other", country="BRA"))
        assert load_workshop(store, other.id) == Workshop()  # one workshop per proposal
        store.db.execute("UPDATE workshops SET record = ? WHERE proposal_id = ?", ["{not json", p.id])
        assert load_workshop(store, p.id) == Workshop()  # unreadable: an empty one, never an error
        store.db.execute("UPDATE workshops SET record = ? WHERE proposal_id = ?",
                         [json.dumps({"teams": ["A", "a"]}), p.id])
        assert load_workshop(store, p.id) == Workshop()
        store.delete_proposal(p.id)
        assert store.count("workshops") == 0
        with pytest.raises(DomainError):
            save_workshop(store, None, w)
        with pytest.raises(DomainError):
            save_workshop(store, 999, w)
    finally:
        store.close()
