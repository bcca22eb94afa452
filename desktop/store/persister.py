"""The one writer of the user's edits: a session's persister, shared by the window and the CLI.

Attached to a Session as its writer, it stores what must exist before anyone hears of a change
(a new assumption-set version, a new proposal, edited country data, the baseline) inside the
session's commit; the proposal row itself waits for `flush()` (the window calls it when edits
pause, the CLI at the end of a command) and a settled state for `settle()`. The workflows that
change which proposal is open (new, duplicate, delete, scenarios, examples, imports) are here
too, so the window and the CLI run the same ones.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from psygnal import Signal

from ..core.changes import Changes
from ..core.edits import NewAssumptionSet, Pin, State, replace_profiles
from ..core.model import CountryProfile, DomainError, Proposal
from ..core.session import Session
from . import baselines, scenarios
from .alternatives import write_alternative
from .assumption_versions import store_new_version
from .database import Store
from .destinations import write_status
from .examples import working_copy
from .profiles import changed_sovereignty, write_sovereignty
from .timeline import record_settled, set_reason

DEFAULT_COUNTRY = "KEN"


def _write_sovereignty(store: Store, before: CountryProfile | None, after: CountryProfile) -> None:
    changed = changed_sovereignty(before, after)
    if changed:
        write_sovereignty(store, after.iso3, changed)


def _write_destination(store: Store, before: CountryProfile | None, after: CountryProfile) -> None:
    if before is not None and before.destination is not None and after.destination is not None:
        write_status(store, before.destination, after.destination)


def _write_alternative(store: Store, before: CountryProfile | None, after: CountryProfile) -> None:
    if after.alternative is not None:
        with store.transaction():
            write_alternative(store.db, after.iso3, after.alternative)
        store.reference_changed()


# The country data a user edits, each with how to store its change: (read it from a profile, write it).
# Data that only a new vintage or migration changes (the IMF figures) has no writer here.
COUNTRY_DATA: tuple[tuple[Callable[[CountryProfile], Any], Callable[[Store, CountryProfile | None, CountryProfile], None]], ...] = (
    (lambda p: p.sovereignty, _write_sovereignty),
    (lambda p: p.destination, _write_destination),
    (lambda p: p.alternative, _write_alternative),
)


def initial_proposal(store: Store) -> Proposal:
    """The most recently changed proposal (not a shipped example), or a new one for the default country."""
    latest = store.latest_proposal()
    if latest is not None and latest.example:
        latest = store.latest_own_proposal()
    if latest is not None:
        return latest
    profiles = store.profiles()
    iso = DEFAULT_COUNTRY if DEFAULT_COUNTRY in profiles else next(iter(profiles))
    return Proposal(name=store.unique_name(f"{profiles[iso].name} proposal"), country=iso)


def open_session(store: Store, proposal: Proposal | None = None) -> tuple[Session, Persister]:
    """A session on `proposal` (default: initial_proposal) with its persister attached."""
    proposal = proposal or initial_proposal(store)
    session = Session(proposal, store.profiles(), store.assumption_set())
    persister = Persister(store, session)
    session.open(proposal)  # through the persister: a new proposal is stored, its baseline read
    return session, persister


class Persister:
    """Writes a session's changes to the store; the only code that writes the user's edits."""

    pending = Signal()  # the proposal row has changes waiting for flush()

    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.writes = 0  # proposal rows written
        self._dirty = False
        self._settle_due = False
        self._opened_with = session.proposal  # compared against for the first settled state
        session.set_writer(self)

    @property
    def dirty(self) -> bool:
        """True while an edit of the proposal waits for flush()."""
        return self._dirty

    # ------------------------------------------------------------------ the session's writer

    def persist(self, before: State, after: State, changes: Changes) -> State:
        """Store what the views must find stored; mark the proposal row for the next flush."""
        if changes.opened:
            return self._opened(after)
        if isinstance(after.assumptions, NewAssumptionSet):
            after = replace(after, assumptions=store_new_version(self.store, after.assumptions))
        for iso3 in sorted(changes.profiles):
            old, new = before.profiles.get(iso3), after.profiles[iso3]
            for read, write in COUNTRY_DATA:
                if old is None or read(old) != read(new):
                    write(self.store, old, new)
        pid = after.proposal.id
        if changes.baseline and pid is not None:
            if after.baseline is None:
                baselines.clear_baseline(self.store, pid)
            else:
                baselines.save_baseline(self.store, pid, after.baseline.proposal, after.baseline.label)
        if changes.proposal:
            self._dirty, self._settle_due = True, False
            self.pending.emit()
        return after

    def _opened(self, after: State) -> State:
        proposal = after.proposal
        if proposal.id is None:
            proposal = self.store.save_proposal(proposal)
            self.writes += 1
        pin = after.baseline
        if pin is None:
            stored = baselines.load_baseline(self.store, proposal.id)
            pin = None if stored is None else Pin(*stored)
        elif pin is not None:
            baselines.save_baseline(self.store, proposal.id, pin.proposal, pin.label)
        self._dirty = self._settle_due = False
        self._opened_with = proposal
        return replace(after, proposal=proposal, baseline=pin)

    # ------------------------------------------------------------------ the proposal row, settled states

    def flush(self, force: bool = False) -> Proposal | None:
        """Write the proposal row if an edit waits (always with force); the stored proposal, or None.

        A failed write (StoreError, DomainError) leaves the edit waiting, to be retried.
        """
        if not (self._dirty or force):
            return None
        stored = self.store.save_proposal(self.session.proposal)
        self.writes += 1
        self._dirty, self._settle_due = False, True
        self.session.mark_saved(stored)
        return stored

    def settle(self, force: bool = False) -> int | None:
        """Record the current state as settled: a snapshot and the changes since the last one.

        Only once flushed edits have settled (or with force, once nothing waits); returns the
        snapshot's id, or None.
        """
        proposal = self.session.proposal
        if self._dirty or proposal.id is None or not (self._settle_due or force):
            return None
        if not self.session.assessment.scored:  # an embargoed destination: no assessment to keep
            self._settle_due = False
            return None
        snapshot = record_settled(self.store, proposal, self.session.assessment.to_dict(), self._opened_with)
        self._settle_due = False
        self.session.announce(Changes(history=True))
        return snapshot

    def save_now(self) -> int | None:
        """Write the proposal and record its state now (the CLI's save: the proposal becomes the most recent)."""
        self.flush(force=True)
        return self.settle(force=True)

    def discard(self) -> None:
        """Drop the waiting edit (its proposal is gone, or the user chose to go on without it)."""
        self._dirty = self._settle_due = False

    def set_reason(self, change_id: int, reason: str) -> None:
        """The negotiator's private reason for one recorded change of the current proposal."""
        set_reason(self.store, change_id, reason, proposal_id=self.session.proposal.id)
        self.session.announce(Changes(history=True))

    # ------------------------------------------------------------------ which proposal is open

    def open_id(self, proposal_id: int) -> Proposal:
        """Open a saved proposal (an example opens as a working copy, so the example stays as shipped)."""
        proposal = self.store.proposal_by_id(proposal_id)
        if proposal is None:
            raise DomainError("that proposal no longer exists")
        if proposal.example:
            proposal = working_copy(self.store, proposal)
        self.session.open(proposal)
        return self.session.proposal

    def create(self, name: str, country: str) -> Proposal:
        """Open a new proposal (stored at once)."""
        name = name.strip()
        if not name or self.store.find_proposal(name) is not None:
            raise DomainError(f"choose another name: “{name}” is empty or already used")
        self.session.open(Proposal(name=name, country=country))
        return self.session.proposal

    def duplicate(self) -> Proposal:
        """Open a stored copy of the current proposal."""
        current = self.session.proposal
        name = self.store.unique_name(f"{current.name} (copy)")
        self.session.open(replace(current, id=None, name=name, example=False, created=None, modified=None))
        return self.session.proposal

    def delete_current(self) -> Proposal:
        """Delete the current proposal and its history; open the latest other one (or a new one)."""
        current = self.session.proposal
        self.discard()
        if current.id is not None:
            self.store.delete_proposal(current.id)
        self.session.open(initial_proposal(self.store))
        return self.session.proposal

    def new_scenario(self, name: str) -> Proposal:
        """Branch a named scenario from the current proposal (flushed first) and open it."""
        saved = scenarios.create_scenario(self.store, self.session.proposal, name)
        self.session.open(saved)
        return saved

    def import_bundle(self, bundle: Any, rename: bool = False) -> dict[str, Any]:
        """Add a bundle's proposals in one transaction and open the first (store.exchange.import_bundle)."""
        from .exchange import import_bundle

        result = import_bundle(self.store, bundle, rename=rename)
        latest = self.store.assumption_set()
        if latest.version != self.session.assumptions.version:
            self.session.set_assumptions(latest)
        first = self.store.get_proposal(result["imported"][0]["name"])
        self.session.open(first)
        return result

    def import_figures(self, preview: Any, label: str) -> int:
        """Store a previewed figures file as a new data vintage; the session moves to it (undoably)."""
        from .vintages import apply_preview

        vintage = apply_preview(self.store, preview, label)
        self.session.apply(replace_profiles(self.session.profiles, self.store.profiles(), f"Import {label}"))
        return vintage
