"""A pinned baseline: a proposal and its assessment, and the deltas of the current state against it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from psygnal import Signal

from .engine import Assessment, assess
from .model import DIMENSION_LABELS, DIMENSIONS, LEVERS, DomainError, Proposal
from .session import Session

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
    base_items = {li.label: li.points for li in base.line_items}
    for li in current.line_items:
        out[f"item:{li.label}"] = Delta(li.label, li.points, base_items.get(li.label, 0.0))
    return out


class BaselineTracker:
    """The baseline pinned for the open proposal; re-assessed when the assumptions change.

    `changed` is emitted with the new Baseline (or None when cleared). Qt-free and SQL-free:
    the window stores the pinned state per proposal (desktop/store/baselines.py).
    """

    changed = Signal(object)

    def __init__(self, session: Session) -> None:
        self._session = session
        self._baseline: Baseline | None = None
        self._version = session.assumptions.version
        self._assumptions = session.assumptions
        session.changed.connect(self._on_session_changed)

    @property
    def baseline(self) -> Baseline | None:
        return self._baseline

    def pin(self, proposal: Proposal, label: str) -> Baseline:
        """Pin a proposal (any country the session knows) as the baseline."""
        profiles: Mapping = self._session.profiles
        if proposal.country not in profiles:
            raise DomainError(f"unknown country {proposal.country!r}")
        a = assess(proposal, profiles[proposal.country], self._session.assumptions)
        self._baseline = Baseline(proposal, label, a)
        self._assumptions = self._session.assumptions
        self.changed.emit(self._baseline)
        return self._baseline

    def pin_current(self) -> Baseline:
        """Pin the current state of the open proposal."""
        p = self._session.proposal
        return self.pin(p, f"{p.name} (pinned state)")

    def clear(self) -> None:
        if self._baseline is not None:
            self._baseline = None
            self.changed.emit(None)

    def deltas(self) -> dict[str, Delta] | None:
        """The current assessment against the baseline, or None without a baseline."""
        if self._baseline is None:
            return None
        return deltas(self._session.assessment, self._baseline.assessment)

    def _on_session_changed(self, _change) -> None:
        if self._baseline is not None and self._session.assumptions is not self._assumptions:
            self.pin(self._baseline.proposal, self._baseline.label)
