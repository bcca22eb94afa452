"""The optimiser: the best package within the negotiator's red lines (pure, deterministic).

Objectives: "overall" (the readiness score) or "weaker-side" (the lower of counterpart
acceptance and exporter assurance). Ties on the objective are broken by the other one
(overall, or the weaker side), then by staying closer to the starting point.

Variables: the four levers (whole values within their red lines), the measure set and the
price (in steps of 0.01 within moves.price_floor…price_ceiling); the other deal terms are the
negotiator's and stay. Concessions cost the exporter money (docs/method.md §3.16), so the
answer is a country-specific package, not "everything at 100".

Search (all in vectorised batches through the engine's kernel):
1. a coarse grid over the four levers, then a finer grid around the best point;
2. coordinate ascent: each lever over every whole value of its range, and the price over its
   range, the others fixed; then pairs of levers moved together by small steps (the weaker
   side is a ridge that one lever at a time cannot climb);
3. greedy measures: add or drop the one measure that helps most, then back to 2;
4. the advice check: the package is assessed, and any best move, flag fix or route to the next
   band that would still raise the objective is taken, then back to 2.
Step 4 makes the advice agree with itself: at the answer no listed move and no flag's fix
improves the objective. The start (moved inside the red lines if it was outside) is always a
candidate, so the result is never worse than the start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .engine import (
    Assessment,
    Move,
    assess,
)
from .engine.moves import step_label, steps_label
from .engine.results import Step
from .i18n import N_, Labels, _, format_number
from .model import LEVERS, AssumptionSet, CountryProfile, DomainError, Proposal
from .optimize_search import EPS, MAX_ROUNDS, Evaluator, Search
from .screen import refuse_embargoed

OBJECTIVES: tuple[str, ...] = ("overall", "weaker-side")
OBJECTIVE_LABELS = Labels({"overall": N_("overall"), "weaker-side": N_("weaker side")})


@dataclass(frozen=True)
class OptimisationChange:
    """One change the optimiser made, and what it adds to the objective when applied in turn."""

    kind: str  # lever | measure | price
    target: str  # lever name, measure id or "price"
    before: Any
    after: Any
    gain: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target,
            "from": self.before,
            "to": self.after,
            "gain": round(self.gain, 2),
            "why": self.why,
        }


@dataclass(frozen=True)
class OptimisationResult:
    """The proposed package, the objective before and after, and the changes with reasons."""

    objective: str
    start: Proposal
    proposal: Proposal
    before: float
    after: float
    overall_before: float
    overall_after: float
    changes: tuple[OptimisationChange, ...]
    assessment: Assessment

    @property
    def improved(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        deal = self.assessment.deal
        return {
            "objective": self.objective,
            "levers": {lv: int(self.proposal.levers[lv]) for lv in LEVERS},
            "measures": sorted(self.proposal.measures),
            "price": self.proposal.deal.price,
            "margin": round(deal["margin"], 4),
            "margin_musd": round(deal["margin_musd"], 2),
            "overall": round(self.overall_after, 2),
            "overall_before": round(self.overall_before, 2),
            "before": round(self.before, 2),
            "after": round(self.after, 2),
            "band": self.assessment.band,
            "changes": [c.to_dict() for c in self.changes],
        }


def objective_value(assessment: Assessment, objective: str) -> float:
    """The objective of an assessment."""
    if objective == "overall":
        return float(assessment.overall)
    return float(min(assessment.counterpart_acceptance, assessment.exporter_assurance))


def apply_move(p: Proposal, move: Move) -> Proposal:
    """The proposal with every step of a move applied."""
    for step in move.steps:
        p = _applied(p, step)
    return p


def advice(a: Assessment) -> list[Move]:
    """Every change the assessment offers: best moves, flag fixes, routes to the next band."""
    moves = list(a.moves["best"]) + [f.fix for f in a.flags if f.fix is not None]
    moves += [m for m in a.moves["next_band"].values() if m is not None]
    if a.moves.get("smallest") is not None:
        moves.append(a.moves["smallest"])
    return moves


def _inside(p: Proposal, move: Move) -> bool:
    for step in move.steps:
        if step.kind == "lever":
            lo, hi = p.red_line(step.target)
            if not lo <= step.after <= hi:
                return False
    return True


def optimise(
    proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str = "overall"
) -> OptimisationResult:
    """The best package within the red lines for the objective; never worse than the start."""
    if objective not in OBJECTIVES:
        raise DomainError(_("the objective must be one of {choices}, got {objective!r}").format(choices=", ".join(OBJECTIVES), objective=objective))
    start_assessment = assess(proposal, profile, assumptions)
    refusal = refuse_embargoed(start_assessment, "optimisation")  # the destination screen
    if refusal is not None:
        raise DomainError(refusal)
    ev = Evaluator(proposal, profile, assumptions, objective)
    p = ev.p
    bounds = [proposal.red_line(lv) for lv in LEVERS]
    lo_price, hi_price = max(0.5, p.price_floor), min(1.5, p.price_ceiling)
    prices = np.round(np.arange(round(lo_price * 100), round(hi_price * 100) + 1) / 100.0, 2)
    search = Search(ev, bounds, prices, proposal)
    search.grids()
    best = None
    for _round in range(MAX_ROUNDS):
        for _inner in range(MAX_ROUNDS):
            search.coordinate_ascent()
            moved = search.pairs()
            if not search.measures() and not moved:
                break
        search.coordinate_ascent()
        search.prune()
        candidate = search.proposal(proposal)
        best = assess(candidate, profile, assumptions)
        value = objective_value(best, objective)
        # The advice check: anything the assessment suggests that still adds moves.min_gain or
        # more is taken (the trials scored in one batch; the first of the best wins, as one by one).
        trials = [apply_move(candidate, move) for move in advice(best) if _inside(candidate, move)]
        better = None
        if trials:
            scores = ev.score_proposals(trials)[0]
            k = int(np.argmax(scores))
            if scores[k] >= value + max(p.min_gain, 1e-6):
                better = (float(scores[k]), trials[k])
        if better is None:
            break
        search.adopt(better[1])
    assert best is not None
    final = search.proposal(proposal)
    if final != candidate:  # the last advice check moved the search (it ran out of rounds)
        candidate, best = final, assess(final, profile, assumptions)
    inside = replace(proposal, levers={lv: int(v) for lv, v in zip(LEVERS, search.origin, strict=True)})
    floor = assess(inside, profile, assumptions) if inside != proposal else start_assessment
    if objective_value(best, objective) < objective_value(floor, objective) - EPS:
        candidate, best = inside, floor  # cannot happen with the same formulas; belt and braces
    changes = _explain(proposal, candidate, profile, assumptions, objective)
    return OptimisationResult(
        objective=objective,
        start=proposal,
        proposal=candidate,
        before=objective_value(start_assessment, objective),
        after=objective_value(best, objective),
        overall_before=float(start_assessment.overall),
        overall_after=float(best.overall),
        changes=tuple(changes),
        assessment=best,
    )


def _explain(
    start: Proposal, end: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str
) -> list[OptimisationChange]:
    """The changes from start to end, each with what it adds to the objective applied in turn.

    The order is greedy: at each step the remaining change that adds most comes next (a raised
    price that pays for the concessions is listed before them), so the gains read as the
    package's logic and still add up to the whole improvement. Where no single change pays at
    that point but two do together (a data tier that pays once resilience is raised), the two
    are one line, "… and …", and the second says it is counted there.
    """
    steps: list[Step] = [Step("measure", mid, mid in start.measures, mid in end.measures)
                         for mid in sorted(start.measures ^ end.measures)]
    steps += [Step("lever", lv, int(start.levers[lv]), int(end.levers[lv])) for lv in LEVERS
              if start.levers[lv] != end.levers[lv]]
    if abs(start.deal.price - end.deal.price) > 1e-9:
        steps.append(Step("price", "price", start.deal.price, end.deal.price))

    changes: list[OptimisationChange] = []
    current = start
    ev = Evaluator(start, profile, assumptions, objective)
    shown_loss = ev.p.min_gain  # a loss the list would show (−0.1 or worse)
    value = float(ev.score_proposals([current])[0][0])
    while steps:
        # Every remaining change applied to the current package, scored in one batch: the one
        # that adds most comes next (the first on a tie).
        scores = ev.score_proposals([_applied(current, st) for st in steps])[0]
        i = int(np.argmax(scores))
        pair = _paying_pair(ev, current, steps, value, float(scores[i])) if scores[i] < value - shown_loss else None
        if pair is None:
            step = steps.pop(i)
            current = _applied(current, step)
            gain, value = float(scores[i]) - value, float(scores[i])
            changes.append(_change(step, gain, _gain_text(step_label(step, assumptions), gain, objective)))
            continue
        (j, k), total = pair
        first, second = steps[j], steps[k]
        for index in sorted((j, k), reverse=True):
            steps.pop(index)
        current = _applied(_applied(current, first), second)
        gain, value = total - value, total
        changes.append(_change(first, gain, _gain_text(steps_label((first, second), assumptions), gain, objective)))
        changes.append(_change(second, 0.0, _("{change}: counted with the line above").format(change=step_label(second, assumptions))))
    return changes


def _applied(p: Proposal, step: Step) -> Proposal:
    """p with one step applied (a lever level, a measure added or dropped, a price)."""
    if step.kind == "lever":
        return p.with_lever(step.target, int(step.after))
    if step.kind == "measure":
        return p.with_measure(step.target, bool(step.after))
    return p.with_deal(price=float(step.after))


def _paying_pair(ev: Evaluator, current: Proposal, steps: list[Step], value: float, single: float) -> tuple[tuple[int, int], float] | None:
    """The two remaining changes that add most together, and the objective after them, when that
    beats the best single change and does not lose; else None."""
    pairs = [(j, k) for j in range(len(steps)) for k in range(j + 1, len(steps))]
    if not pairs:
        return None
    scores = ev.score_proposals([_applied(_applied(current, steps[j]), steps[k]) for j, k in pairs])[0]
    best = int(np.argmax(scores))
    if scores[best] <= single or scores[best] < value:
        return None
    return pairs[best], float(scores[best])


def _change(step: Step, gain: float, why: str) -> OptimisationChange:
    return OptimisationChange(step.kind, step.target, step.before, step.after, gain, why)


def _gain_text(change: str, gain: float, objective: str) -> str:
    text = _("{change}: {gain} overall") if objective == "overall" else _("{change}: {gain} weaker side")
    return text.format(change=change, gain=format_number(gain if round(gain, 1) else 0.0, 1, sign=True))  # never "-0.0"
