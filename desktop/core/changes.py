"""What an operation changed, by aspect (after Anki's OpChanges): views refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, fields

# The aspects, in the order the session announces them (every state is computed before the first).
ASPECTS: tuple[str, ...] = (
    "opened",  # a different proposal is the current one
    "proposal",  # fields of the current proposal (see Changes.proposal)
    "assumptions",  # the assumption set in use
    "profiles",  # country data (see Changes.profiles)
    "baseline",  # the pinned baseline (or its re-assessment)
    "assessment",  # the live assessment was recomputed
    "proposals",  # the list of saved proposals (created, deleted, renamed, imported)
    "history",  # the recorded settled states of the current proposal, or their reasons
)


@dataclass(frozen=True)
class Changes:
    """The aspects one operation changed; falsy when it changed nothing.

    `proposal` names the changed fields of the current proposal (any Proposal field, so a new
    field needs nothing here); `profiles` the ISO3 codes whose country data changed (any kind:
    sovereignty profile, capacity figures, data a later model adds per country).
    """

    opened: bool = False
    proposal: frozenset[str] = frozenset()
    assumptions: bool = False
    profiles: frozenset[str] = frozenset()
    baseline: bool = False
    assessment: bool = False
    proposals: bool = False
    history: bool = False

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in ASPECTS)

    def __or__(self, other: Changes) -> Changes:
        merged = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = a | b
        return Changes(**merged)

    def touches(self, *aspects: str) -> bool:
        """True when any of the named aspects changed (`"proposal.name"` asks about one field)."""
        for aspect in aspects:
            name, _, field = aspect.partition(".")
            value = getattr(self, name)
            if (field in value) if field else bool(value):
                return True
        return False

    @property
    def aspects(self) -> tuple[str, ...]:
        """The names of the aspects that changed, in announcement order."""
        return tuple(name for name in ASPECTS if getattr(self, name))
