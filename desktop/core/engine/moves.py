"""Moves read off the batch of one assessment: their effects, the best ones, the route to the next band.

Every move and every flag's fix is a row (or, for two-step routes, a row of a second small
batch) that the kernel has already evaluated, so its effect on the overall score and on both
sides is known before anyone clicks it.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..i18n import _
from ..i18n import figure as fig
from ..model import BANDS, LEVER_LABELS, LEVERS, AssumptionSet, Proposal
from ..vocabulary import band_label, measure_label
from .kernel import Terms, evaluate
from .params import Params
from .results import Effect, Move, Step
from .variants import LEVELS, Variants

HALF_CENT = 0.005  # scores are shown to 0.01; band boundaries are judged on the shown score


def band_name(score: float, p: Params) -> str:
    """The band a score falls in, judged on the score as shown (two decimals)."""
    b = p.bands
    shown = round(float(score), 2)
    return BANDS[(shown >= b[0]) + (shown >= b[1]) + (shown >= b[2])]


def lever_word(lever: str) -> str:
    """A lever's name in running text ("security", "sécurité")."""
    return LEVER_LABELS[lever].lower()


def raise_or_lower(lever: str, before: int, after: int) -> str:
    text = _("Raise {lever} {before} → {after}") if after > before else _("Lower {lever} {before} → {after}")
    return text.format(lever=lever_word(lever), before=before, after=after)


def step_label(step: Step, a: AssumptionSet) -> str:
    if step.kind == "lever":
        return raise_or_lower(step.target, step.before, step.after)
    if step.kind == "measure":
        name = measure_label(a.measure(step.target))
        return (_("Add {measure}") if step.after else _("Drop {measure}")).format(measure=name)
    text = _("Raise price {before} → {after}") if step.after > step.before else _("Lower price {before} → {after}")
    return text.format(before=fig(step.before, 2), after=fig(step.after, 2))


def steps_label(steps: Sequence[Step], a: AssumptionSet) -> str:
    return _(" and ").join(step_label(s, a) for s in steps)


class Rows:
    """The evaluated rows of one country's batch, and the moves they stand for."""

    def __init__(self, var: Variants, out: dict[str, np.ndarray], k: int, a: AssumptionSet, p: Params) -> None:
        self.var, self.a, self.p = var, a, p
        self.overall = out["overall"][k]
        self.acceptance = out["acceptance"][k]
        self.assurance = out["assurance"][k]
        self.out, self.k = out, k
        self._gains: dict[str, np.ndarray] = {}

    def gain(self, name: str) -> np.ndarray:
        """Per row, the change of an output (overall, acceptance, assurance, margin …) from the base."""
        hit = self._gains.get(name)
        if hit is None:
            values = self.out[name]
            values = np.broadcast_to(values[self.k if values.shape[0] > 1 else 0], self.overall.shape)
            hit = self._gains[name] = values - values[0]
        return hit

    def effect(self, row: int) -> Effect:
        return Effect(
            float(self.overall[row] - self.overall[0]),
            float(self.acceptance[row] - self.acceptance[0]),
            float(self.assurance[row] - self.assurance[0]),
        )

    def move(self, row: int, steps: tuple[Step, ...], label: str | None = None) -> Move:
        score = float(self.overall[row])
        return Move(label or steps_label(steps, self.a), steps, score, band_name(score, self.p), self.effect(row))

    def single_steps(self, k: int) -> tuple[Step, ...]:
        """The step of single-change row 1 + k (a lever or price step, or a measure toggle)."""
        var = self.var
        if k < len(var.steps):
            target, frm, to = var.steps[k]
            return (Step("price" if target == "price" else "lever", target, frm, to),)
        mid, add = var.toggles[k - len(var.steps)]
        return (Step("measure", mid, not add, add),)

    def single(self, k: int) -> Move:
        return self.move(1 + k, self.single_steps(k))

    def lever_to(self, i: int, level: int, label: str | None = None) -> Move:
        lv = self.var.levers_info[i]
        return self.move(self.var.sweep_row(i, level), (Step("lever", lv.name, lv.cur, int(level)),),
                         label or _("Set {lever} to {level}").format(lever=lever_word(lv.name), level=int(level)))

    def toggle(self, j: int) -> Move:
        return self.single(len(self.var.steps) + j)

    def best_of(self, rows: np.ndarray, improves: str | None = None) -> int | None:
        """Of candidate rows (an int array), the one with the best overall score (the first on a
        tie), among those that raise `improves` (an output name) when given; None when none does."""
        if improves is not None and len(rows):
            rows = rows[self.gain(improves)[rows] > 1e-9]
        if len(rows) == 0:
            return None
        return int(rows[np.argmax(self.overall[rows])])

    def describe(self, row: int) -> Move:
        """The move a batch row stands for: a single change or a lever's sweep level."""
        var = self.var
        if row < var.sweep_start:
            return self.single(row - 1)
        i, level = divmod(row - var.sweep_start, 101)
        return self.lever_to(i, level)


def best_moves(rows: Rows) -> list[Move]:
    """The single changes that raise the overall score most (at least moves.min_gain), best first."""
    p = rows.p
    n = rows.var.n_single
    if p.top_n <= 0 or n <= 0:
        return []
    gains = rows.overall[1 : 1 + n] - rows.overall[0]
    order = np.argsort(-gains, kind="stable")[: p.top_n].tolist()
    return [rows.single(k) for k in order if gains[k] >= p.min_gain]


def _size(step: Step, p: Params) -> float:
    """How big a change is, to find the smallest route: lever points, a measure counts
    moves.measure_size, a price step one point per 0.01."""
    if step.kind == "lever":
        return abs(step.after - step.before)
    if step.kind == "measure":
        return p.measure_size
    return abs(step.after - step.before) * 100.0


def next_band(
    rows: Rows, proposal: Proposal, t: Terms | None, search_pairs: bool
) -> tuple[dict[str, Move | None], Move | None, str]:
    """Per lever, the nearest level inside the red lines that reaches the next band; the smallest
    single change (a lever level, a measure, a price step) that does; when none does, the
    smallest change of two steps (levers and measures; `assess` only); and what to tell the user."""
    var, p = rows.var, rows.p
    band = BANDS.index(band_name(float(rows.overall[0]), p))
    per_lever: dict[str, Move | None] = {lv: None for lv in LEVERS}
    if band >= len(p.bands):
        return per_lever, None, ""
    threshold = p.bands[band] - HALF_CENT
    target = BANDS[band + 1]
    sweep = rows.overall[var.sweep_start :].reshape(4, 101)
    lo = np.array([b[0] for b in var.bounds])[:, None]
    hi = np.array([b[1] for b in var.bounds])[:, None]
    ok = (sweep >= threshold) & (LEVELS[None, :] >= lo) & (LEVELS[None, :] <= hi)
    cur = np.array([lv.value for lv in var.levers_info])[:, None]
    distance = np.where(ok, np.abs(LEVELS[None, :] - cur), np.inf)
    nearest = distance.argmin(1).tolist()
    sizes = distance.min(1).tolist()
    best: tuple[float, float, Any] | None = None  # size, -score, how to build the move
    for lv, level, size in zip(var.levers_info, nearest, sizes, strict=True):
        if size == np.inf:
            continue
        move = rows.lever_to(lv.i, level, raise_or_lower(lv.name, lv.cur, level))
        per_lever[lv.name] = move
        key = (size, -move.overall)
        if best is None or key < best[:2]:
            best = (size, -move.overall, move)
    singles = rows.overall[1 : 1 + var.n_single]
    for k in np.nonzero(singles >= threshold)[0].tolist():
        steps = rows.single_steps(k)
        key = (sum(_size(s, p) for s in steps), -float(singles[k]))
        if best is None or key < best[:2]:
            best = (key[0], key[1], k)
    if best is not None and not isinstance(best[2], Move):
        best = (best[0], best[1], rows.single(best[2]))
    if best is None and search_pairs and t is not None:
        best = _smallest_pair(rows, proposal, t, threshold)
    if best is None:
        if not search_pairs:
            text = (_("No single change reaches {band} within your red lines (two-step routes: assess this country).")
                    if proposal.red_lines else _("No single change reaches {band} (two-step routes: assess this country)."))
        else:
            text = (_("No change of one or two levers or measures reaches {band} within your red lines.")
                    if proposal.red_lines else _("No change of one or two levers or measures reaches {band}."))
        return per_lever, None, text.format(band=band_label(target))
    smallest = best[2]
    text = (_("Smallest single change to {band}: {move} ({overall})") if len(smallest.steps) == 1
            else _("Smallest change (no single change reaches it) to {band}: {move} ({overall})"))
    return per_lever, smallest, text.format(band=band_label(target), move=smallest.label, overall=fig(smallest.overall, 1))


def _pair_table(var: Variants) -> np.ndarray:
    """(21, 1 + M + M(M-1)/2): the measure set's summed effects, each measure toggled, then each
    pair of measures toggled (cached on the measure set, read-only)."""
    ms = var.measures
    hit = ms.rows.get(-1)
    if hit is None:
        m = len(var.toggles)
        j1, j2 = np.triu_indices(m, 1)
        pairs = ms.agg[:, 1 + j1] + ms.agg[:, 1 + j2] - ms.agg[:, :1]
        hit = ms.rows[-1] = np.ascontiguousarray(np.concatenate([ms.agg, pairs], axis=1))
        hit.flags.writeable = False
    return hit


class _Candidates:
    """Every two-step change of `_smallest_pair` for one measure set and one set of red lines,
    as columns of one batch: which levers and measures each moves, the levels, the summed
    measure effects. Built once and cached on the Params (a lever move keeps both): the
    lever levels the offer stands at are candidates too, harmlessly — a change that leaves a
    lever where it is is a single change, and the pair search runs only when none reaches."""

    def __init__(self, var: Variants, p: Params) -> None:
        m = len(var.toggles)
        grids = [np.arange(max(lo, 0), min(hi, 100) + 1, p.pair_step, dtype=float) for lo, hi in var.bounds]
        # Blocks of candidates: (lever a or -1, lever b or -1, level a, level b, table column, measure steps).
        blocks: list[tuple[np.ndarray, ...]] = []
        for i in range(4):
            for j in range(i + 1, 4):
                n = len(grids[i]) * len(grids[j])
                if n:
                    blocks.append((np.full(n, i), np.full(n, j), np.repeat(grids[i], len(grids[j])),
                                   np.tile(grids[j], len(grids[i])), np.zeros(n, dtype=np.intp), np.zeros(n)))
        if m:
            for i in range(4):
                if len(grids[i]):
                    n = len(grids[i]) * m
                    blocks.append((np.full(n, i), np.full(n, -1), np.repeat(grids[i], m), np.zeros(n),
                                   np.tile(np.arange(1, m + 1), len(grids[i])), np.ones(n)))
        if m > 1:
            n = m * (m - 1) // 2
            blocks.append((np.full(n, -1), np.full(n, -1), np.zeros(n), np.zeros(n), 1 + m + np.arange(n), np.full(n, 2.0)))
        self.empty = not blocks
        if self.empty:
            return
        self.lever_a, self.lever_b, self.level_a, self.level_b, self.column, self.measures = (
            np.concatenate(parts) for parts in zip(*blocks, strict=True))
        n = len(self.column)
        # Each candidate's levers: its level where it moves a lever, NaN where the offer's stays.
        self.template = np.full((4, n), np.nan)
        for i in range(4):
            self.template[i, self.lever_a == i] = self.level_a[self.lever_a == i]
            self.template[i, self.lever_b == i] = self.level_b[self.lever_b == i]
        self.stays = np.isnan(self.template)
        self.moved = ~self.stays
        # The summed effects of each candidate, block by block (broadcast copies, no gather).
        table = _pair_table(var)
        agg = np.empty((table.shape[0], n))
        at = 0
        for block in blocks:
            width, col = len(block[5]), block[4]
            dest = agg[:, at : at + width]
            if block[1][0] >= 0:  # two levers: the measure set as it is
                dest[:] = table[:, :1]
            elif block[0][0] >= 0:  # a lever and each measure toggled, per level
                dest.reshape(table.shape[0], width // m, m)[:] = table[:, None, 1 : 1 + m]
            else:  # two measures toggled
                dest[:] = table[:, col[0] : col[-1] + 1]
            at += width
        self.agg = agg[:, None, :]


_CANDIDATE_SETS = 8  # ~0.8 MB each (21 effects × ~4,500 candidates): a few measure sets and red lines


def _candidates(var: Variants, p: Params) -> _Candidates:
    cache = p.cache.setdefault("pair_candidates", {})
    key = (var.measures.measures, var.bounds)
    hit = cache.get(key)
    if hit is None:
        if len(cache) >= _CANDIDATE_SETS:
            cache.pop(next(iter(cache)))  # the oldest
        hit = cache[key] = _Candidates(var, p)
    return hit


def _smallest_pair(rows: Rows, proposal: Proposal, t: Terms, threshold: float) -> tuple[float, float, Move] | None:
    """The smallest two-step change (two levers, a lever and a measure, or two measures) that
    reaches threshold; levers on a grid of moves.pair_step.

    Every candidate is a column of one batch (`_Candidates`); its size is the lever points it
    moves plus moves.measure_size per measure, and only the winner is turned into a Move."""
    var, p, a = rows.var, rows.p, rows.a
    c = _candidates(var, p)
    if c.empty:
        return None
    base = np.array([lv.value for lv in var.levers_info])[:, None]
    levers = np.where(c.stays, base, c.template)
    sizes = np.abs(levers - base).sum(0)
    sizes += c.measures * p.measure_size
    out = evaluate(levers[:, None, :], c.agg, t, p, var.base_price)
    n = len(sizes)
    overall = np.broadcast_to(out["overall"], (1, n))[0]
    reach = np.nonzero(overall >= threshold)[0]
    if not len(reach):
        return None
    index = int(reach[np.lexsort((-overall[reach], sizes[reach]))[0]])  # smallest, then highest
    steps = _pair_steps(var, int(c.lever_a[index]), int(c.lever_b[index]), float(c.level_a[index]),
                        float(c.level_b[index]), int(c.column[index]))
    acc = np.broadcast_to(out["acceptance"], (1, n))[0]
    asr = np.broadcast_to(out["assurance"], (1, n))[0]
    effect = Effect(float(overall[index] - rows.overall[0]), float(acc[index] - rows.acceptance[0]),
                    float(asr[index] - rows.assurance[0]))
    score = float(overall[index])
    return float(sizes[index]), -score, Move(steps_label(steps, a), steps, score, band_name(score, p), effect)


def _pair_steps(var: Variants, i: int, j: int, vi: float, vj: float, column: int) -> tuple[Step, ...]:
    """The steps of one candidate of `_smallest_pair`."""
    info, m = var.levers_info, len(var.toggles)

    def measure(k: int) -> Step:
        mid, add = var.toggles[k]
        return Step("measure", mid, not add, add)

    def lever(k: int, v: float) -> Step:
        return Step("lever", LEVERS[k], info[k].cur, int(v))

    if j >= 0:
        return lever(i, vi), lever(j, vj)
    if i >= 0:
        return lever(i, vi), measure(column - 1)
    j1, j2 = np.triu_indices(m, 1)
    k = column - 1 - m
    return measure(int(j1[k])), measure(int(j2[k]))
