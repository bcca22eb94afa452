"""The working state of one open proposal: evented, Qt-free, recomputed from memory on every edit."""

from __future__ import annotations

from typing import Mapping

from psygnal import Signal

from .engine import Assessment, assess
from .model import AssumptionSet, CountryProfile, DomainError, Proposal
from .ops import Change


class Session:
    """Holds the current proposal, its country and assumption set, and the live assessment.

    Views subscribe to `changed` (a Change, or None when a different proposal was loaded) and
    read `proposal`, `profile` and `assessment`; nothing here touches disk.
    """

    changed = Signal(object)
    saved = Signal(object)  # the proposal as stored (id, timestamps) after a save

    def __init__(self, proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet) -> None:
        self._profiles = profiles
        self._assumptions = assumptions
        self._proposal = proposal
        self._assessment = self._assess(proposal)

    @property
    def proposal(self) -> Proposal:
        return self._proposal

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    @property
    def assumptions(self) -> AssumptionSet:
        return self._assumptions

    @property
    def profiles(self) -> Mapping[str, CountryProfile]:
        return self._profiles

    @property
    def profile(self) -> CountryProfile:
        return self._profiles[self._proposal.country]

    def _assess(self, proposal: Proposal) -> Assessment:
        if proposal.country not in self._profiles:
            raise DomainError(f"unknown country {proposal.country!r}")
        return assess(proposal, self._profiles[proposal.country], self._assumptions)

    def apply(self, change: Change) -> None:
        """Make change.after the current proposal (change.before for undo is the caller's)."""
        self._set(change.after, change)

    def revert(self, change: Change) -> None:
        """Undo a change: make change.before current again."""
        self._set(change.before, change)

    def load(self, proposal: Proposal) -> None:
        """Switch to another proposal (not an edit: no undo)."""
        self._set(proposal, None)

    def _set(self, proposal: Proposal, change: Change | None) -> None:
        assessment = self._assess(proposal)
        self._proposal = proposal
        self._assessment = assessment
        self.changed.emit(change)

    def mark_saved(self, stored: Proposal) -> None:
        """Adopt the id and timestamps the store gave the current proposal (no change event)."""
        from dataclasses import replace

        current = self._proposal
        self._proposal = replace(current, id=stored.id, created=stored.created, modified=stored.modified)
        self.saved.emit(self._proposal)

    def set_assumptions(self, assumptions: AssumptionSet) -> None:
        self._assumptions = assumptions
        self._set(self._proposal, None)

    def set_profiles(self, profiles: Mapping[str, CountryProfile]) -> None:
        """Adopt refreshed country profiles (a profile edit, a new data vintage) and recompute."""
        if self._proposal.country not in profiles:
            raise DomainError(f"unknown country {self._proposal.country!r}")
        self._profiles = profiles
        self._set(self._proposal, None)
