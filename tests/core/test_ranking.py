"""Ranking rows: every country once, best first, with a UN region and groups from country_converter."""

from __future__ import annotations

from desktop.core.engine import rank
from desktop.core.model import BANDS, Proposal
from desktop.core.ranking import ranking
from desktop.core.regions import UNKNOWN, classifications, classify

N_COUNTRIES = 174


def test_every_seeded_country_has_a_region_from_the_package(store):
    profiles = store.profiles()
    assert len(profiles) == N_COUNTRIES
    for iso3 in profiles:
        assert classify(iso3) != UNKNOWN, iso3
    assert classify("KEN").region == "Eastern Africa" and classify("KEN").continent == "Africa"
    assert classify("SAU").region == "Western Asia"
    assert classify("BRA").region == "South America"
    assert {"G7", "G20", "OECD"} <= set(classify("USA").groups)
    assert "EU" in classify("DEU").groups and "EU" not in classify("NOR").groups
    assert "BRICS" in classify("BRA").groups
    assert classify("ZZZ") is UNKNOWN
    assert len(classifications()) > 200  # the package's table, not a hand-typed list of our countries


def test_ranking_matches_the_engine_and_is_best_first(store):
    profiles, assumptions = store.profiles(), store.assumption_set()
    offer = Proposal(name="Offer", country="KEN", levers={"security": 70, "resilience": 40, "openness": 60, "partnership": 80})
    rows = ranking(offer, profiles, assumptions)
    expected = rank(offer, profiles.values(), assumptions)
    assert [r.iso3 for r in rows] == [a.country for a in expected]
    assert [r.position for r in rows] == list(range(1, N_COUNTRIES + 1))
    assert [r.overall for r in rows] == sorted((r.overall for r in rows), reverse=True)
    assert all(r.band in BANDS for r in rows)
    ken = next(r for r in rows if r.iso3 == "KEN")
    a = next(a for a in expected if a.country == "KEN")
    assert (ken.overall, ken.acceptance, ken.assurance) == (
        round(a.overall, 2),
        round(a.counterpart_acceptance, 2),
        round(a.exporter_assurance, 2),
    )
    assert ken.country == "Kenya" and ken.region == "Eastern Africa"
