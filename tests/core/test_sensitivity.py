"""The tornado and the ±1-step lever analysis against the engine itself."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from types import MappingProxyType

import pytest

from desktop.core.engine import assess
from desktop.core.model import LEVERS, AssumptionSet, Proposal
from desktop.core.sensitivity import lever_steps, tornado
from desktop.store import memory_store


@cache
def world():
    store = memory_store()
    return store, store.profiles(), store.assumption_set()


def _with(a, key, value):
    rows = dict(a.rows)
    rows[key] = replace(rows[key], value=value)
    return AssumptionSet(a.version, a.name, MappingProxyType(rows), a.measures)


def test_bars_match_the_engine_and_are_sorted_by_swing():
    _store, profiles, a = world()
    p = Proposal("p", "KEN", levers={"security": 60, "resilience": 40, "openness": 70, "partnership": 55})
    t = tornado(p, profiles["KEN"], a)
    assert t.base == pytest.approx(assess(p, profiles["KEN"], a).overall, abs=1e-9)
    swings = [b.swing for b in t.bars]
    assert swings == sorted(swings, reverse=True) and swings[0] > 1.0
    for bar in t.bars[:8]:
        if bar.input.kind == "assumption":
            lo = assess(p, profiles["KEN"], _with(a, bar.input.key, bar.input.low)).overall
            hi = assess(p, profiles["KEN"], _with(a, bar.input.key, bar.input.high)).overall
        else:
            prof = profiles["KEN"]

            def moved(v, prof=prof, key=bar.input.key):
                sov = dict(prof.sovereignty)
                sov[key] = replace(sov[key], value=v)
                return replace(prof, sovereignty=MappingProxyType(sov))

            lo = assess(p, moved(bar.input.low), a).overall
            hi = assess(p, moved(bar.input.high), a).overall
        assert (bar.at_low, bar.at_high) == pytest.approx((lo, hi), abs=1e-9)


def test_profile_estimates_appear_in_the_tornado():
    _store, profiles, a = world()
    # An offer near India's demands: far from them, the both-sides gate takes the whole score and
    # no input moves it.
    p = Proposal("p", "IND", levers={"security": 70, "resilience": 30, "openness": 80, "partnership": 80})
    kinds = {b.input.kind for b in tornado(p, profiles["IND"], a).bars}
    assert kinds == {"assumption", "profile"}


def test_lever_steps_are_one_step_each_way_within_red_lines():
    _store, profiles, a = world()
    p = Proposal("p", "ARE", levers={"security": 100, "resilience": 50, "openness": 5, "partnership": 50},
                 red_lines={"partnership": (45, 55)})
    rows = {r["lever"]: r for r in lever_steps(p, profiles["ARE"], a)}
    step = int(a["moves.lever_step"])
    assert set(rows) == set(LEVERS)
    assert rows["security"]["up"] is None and rows["security"]["down"]["to"] == 100 - step
    assert rows["openness"]["down"]["to"] == 0
    assert rows["partnership"]["up"]["to"] == 55 and rows["partnership"]["down"]["to"] == 45
    base = assess(p, profiles["ARE"], a).overall
    r = assess(p.with_lever("resilience", 50 + step), profiles["ARE"], a)
    assert rows["resilience"]["up"]["overall"] == round(r.overall, 2)
    assert rows["resilience"]["up"]["delta"] == round(r.overall - base, 2)
