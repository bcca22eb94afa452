"""The optimiser: the best package within the negotiator's red lines (pure, deterministic).

Objectives: "overall" (the readiness score) or "weaker-side" (the lower of counterpart
acceptance and exporter assurance). Ties on the objective are broken by the other one
(overall, or the weaker side), then by staying closer to the starting point.

Search (all in vectorised batches through the engine's kernel, `engine.evaluate`):
1. a coarse grid over the four levers (every lever over its red-line range in ~11 steps),
   then a finer grid around the best point;
2. coordinate ascent: each lever swept over every whole value of its range, the others fixed;
3. greedy measures: add or drop the one measure that helps most, then go back to 2;
until nothing improves. The start (moved inside the red lines if it was outside) is always a
candidate, so the result is never worse than the start. The final figures come from
`engine.assess`, and each change is explained by what it adds when applied in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Sequence

import numpy as np

from .engine import (
    aggregate,
    assess,
    compile_params,
    components_vector,
    country_inputs,
    evaluate,
    terms,
)
from .engine.kernel import expand
from .model import LEVER_LABELS, LEVERS, AssumptionSet, CountryProfile, DomainError, Proposal
from .screen import refuse_embargoed

OBJECTIVES: tuple[str, ...] = ("overall", "weaker-side")
OBJECTIVE_LABELS = {"overall": "overall", "weaker-side": "weaker side"}
_EPS = 1e-9
_MAX_ROUNDS = 12
_COARSE_STEPS = 11
_FINE_HALF_WIDTH = 8
_FINE_STEPS = 9


@dataclass(frozen=True)
class OptimisationChange:
    """One change the optimiser made, and what it adds to the objective when applied in turn."""

    kind: str  # lever | measure
    target: str  # lever name or measure id
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

    @property
    def improved(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "levers": {lv: int(self.proposal.levers[lv]) for lv in LEVERS},
            "measures": sorted(self.proposal.measures),
            "overall": round(self.overall_after, 2),
            "overall_before": round(self.overall_before, 2),
            "before": round(self.before, 2),
            "after": round(self.after, 2),
            "changes": [c.to_dict() for c in self.changes],
        }


def objective_value(assessment, objective: str) -> float:
    """The objective of an assessment."""
    if objective == "overall":
        return float(assessment.overall)
    return float(min(assessment.counterpart_acceptance, assessment.exporter_assurance))


class _Evaluator:
    """Scores batches of (levers, measure sets) for one proposal's country and components."""

    def __init__(self, proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str) -> None:
        self.p = compile_params(assumptions)
        self.terms = terms(expand(country_inputs(profile, self.p), 1), components_vector(proposal), self.p)
        self.objective = objective
        self.ids = self.p.measure_ids

    def score(self, levers: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(primary, secondary) objectives for levers (4, N) and chosen measures (N, M) or (M,)."""
        n = levers.shape[1]
        agg = aggregate(chosen, self.p)
        if agg.ndim == 1:
            agg = np.broadcast_to(agg[:, None], (agg.shape[0], n))
        out = evaluate(levers, agg, self.terms, self.p)
        overall = out["overall"].copy()
        weaker = np.minimum(out["acceptance"], out["assurance"])
        if self.objective == "overall":
            return overall, weaker
        return weaker, overall


def _pick(primary: np.ndarray, secondary: np.ndarray, distance: np.ndarray) -> int:
    """The best candidate: highest primary, then secondary, then nearest to the start, then first."""
    best = primary.max()
    keep = primary >= best - _EPS
    sec = np.where(keep, secondary, -np.inf)
    keep &= sec >= sec.max() - _EPS
    dist = np.where(keep, distance, np.inf)
    return int(np.argmin(dist))


def _axis(lo: int, hi: int, steps: int) -> np.ndarray:
    return np.unique(np.rint(np.linspace(lo, hi, steps)).astype(int))


def _grid_candidates(axes: Sequence[np.ndarray]) -> np.ndarray:
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh]).astype(float)


class _Search:
    def __init__(self, ev: _Evaluator, bounds: list[tuple[int, int]], start_levers: np.ndarray, start_chosen: np.ndarray) -> None:
        self.ev = ev
        self.bounds = bounds
        self.origin = start_levers.astype(float)
        self.origin_chosen = start_chosen.copy()
        self.levers = start_levers.astype(float)
        self.chosen = start_chosen.copy()
        self.value = self._score_one(self.levers, self.chosen)

    def _score_one(self, levers: np.ndarray, chosen: np.ndarray) -> tuple[float, float]:
        a, b = self.ev.score(levers[:, None], chosen)
        return float(a[0]), float(b[0])

    def _better(self, value: tuple[float, float]) -> bool:
        return value[0] > self.value[0] + _EPS or (value[0] >= self.value[0] - _EPS and value[1] > self.value[1] + _EPS)

    def _try_levers(self, candidates: np.ndarray) -> bool:
        """Move to the best of candidate lever vectors (4, N) if it beats the current point."""
        primary, secondary = self.ev.score(candidates, self.chosen)
        distance = np.abs(candidates - self.origin[:, None]).sum(axis=0)
        k = _pick(primary, secondary, distance)
        value = (float(primary[k]), float(secondary[k]))
        if self._better(value):
            self.levers = candidates[:, k].copy()
            self.value = value
            return True
        return False

    def grids(self) -> None:
        coarse = [_axis(lo, hi, _COARSE_STEPS) for lo, hi in self.bounds]
        self._try_levers(_grid_candidates(coarse))
        fine = [
            _axis(max(lo, int(v) - _FINE_HALF_WIDTH), min(hi, int(v) + _FINE_HALF_WIDTH), _FINE_STEPS)
            for (lo, hi), v in zip(self.bounds, self.levers, strict=True)
        ]
        self._try_levers(_grid_candidates(fine))

    def coordinate_ascent(self) -> None:
        for _ in range(_MAX_ROUNDS):
            moved = False
            for i, (lo, hi) in enumerate(self.bounds):
                values = np.arange(lo, hi + 1, dtype=float)
                candidates = np.repeat(self.levers[:, None], len(values), axis=1)
                candidates[i] = values
                moved |= self._try_levers(candidates)
            if not moved:
                return

    def measures(self) -> bool:
        """Add or drop the single measure that helps most; True if one was."""
        m = len(self.chosen)
        if m == 0:
            return False
        toggled = np.repeat(self.chosen[None, :], m, axis=0)
        idx = np.arange(m)
        toggled[idx, idx] = 1.0 - toggled[idx, idx]
        primary, secondary = self.ev.score(np.repeat(self.levers[:, None], m, axis=1), toggled)
        # Prefer dropping to adding, and fewer measures, when the objective ties: order by change count.
        distance = np.abs(toggled - self.origin_chosen[None, :]).sum(axis=1)
        k = _pick(primary, secondary, distance)
        value = (float(primary[k]), float(secondary[k]))
        if self._better(value):
            self.chosen = toggled[k].copy()
            self.value = value
            return True
        return False


def optimise(
    proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str = "overall"
) -> OptimisationResult:
    """The best package within the red lines for the objective; never worse than the start."""
    if objective not in OBJECTIVES:
        raise DomainError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    start_assessment = assess(proposal, profile, assumptions)
    refusal = refuse_embargoed(start_assessment, "optimisation")  # the destination screen (issue 12)
    if refusal is not None:
        raise DomainError(refusal)
    ev = _Evaluator(proposal, profile, assumptions, objective)
    bounds = [proposal.red_line(lv) for lv in LEVERS]
    start = np.array([min(max(int(proposal.levers[lv]), lo), hi) for lv, (lo, hi) in zip(LEVERS, bounds, strict=True)])
    chosen = np.array([1.0 if mid in proposal.measures else 0.0 for mid in ev.ids])
    search = _Search(ev, bounds, start, chosen)
    search.grids()
    for _ in range(_MAX_ROUNDS):
        search.coordinate_ascent()
        if not search.measures():
            break
    search.coordinate_ascent()

    levers = {lv: int(v) for lv, v in zip(LEVERS, search.levers, strict=True)}
    measures = frozenset(mid for mid, on in zip(ev.ids, search.chosen, strict=True) if on > 0.5)
    inside = replace(proposal, levers={lv: int(v) for lv, v in zip(LEVERS, start, strict=True)})
    candidate = replace(proposal, levers=levers, measures=measures)
    best = assess(candidate, profile, assumptions)
    floor = assess(inside, profile, assumptions) if inside != proposal else start_assessment
    if objective_value(best, objective) < objective_value(floor, objective) - _EPS:
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
    )


def _explain(
    start: Proposal, end: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str
) -> list[OptimisationChange]:
    """The changes from start to end, each with what it adds to the objective applied in turn."""
    label = OBJECTIVE_LABELS[objective]
    changes: list[OptimisationChange] = []
    current = start
    value = objective_value(assess(current, profile, assumptions), objective)
    steps: list[tuple[str, str, Any, Any, Proposal]] = []
    # Measures first: the lever positions were chosen for the final measure set.
    for mid in sorted(start.measures ^ end.measures):
        steps.append(("measure", mid, mid in start.measures, mid in end.measures, None))  # type: ignore[arg-type]
    for lv in LEVERS:
        if start.levers[lv] != end.levers[lv]:
            steps.append(("lever", lv, int(start.levers[lv]), int(end.levers[lv]), None))  # type: ignore[arg-type]
    for kind, target, before, after, _ in steps:
        if kind == "lever":
            current = current.with_lever(target, after)
            name = f"{LEVER_LABELS[target]} {before} → {after}"
        else:
            current = current.with_measure(target, after)
            name = f"{'Add' if after else 'Drop'} {assumptions.measure(target).name}"
        new = objective_value(assess(current, profile, assumptions), objective)
        gain = new - value
        value = new
        changes.append(OptimisationChange(kind, target, before, after, gain, f"{name}: {gain:+.1f} {label}"))
    return changes
