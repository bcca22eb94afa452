"""The Monte Carlo: the draw-vectorised evaluation equals engine.assess on every draw; seeded,
reproducible; its interval holds the point estimate; collapsing the top driver narrows it."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.engine import assess
from desktop.core.model import COMPONENTS, LEVERS, AssumptionSet, Figure, Proposal
from desktop.core.sensitivity import tornado
from desktop.core.uncertainty import (
    NOT_DRAWN_PREFIXES,
    draw,
    evaluate_draws,
    monte_carlo,
    summary,
    uncertain_inputs,
    uncertainty_summary,
)
from desktop.store import memory_store


@cache
def world():
    store = memory_store()
    return store, store.profiles(), store.assumption_set()


def _isos():
    return sorted(world()[1])


def _measure_ids():
    return [m.id for m in world()[2].measures]


@st.composite
def proposals(draw_, iso3=None):
    return Proposal(
        name="p",
        country=iso3 or draw_(st.sampled_from(_isos())),
        levers=draw_(st.fixed_dictionaries({lv: st.integers(0, 100) for lv in LEVERS})),
        measures=draw_(st.frozensets(st.sampled_from(_measure_ids()))),
        components=draw_(st.fixed_dictionaries({c: st.integers(0, 3) for c in COMPONENTS})),
    )


def _set_with(a: AssumptionSet, values: dict[str, float]) -> AssumptionSet:
    rows = dict(a.rows)
    for k, v in values.items():
        rows[k] = replace(rows[k], value=float(v))
    return AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures)


def _profile_with(profile, values: dict[str, float]):
    sov = dict(profile.sovereignty)
    alt = profile.alternative
    for k, v in values.items():
        if k.startswith("alternative."):
            field = k.split(".", 1)[1]
            if field in LEVERS:
                alt = replace(alt, positions={**alt.positions, field: float(v)})
            else:
                alt = replace(alt, **{field: float(v)})
        else:
            sov[k] = replace(sov[k], value=float(v))
    return replace(profile, sovereignty=MappingProxyType(sov), alternative=alt)


@settings(max_examples=25, deadline=None)
@given(proposals(), st.integers(0, 2**31 - 1))
def test_vectorised_draws_equal_engine_assess_on_every_draw(p, seed):
    _store, profiles, a = world()
    profile = profiles[p.country]
    inputs = uncertain_inputs(p, profile, a)
    n = 12
    a_over, p_over = draw(inputs, n, seed)
    out = evaluate_draws(p, profile, a, a_over, p_over)
    for i in range(n):
        ai = _set_with(a, {k: v[i] for k, v in a_over.items()})
        pi = _profile_with(profile, {k: v[i] for k, v in p_over.items()})
        r = assess(p, pi, ai)
        assert out["overall"][i] == pytest.approx(r.overall, abs=1e-9)
        assert out["acceptance"][i] == pytest.approx(r.counterpart_acceptance, abs=1e-9)
        assert out["assurance"][i] == pytest.approx(r.exporter_assurance, abs=1e-9)
        assert out["dims"][:, i].tolist() == pytest.approx(list(r.dimensions.values()), abs=1e-9)


def test_all_1000_draws_of_one_run_equal_engine_assess():
    _store, profiles, a = world()
    p = Proposal("p", "KEN", levers={"security": 70, "resilience": 30, "openness": 60, "partnership": 55},
                 measures=frozenset(_measure_ids()[::3]))
    profile = profiles["KEN"]
    a_over, p_over = draw(uncertain_inputs(p, profile, a), 1000, 7)
    out = evaluate_draws(p, profile, a, a_over, p_over)
    expected = [
        assess(p, _profile_with(profile, {k: v[i] for k, v in p_over.items()}),
               _set_with(a, {k: v[i] for k, v in a_over.items()})).overall
        for i in range(1000)
    ]
    np.testing.assert_allclose(out["overall"], expected, rtol=0, atol=1e-9)


def test_inputs_cover_estimates_and_relevant_assumptions_not_published_figures():
    _store, profiles, a = world()
    p = Proposal("p", "KEN", measures=frozenset(_measure_ids()[:2]), components={"compute": 2})
    inputs = uncertain_inputs(p, profiles["KEN"], a)
    keys = {i.key for i in inputs}
    assert "weight.continuity" in keys and "trust" in keys and "demand_localization" in keys
    assert not any(k.startswith(NOT_DRAWN_PREFIXES) for k in keys)
    assert not any(k.startswith("component.data.") for k in keys)  # not included in the offer
    assert any(k.startswith(f"measure.{_measure_ids()[0]}.") for k in keys)
    assert not any(k.startswith(f"measure.{_measure_ids()[5]}.") for k in keys)
    trust = next(i for i in inputs if i.key == "trust")
    fig = profiles["KEN"].sovereignty["trust"]
    assert fig.has_range and (trust.low, trust.high) == (fig.low, fig.high)  # its own range, not a global half-width
    for i in inputs:
        assert i.low <= i.value <= i.high


def test_draws_stay_in_range_and_follow_the_mode():
    _store, profiles, a = world()
    p = Proposal("p", "IND")
    inputs = uncertain_inputs(p, profiles["IND"], a)
    a_over, p_over = draw(inputs, 4000, 3)
    for inp in inputs:
        values = (a_over if inp.kind == "assumption" else p_over)[inp.key]
        assert values.min() >= inp.low - 1e-12 and values.max() <= inp.high + 1e-12
        if inp.high > inp.low:  # triangular mean = (low + mode + high) / 3
            assert values.mean() == pytest.approx((inp.low + inp.value + inp.high) / 3, abs=0.05 * (inp.high - inp.low))


def test_monte_carlo_is_reproducible_with_a_seed_and_differs_with_another():
    _store, profiles, a = world()
    p = Proposal("p", "BRA", levers={"security": 55, "resilience": 45, "openness": 40, "partnership": 70})
    one, two = monte_carlo(p, profiles["BRA"], a, seed=11), monte_carlo(p, profiles["BRA"], a, seed=11)
    assert one == two
    other = monte_carlo(p, profiles["BRA"], a, seed=12)
    assert other.overall != one.overall
    assert one.draws == 1000 == int(a["uncertainty.draws"])


@settings(max_examples=40, deadline=None)
@given(proposals())
def test_interval_contains_the_point_estimate(p):
    _store, profiles, a = world()
    r = monte_carlo(p, profiles[p.country], a)
    point = assess(p, profiles[p.country], a).overall
    assert r.point == pytest.approx(point, abs=1e-9)
    assert r.overall.p10 <= r.overall.p50 <= r.overall.p90
    # The model is not linear (clamps, the both-sides gate), so the point need not lie inside
    # p10–p90; with every range collapsed onto its value, though, every draw is the point.
    rows = {k: replace(row, low=row.value, high=row.value) for k, row in a.rows.items()}
    flat = AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures)
    flat = flat.with_value("uncertainty.alternative_halfwidth", 0.0).with_value("uncertainty.alternative_price_halfwidth", 0.0)
    flat = flat.with_value("uncertainty.estimate_halfwidth", 0.0).with_value("uncertainty.default_halfwidth", 0.0)
    prof = profiles[p.country]
    pinned = replace(prof, sovereignty=MappingProxyType({k: replace(f, low=None, high=None) for k, f in prof.sovereignty.items()}))
    collapsed = monte_carlo(p, pinned, flat)
    assert collapsed.overall.p10 == pytest.approx(point, abs=1e-6) == pytest.approx(collapsed.overall.p90, abs=1e-6)
    assert 0.0 <= r.band_share <= 1.0
    for side in (r.acceptance, r.assurance):
        assert 0.0 <= side.p10 <= side.p50 <= side.p90 <= 100.0


@pytest.mark.parametrize("iso3", ["KEN", "ARE", "IND", "BRA"])
def test_collapsing_the_top_tornado_driver_narrows_the_interval(iso3):
    store, profiles, a = world()
    profile = profiles[iso3]
    sov = {f: profile.sovereignty[f].value for f in profile.sovereignty}
    # An offer at the country's demands, so that the score is not held at 0 by the both-sides gate.
    p = Proposal("p", iso3, levers={"security": int(sov["demand_security"]), "resilience": int(100 - sov["demand_localization"]),
                                    "openness": int(sov["demand_openness"]), "partnership": int(sov["demand_partnership"])})
    top = tornado(p, profile, a).bars[0].input
    before = monte_carlo(p, profile, a)
    if top.kind == "assumption":
        collapsed = _set_with(a, {})
        rows = dict(collapsed.rows)
        rows[top.key] = replace(rows[top.key], low=top.value, high=top.value)
        a2 = AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures)
        after = monte_carlo(p, profile, a2)
    elif top.key.startswith("alternative."):  # the rival offer: no range left to draw from
        rows = dict(a.rows)
        for key in ("uncertainty.alternative_halfwidth", "uncertainty.alternative_price_halfwidth"):
            rows[key] = replace(rows[key], value=0.0)
        after = monte_carlo(p, profile, AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures))
    else:  # a profile figure: a published figure is not drawn
        sov = dict(profile.sovereignty)
        sov[top.key] = replace(sov[top.key], kind="published")
        after = monte_carlo(p, replace(profile, sovereignty=MappingProxyType(sov)), a)
    width = lambda r: r.overall.p90 - r.overall.p10  # noqa: E731
    assert width(after) < width(before)


def test_summary_for_the_brief():
    _store, profiles, a = world()
    p = Proposal("p", "ARE")
    s = uncertainty_summary(p, profiles["ARE"], a)
    r = monte_carlo(p, profiles["ARE"], a)
    assert s == summary(r)
    assert set(s["interval"]) == {"p10", "p50", "p90"}
    assert s["band_text"] == f"{r.band} in {round(r.band_share * 100)}% of draws"
    assert s["interval_text"].startswith("p10–p90: ")


def test_a_published_figure_is_not_drawn():
    _store, profiles, a = world()
    profile = profiles["KEN"]
    sov = {k: replace(f, kind="published") for k, f in profile.sovereignty.items()}
    published = replace(profile, sovereignty=MappingProxyType(sov))
    keys = {i.key for i in uncertain_inputs(Proposal("p", "KEN"), published, a)}
    assert not keys & set(sov)
    assert isinstance(next(iter(sov.values())), Figure)


def test_each_profile_figure_is_drawn_over_its_own_range_and_an_edit_falls_back_to_the_half_width():
    _store, profiles, a = world()
    p = Proposal("p", "IND")
    prof = profiles["IND"]
    widths = set()
    for inp in (i for i in uncertain_inputs(p, prof, a) if i.kind == "profile" and not i.key.startswith("alternative.")):
        fig = prof.sovereignty[inp.key]
        assert (inp.low, inp.high) == (fig.low, fig.high)
        widths.add(round(inp.high - inp.low, 6))
    assert len(widths) > 1  # not one fixed half-width for all
    a_over, p_over = draw(uncertain_inputs(p, prof, a), 2000, 5)
    assert p_over["trust"].min() >= prof.sovereignty["trust"].low and p_over["trust"].max() <= prof.sovereignty["trust"].high
    edited = replace(prof, sovereignty=MappingProxyType(dict(prof.sovereignty, trust=replace(
        prof.sovereignty["trust"], value=20.0, edited_at="2026-12-02T00:00:00Z", edit_reason="test"))))
    trust = next(i for i in uncertain_inputs(p, edited, a) if i.key == "trust")
    half = a["uncertainty.estimate_halfwidth"]
    assert (trust.low, trust.high) == (20.0 - half, 20.0 + half)
