"""Editing assumptions and country profiles in a real SQLite file: new versions, immutability,
the m007 migration, user-edited estimates with their reason."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.core.assumptions import OutOfRange, compare_versions
from desktop.core.engine import assess
from desktop.core.model import DIMENSIONS, DomainError, Proposal
from desktop.store import open_store
from desktop.store.assumption_versions import reset_to_defaults, set_assumption, used_versions
from desktop.store.migrations import migrations
from desktop.store.profiles import edit_profile, editable_fields, edited_fields


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "desk.sqlite3")
    yield s
    s.close()


OFFER = Proposal("Kenya pilot", "KEN", levers={"security": 60, "resilience": 40, "openness": 70, "partnership": 55})


def test_editing_a_weight_changes_the_scores_it_should_and_no_others(store) -> None:
    profile = store.profile("KEN")
    before = assess(OFFER, profile, store.assumption_set()).to_dict()
    new = set_assumption(store, "weight.continuity", 0, "continuity does not matter here")
    after = assess(OFFER, profile, new).to_dict()
    # The dimensions, both sides, fits and risks do not depend on the dimension weights.
    for key in ("dimensions", "counterpart_acceptance", "exporter_assurance", "commitments", "risks"):
        assert after[key] == before[key], key
    items = {li["dimension"]: li["points"] for li in after["line_items"]}
    assert items["continuity"] == 0.0
    assert after["overall"] != before["overall"]
    # The other dimensions' points are renormalised over the remaining weights, exactly.
    a = new
    total = sum(a[f"weight.{d}"] for d in DIMENSIONS)
    for d in DIMENSIONS:
        if d != "continuity":
            assert items[d] == pytest.approx(before["dimensions"][d] * a[f"weight.{d}"] / total, abs=0.011)
    assert sum(li["points"] for li in after["line_items"]) == pytest.approx(after["overall"], abs=1e-9)


def test_every_edit_derives_a_new_version_and_used_versions_stay_immutable(store, tmp_path: Path) -> None:
    saved = store.save_proposal(OFFER)
    v1 = store.assumption_set()
    store.add_snapshot(saved, assess(saved, store.profile("KEN"), v1).to_dict())
    assert used_versions(store) == {v1.version}
    before = {r["key"]: r["value"] for r in store.db.query("SELECT key, value FROM assumptions WHERE version = ?", [v1.version])}
    v2 = set_assumption(store, "comm.base", 60, "a richer market")
    assert v2.version == v1.version + 1 and v2["comm.base"] == 60.0
    v3 = set_assumption(store, "comm.base", 61, "again", base=v2.version)  # unused versions derive too
    assert v3.version == v2.version + 1 and store.assumption_set(v2.version)["comm.base"] == 60.0
    after = {r["key"]: r["value"] for r in store.db.query("SELECT key, value FROM assumptions WHERE version = ?", [v1.version])}
    assert after == before
    notes = [r["note"] for r in store.assumption_versions()]
    assert notes[-2:] == ["comm.base = 60: a richer market", "comm.base = 61: again"]
    snap = store.snapshots(saved.id)[0]
    assert assess(saved, store.profile("KEN"), store.assumption_set(snap["assumptions_version"])).to_dict() == snap["result"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("no.such.key", 1, "unknown assumption 'no.such.key'"),
        ("comm.base", "abc", "'abc' is not a number"),
        ("comm.base", "nan", "is not a finite number"),
        ("comm.base", 99, "outside its plausible range 40–70 points"),
    ],
)
def test_bad_edits_are_refused_and_write_nothing(store, key, value, message) -> None:
    n = store.count("assumption_sets")
    with pytest.raises(DomainError, match=message):
        set_assumption(store, key, value, "why")
    assert store.count("assumption_sets") == n


def test_out_of_range_passes_when_forced(store) -> None:
    with pytest.raises(OutOfRange):
        set_assumption(store, "comm.base", 99, "test")
    assert set_assumption(store, "comm.base", 99, "test", force=True)["comm.base"] == 99.0


def test_reset_to_defaults_derives_the_shipped_values_of_the_current_model(store) -> None:
    assert reset_to_defaults(store) is None
    defaults = store.defaults_version()
    assert store.assumption_set(defaults).name == "Default assumptions (model v2)"
    set_assumption(store, "comm.base", 60, "x")
    set_assumption(store, "gate.penalty_rate", 2, "y")
    reset = reset_to_defaults(store)
    assert reset is not None and reset.version == defaults + 3
    assert {k: r.value for k, r in reset.rows.items()} == {k: r.value for k, r in store.assumption_set(defaults).rows.items()}


def test_compare_versions_shows_the_difference(store) -> None:
    v1 = store.assumption_set()
    v2 = set_assumption(store, "weight.sovereignty_alignment", 0.5, "alignment first")
    cmp = compare_versions(OFFER, store.profile("KEN"), v1, v2)
    assert cmp["changed_keys"] == ["weight.sovereignty_alignment"]
    rows = {r["key"]: r for r in cmp["rows"]}
    assert rows["overall"]["a"] == round(assess(OFFER, store.profile("KEN"), v1).overall, 2)
    assert rows["overall"]["b"] == round(assess(OFFER, store.profile("KEN"), v2).overall, 2)
    assert rows["overall"]["delta"] == round(rows["overall"]["b"] - rows["overall"]["a"], 2) != 0
    assert rows["continuity"]["delta"] == 0


def test_m007_adds_the_new_rows_to_the_latest_set_of_an_old_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    s = open_store(path)
    v2 = s.derive_assumption_set({"comm.base": 55}, "an analyst's set")
    s.close()
    conn = sqlite3.connect(path)  # make it look like a database from before m007
    conn.execute("DELETE FROM assumptions WHERE key LIKE 'uncertainty.%' OR key LIKE 'data.%'")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_uncertainty_rows'")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    s = open_store(path)
    try:
        latest = s.assumption_set()
        assert latest.version == v2.version and latest["comm.base"] == 55.0
        assert latest["uncertainty.estimate_halfwidth"] == 10.0 and latest["data.max_age_years"] == 3.0
        assert "uncertainty.draws" not in s.assumption_set(1).rows  # older versions untouched
        assert any(m.name == "m007_uncertainty_rows" for m in migrations._migrations)
    finally:
        s.close()


def test_editing_an_estimate_records_when_and_why(store) -> None:
    before = store.profile("KEN")
    assert before.sovereignty["trust"].kind == "estimate"
    after = edit_profile(store, "KEN", {"trust": 40}, "New data-sharing dispute")
    assert after.sovereignty["trust"].value == 40.0
    assert after.sovereignty["trust"].kind == "estimate"
    assert "[edited " in after.sovereignty["trust"].rationale and "New data-sharing dispute" in after.sovereignty["trust"].rationale
    assert store.profile("KEN") is after  # the cache was refreshed
    edits = edited_fields(store, "KEN")
    assert set(edits) == {"trust"} and edits["trust"]["edit_reason"] == "New data-sharing dispute"
    assert edits["trust"]["edited_at"][:4].isdigit()


def test_editing_a_default_makes_it_an_estimate(store) -> None:
    iso = next(i for i, p in store.profiles().items() if p.sovereignty["competition"].kind == "default")
    after = edit_profile(store, iso, {"competition": 80}, "Chinese offer on the table")
    assert after.sovereignty["competition"].kind == "estimate"


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"trust": 40}, "  ", "a reason is required"),
        ({"trust": 140}, "x", "between 0 and 100"),
        ({"trust": "high"}, "x", "must be a number"),
        ({"digital_infrastructure": 0.1}, "x", "unknown profile field"),
    ],
)
def test_bad_profile_edits_write_nothing(store, changes, reason, message) -> None:
    before = {r["field"]: r["value"] for r in store.db.query("SELECT field, value FROM sovereignty_profiles WHERE iso3 = 'KEN'")}
    with pytest.raises(DomainError, match=message):
        edit_profile(store, "KEN", changes, reason)
    assert edited_fields(store, "KEN") == {}
    after = {r["field"]: r["value"] for r in store.db.query("SELECT field, value FROM sovereignty_profiles WHERE iso3 = 'KEN'")}
    assert after == before


def test_published_figures_are_read_only(store) -> None:
    store.db.execute("UPDATE sovereignty_profiles SET kind = 'published' WHERE iso3 = 'KEN' AND field = 'trust'")
    store.reference_changed()
    assert "trust" not in editable_fields(store.profile("KEN"))
    with pytest.raises(DomainError, match="published fact"):
        edit_profile(store, "KEN", {"trust": 10}, "x")
