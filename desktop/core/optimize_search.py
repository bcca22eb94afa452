"""The optimiser's search (see desktop/core/optimize.py for the method): a batch scorer for one
proposal's country, components and deal, and the search state that climbs it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import numpy as np

from .engine import aggregate, compile_params, components_vector, country_inputs, evaluate, terms
from .engine.kernel import expand
from .model import LEVERS, AssumptionSet, CountryProfile, Proposal

EPS = 1e-9
MAX_ROUNDS = 12
_COARSE_STEPS = 11
_FINE_HALF_WIDTH = 8
_FINE_STEPS = 9


class Evaluator:
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
    keep = primary >= best - EPS
    sec = np.where(keep, secondary, -np.inf)
    keep &= sec >= sec.max() - EPS
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


class Search:
    """Where the search stands (levers, measures, price and their objective), and its steps."""

    def __init__(self, ev: Evaluator, bounds: list[tuple[int, int]], prices: np.ndarray, start: Proposal) -> None:
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
        return value[0] > self.value[0] + EPS or (value[0] >= self.value[0] - EPS and value[1] > self.value[1] + EPS)

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
        MAX_ROUNDS rounds or until a round moves nothing.

        The sweeps still to run in a round are scored together from the current point (one
        kernel pass): until one of them moves the point, the later ones start from the same
        point as they would one by one; from the one that moves, the rest are scored afresh.
        So the result is that of the one-by-one sweeps, and a round that moves nothing (the last
        of each ascent) costs one pass instead of five."""
        for _round in range(MAX_ROUNDS):
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
        for _round in range(MAX_ROUNDS):
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
        worth = ~adding | (primary >= self.value[0] + self.ev.p.min_gain - EPS)
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
            if primary[k] <= self.value[0] - self.ev.p.min_gain + EPS:
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
