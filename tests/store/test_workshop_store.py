"""Examples (m004), scenarios (m005) and the lever change log (m006) on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from sqlite_utils import Database

from desktop.core.engine import assess
from desktop.core.model import LEVERS, DomainError, Proposal
from desktop.store import open_store, scenarios, timeline
from desktop.store.examples import load_examples
from desktop.store.migrations import migrations

EXAMPLE_COUNTRIES = {"KEN", "IDN", "SAU", "BRA", "NGA"}


def test_fresh_database_has_the_examples_flagged_with_descriptions(store):
    shipped = load_examples()
    assert len(shipped) >= 5
    examples = [p for p in store.proposals() if p.example]
    assert {p.name for p in examples} == {e["name"] for e in shipped}
    assert {p.country for p in examples} >= EXAMPLE_COUNTRIES
    assumptions = store.assumption_set()
    bands = set()
    for p in examples:
        spec = next(e for e in shipped if e["name"] == p.name)
        assert 40 <= len(p.description) <= 400 and p.description == spec["description"]
        assert dict(p.levers) == spec["levers"]
        assert p.measures == frozenset(spec["measures"])
        assert {k: list(v) for k, v in p.red_lines.items()} == spec["red_lines"]
        p.validate({m.id for m in store.measures()})
        for lever, (lo, hi) in p.red_lines.items():  # each example starts inside its own red lines
            assert lo <= p.levers[lever] <= hi
        # every measure sits under a lever the example actually pulls
        for mid in p.measures:
            assert p.levers[assumptions.measure(mid).lever] >= 30
        bands.add(assess(p, store.profile(p.country), assumptions).band)
    assert len(bands) >= 2  # the examples show a range of outcomes, not one band


def test_migration_adds_examples_to_an_existing_database_and_skips_a_users_name(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    db = Database(conn)
    migrations.apply(db, stop_before="m004_example_proposals")
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO proposals (name, country, security, resilience, openness, partnership, components, red_lines,"
        " notes, created, modified) VALUES ('Kenya health cloud', 'KEN', 11, 22, 33, 44, '{}', '{}', 'mine', 'x', 'x')"
    )
    conn.close()

    s = open_store(db_path)
    try:
        mine = s.get_proposal("Kenya health cloud")
        assert (mine.example, mine.notes, mine.levers["security"]) == (False, "mine", 11)  # untouched
        examples = {p.name for p in s.proposals() if p.example}
        assert examples == {e["name"] for e in load_examples()} - {"Kenya health cloud"}
        assert s.schema_version == len(migrations._migrations)
    finally:
        s.close()
    again = open_store(db_path)  # reopening does not insert them twice
    assert len(again.proposals()) == len(load_examples())
    again.close()


def test_a_scenario_is_a_linked_copy_and_the_family_lists_every_variant(store):
    base = store.save_proposal(Proposal(name="Base", country="KEN", measures=frozenset({"customer_keys"}), notes="n"))
    assert scenarios.parent_id(store, base.id) is None
    low = scenarios.create_scenario(store, base.with_lever("openness", 20), "Low openness")
    assert scenarios.parent_id(store, low.id) == base.id
    assert (low.levers["openness"], low.measures, low.notes, low.country) == (20, base.measures, "n", "KEN")
    assert store.get_proposal("Base").levers["openness"] == 50  # the parent is not changed
    deeper = scenarios.create_scenario(store, low, "Low openness, more partnership")
    other = store.save_proposal(Proposal(name="Unrelated", country="BRA"))
    names = [p.name for p in scenarios.family(store, deeper.id)]
    assert names == ["Base", "Low openness", "Low openness, more partnership"]
    assert [p.name for p in scenarios.family(store, base.id)] == names
    assert [p.name for p in scenarios.family(store, other.id)] == ["Unrelated"]
    # saving a scenario keeps its link
    store.save_proposal(replace(low, notes="edited"))
    assert scenarios.parent_id(store, low.id) == base.id
    # deleting the parent keeps the scenario, now an original
    store.delete_proposal(base.id)
    assert scenarios.parent_id(store, low.id) is None
    assert [p.name for p in scenarios.family(store, deeper.id)] == ["Low openness", "Low openness, more partnership"]


def test_scenario_names_are_checked(store):
    base = store.save_proposal(Proposal(name="Base", country="KEN"))
    with pytest.raises(DomainError, match="already exists"):
        scenarios.create_scenario(store, base, "Base")
    with pytest.raises(DomainError, match="needs a name"):
        scenarios.create_scenario(store, base, "  ")
    with pytest.raises(DomainError, match="save the proposal"):
        scenarios.create_scenario(store, Proposal(name="Unsaved", country="KEN"), "X")
    assert [p.name for p in store.proposals() if not p.example] == ["Base"]


def _settle(store, proposal):
    return timeline.record_settled(store, proposal, assess(proposal, store.profile(proposal.country), store.assumption_set()).to_dict())


def test_settled_states_record_the_lever_changes_between_them_and_reasons_stay_private(store, db_path):
    p = store.save_proposal(Proposal(name="Deal", country="IDN"))
    first = _settle(store, p)
    p2 = store.save_proposal(p.with_lever("openness", 80).with_lever("security", 30))
    second = _settle(store, p2)
    p3 = store.save_proposal(p2.with_lever("openness", 70))
    third = _settle(store, p3)
    _settle(store, p3)  # nothing moved: a state without changes

    log = timeline.changes(store, p.id)
    assert [(c["kind"], c["item"], c["from_value"], c["to_value"], c["snapshot_id"]) for c in log] == [
        ("lever", "security", 50, 30, second),
        ("lever", "openness", 50, 80, second),
        ("lever", "openness", 80, 70, third),
    ]
    states = timeline.timeline(store, p.id)
    assert [s["id"] for s in states][-1] == first and len(states) == 4
    assert states[-1]["changes"] == [] and states[0]["changes"] == []
    by_id = {s["id"]: s for s in states}
    assert by_id[third]["levers"] == dict(p3.levers)
    assert by_id[third]["overall"] == assess(p3, store.profile("IDN"), store.assumption_set()).to_dict()["overall"]

    timeline.set_reason(store, log[1]["id"], "  Indonesia asked for open weights  ")
    assert timeline.changes(store, p.id)[1]["reason"] == "Indonesia asked for open weights"
    with pytest.raises(DomainError):
        timeline.set_reason(store, 99999, "x")
    # the reason is in its own column, never in the snapshot's stored assessment
    with sqlite3.connect(db_path) as conn:
        results = [r[0] for r in conn.execute("SELECT result FROM snapshots")]
    assert not any("open weights" in r for r in results)
    # compact history: a reproducible state keeps its recipe, not its JSON; what it reads back is whole
    assert all(r == "" or set(json.loads(r)) >= {"overall", "band"} for r in results)
    assert all(set(s["result"]) >= {"overall", "band"} for s in store.snapshots(p.id))
    assert not any("open weights" in json.dumps(s["result"]) for s in store.snapshots(p.id))

    store.delete_proposal(p.id)  # the log goes with its proposal
    assert timeline.changes(store, p.id) == []
    assert set(LEVERS) >= {c["item"] for c in log}


def test_settled_states_record_measures_added_and_dropped_in_the_same_log(store):
    p = store.save_proposal(Proposal(name="Measures", country="KEN", measures=frozenset({"customer_keys"})))
    _settle(store, p)
    p2 = store.save_proposal(replace(p, measures=frozenset({"red_team_reports"})).with_lever("security", 60))
    second = _settle(store, p2)
    log = timeline.changes(store, p.id)
    assert [(c["kind"], c["item"], c["from_value"], c["to_value"]) for c in log] == [
        ("lever", "security", 50, 60),
        ("measure", "customer_keys", 1, 0),
        ("measure", "red_team_reports", 0, 1),
    ]
    assert {c["snapshot_id"] for c in log} == {second}
    names = {m.id: m.name for m in store.measures()}
    assert [timeline.change_text(c, names) for c in log][1:] == [
        f"Dropped {names['customer_keys']}", f"Added {names['red_team_reports']}"]
    assert timeline.timeline(store, p.id)[0]["measures"] == ["red_team_reports"]
    timeline.set_reason(store, log[2]["id"], "Asked for audits", proposal_id=p.id)
    with pytest.raises(DomainError, match="in this proposal"):
        timeline.set_reason(store, log[2]["id"], "x", proposal_id=p.id + 1000)


def test_unsaved_proposals_cannot_be_snapshotted(store):
    with pytest.raises(DomainError):
        _settle(store, Proposal(name="Unsaved", country="KEN"))
