"""A pinned baseline: a proposal and its assessment, and the deltas of the current state against it."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Assessment
from .model import DIMENSION_LABELS, DIMENSIONS, LEVERS, Proposal

UP, DOWN, SAME = "▲", "▼", "="
_SHOWN = 0.05  # a delta that rounds to 0.0 at one decimal is shown as no change


@dataclass(frozen=True)
class Baseline:
    """A pinned proposal, its label for the user, and its assessment under the current assumptions."""

    proposal: Proposal
    label: str
    assessment: Assessment

    @property
    def levers(self) -> dict[str, int]:
        return {lv: int(self.proposal.levers[lv]) for lv in LEVERS}

    def offers(self) -> list[float]:
        """The baseline's offer per commitment (radar overlay), in lever order."""
        return [float(self.assessment.commitments[lv]["offer"]) for lv in LEVERS]


@dataclass(frozen=True)
class Delta:
    """One figure now, at the baseline, and the difference."""

    label: str
    now: float
    base: float

    @property
    def value(self) -> float:
        return self.now - self.base

    @property
    def direction(self) -> str:
        """UP, DOWN or SAME, judged on the difference as shown (one decimal)."""
        d = self.value
        return SAME if abs(d) < _SHOWN else (UP if d > 0 else DOWN)

    @property
    def text(self) -> str:
        """'▲ 3.2', '▼ 1.0' or '= 0.0'."""
        return f"{self.direction} {abs(self.value):.1f}"


def deltas(current: Assessment, base: Assessment) -> dict[str, Delta]:
    """Every score of the current assessment against the baseline's, keyed by what it is.

    Keys: "overall", "acceptance", "assurance", "dim:<dimension>" (dimension scores 0–100)
    and "item:<label>" (line-item points that add up to the overall score).
    """
    out = {
        "overall": Delta("Overall readiness", current.overall, base.overall),
        "acceptance": Delta("Counterpart acceptance", current.counterpart_acceptance, base.counterpart_acceptance),
        "assurance": Delta("Exporter assurance", current.exporter_assurance, base.exporter_assurance),
    }
    for dim in DIMENSIONS:
        out[f"dim:{dim}"] = Delta(DIMENSION_LABELS[dim], current.dimensions[dim], base.dimensions[dim])
    base_items = {li.weight_key: li.points for li in base.line_items}  # by key: labels are in a language
    for li in current.line_items:
        out[f"item:{li.weight_key}"] = Delta(li.label, li.points, base_items.get(li.weight_key, 0.0))
    return out
