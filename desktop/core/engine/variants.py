"""The batch one assessment evaluates: the offer, each single change, and every lever's sweep.

Rows: 0 the offer as it stands; then each lever one step (moves.lever_step) down and up within
0–100 and the red lines; then each catalog measure toggled; then each lever over 0…100 with
the others fixed (4 × 101 rows). The best moves rank the single-change rows; the next-band
search and the flags' fixes read the sweeps. Whatever depends only on the measure set or the
number of steps is cached on the Params.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import LEVER_LABELS, LEVERS, AssumptionSet, Proposal
from .kernel import aggregate, chosen_vector
from .params import BONUS, RELIEF, Params

LEVELS = np.arange(101, dtype=float)
SWEEP_ROWS = 4 * len(LEVELS)


class MeasureSet:
    """What depends only on the chosen measure set: its summed effects and each toggle's."""

    def __init__(self, measures: frozenset[str], p: Params) -> None:
        self.measures = measures
        self.chosen = chosen_vector(measures, p)
        m = len(self.chosen)
        toggled = np.where(np.eye(m, dtype=bool), 1.0 - self.chosen, self.chosen)
        # (15, 1 + M): the base set, then each measure toggled.
        self.agg = np.ascontiguousarray(aggregate(np.vstack([self.chosen[None, :], toggled]), p))
        base = self.agg[:, 0]
        self.bonus = base[BONUS].tolist()
        self.relief = base[RELIEF].tolist()
        self.adds = [not c for c in self.chosen.tolist()]
        self.rows: dict[int, np.ndarray] = {}

    def batch_agg(self, layout: Layout) -> np.ndarray:
        """The (15, V) summed effects of every row of a batch with this layout (read-only)."""
        hit = self.rows.get(layout.toggle_start)
        if hit is None:
            hit = self.rows[layout.toggle_start] = np.ascontiguousarray(self.agg[:, layout.agg_index])
            hit.flags.writeable = False
        return hit

    def label(self, j: int, a: AssumptionSet, p: Params) -> str:
        return f"{'Add' if self.adds[j] else 'Drop'} {a.measure(p.measure_ids[j]).name}"


class Layout:
    """Where each kind of row sits in the batch, for a given number of lever steps."""

    def __init__(self, n_steps: int, n_measures: int) -> None:
        self.toggle_start = 1 + n_steps
        self.sweep_start = self.toggle_start + n_measures
        self.total = self.sweep_start + SWEEP_ROWS
        self.sweep_values = np.zeros((4, self.total))
        self.keep = np.ones((4, self.total), dtype=bool)
        for i in range(4):
            cols = slice(self.sweep_start + 101 * i, self.sweep_start + 101 * (i + 1))
            self.sweep_values[i, cols] = LEVELS
            self.keep[i, cols] = False
        # Row -> column of MeasureSet.agg: 0 the base set, 1 + j measure j toggled.
        self.agg_index = np.zeros(self.total, dtype=np.intp)
        self.agg_index[self.toggle_start : self.sweep_start] = np.arange(1, n_measures + 1)


@dataclass(frozen=True)
class Lever:
    """One lever of a proposal as the flags and moves need it."""

    i: int
    name: str
    label: str
    value: float
    cur: int
    lo: int
    hi: int
    bonus: float
    relief: float


@dataclass(frozen=True)
class Variants:
    """The batch of one assessment and what its rows mean."""

    levers: np.ndarray  # (4, V)
    agg: np.ndarray  # (15, V)
    steps: list[tuple[str, int, int]]  # per step row after the base: lever, from, to
    toggles: list[tuple[str, bool]]  # per toggle row: measure id, add?
    layout: Layout
    measures: MeasureSet
    levers_info: tuple[Lever, ...]
    bounds: tuple[tuple[int, int], ...]  # each lever's red line

    @property
    def sweep_start(self) -> int:
        return self.layout.sweep_start

    @property
    def n_single(self) -> int:
        """Number of single-change rows (steps and toggles) after the base row."""
        return self.layout.sweep_start - 1


def measure_set(measures: frozenset[str], p: Params) -> MeasureSet:
    cache = p.cache.setdefault("measure_sets", {})
    hit = cache.get(measures)
    if hit is None:
        if len(cache) >= 128:
            cache.clear()
        hit = cache[measures] = MeasureSet(measures, p)
    return hit


def _layout(n_steps: int, p: Params) -> Layout:
    cache = p.cache.setdefault("layouts", {})
    hit = cache.get(n_steps)
    if hit is None:
        hit = cache[n_steps] = Layout(n_steps, len(p.measure_ids))
    return hit


def variants(proposal: Proposal, p: Params) -> Variants:
    """The rows of one assessment of this proposal."""
    ms = measure_set(proposal.measures, p)
    step = p.lever_step
    steps: list[tuple[str, int, int]] = []
    moved: list[tuple[int, int]] = []  # lever index, level, per step row
    info, base, bounds = [], [], []
    for i, lever in enumerate(LEVERS):
        lo, hi = bound = proposal.red_line(lever)
        value = proposal.levers[lever]
        cur = int(value)
        base.append(float(value))
        bounds.append(bound)
        info.append(Lever(i, lever, LEVER_LABELS[lever], float(value), cur, lo, hi, ms.bonus[i], ms.relief[i]))
        for sign in (-1, 1):
            to = min(max(cur + sign * step, lo, 0), hi, 100)
            if to != cur:
                steps.append((lever, cur, to))
                moved.append((i, to))
    layout = _layout(len(steps), p)
    levers = layout.sweep_values.copy()
    np.copyto(levers, np.array(base)[:, None], where=layout.keep)
    for row, (i, to) in enumerate(moved, start=1):
        levers[i, row] = to
    toggles = [(mid, add) for mid, add in zip(p.measure_ids, ms.adds, strict=True)]
    return Variants(levers, ms.batch_agg(layout), steps, toggles, layout, ms, tuple(info), tuple(bounds))


def lever_fix(lever: str, to: int) -> dict[str, Any]:
    return {"kind": "lever", "lever": lever, "to": int(to), "label": f"Set {lever} to {int(to)}"}


def measure_fix(a: AssumptionSet, mid: str, action: str = "add") -> dict[str, Any]:
    verb = "Add" if action == "add" else "Drop"
    return {"kind": "measure", "measure": mid, "action": action, "label": f"{verb} {a.measure(mid).name}"}


def single_change(var: Variants, k: int, a: AssumptionSet, p: Params, as_fix: bool = False) -> dict[str, Any]:
    """A fresh dict describing single-change row 1 + k, as a move or as a flag's fix."""
    n_steps = len(var.steps)
    if k < n_steps:
        lever, frm, to = var.steps[k]
        if as_fix:
            return lever_fix(lever, to)
        return {"kind": "lever", "lever": lever, "from": frm, "to": to,
                "label": f"{'Raise' if to > frm else 'Lower'} {lever} {frm} → {to}"}
    j = k - n_steps
    mid, add = var.toggles[j]
    return {"kind": "measure", "measure": mid, "action": "add" if add else "remove",
            "label": var.measures.label(j, a, p)}
