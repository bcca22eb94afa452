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
from typing import Any, Sequence

import numpy as np

from .engine import (
    Assessment,
    Move,
    aggregate,
    assess,
    compile_params,
    components_vector,
    country_inputs,
    evaluate,
    terms,
)
from .engine.kernel import expand
from .engine.moves import step_label, steps_label
from .engine.results import Step
from .i18n import N_, Labels, _, format_number
from .model import LEVERS, AssumptionSet, CountryProfile, DomainError, Proposal
from .screen import refuse_embargoed

OBJECTIVES: tuple[str, ...] = ("overall", "weaker-side")
OBJECTIVE_LABELS = Labels({"overall": N_("overall"), "weaker-side": N_("weaker side")})
_EPS = 1e-9
_MAX_ROUNDS = 12
_COARSE_STEPS = 11
_FINE_HALF_WIDTH = 8
_FINE_STEPS = 9


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


class _Evaluator:
    """Scores batches of (levers, measure sets, prices) for one proposal's country, components and deal."""

    def __init__(self, proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, objective: str) -> None:
        self.p = compile_params(assumptions)
        self.terms = terms(expand(country_inputs(profile, self.p), 1), components_vector(proposal), self.p, proposal.deal)
        self.objective = objective
        self.ids = self.p.measure_ids

    def score(self, levers: np.ndarray, chosen: np.ndarray, price: Any) -> tuple[np.ndarray, np.ndarray]:
        """(primary, secondary) objectives for levers (4, N), chosen measures (N, M) or (M,), prices (N,) or one."""
        n = levers.shape[1]
        agg = aggregate(chosen, self.p)
        if agg.ndim == 1:  # one measure set for the whole batch: it broadcasts
            agg = agg[:, None]
        out = evaluate(levers, agg, self.terms, self.p, price)
        overall = np.broadcast_to(out["overall"], (n,)).copy()
        weaker = np.broadcast_to(np.minimum(out["acceptance"], out["assurance"]), (n,))
        if self.objective == "overall":
            return overall, weaker
        return weaker, overall


    def score_proposals(self, proposals: Sequence[Proposal]) -> tuple[np.ndarray, np.ndarray]:
        """(primary, secondary) objectives of whole proposals that differ from this one's only in
        levers, measures and price, in one batch."""
        levers = np.array([[float(q.levers[lv]) for q in proposals] for lv in LEVERS])
        chosen = np.array([[1.0 if mid in q.measures else 0.0 for mid in self.ids] for q in proposals])
        prices = np.array([float(q.deal.price) for q in proposals])
        return self.score(levers, chosen.reshape(len(proposals), len(self.ids)), prices)


def _pick(primary: np.ndarray, secondary: np.ndarray, distance: np.ndarray) -> int:
    """The best candidate: highest primary, then secondary, then nearest to the start, then first."""
    best = primary.max()
    keep = primary >= best - _EPS
    sec = np.where(keep, secondary, -np.inf)
    keep &= sec >= sec.max() - _EPS
    dist = np.where(keep, distance, np.inf)
    return int(np.argmin(dist))


def _pair_steps() -> np.ndarray:
    """Every move of two levers together by small steps (4, 216): each pair of levers, each
    combination of -4, -2, -1, +1, +2, +4 for the two, the other levers unmoved."""
    steps = np.array([-4, -2, -1, 1, 2, 4], dtype=float)
    di, dj = (g.ravel() for g in np.meshgrid(steps, steps, indexing="ij"))
    blocks = []
    for i in range(4):
        for j in range(i + 1, 4):
            block = np.zeros((4, len(di)))
            block[i], block[j] = di, dj
            blocks.append(block)
    return np.concatenate(blocks, axis=1)


_PAIR_STEPS = _pair_steps()


def _axis(lo: int, hi: int, steps: int) -> np.ndarray:
    return np.unique(np.rint(np.linspace(lo, hi, steps)).astype(int))


def _grid_candidates(axes: Sequence[np.ndarray]) -> np.ndarray:
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh]).astype(float)


class _Search:
    def __init__(self, ev: _Evaluator, bounds: list[tuple[int, int]], prices: np.ndarray, start: Proposal) -> None:
        self.ev = ev
        self.bounds = bounds
        self.prices = prices
        levers = np.array([min(max(int(start.levers[lv]), lo), hi) for lv, (lo, hi) in zip(LEVERS, bounds, strict=True)])
        self.origin = levers.astype(float)
        self.origin_chosen = np.array([1.0 if mid in start.measures else 0.0 for mid in ev.ids])
        self.origin_price = float(start.deal.price)
        self.levers = self.origin.copy()
        self.chosen = self.origin_chosen.copy()
        self.price = self.origin_price
        self.value = self._score_one()

    def _score_one(self) -> tuple[float, float]:
        a, b = self.ev.score(self.levers[:, None], self.chosen, self.price)
        return float(a[0]), float(b[0])

    def _better(self, value: tuple[float, float]) -> bool:
        return value[0] > self.value[0] + _EPS or (value[0] >= self.value[0] - _EPS and value[1] > self.value[1] + _EPS)

    def _try_levers(self, candidates: np.ndarray) -> bool:
        """Move to the best of candidate lever vectors (4, N) if it beats the current point."""
        primary, secondary = self.ev.score(candidates, self.chosen, self.price)
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
        """Each lever over its range, then the price, one after the other, for up to
        _MAX_ROUNDS rounds or until a round moves nothing.

        The sweeps still to run in a round are scored together from the current point (one
        kernel pass): until one of them moves the point, the later ones start from the same
        point as they would one by one; from the one that moves, the rest are scored afresh.
        So the result is that of the one-by-one sweeps, and a round that moves nothing (the last
        of each ascent) costs one pass instead of five."""
        for _round in range(_MAX_ROUNDS):
            moved = False
            pending = list(range(len(self.bounds) + 1))  # the levers' sweeps, then the price's
            while pending:
                blocks = [self._sweep(i) for i in pending]
                primary, secondary = self.ev.score(np.concatenate([b[0] for b in blocks], axis=1), self.chosen,
                                                   np.concatenate([b[1] for b in blocks]))
                start = 0
                for n, (candidates, prices, distance) in enumerate(blocks):
                    mine = slice(start, start + len(distance))
                    start = mine.stop
                    k = _pick(primary[mine], secondary[mine], distance)
                    value = (float(primary[mine][k]), float(secondary[mine][k]))
                    if self._better(value):
                        self.levers, self.price = candidates[:, k].copy(), float(prices[k])
                        self.value = value
                        moved = True
                        pending = pending[n + 1 :]
                        break
                else:
                    pending = []
            if not moved:
                return

    def _sweep(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sweep i of a round (lever i over its whole values, or i == 4 the price over its
        steps), the others where they are: candidate levers (4, N), prices (N,) and each one's
        distance from the start (for ties)."""
        if i < len(self.bounds):
            lo, hi = self.bounds[i]
            values = np.arange(lo, hi + 1, dtype=float)
            candidates = np.repeat(self.levers[:, None], len(values), axis=1)
            candidates[i] = values
            return candidates, np.full(len(values), self.price), np.abs(candidates - self.origin[:, None]).sum(axis=0)
        n = len(self.prices)
        return np.repeat(self.levers[:, None], n, axis=1), self.prices, np.abs(self.prices - self.origin_price)

    def pairs(self) -> bool:
        """Move two levers at once by small steps:
        the weaker side is a ridge where raising one side lowers the other, and single-lever
        steps stall on it. True if the point moved."""
        moved = False
        lo = np.array([b[0] for b in self.bounds], dtype=float)[:, None]
        hi = np.array([b[1] for b in self.bounds], dtype=float)[:, None]
        for _round in range(_MAX_ROUNDS):
            cand = self.levers[:, None] + _PAIR_STEPS
            cand = cand[:, ((cand >= lo) & (cand <= hi)).all(axis=0)]
            if not cand.shape[1] or not self._try_levers(cand):
                break
            moved = True
        return moved

    def measures(self) -> bool:
        """Add or drop the single measure that helps most; True if one was. A measure is added
        only when it adds at least moves.min_gain to the objective: a concession worth less than
        the score shows is not worth putting on the table (nor worth its cost and complexity)."""
        m = len(self.chosen)
        if m == 0:
            return False
        toggled = np.repeat(self.chosen[None, :], m, axis=0)
        idx = np.arange(m)
        toggled[idx, idx] = 1.0 - toggled[idx, idx]
        primary, secondary = self.ev.score(np.repeat(self.levers[:, None], m, axis=1), toggled, self.price)
        adding = toggled[idx, idx] > 0.5
        worth = ~adding | (primary >= self.value[0] + self.ev.p.min_gain - _EPS)
        if not worth.any():
            return False
        primary = np.where(worth, primary, -np.inf)
        # Prefer fewer changes from the start when the objective ties.
        distance = np.abs(toggled - self.origin_chosen[None, :]).sum(axis=1)
        k = _pick(primary, secondary, distance)
        value = (float(primary[k]), float(secondary[k]))
        if self._better(value):
            self.chosen = toggled[k].copy()
            self.value = value
            return True
        return False

    def prune(self) -> None:
        """Drop, least valuable first, each measure the search added that now adds less than
        moves.min_gain to the objective (one added early can be worth little once the levers
        have moved); the negotiator's own measures stay."""
        while True:
            added = np.nonzero((self.chosen > 0.5) & (self.origin_chosen < 0.5))[0]
            if not len(added):
                return
            dropped = np.repeat(self.chosen[None, :], len(added), axis=0)
            dropped[np.arange(len(added)), added] = 0.0
            primary, secondary = self.ev.score(np.repeat(self.levers[:, None], len(added), axis=1), dropped, self.price)
            k = int(np.argmax(primary))  # the one whose loss is least (the first on a tie)
            if primary[k] <= self.value[0] - self.ev.p.min_gain + _EPS:
                return
            self.chosen = dropped[k].copy()
            self.value = (float(primary[k]), float(secondary[k]))

    def proposal(self, base: Proposal) -> Proposal:
        levers = {lv: int(v) for lv, v in zip(LEVERS, self.levers, strict=True)}
        measures = frozenset(mid for mid, on in zip(self.ev.ids, self.chosen, strict=True) if on > 0.5)
        return replace(base, levers=levers, measures=measures, deal=replace(base.deal, price=round(self.price, 2)))

    def adopt(self, p: Proposal) -> None:
        self.levers = np.array([float(p.levers[lv]) for lv in LEVERS])
        self.chosen = np.array([1.0 if mid in p.measures else 0.0 for mid in self.ev.ids])
        self.price = float(p.deal.price)
        self.value = self._score_one()


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
    ev = _Evaluator(proposal, profile, assumptions, objective)
    p = ev.p
    bounds = [proposal.red_line(lv) for lv in LEVERS]
    lo_price, hi_price = max(0.5, p.price_floor), min(1.5, p.price_ceiling)
    prices = np.round(np.arange(round(lo_price * 100), round(hi_price * 100) + 1) / 100.0, 2)
    search = _Search(ev, bounds, prices, proposal)
    search.grids()
    best = None
    for _round in range(_MAX_ROUNDS):
        for _inner in range(_MAX_ROUNDS):
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
    ev = _Evaluator(start, profile, assumptions, objective)
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


def _paying_pair(ev: _Evaluator, current: Proposal, steps: list[Step], value: float, single: float) -> tuple[tuple[int, int], float] | None:
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
