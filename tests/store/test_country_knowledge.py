"""Issue 17: the 2026 profile review (ranges, dated links, review dates), the default rule, and
the upgrade of an existing database that keeps a user's edited values."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.country_defaults import Place, default_profiles
from desktop.core.model import PROFILE_FIELDS
from desktop.store import memory_store, open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
NEW_TEN = ("ITA", "NLD", "TWN", "GRC", "ARM", "AZE", "KWT", "PAN", "CRI", "SLV")


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    yield s
    s.close()


def test_every_analyst_value_has_a_range_dated_links_and_a_review_date(store):
    profiles = store.profiles()
    estimated = [p for p in profiles.values() if p.profile_kind == "estimate"]
    assert len(estimated) == 39
    linked = 0
    for p in estimated:
        for field in PROFILE_FIELDS:
            fig = p.sovereignty[field]
            assert fig.has_range and fig.low <= fig.value <= fig.high, (p.iso3, field)
            assert fig.reviewed == "2026-12-02"
            assert "(Analyst estimate.)" not in fig.rationale and "Range" in fig.rationale
            for s in fig.sources:
                assert s["url"].startswith("http") and s["date"][:4] in ("2021", "2024", "2025", "2026"), (p.iso3, s)
                linked += 1
    assert linked >= 150
    ind = profiles["IND"].sovereignty["trust"]
    assert ind.value == 70 and any("pax-silica" in s["url"] for s in ind.sources)
    sau = profiles["SAU"].sovereignty["trust"]
    assert sau.value == 72 and any(s["date"].startswith("2025-11") for s in sau.sources)
    vnm = profiles["VNM"].sovereignty["demand_security"]
    assert vnm.value == 68 and any(s["date"] == "2026-01-01" for s in vnm.sources)


def test_the_shipped_defaults_are_the_stated_rule_applied_to_the_shipped_estimates(store):
    profiles = store.profiles()
    groups: dict[str, list[str]] = {}
    for r in store.db.query("SELECT grp, iso3 FROM country_groups"):
        groups.setdefault(r["iso3"], []).append(r["grp"])
    status = {iso: d.status for iso, d in store.destinations().items()}
    places = {r["iso3"]: Place(r["region"], r["sub_region"], tuple(groups.get(r["iso3"], ())), status.get(r["iso3"], "eligible"))
              for r in store.db.query("SELECT iso3, region, sub_region FROM country_regions")}
    estimates = {iso: {f: p.sovereignty[f].value for f in PROFILE_FIELDS}
                 for iso, p in profiles.items() if p.profile_kind == "estimate"}
    expected = default_profiles(sorted(profiles), estimates, places)
    assert len(expected) == len(profiles) - 39
    for iso, fields in expected.items():
        for field, d in fields.items():
            fig = profiles[iso].sovereignty[field]
            assert (fig.kind, fig.value, fig.low, fig.high) == ("default", d.value, d.low, d.high), (iso, field)
            assert fig.rationale == d.rationale


def test_the_ten_new_countries_suggestions_are_kept_as_held_reviews_with_sources(store):
    rows = list(store.db.query("SELECT * FROM profile_reviews WHERE status = 'held'"))
    assert {r["iso3"] for r in rows} == set(NEW_TEN)
    ita = next(r for r in rows if r["iso3"] == "ITA" and r["field"] == "trust")
    assert ita["value"] == 72 and json.loads(ita["sources"])[0]["url"].startswith("https://")


def test_the_outcome_ledger_is_seeded_from_the_fact_sheet_with_sources(store):
    rows = list(store.db.query("SELECT * FROM outcomes"))
    assert len(rows) >= 30 and all(r["url"].startswith("http") and r["date"][:4] in ("2025", "2026") for r in rows)
    assert {r["iso3"] for r in rows if r["kind"] == "pax_silica" and r["verified"]} >= {"JPN", "KOR", "IND", "PHL", "QAT", "ARE"}
    assert any(r["iso3"] == "SAU" and r["kind"] == "us_ai_partnership" for r in rows)
    assert all(r["private"] == 0 for r in rows)


def test_an_existing_database_upgrades_and_keeps_the_users_edited_values(tmp_path):
    target = tmp_path / "v11.sqlite3"
    shutil.copy(FIXTURES / "schema_v11.sqlite3", target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE sovereignty_profiles SET value = 33, kind = 'estimate', edited_at = '2026-03-04T10:00:00+00:00',"
                     " edit_reason = 'our embassy read' WHERE iso3 = 'IND' AND field = 'trust'")
        conn.execute("UPDATE sovereignty_profiles SET value = 44, kind = 'estimate', edited_at = '2026-05-06T10:00:00+00:00',"
                     " edit_reason = 'met them' WHERE iso3 = 'AUT' AND field = 'trust'")
    conn.close()
    s = open_store(target)
    try:
        ind = s.profile("IND")
        trust = ind.sovereignty["trust"]
        assert (trust.value, trust.kind, trust.edit_reason) == (33.0, "estimate", "our embassy read")
        assert trust.reviewed == "2026-03-04" and not trust.has_range  # drawn ± the half-width around the user's value
        assert "(Analyst estimate.)" not in trust.rationale
        assert ind.sovereignty["demand_security"].value == 70  # not edited: the 2026 review applies
        aut = s.profile("AUT").sovereignty
        assert aut["trust"].value == 44 and aut["demand_security"].kind == "default" and aut["demand_security"].has_range
        kept = s.db.execute("SELECT value, status FROM profile_reviews WHERE iso3 = 'IND' AND field = 'trust'").fetchall()
        assert kept == [(70.0, "kept_edit")]
        assert s.db["outcomes"].count >= 30
        assert s.assumption_set()["data.profile_review_months"] == 12
        # The saved proposals are still there.
        assert {p.name for p in s.proposals()} >= {"Kenya sovereign cloud", "Brazil open models"}
    finally:
        s.close()
