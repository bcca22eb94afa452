"""Which inputs move the overall score most (a tornado), and what one lever step does (pure).

The tornado moves each uncertain input (see `uncertainty.uncertain_inputs`: the assumptions
that enter this proposal's score over their plausible ranges, and the non-published
sovereignty-profile figures over their stated ranges (else ± the estimate/default half-width); the published IMF
pillars are not moved) to its low and to its high end, one at a time with everything else at
its value, and ranks them by the swing of the overall score. All 2·K cases are evaluated in
one vectorised pass (`uncertainty.evaluate_draws`, checked against `engine.assess`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import assess
from .model import LEVER_LABELS, LEVERS, AssumptionSet, CountryProfile, Proposal
from .uncertainty import UncertainInput, evaluate_draws, uncertain_inputs


@dataclass(frozen=True)
class TornadoBar:
    """One input moved across its plausible range: the overall score at its low and high end."""

    input: UncertainInput
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        return abs(self.at_high - self.at_low)

    def to_dict(self) -> dict[str, Any]:
        i = self.input
        return {
            "kind": i.kind, "key": i.key, "label": i.label, "value": i.value, "low": i.low, "high": i.high,
            "overall_at_low": round(self.at_low, 2), "overall_at_high": round(self.at_high, 2),
            "swing": round(self.swing, 2), "source": i.source,
        }


@dataclass(frozen=True)
class Tornado:
    """The tornado of one proposal: the base score and the bars, largest swing first."""

    base: float
    bars: tuple[TornadoBar, ...]

    def top(self, n: int) -> tuple[TornadoBar, ...]:
        return self.bars[:n]


def tornado(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> Tornado:
    """Every uncertain input moved to its low and high end alone; bars by swing, largest first
    (inputs that do not move the score are left out)."""
    inputs = uncertain_inputs(proposal, profile, assumptions)
    n = 2 * len(inputs)
    a_over: dict[str, np.ndarray] = {}
    p_over: dict[str, np.ndarray] = {}
    for j, inp in enumerate(inputs):
        column = np.full(max(n, 1), inp.value)
        column[2 * j], column[2 * j + 1] = inp.low, inp.high
        (a_over if inp.kind == "assumption" else p_over)[inp.key] = column
    base = float(evaluate_draws(proposal, profile, assumptions)["overall"][0])
    if not inputs:
        return Tornado(base, ())
    overall = evaluate_draws(proposal, profile, assumptions, a_over, p_over)["overall"]
    bars = [TornadoBar(inp, float(overall[2 * j]), float(overall[2 * j + 1])) for j, inp in enumerate(inputs)]
    bars = [b for b in bars if b.swing > 1e-9]
    bars.sort(key=lambda b: (-b.swing, b.input.key))
    return Tornado(base, tuple(bars))


def lever_steps(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> list[dict[str, Any]]:
    """Per lever, the assessment one step (moves.lever_step) down and up, within 0–100 and the
    red lines: overall, band, both sides and the change from now (None where no step is possible)."""
    step = max(1, int(round(assumptions["moves.lever_step"])))
    base = assess(proposal, profile, assumptions)
    rows = []
    for lever in LEVERS:
        cur = int(proposal.levers[lever])
        lo, hi = proposal.red_line(lever)
        row: dict[str, Any] = {"lever": lever, "label": LEVER_LABELS[lever], "value": cur, "step": step}
        for name, to in (("down", max(cur - step, 0, lo)), ("up", min(cur + step, 100, hi))):
            if to == cur:
                row[name] = None
                continue
            r = assess(proposal.with_lever(lever, to), profile, assumptions)
            row[name] = {
                "to": to, "overall": round(r.overall, 2), "band": r.band,
                "delta": round(r.overall - base.overall, 2),
                "acceptance": round(r.counterpart_acceptance, 2), "assurance": round(r.exporter_assurance, 2),
            }
        rows.append(row)
    return rows
