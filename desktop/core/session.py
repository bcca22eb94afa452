"""The working state of one open proposal: every change is an edit applied here, announced by aspect.

A Session holds a State (proposal, assumption set, country data, baseline pin), the live
assessment and the baseline's assessment computed from it, and the undo History. Every change
goes through `apply` (an undoable edit), `undo`/`redo`, or `open` (another proposal). Each
computes the whole new state first, lets the writer (the store-side persister, if attached)
store what must exist before anyone sees it, then announces a Changes aspect by aspect on
`events`; views read the session in their slots, so the order they subscribed in never matters.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any, Mapping, Protocol

from psygnal import Signal, SignalGroup

from .baseline import Baseline, Delta, deltas
from .changes import ASPECTS, Changes
from .edits import (
    Edit,
    NewAssumptionSet,
    Pin,
    State,
    clear_baseline,
    pin_baseline,
    replace_profiles,
    use_assumptions,
)
from .engine import Assessment, assess
from .evaluate import DatedFlags, evaluate
from .history import History
from .i18n import _
from .model import AssumptionSet, CountryProfile, DomainError, Proposal

# Proposal fields that are bookkeeping, not content: they change without any view caring.
_BOOKKEEPING = frozenset({"id", "created", "modified"})
# Content the engine does not read: editing it needs no new assessment.
_NOT_ASSESSED = frozenset({"name", "notes", "description", "example"}) | _BOOKKEEPING
_PROPOSAL_FIELDS = tuple(f.name for f in fields(Proposal) if f.name not in _BOOKKEEPING)


class SessionEvents(SignalGroup):
    """One signal per aspect (emitted once per change, only when it changed), then `changed`."""

    opened = Signal(object)
    proposal = Signal(object)
    assumptions = Signal(object)
    profiles = Signal(object)
    baseline = Signal(object)
    assessment = Signal(object)
    proposals = Signal(object)
    history = Signal(object)
    changed = Signal(object)  # every Changes, after its aspects: for a view that shows several


class Writer(Protocol):
    """What a session asks of its persister before it announces a change."""

    def persist(self, before: State, after: State, changes: Changes) -> State:
        """Store what must exist before the views see the change; return the state as stored."""


class Session:
    """The open proposal with its country data, assumption set and baseline; the live assessment."""

    def __init__(
        self,
        proposal: Proposal,
        profiles: Mapping[str, CountryProfile],
        assumptions: AssumptionSet,
        baseline: Pin | None = None,
        today: date | None = None,
    ) -> None:
        self.events = SessionEvents()
        self.history = History()
        self._today = today  # None: the real date, whenever an assessment is made
        self._dated = DatedFlags()  # the current country's dated flags: a lever move keeps them
        self._writer: Writer | None = None
        self._state = State(proposal, assumptions, profiles, baseline)
        self._assessment = self._assess(self._state)
        self._baseline = self._assess_baseline(self._state)

    # ------------------------------------------------------------------ reading

    @property
    def state(self) -> State:
        return self._state

    @property
    def proposal(self) -> Proposal:
        return self._state.proposal

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    @property
    def assumptions(self) -> AssumptionSet:
        return self._state.assumptions

    @property
    def profiles(self) -> Mapping[str, CountryProfile]:
        return self._state.profiles

    @property
    def profile(self) -> CountryProfile:
        return self._state.profiles[self._state.proposal.country]

    @property
    def baseline(self) -> Baseline | None:
        """The pinned baseline, assessed under the current assumptions and country data."""
        return self._baseline

    def deltas(self) -> dict[str, Delta] | None:
        """The current assessment against the baseline, or None without a baseline."""
        return None if self._baseline is None else deltas(self._assessment, self._baseline.assessment)

    # ------------------------------------------------------------------ changing

    def set_writer(self, writer: Writer | None) -> None:
        """Attach the persister (one per session)."""
        self._writer = writer

    def apply(self, edit: Any) -> Changes:
        """Apply an undoable edit (an Edit, or an ops.Change); an empty one changes nothing."""
        return self._apply(edit)

    def switch(self, edit: Edit) -> Changes:
        """Apply an undoable edit that makes another proposal current (edits.delete_proposal).

        Like `open`, it starts the undo history again (the earlier steps edited the proposal that
        is no longer current), but with this edit as its one step: Undo brings the proposal back.
        """
        return self._apply(edit, fresh=True)

    def _apply(self, edit: Any, fresh: bool = False) -> Changes:
        step: Edit = edit.as_edit()
        if step.empty:
            return Changes()
        before, after, changes = self._commit(replace(self._state, **step.after))
        if changes:
            if fresh:
                self.history.clear()
            self.history.record(Edit(step.label, {k: getattr(before, k) for k in step.after},
                                     {k: getattr(after, k) for k in step.after}, step.merge, step.relabel))
        self._announce(changes)
        return changes

    def undo(self) -> Changes:
        """Put back what the last edit changed (only the aspects it touched)."""
        step = self.history.step_back()
        if step is None:
            return Changes()
        *_, changes = self._commit(replace(self._state, **step.before))
        self._announce(changes)
        return changes

    def redo(self) -> Changes:
        step = self.history.step_forward()
        if step is None:
            return Changes()
        *_, changes = self._commit(replace(self._state, **step.after))
        self._announce(changes)
        return changes

    def open(self, proposal: Proposal, baseline: Pin | None = None) -> Changes:
        """Make another proposal (saved, or new: the writer stores it) the current one; clears undo."""
        *_, changes = self._commit(replace(self._state, proposal=proposal, baseline=baseline), opened=True)
        self.history.clear()
        self._announce(changes)
        return changes

    load = open

    def mark_saved(self, stored: Proposal) -> None:
        """Adopt the id and timestamps the store gave the current proposal (bookkeeping: no event)."""
        current = self._state.proposal
        self._state = replace(
            self._state, proposal=replace(current, id=stored.id, created=stored.created, modified=stored.modified)
        )

    def announce(self, changes: Changes) -> None:
        """Announce what the store recorded without a change of state (a settled state, a reason)."""
        self._announce(changes)

    # Shorthands for the edits views make most.

    def set_assumptions(self, assumptions: AssumptionSet) -> Changes:
        return self.apply(use_assumptions(self._state.assumptions, assumptions))

    def set_profiles(self, profiles: Mapping[str, CountryProfile], label: str = "Update country data") -> Changes:
        return self.apply(replace_profiles(self._state.profiles, profiles, label))

    def pin_baseline(self, proposal: Proposal, label: str) -> Baseline:
        """Pin a proposal (any country the session knows) as the baseline."""
        if proposal.country not in self._state.profiles:
            raise DomainError(_("unknown country {iso3!r}").format(iso3=proposal.country))
        self.apply(pin_baseline(self._state.baseline, proposal, label))
        assert self._baseline is not None
        return self._baseline

    def pin_current(self) -> Baseline:
        p = self._state.proposal
        return self.pin_baseline(p, f"{p.name} (pinned state)")

    def clear_baseline(self) -> Changes:
        return self.apply(clear_baseline(self._state.baseline))

    # ------------------------------------------------------------------ the one path

    def _commit(self, after: State, opened: bool = False) -> tuple[State, State, Changes]:
        """Compute the new state, have it stored, adopt it; the caller announces the changes."""
        before = self._state
        wanted = after
        if isinstance(after.assumptions, NewAssumptionSet) and self._writer is None:
            after = replace(after, assumptions=after.assumptions.provisional())
        self._check(after)
        changes = self._diff(before, after, opened)
        if self._writer is not None and changes:
            after = self._writer.persist(before, wanted, changes)
            changes = self._diff(before, after, opened)
        assessment = self._assess(after) if changes.assessment else self._assessment
        baseline = self._baseline
        if changes.touches("baseline", "assumptions", "profiles"):
            baseline = self._assess_baseline(after)
            if baseline != self._baseline:  # re-assessed under the new assumptions or data
                changes = replace(changes, baseline=True)
        self._state, self._assessment, self._baseline = after, assessment, baseline
        return before, after, changes

    def _check(self, state: State) -> None:
        if state.proposal.country not in state.profiles:
            raise DomainError(_("unknown country {iso3!r}").format(iso3=state.proposal.country))

    def _diff(self, before: State, after: State, opened: bool) -> Changes:
        # Another proposal made current by an edit (a delete, its undo) is an open for the views.
        opened = opened or after.proposal.id != before.proposal.id or after.trashed != before.trashed
        if opened:
            changed = frozenset(_PROPOSAL_FIELDS)
        elif after.proposal is before.proposal:
            changed = frozenset()
        else:
            changed = frozenset(n for n in _PROPOSAL_FIELDS if getattr(after.proposal, n) != getattr(before.proposal, n))
        assumptions = after.assumptions is not before.assumptions and after.assumptions != before.assumptions
        profiles = frozenset()
        if after.profiles is not before.profiles:
            keys = set(before.profiles) | set(after.profiles)
            profiles = frozenset(k for k in keys if before.profiles.get(k) is not after.profiles.get(k)
                                 and before.profiles.get(k) != after.profiles.get(k))
        country = after.proposal.country
        assessed = opened or bool(changed - _NOT_ASSESSED) or assumptions or country in profiles
        return Changes(
            opened=opened,
            proposal=changed,
            assumptions=assumptions,
            profiles=profiles,
            baseline=after.baseline != before.baseline,
            assessment=assessed,
            proposals=opened or "name" in changed,
        )

    def _assess(self, state: State) -> Assessment:
        return evaluate(state.proposal, state.profiles, state.assumptions, self._today, self._dated)

    def _assess_baseline(self, state: State) -> Baseline | None:
        pin = state.baseline
        if pin is None or pin.proposal.country not in state.profiles:
            return None
        return Baseline(pin.proposal, pin.label, assess(pin.proposal, state.profiles[pin.proposal.country], state.assumptions))

    def _announce(self, changes: Changes) -> None:
        if not changes:
            return
        for aspect in ASPECTS:
            if getattr(changes, aspect):
                getattr(self.events, aspect).emit(changes)
        self.events.changed.emit(changes)
