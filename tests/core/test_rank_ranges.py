"""The ranking with p10–p90 for every country: each country's range is its own Monte Carlo."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from functools import cache
from types import MappingProxyType

import pytest

from desktop.core.model import AssumptionSet, DealTerms, Proposal
from desktop.core.ranking import ranking
from desktop.core.uncertainty import monte_carlo, rank_ranges
from desktop.store import memory_store


@cache
def world():
    store = memory_store()
    return store.profiles(), store.assumption_set()


def _offer(a: AssumptionSet) -> Proposal:
    return Proposal(
        name="p", country="KEN", levers={"security": 70, "resilience": 30, "openness": 60, "partnership": 55},
        measures=frozenset(m.id for m in a.measures[::4]), components={"financing": 1},
        deal=DealTerms(value_musd=400.0, price=1.08, financing="exim_loan", financing_share=0.4),
    )


def _collapsed(a: AssumptionSet) -> AssumptionSet:
    rows = {k: replace(row, low=row.value, high=row.value) for k, row in a.rows.items()}
    flat = AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures)
    for key in ("uncertainty.alternative_halfwidth", "uncertainty.alternative_price_halfwidth",
                "uncertainty.estimate_halfwidth", "uncertainty.default_halfwidth"):
        flat = flat.with_value(key, 0.0)
    return flat


@pytest.mark.parametrize("neutral", [True, False])
def test_each_countrys_range_is_the_monte_carlo_of_the_offer_aimed_at_it(neutral):
    profiles, a = world()
    offer = Proposal(name="p", country="KEN") if neutral else _offer(a)
    ranges = rank_ranges(offer, profiles.values(), a, draws=400, seed=11)
    assert list(ranges) == list(profiles)
    for iso3 in sorted(profiles)[::9] + ["KEN", "IND", "SAU", "DEU", "VNM"]:
        mc = monte_carlo(replace(offer, country=iso3), profiles[iso3], a, draws=400, seed=11)
        got = ranges[iso3]
        assert (got.draws, got.seed, got.inputs, got.band) == (mc.draws, mc.seed, mc.inputs, mc.band)
        assert got.point == pytest.approx(mc.point, abs=1e-9)
        assert got.band_share == pytest.approx(mc.band_share, abs=1e-12)
        for side in ("overall", "acceptance", "assurance"):
            assert getattr(got, side).to_dict() == getattr(mc, side).to_dict(), (iso3, side)


def test_the_point_is_the_ranked_score_and_the_percentiles_are_ordered():
    profiles, a = world()
    offer = _offer(a)
    ranges = rank_ranges(offer, profiles.values(), a, draws=300)
    for row in ranking(offer, profiles, a):
        r = ranges[row.iso3]
        assert r.overall.p10 <= r.overall.p50 <= r.overall.p90
        for side in (r.acceptance, r.assurance):
            assert 0.0 <= side.p10 <= side.p50 <= side.p90 <= 100.0
        assert 0.0 <= r.band_share <= 1.0
        if row.overall is not None:
            assert round(r.point, 2) == row.overall


def test_collapsed_ranges_give_the_point_for_every_country():
    """The model is not linear (clamps, the gate), so a point need not lie inside p10–p90; with
    every range collapsed onto its value, every draw is the point."""
    profiles, a = world()
    flat = _collapsed(a)
    # Each profile figure carries its own range since migration m013: collapse those too.
    pinned = [dataclasses.replace(p, sovereignty=MappingProxyType(
        {k: dataclasses.replace(f, low=None, high=None) for k, f in p.sovereignty.items()})) for p in profiles.values()]
    for offer in (Proposal(name="p", country="KEN"), _offer(a)):
        for iso3, r in rank_ranges(offer, pinned, flat, draws=50).items():
            for value in (r.overall.p10, r.overall.p50, r.overall.p90):
                assert value == pytest.approx(r.point, abs=1e-6), iso3
            assert r.band_share == 1.0


def test_the_ranking_rows_carry_the_ranges_when_asked():
    profiles, a = world()
    offer = Proposal(name="p", country="KEN")
    plain = ranking(offer, profiles, a)
    ranged = ranking(offer, profiles, a, ranges=True)
    assert [r.iso3 for r in ranged] == [r.iso3 for r in plain]
    assert all(r.p10 is None and r.p90 is None for r in plain)
    for r in ranged:
        if r.overall is None:  # an embargoed destination has no score to vary
            assert r.p10 is None and r.p90 is None
        else:
            assert r.p10 <= r.p50 <= r.p90


def test_no_countries_no_ranges():
    _profiles, a = world()
    assert rank_ranges(Proposal(name="p", country="KEN"), [], a) == {}
