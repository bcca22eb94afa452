"""Operations on a proposal: each returns the Change it makes (before, after, label), and rejects bad values."""

from __future__ import annotations

import pytest

from desktop.core import ops
from desktop.core.engine import Effect, Move, Step, assess
from desktop.core.model import (
    COMPONENT_LABELS,
    COMPONENTS,
    LEVERS,
    SCALE_LABELS,
    DomainError,
    Proposal,
)


@pytest.fixture(scope="module")
def assumptions(store):
    return store.assumption_set()


@pytest.fixture
def p() -> Proposal:
    return Proposal(
        name="Kenya offer",
        country="KEN",
        levers={"security": 50, "resilience": 50, "openness": 90, "partnership": 50},
        measures=frozenset({"customer_keys"}),
        red_lines={"security": (40, 100)},
        notes="draft",
    )


def unchanged_except(change: ops.Change, **fields) -> None:
    """before is untouched, after differs from before only in the named fields."""
    names = (
        "name",
        "country",
        "levers",
        "measures",
        "components",
        "red_lines",
        "notes",
        "id",
        "example",
        "description",
    )
    for name in names:
        b, a = getattr(change.before, name), getattr(change.after, name)
        if name in fields:
            assert a == fields[name], (name, a)
        else:
            assert a == b, name


# ---------------------------------------------------------------------------- levers


def test_set_lever(p: Proposal) -> None:
    c = ops.set_lever(p, "security", 70)
    assert c.kind == "lever" and c.field == "security"
    assert c.before is p
    assert c.label == "Security 50 → 70"
    unchanged_except(
        c, levers={"security": 70, "resilience": 50, "openness": 90, "partnership": 50}
    )
    assert p.levers["security"] == 50  # the original is not mutated
    assert not c.empty


def test_set_lever_rounds_and_edges(p: Proposal) -> None:
    assert ops.set_lever(p, "openness", 33.6).after.levers["openness"] == 34
    assert ops.set_lever(p, "openness", 0).after.levers["openness"] == 0
    assert ops.set_lever(p, "openness", 100).after.levers["openness"] == 100
    same = ops.set_lever(p, "openness", 90)
    assert same.empty and same.label == "Openness 90 → 90"


@pytest.mark.parametrize(
    ("lever", "value"),
    [("security", 101), ("security", -1), ("security", 1000), ("bravery", 50), ("", 50)],
)
def test_set_lever_rejects(p: Proposal, lever: str, value: int) -> None:
    with pytest.raises(DomainError):
        ops.set_lever(p, lever, value)


@pytest.mark.parametrize("value", [float("nan"), "abc"], ids=["nan", "string"])
def test_set_lever_rejects_non_numbers_with_domain_error(p: Proposal, value) -> None:
    with pytest.raises(DomainError):
        ops.set_lever(p, "security", value)


def test_set_levers_is_one_change(p: Proposal) -> None:
    c = ops.set_levers(p, {"security": 80, "partnership": 75}, "Match Kenya")
    assert c.kind == "several" and c.label == "Match Kenya" and c.field is None
    assert c.before is p
    unchanged_except(
        c, levers={"security": 80, "resilience": 50, "openness": 90, "partnership": 75}
    )


def test_set_levers_rejects_any_bad_value(p: Proposal) -> None:
    with pytest.raises(DomainError):
        ops.set_levers(p, {"security": 80, "openness": 101}, "bad")
    with pytest.raises(DomainError):
        ops.set_levers(p, {"bravery": 1}, "bad")


# ---------------------------------------------------------------------------- measures, components


def test_set_measure_add_and_drop(p: Proposal, assumptions) -> None:
    add = ops.set_measure(p, "red_team_reports", True, assumptions)
    assert add.kind == "measure" and add.field == "red_team_reports"
    assert add.label == f"Add {assumptions.measure('red_team_reports').name}"
    unchanged_except(add, measures=frozenset({"customer_keys", "red_team_reports"}))
    drop = ops.set_measure(add.after, "customer_keys", False, assumptions)
    assert drop.label == f"Drop {assumptions.measure('customer_keys').name}"
    assert drop.before is add.after
    unchanged_except(drop, measures=frozenset({"red_team_reports"}))
    # Dropping a measure that is not chosen is an empty change, not an error.
    assert ops.set_measure(p, "cc_enclaves", False, assumptions).empty


def test_set_measure_rejects_unknown(p: Proposal, assumptions) -> None:
    with pytest.raises(DomainError, match="no_such_measure"):
        ops.set_measure(p, "no_such_measure", True, assumptions)


def test_set_component(p: Proposal) -> None:
    c = ops.set_component(p, "skills", 3)
    assert c.kind == "component" and c.field == "skills"
    assert c.label == f"{COMPONENT_LABELS['skills']}: {SCALE_LABELS[3]}"
    expected = dict(p.components, skills=3)
    unchanged_except(c, components=expected)
    off = ops.set_component(p, "financing", 0)
    assert off.after.components["financing"] == 0 and off.label.endswith("Not included")
    assert set(c.after.components) == set(COMPONENTS)


@pytest.mark.parametrize(
    ("component", "scale"), [("skills", 4), ("skills", -1), ("rockets", 1), ("", 0)]
)
def test_set_component_rejects(p: Proposal, component: str, scale: int) -> None:
    with pytest.raises(DomainError):
        ops.set_component(p, component, scale)


def test_set_component_rejects_fractional_scale(p: Proposal) -> None:
    with pytest.raises(DomainError):
        ops.set_component(p, "skills", 1.5)


# ---------------------------------------------------------------------------- country, name, notes, red lines


def test_set_country(p: Proposal) -> None:
    c = ops.set_country(p, "NGA", "Nigeria")
    assert c.kind == "country" and c.label == "Target Nigeria"
    assert c.before is p
    unchanged_except(c, country="NGA")


def test_rename(p: Proposal) -> None:
    c = ops.rename(p, "  Kenya flagship  ")
    assert c.kind == "name" and c.label == "Rename to Kenya flagship"
    unchanged_except(c, name="Kenya flagship")


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_rename_rejects_blank(p: Proposal, name: str) -> None:
    with pytest.raises(DomainError):
        ops.rename(p, name)


def test_set_notes(p: Proposal) -> None:
    c = ops.set_notes(p, "Concede openness first.\nNever below 40 on security.")
    assert c.kind == "notes" and c.label == "Edit notes"
    unchanged_except(c, notes="Concede openness first.\nNever below 40 on security.")


def test_set_red_line_and_clear(p: Proposal) -> None:
    c = ops.set_red_line(p, "openness", 20, 60)
    assert c.kind == "red_line" and c.field == "openness"
    assert c.label == "Openness red line 20–60"
    unchanged_except(c, red_lines={"security": (40, 100), "openness": (20, 60)})
    cleared = ops.set_red_line(c.after, "security", 0, 100)
    unchanged_except(cleared, red_lines={"openness": (20, 60)})
    assert cleared.after.red_line("security") == (0, 100)


@pytest.mark.parametrize(
    ("lever", "low", "high"),
    [("openness", 60, 20), ("openness", -1, 50), ("openness", 10, 101), ("bravery", 10, 20)],
)
def test_set_red_line_rejects(p: Proposal, lever: str, low: int, high: int) -> None:
    with pytest.raises(DomainError):
        ops.set_red_line(p, lever, low, high)


def test_every_operation_result_validates(p: Proposal, assumptions) -> None:
    ids = {m.id for m in assumptions.measures}
    changes = [
        ops.set_lever(p, "partnership", 75),
        ops.set_measure(p, "workforce_program", True, assumptions),
        ops.set_component(p, "data", 3),
        ops.rename(p, "x"),
        ops.set_red_line(p, "resilience", 0, 30),
    ]
    for c in changes:
        c.after.validate(ids)


# ---------------------------------------------------------------------------- suggestions from a real assessment


@pytest.fixture(scope="module")
def kenya(store, assumptions):
    proposal = Proposal(
        name="Kenya at openness 90",
        country="KEN",
        levers={"security": 50, "resilience": 50, "openness": 90, "partnership": 50},
    )
    profile = store.profile("KEN")
    return proposal, profile, assess(proposal, profile, assumptions)


def _flag_fixes(result, kind):
    return [f for f in result.flags if f.fix and len(f.fix.steps) == 1 and f.fix.steps[0].kind == kind]


def test_apply_a_real_lever_fix(kenya, assumptions) -> None:
    proposal, profile, result = kenya
    flags = _flag_fixes(result, "lever")
    assert flags, "expected a lever fix for KEN at openness 90"
    flag = flags[0]
    step = flag.fix.steps[0]
    c = ops.apply_suggestion(proposal, flag.fix, assumptions)
    assert c.label == flag.fix.label
    assert c.before is proposal
    assert c.after.levers[step.target] == step.after
    unchanged_except(c, levers=dict(proposal.levers, **{step.target: step.after}))
    after = assess(c.after, profile, assumptions)
    assert flag.message not in [f.message for f in after.flags]
    # The fix does what it said it would, before it was clicked.
    assert after.overall == pytest.approx(flag.fix.overall, abs=1e-9)
    assert after.overall - result.overall == pytest.approx(flag.fix_effect.overall, abs=1e-9)


def test_apply_a_real_measure_fix(kenya, assumptions) -> None:
    proposal, profile, result = kenya
    flags = _flag_fixes(result, "measure")
    assert flags, "expected a measure fix for KEN at openness 90"
    flag = flags[0]
    step = flag.fix.steps[0]
    c = ops.apply_suggestion(proposal, flag.fix, assumptions)
    assert c.kind == "measure" and c.label == flag.fix.label
    unchanged_except(c, measures=proposal.measures | {step.target})
    after = assess(c.after, profile, assumptions)
    assert flag.message not in [f.message for f in after.flags]
    assert after.counterpart_acceptance - result.counterpart_acceptance == pytest.approx(
        flag.fix_effect.counterpart_acceptance, abs=1e-9)
    assert after.exporter_assurance - result.exporter_assurance == pytest.approx(flag.fix_effect.exporter_assurance, abs=1e-9)


@pytest.mark.parametrize("kind", ["measure", "lever"])
def test_apply_a_real_move(kenya, assumptions, kind: str) -> None:
    proposal, profile, result = kenya
    moves = [m for m in result.moves["best"] if m.steps[0].kind == kind]
    if kind == "lever" and not moves:  # measures may fill the top five: look further down the list
        assumptions = assumptions.with_value("moves.top_n", 30)
        moves = [m for m in assess(proposal, profile, assumptions).moves["best"] if m.steps[0].kind == "lever"]
    assert moves, f"expected a {kind} move for KEN"
    move = moves[0]
    step = move.steps[0]
    c = ops.apply_suggestion(proposal, move, assumptions)
    assert c.label == move.label
    assert c.before is proposal and not c.empty
    if kind == "lever":
        assert c.after.levers[step.target] == step.after
        unchanged_except(c, levers=dict(proposal.levers, **{step.target: step.after}))
    else:
        assert step.after is True
        unchanged_except(c, measures=proposal.measures | {step.target})
    # The move delivers the score it promised.
    after = assess(c.after, profile, assumptions)
    assert after.overall == pytest.approx(move.overall, abs=1e-9)
    assert after.band == move.band


def test_json_overall_after_a_move_is_the_promised_overall(kenya, assumptions) -> None:
    proposal, profile, result = kenya
    data = result.to_dict()
    assert data["overall"] == round(result.overall, 2)
    for move, shown in zip(result.moves["best"], data["moves"]["best"], strict=True):
        after = assess(ops.apply_suggestion(proposal, move, assumptions).after, profile, assumptions).to_dict()
        assert after["overall"] == shown["overall"], move.label
        assert round(after["overall"] - data["overall"], 2) == pytest.approx(shown["effect"]["overall"], abs=0.011)


def test_apply_a_remove_suggestion(kenya, assumptions) -> None:
    proposal, _profile, _result = kenya
    with_keys = proposal.with_measure("customer_keys", True)
    drop = Move("Drop keys", (Step("measure", "customer_keys", True, False),), 0.0, "Not ready", Effect(0.0, 0.0, 0.0))
    c = ops.apply_suggestion(with_keys, drop, assumptions)
    assert c.label == "Drop keys"
    assert c.after.measures == frozenset()


def test_apply_a_two_step_move_is_one_change(kenya, assumptions) -> None:
    proposal, _profile, _result = kenya
    steps = (Step("lever", "security", 50, 70), Step("measure", "customer_keys", False, True))
    c = ops.apply_suggestion(proposal, Move("Pair", steps, 0.0, "Viable", Effect(0.0, 0.0, 0.0)), assumptions)
    assert c.after.levers["security"] == 70 and "customer_keys" in c.after.measures and c.kind == "several"


@pytest.mark.parametrize(
    "step",
    [
        Step("teleport", "x", 0, 1),
        Step("lever", "security", 50, 150),
        Step("lever", "bravery", 50, 60),
        Step("measure", "no_such_measure", False, True),
        Step("price", "price", 1.0, 3.0),
    ],
    ids=["unknown-kind", "lever-out-of-range", "unknown-lever", "unknown-measure", "price-out-of-range"],
)
def test_apply_suggestion_rejects(kenya, assumptions, step) -> None:
    proposal, _profile, _result = kenya
    with pytest.raises(DomainError):
        ops.apply_suggestion(proposal, Move("bad", (step,), 0.0, "Not ready", Effect(0.0, 0.0, 0.0)), assumptions)


def test_proposal_to_dict(p: Proposal) -> None:
    d = ops.proposal_to_dict(p)
    assert d["levers"] == {lv: p.levers[lv] for lv in LEVERS}
    assert list(d["levers"]) == list(LEVERS)
    assert d["measures"] == ["customer_keys"]
    assert d["red_lines"] == {"security": [40, 100]}
    assert set(d["components"]) == set(COMPONENTS)
    assert d["example"] is False and d["notes"] == "draft"
