"""Model v2's properties (issue 11): concessions cost, so packages are country-specific; the
sovereignty demands and the rival offer move the score; the advice agrees with itself.

Data-driven over the analyst-profiled countries that the destination screen lets through
(a denial or embargoed destination is not a market to optimise for).
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.engine import assess, compile_params, country_inputs
from desktop.core.model import LEVERS, PROFILE_FIELDS, Proposal
from desktop.core.optimize import advice, apply_move, objective_value, optimise
from desktop.store import memory_store

BLOCKED = ("denial", "embargoed")


@cache
def world():
    store = memory_store()
    return store, store.profiles(), store.assumption_set()


@cache
def profiled() -> tuple[str, ...]:
    _s, profiles, _a = world()
    return tuple(
        iso for iso, p in sorted(profiles.items())
        if p.profile_kind == "estimate" and getattr(getattr(p, "destination", None), "status", "eligible") not in BLOCKED
    )


@cache
def optimised() -> dict[str, object]:
    _s, profiles, a = world()
    return {iso: optimise(Proposal(name="o", country=iso), profiles[iso], a) for iso in profiled()}


def test_there_are_enough_profiled_countries():
    assert len(profiled()) >= 30


# ------------------------------------------------------------------ country-specific packages


def _levers() -> np.ndarray:
    return np.array([[o.proposal.levers[lv] for lv in LEVERS] for o in optimised().values()])


def test_no_lever_takes_the_same_optimised_value_in_more_than_half_the_countries():
    values = _levers()
    for j, lever in enumerate(LEVERS):
        _v, counts = np.unique(values[:, j], return_counts=True)
        assert counts.max() <= len(values) / 2, (lever, counts.max())


def test_optimised_packages_differ_between_countries():
    values = _levers()
    distances = [np.abs(x - y).sum() for x, y in itertools.combinations(values, 2)]
    assert np.mean(distances) >= 30, np.mean(distances)


def test_no_lever_is_pushed_to_100_in_more_than_a_third_of_the_countries():
    values = _levers()
    for j, lever in enumerate(LEVERS):
        assert np.mean(values[:, j] == 100) <= 1 / 3, lever


def test_no_package_takes_every_measure_and_most_measures_serve_somewhere():
    _s, _p, a = world()
    catalog = {m.id for m in a.measures}
    packages = [o.proposal.measures for o in optimised().values()]
    assert all(p != catalog for p in packages)
    chosen = set().union(*packages)
    assert len(chosen) >= 0.7 * len(catalog), sorted(catalog - chosen)


def test_every_optimised_package_has_a_price_and_a_margin_at_or_above_the_minimum():
    for iso, o in optimised().items():
        deal = o.assessment.deal
        assert 0.5 <= o.proposal.deal.price <= 1.5
        assert deal["margin"] >= deal["min_margin"] - 0.005, (iso, deal["margin"])


# ------------------------------------------------------------------ the demands and the alternative matter


def _r2(x: np.ndarray, y: np.ndarray) -> float:
    x = np.column_stack([np.ones(len(y)), x])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ beta
    return 1.0 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


def test_a_neutral_offer_depends_on_the_demands_and_the_alternative_not_only_capacity_and_trust():
    _s, profiles, a = world()
    p = compile_params(a)
    y, base, extra = [], [], []
    for iso in profiled():
        prof = profiles[iso]
        y.append(assess(Proposal(name="n", country=iso), prof, a).overall)
        ci = country_inputs(prof, p)
        base.append([ci.capacity, ci.trust])
        alt = prof.alternative
        extra.append([prof.sovereignty[f].value for f in PROFILE_FIELDS[:4]]
                     + [alt.positions[lv] for lv in LEVERS] + [alt.price, alt.financing_share])
    y = np.array(y)
    capacity_and_trust = _r2(np.array(base), y)
    everything = _r2(np.column_stack([base, extra]), y)
    assert capacity_and_trust <= 0.6, capacity_and_trust
    assert everything - capacity_and_trust >= 0.25, (capacity_and_trust, everything)


# ------------------------------------------------------------------ advice that agrees with itself


def test_at_the_optimisers_answer_no_move_and_no_fix_improves_the_objective():
    # Not by moves.min_gain or more: below it a change is noise at the shown precision, and the
    # optimiser does not put a concession worth less on the table (a flag's fix may remain, +0.0).
    _s, profiles, a = world()
    for iso, o in optimised().items():
        value = objective_value(o.assessment, "overall")
        assert not o.assessment.moves["best"], iso  # best moves list gains of min_gain or more only
        for move in advice(o.assessment):
            after = assess(apply_move(o.proposal, move), profiles[iso], a)
            assert after.overall < value + a["moves.min_gain"], (iso, move.label, after.overall - value)


def test_the_optimisers_reasons_rarely_read_as_a_loss_and_add_up():
    # A change that pays only with another is listed with it ("… and …: +0.8 overall"); over the
    # profiled countries 13 lines read as a loss before that pairing, 1 after.
    losses = 0
    for iso, o in optimised().items():
        assert sum(c.gain for c in o.changes) == pytest.approx(o.after - o.before, abs=1e-9), iso
        for before, change in zip((None, *o.changes), o.changes):
            if change.why.endswith("counted with the line above"):
                assert before is not None and " and " in before.why and change.gain == 0.0, iso
        losses += sum(c.gain <= -0.05 for c in o.changes)
    assert losses <= 2, losses


def test_every_measure_the_optimiser_adds_earns_its_place():
    # Dropping any one of them from the answer costs at least moves.min_gain: no "+0.0" concessions.
    _s, profiles, a = world()
    for iso, o in optimised().items():
        value = objective_value(o.assessment, "overall")
        for mid in o.proposal.measures - o.start.measures:
            without = assess(o.proposal.with_measure(mid, False), profiles[iso], a)
            assert value - without.overall >= a["moves.min_gain"] - 1e-9, (iso, mid, value - without.overall)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(world()[1])), st.lists(st.integers(0, 100), min_size=4, max_size=4),
       st.frozensets(st.sampled_from([m.id for m in world()[2].measures]), max_size=5))
def test_every_move_and_fix_does_what_it_says_before_it_is_clicked(iso, levers, measures):
    _s, profiles, a = world()
    proposal = Proposal(name="p", country=iso, levers=dict(zip(LEVERS, levers, strict=True)), measures=measures)
    before = assess(proposal, profiles[iso], a)
    for move in advice(before):
        after = assess(apply_move(proposal, move), profiles[iso], a)
        assert after.overall == pytest.approx(before.overall + move.effect.overall, abs=1e-9)
        assert after.counterpart_acceptance == pytest.approx(before.counterpart_acceptance + move.effect.counterpart_acceptance, abs=1e-9)
        assert after.exporter_assurance == pytest.approx(before.exporter_assurance + move.effect.exporter_assurance, abs=1e-9)
        assert after.overall == pytest.approx(move.overall, abs=1e-9)
    for flag in before.flags:
        if flag.fix is not None and flag.fix.effect.overall < -0.005:
            assert "the fix costs" in flag.message  # a fix that lowers the score says so
    labels = [m.label for m in before.moves["best"]]
    assert len(labels) == len(set(labels))  # no move is listed twice


def test_the_next_band_message_is_true():
    _s, profiles, a = world()
    for iso in ("KEN", "IND", "DEU", "SYC"):
        r = assess(Proposal(name="p", country=iso), profiles[iso], a)
        note = r.moves["note"]
        assert "red lines" not in note  # none are set
        if r.band == "Ready":
            assert note == "" and r.moves["smallest"] is None
        elif r.moves["smallest"] is not None:
            after = assess(apply_move(Proposal(name="p", country=iso), r.moves["smallest"]), profiles[iso], a)
            assert round(after.overall, 2) >= a[{"Not ready": "band.at_risk", "At risk": "band.viable", "Viable": "band.ready"}[r.band]]
        else:
            assert note.startswith("No change of one or two levers or measures reaches")


def test_the_optimiser_refuses_nothing_it_should_not_and_keeps_red_lines():
    _s, profiles, a = world()
    start = Proposal(name="p", country="KEN", red_lines={"openness": (20, 40), "security": (0, 60)})
    o = optimise(start, profiles["KEN"], a)
    assert 20 <= o.proposal.levers["openness"] <= 40 and o.proposal.levers["security"] <= 60
    assert o.after >= o.before - 1e-9
