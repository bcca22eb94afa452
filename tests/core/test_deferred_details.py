"""`assess` gives the score, sides, charts' data and line items at once and computes the flags
and moves (the next-band search) when first read; what it then gives is what the eager build
gives, for any offer, and the destination screen and dated flags never force the computation."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.engine import Assessment, DeferredAssessment, assess, compile_params
from desktop.core.engine.assemble import assemble
from desktop.core.engine.kernel import evaluate
from desktop.core.engine.variants import variants
from desktop.core.evaluate import evaluate as evaluate_for_views
from desktop.core.model import LEVERS, Proposal

COUNTRIES = ("KEN", "IND", "SAU", "DEU", "VNM", "RUS", "IRN")


def eager(proposal: Proposal, profile, a) -> Assessment:
    """The assessment built in one go (as before the deferral), screened the same way."""
    from desktop.core import engine

    p = compile_params(a)
    ci = engine._country(profile, p)
    var = variants(proposal, p)
    t = engine._terms(profile, ci, proposal, p)
    out = evaluate(var.levers[:, None, :], var.agg[:, None, :], t, p, var.price[None, :])
    return engine.screened(assemble(proposal, [(profile, ci)], a, p, var, out, t, [t])[0], proposal, profile, a)


def pending(result: Assessment) -> bool:
    return isinstance(result, DeferredAssessment) and "_details" in result.__dict__


def test_flags_and_moves_wait_until_read(store):
    a, profiles = store.assumption_set(), store.profiles()
    result = assess(Proposal(name="k", country="KEN", levers={"security": 60, "resilience": 90, "openness": 50,
                                                                "partnership": 40}), profiles["KEN"], a)
    assert pending(result)
    assert result.overall >= 0 and result.line_items and result.commitments["security"]["lever"] == 60
    assert pending(result)  # reading the score, the line items and the commitments computed nothing more
    assert result.flags and result.moves["best"]
    assert not pending(result)


def test_dated_flags_and_screen_do_not_force_the_details(store):
    a, profiles = store.assumption_set(), store.profiles()
    result = evaluate_for_views(Proposal(name="k", country="ARE"), profiles, a)
    assert pending(result) and result.screen is not None
    assert any(f.type == "compliance" for f in result.flags)  # the screen's flag comes first, once read


def test_an_embargoed_destination_needs_no_details(store):
    a, profiles = store.assumption_set(), store.profiles()
    result = assess(Proposal(name="c", country="IRN"), profiles["IRN"], a)
    assert not result.scored and result.moves == {"best": [], "next_band": {}}
    assert result.band == "Prohibited" and result.flags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    country=st.sampled_from(COUNTRIES),
    levers=st.tuples(*[st.integers(0, 100)] * 4),
    red=st.one_of(st.none(), st.tuples(st.sampled_from(LEVERS), st.integers(0, 50), st.integers(50, 100))),
)
def test_deferred_equals_eager(store, country, levers, red):
    a, profiles = store.assumption_set(), store.profiles()
    proposal = Proposal(name="x", country=country, levers=dict(zip(LEVERS, levers, strict=True)),
                        red_lines={} if red is None else {red[0]: (red[1], red[2])})
    lazy, built = assess(proposal, profiles[country], a), eager(proposal, profiles[country], a)
    assert lazy.band == built.band and lazy.overall == pytest.approx(built.overall, abs=1e-12)
    for f in fields(Assessment):
        assert getattr(lazy, f.name) == getattr(built, f.name), f.name
    assert lazy.to_dict() == built.to_dict()
