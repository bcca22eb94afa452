"""What changed between two settled states of a proposal: its lever moves and measures added or dropped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import LEVER_LABELS, LEVERS, Proposal


@dataclass(frozen=True)
class SettledChange:
    """One lever moved (from → to), or one measure added (0 → 1) or dropped (1 → 0)."""

    kind: str  # "lever" | "measure"
    item: str  # the lever, or the measure's id
    before: int
    after: int

    def text(self, measure_names: Mapping[str, str] | None = None) -> str:
        """'Openness 50 → 70', 'Added Customer-managed keys', 'Dropped …'."""
        if self.kind == "lever":
            return f"{LEVER_LABELS.get(self.item, self.item)} {self.before} → {self.after}"
        name = (measure_names or {}).get(self.item, self.item)
        return f"{'Added' if self.after else 'Dropped'} {name}"


def settled_changes(
    levers: Mapping[str, int] | None, measures: frozenset[str] | None, now: Proposal
) -> list[SettledChange]:
    """The changes from a settled state (its levers and measures; None where unknown) to `now`.

    Levers first, in lever order; then measures dropped and added, by id. Nothing is reported
    for a part whose earlier state is unknown (a proposal's first state, an old snapshot that
    did not record its measures).
    """
    out: list[SettledChange] = []
    if levers is not None:
        for lever in LEVERS:
            old, new = int(levers.get(lever, now.levers[lever])), int(now.levers[lever])
            if old != new:
                out.append(SettledChange("lever", lever, old, new))
    if measures is not None:
        for mid in sorted(measures - now.measures):
            out.append(SettledChange("measure", mid, 1, 0))
        for mid in sorted(now.measures - measures):
            out.append(SettledChange("measure", mid, 0, 1))
    return out
