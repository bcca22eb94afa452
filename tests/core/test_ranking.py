"""Ranking rows: every country once, deals that can proceed first (best first), then blocked and prohibited
destinations in their own groups; a UN region and groups from the seeded tables."""

from __future__ import annotations

from desktop.core.engine import rank
from desktop.core.model import BANDS, CountryProfile, Proposal
from desktop.core.ranking import ranking
from desktop.core.regions import UNKNOWN, classify
from desktop.core.screen import BLOCKED, PROHIBITED

N_COUNTRIES = 174


def test_every_seeded_country_has_a_region_from_the_seed(store):
    profiles = store.profiles()
    assert len(profiles) == N_COUNTRIES
    for iso3, p in profiles.items():
        assert classify(p) != UNKNOWN, iso3
    where = {iso: classify(p) for iso, p in profiles.items()}
    assert where["KEN"].region == "Eastern Africa" and where["KEN"].continent == "Africa"
    assert where["SAU"].region == "Western Asia"
    assert where["BRA"].region == "South America"
    assert {"G7", "G20", "OECD"} <= set(where["USA"].groups)
    assert "EU" in where["DEU"].groups and "EU" not in where["NOR"].groups
    assert "BRICS" in where["BRA"].groups and "GCC" in where["ARE"].groups and "ASEAN" in where["TLS"].groups
    # A profile the store did not fill has no classification.
    bare = CountryProfile("ZZZ", "Nowhere", profiles["KEN"].aipi, profiles["KEN"].pillars, profiles["KEN"].sovereignty)
    assert classify(bare) is UNKNOWN


def test_group_memberships_match_the_shipped_table(store):
    blocs = store.blocs()
    assert list(blocs) == ["EU", "ASEAN", "GCC"]  # the regional blocs; G7, G20, OECD, BRICS are not
    assert len(blocs["EU"]["members"]) == 27 and len(blocs["ASEAN"]["members"]) == 11
    assert sorted(blocs["GCC"]["members"]) == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    assert blocs["ASEAN"]["since"]["TLS"] == 2025
    profiles = store.profiles()
    for bloc in blocs.values():
        assert set(bloc["members"]) <= set(profiles)


def test_ranking_matches_the_engine_and_puts_blocked_destinations_apart(store):
    profiles, assumptions = store.profiles(), store.assumption_set()
    offer = Proposal(name="Offer", country="KEN", levers={"security": 70, "resilience": 40, "openness": 60, "partnership": 80})
    rows = ranking(offer, profiles, assumptions)
    expected = rank(offer, profiles.values(), assumptions)
    assert [r.iso3 for r in rows] == [a.country for a in expected]
    assert len(rows) == N_COUNTRIES
    groups = [r.group for r in rows]
    assert groups == sorted(groups)  # proceed (0), then blocked (1), then prohibited (2)
    proceed = [r for r in rows if r.group == 0]
    assert [r.position for r in proceed] == list(range(1, len(proceed) + 1))
    assert [r.overall for r in proceed] == sorted((r.overall for r in proceed), reverse=True)
    assert all(r.band in BANDS for r in proceed)
    blocked = [r for r in rows if r.group == 1]
    assert {"RUS", "CHN", "BLR", "LBN", "HKG", "MAC"} <= {r.iso3 for r in blocked}
    assert all(r.band == BLOCKED and r.position is None for r in blocked)
    prohibited = [r for r in rows if r.group == 2]
    assert [r.iso3 for r in prohibited] == ["IRN"] and prohibited[0].band == PROHIBITED and prohibited[0].overall is None
    ken = next(r for r in rows if r.iso3 == "KEN")
    a = next(a for a in expected if a.country == "KEN")
    assert (ken.overall, ken.acceptance, ken.assurance) == (
        round(a.overall, 2),
        round(a.counterpart_acceptance, 2),
        round(a.exporter_assurance, 2),
    )
    assert ken.country == "Kenya" and ken.region == "Eastern Africa" and ken.status == "eligible"
    assert next(r for r in rows if r.iso3 == "ARE").status == "licence"
