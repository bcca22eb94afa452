"""The optimiser: within the red lines, never worse than the start, deterministic, explained."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.engine import assess
from desktop.core.model import COMPONENTS, LEVERS, DomainError, Proposal
from desktop.core.optimize import OBJECTIVES, objective_value, optimise
from desktop.store import memory_store


@cache
def world():
    store = memory_store()
    return store.profiles(), store.assumption_set()


def _isos() -> list[str]:
    """The countries the optimiser works for: every one but the embargoed (it refuses those: tests/core/test_screen.py)."""
    return sorted(iso for iso, p in world()[0].items() if p.destination is None or p.destination.status != "embargoed")


@st.composite
def red_lines(draw):
    lines = {}
    for lever in LEVERS:
        if draw(st.booleans()):
            lo = draw(st.integers(0, 100))
            hi = draw(st.integers(lo, 100))
            lines[lever] = (lo, hi)
    return lines


@st.composite
def proposals(draw, inside: bool = True):
    lines = draw(red_lines())
    levers = {}
    for lever in LEVERS:
        lo, hi = lines.get(lever, (0, 100))
        levers[lever] = draw(st.integers(lo, hi)) if inside else draw(st.integers(0, 100))
    measure_ids = [m.id for m in world()[1].measures]
    return Proposal(
        name="p",
        country=draw(st.sampled_from(_isos())),
        levers=levers,
        measures=draw(st.frozensets(st.sampled_from(measure_ids), max_size=8)),
        components={c: draw(st.integers(0, 3)) for c in COMPONENTS},
        red_lines=lines,
    )


def run(p: Proposal, objective: str):
    profiles, assumptions = world()
    return optimise(p, profiles[p.country], assumptions, objective)


@settings(max_examples=40, deadline=None)
@given(proposals(inside=False), st.sampled_from(OBJECTIVES))
def test_the_proposed_package_never_breaks_a_red_line(p, objective):
    result = run(p, objective)
    for lever in LEVERS:
        lo, hi = p.red_line(lever)
        assert lo <= result.proposal.levers[lever] <= hi
    assert result.proposal.red_lines == p.red_lines


@settings(max_examples=40, deadline=None)
@given(proposals(inside=True), st.sampled_from(OBJECTIVES))
def test_the_result_is_never_worse_than_the_start(p, objective):
    profiles, assumptions = world()
    result = run(p, objective)
    start = objective_value(assess(p, profiles[p.country], assumptions), objective)
    after = objective_value(assess(result.proposal, profiles[p.country], assumptions), objective)
    assert after >= start - 1e-9
    assert result.before == pytest.approx(start)
    assert result.after == pytest.approx(after)
    # Each change's gain is what it adds in turn: together they make up the whole improvement.
    assert sum(c.gain for c in result.changes) == pytest.approx(after - start, abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(proposals(inside=True), st.sampled_from(OBJECTIVES))
def test_the_optimiser_is_deterministic(p, objective):
    assert run(p, objective).to_dict() == run(p, objective).to_dict()


def test_a_neutral_kenyan_offer_improves_and_each_change_says_why():
    p = Proposal(name="p", country="KEN", red_lines={"openness": (20, 60)})
    result = run(p, "overall")
    assert result.after > result.before + 1.0
    assert result.changes
    levers = [c for c in result.changes if c.kind == "lever"]
    for change in levers:
        verb = "Raise" if change.after > change.before else "Lower"
        assert change.why.startswith(f"{verb} {change.target} {change.before} → {change.after}")
        assert change.why.endswith(" overall")
    assert sum(c.gain for c in result.changes) == pytest.approx(result.after - result.before, abs=1e-9)
    assert 20 <= result.proposal.levers["openness"] <= 60
    data = result.to_dict()
    assert set(data) >= {"levers", "measures", "overall", "before", "changes"}
    assert data["overall"] == round(result.overall_after, 2)


def test_weaker_side_raises_the_lower_of_the_two_sides():
    profiles, assumptions = world()
    p = Proposal(name="p", country="KEN")
    result = run(p, "weaker-side")
    a = assess(result.proposal, profiles["KEN"], assumptions)
    assert result.after == pytest.approx(min(a.counterpart_acceptance, a.exporter_assurance))
    assert result.after > result.before


def test_a_package_already_at_the_optimum_gets_no_changes():
    first = run(Proposal(name="p", country="KEN"), "overall")
    again = run(first.proposal, "overall")
    assert again.changes == ()
    assert again.after == pytest.approx(first.after)


def test_an_unknown_objective_is_refused():
    with pytest.raises(DomainError, match="objective"):
        run(Proposal(name="p", country="KEN"), "happiness")
