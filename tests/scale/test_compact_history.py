"""Issue 16, compact history: a settled state stores its recipe; reading it gives back the same assessment."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.evaluate import evaluate
from desktop.core.model import LEVERS, Proposal
from desktop.store import open_store
from desktop.store.destinations import edit_destination
from desktop.store.exchange import export_bundle
from desktop.store.history import compact_history
from desktop.store.profiles import edit_profile
from desktop.store.timeline import brief_change_log, record_settled, timeline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
MEASURES = ("customer_keys", "onshore_sensitive_tier", "multi_region_failover", "local_equity_partner")


def _settle(store, proposal, opened=None):
    result = json.loads(json.dumps(evaluate(proposal, store.profiles(), store.assumption_set()).to_dict()))
    record_settled(store, proposal, result, opened)
    return result


def _raw(path, sql, args=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def test_settled_states_are_stored_as_recipes_and_read_back_the_same(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    p = store.save_proposal(Proposal(name="Kenya", country="KEN", measures=frozenset(MEASURES[:2]),
                                     red_lines={"openness": (20, 80)}))
    originals = []
    for i, level in enumerate((20, 40, 60, 80)):
        state = p.with_lever("openness", level).with_measure(MEASURES[2], i % 2 == 1)
        originals.append(_settle(store, state, p))
    kept = _raw(path, "SELECT count(*) FROM snapshots WHERE result != ''")
    assert kept == [(0,)]  # every state reproducible: none keeps its JSON
    store.close()
    store = open_store(path)  # a new process: nothing cached
    assert [s["result"] for s in store.snapshots(p.id)] == originals[::-1]
    store.close()


def test_a_state_keeps_the_country_as_it_was_when_the_profile_and_screen_are_edited_since(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    p = store.save_proposal(Proposal(name="Kenya", country="KEN"))
    before = _settle(store, p.with_lever("security", 70), p)
    edit_profile(store, "KEN", {"demand_openness": 5.0, "trust": 10.0}, "the talks went badly")
    edit_destination(store, "KEN", {"financing": "no"}, "financing withdrawn")
    after = _settle(store, p.with_lever("security", 71), p)
    assert before["overall"] != after["overall"]
    store.close()
    store = open_store(path)
    newest, oldest = store.snapshots(p.id)
    assert oldest["result"] == before and newest["result"] == after
    assert _raw(path, "SELECT count(DISTINCT country_ref) FROM snapshots") == [(2,)]
    store.close()


def test_a_state_its_recipe_does_not_reproduce_keeps_its_json(tmp_path):
    store = open_store(tmp_path / "desk.sqlite3")
    p = store.save_proposal(Proposal(name="Kenya", country="KEN"))
    odd = dict(evaluate(p, store.profiles(), store.assumption_set()).to_dict(), overall=12.34)  # not what the engine says
    record_settled(store, p, odd)
    [snap] = store.snapshots(p.id)
    assert snap["result"] == json.loads(json.dumps(odd))
    assert snap["as_of"] == "" and snap["offer_ref"] is None
    store.close()


def test_an_old_file_migrates_its_states_compact_and_every_reader_shows_the_same(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_v13.sqlite3", path)
    old = {r[0]: json.loads(r[1]) for r in _raw(path, "SELECT id, result FROM snapshots")}
    # One state whose proposal has changed since in a way its levers do not record: not reproducible.
    _raw(path, "UPDATE snapshots SET result = json_set(result, '$.overall', 1.5) WHERE id = 3")
    old[3]["overall"] = 1.5
    store = open_store(path)
    on_disk = dict(_raw(path, "SELECT id, result = '' FROM snapshots"))
    assert on_disk == {1: 1, 2: 1, 3: 0, 4: 1, 5: 1, 6: 1}
    read = {s["id"]: s["result"] for p in store.proposals() for s in store.snapshots(p.id)}
    assert read == old
    lines = {p.name: (timeline(store, p.id), brief_change_log(store, p.id)) for p in store.proposals()}
    bundle = export_bundle(store, [p.name for p in store.proposals() if not p.example])
    assert sorted(s["result"]["overall"] for p in bundle["proposals"] for s in p["snapshots"]) == sorted(
        r["overall"] for r in old.values())
    assert compact_history(store) == {"compacted": 0, "kept": 0}  # done once: nothing left to look at
    store.close()
    store = open_store(path)
    assert {p.name: (timeline(store, p.id), brief_change_log(store, p.id)) for p in store.proposals()} == lines
    assert {s["id"]: s["result"] for p in store.proposals() for s in store.snapshots(p.id)} == old
    store.close()


def test_a_compact_state_takes_at_most_half_a_kilobyte(tmp_path):
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    p = store.save_proposal(Proposal(name="Kenya", country="KEN", measures=frozenset(MEASURES)))
    for level in range(0, 100, 2):
        record_settled(store, p.with_lever("openness", level),
                       evaluate(p.with_lever("openness", level), store.profiles(), store.assumption_set()).to_dict(), p)
    store.close()
    # What each state adds (its row, its index entry, its changes); the inputs it shares are counted apart.
    per_state = _raw(path, "SELECT sum(payload) FROM dbstat WHERE name IN"
                           " ('snapshots', 'snapshots_proposal', 'settled_changes')")[0][0] / 50
    shared = _raw(path, "SELECT sum(payload) FROM dbstat WHERE name LIKE '%state_inputs%'")[0][0]
    assert per_state <= 512, per_state
    assert shared < 20_000  # one offer and one country version, however many states share them

@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(levers=st.fixed_dictionaries({lv: st.integers(0, 100) for lv in LEVERS}),
       measures=st.frozensets(st.sampled_from(MEASURES)), country=st.sampled_from(["KEN", "IND", "BRA", "SAU", "VNM"]))
def test_any_settled_state_reads_back_as_it_was_assessed(tmp_path_factory, levers, measures, country):
    path = tmp_path_factory.mktemp("h") / "desk.sqlite3"
    store = open_store(path)
    p = store.save_proposal(Proposal(name="Offer", country=country, levers=levers, measures=measures))
    original = _settle(store, p)
    store.close()
    store = open_store(path)
    assert store.snapshots(p.id)[0]["result"] == original
    store.close()


def test_compacting_an_old_file_gives_back_the_space_of_the_json_it_dropped(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_v13.sqlite3", path)
    columns = [r[1] for r in _raw(path, "PRAGMA table_info(snapshots)") if r[1] != "id"]
    names = ", ".join(columns)
    for _copy in range(200):  # a heavy user's history: many states settled from the same recipes
        _raw(path, f"INSERT INTO snapshots ({names}) SELECT {names} FROM snapshots WHERE id <= 6")  # noqa: S608
    before = path.stat().st_size
    store = open_store(path)
    assert _raw(path, "SELECT count(*) FROM snapshots WHERE result != ''")[0][0] < 210  # compacted
    assert _raw(path, "PRAGMA freelist_count") == [(0,)]
    store.close()
    assert path.stat().st_size < before / 3, (before, path.stat().st_size)
