"""Baselines in the store: saved per proposal, read back, replaced, cleared, dropped with the proposal."""

from __future__ import annotations

import json

from desktop.core.model import LEVERS, Proposal
from desktop.store import open_store
from desktop.store.baselines import clear_baseline, load_baseline, save_baseline


def test_a_baseline_round_trips_and_is_replaced_and_cleared(tmp_path):
    store = open_store(tmp_path / "b.sqlite3")
    try:
        assert "baselines" in store.table_names()
        mine = store.save_proposal(Proposal(name="Mine", country="KEN"))
        other = store.save_proposal(
            Proposal(name="Other", country="BRA", levers={lv: 70 for lv in LEVERS}, measures={"customer_keys"}, red_lines={"openness": (10, 80)})
        )
        assert load_baseline(store, mine.id) is None
        save_baseline(store, mine.id, other, "Other")
        pinned, label = load_baseline(store, mine.id)
        assert label == "Other"
        assert (pinned.country, dict(pinned.levers), pinned.measures) == ("BRA", {lv: 70 for lv in LEVERS}, frozenset({"customer_keys"}))
        assert dict(pinned.red_lines) == {"openness": (10, 80)}
        assert pinned.id == other.id
        save_baseline(store, mine.id, mine, "Mine (pinned state)")
        assert load_baseline(store, mine.id)[1] == "Mine (pinned state)"
        assert store.count("baselines") == 1
        clear_baseline(store, mine.id)
        assert load_baseline(store, mine.id) is None
    finally:
        store.close()


def test_a_baseline_goes_with_its_proposal_and_survives_its_source(tmp_path):
    store = open_store(tmp_path / "b.sqlite3")
    try:
        mine = store.save_proposal(Proposal(name="Mine", country="KEN"))
        other = store.save_proposal(Proposal(name="Other", country="KEN"))
        save_baseline(store, mine.id, other, "Other")
        store.delete_proposal(other.id)  # the frozen copy stays the baseline
        pinned, _ = load_baseline(store, mine.id)
        assert pinned.id is None and pinned.name == "Other"
        store.delete_proposal(mine.id)
        assert store.count("baselines") == 0
    finally:
        store.close()


def test_an_unreadable_baseline_is_dropped_quietly(tmp_path):
    store = open_store(tmp_path / "b.sqlite3")
    try:
        mine = store.save_proposal(Proposal(name="Mine", country="KEN"))
        save_baseline(store, mine.id, mine, "Mine")
        broken = json.dumps({"name": "x", "country": "KEN", "levers": {"security": 500}, "measures": [], "components": {}, "red_lines": {}})
        with store.db.atomic():
            store.db.execute("UPDATE baselines SET pinned = ? WHERE proposal_id = ?", [broken, mine.id])
        assert load_baseline(store, mine.id) is None
    finally:
        store.close()
