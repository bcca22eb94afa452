"""The one writer of the user's edits: a session's persister, shared by the window and the CLI.

Attached to a Session as its writer, it stores what must exist before anyone hears of a change
(a new assumption-set version, a new proposal, edited country data, the baseline) inside the
session's commit; the proposal row itself waits for `flush()` (the window calls it when edits
pause, the CLI at the end of a command) and a settled state for `settle()`. The workflows that
change which proposal is open (new, duplicate, delete, scenarios, examples, imports) are here
too, so the window and the CLI run the same ones.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields, replace
from typing import Any, Callable, Mapping

from psygnal import Signal

from ..core.changes import Changes
from ..core.edits import Edit, NewAssumptionSet, Pin, State, delete_proposal, replace_profiles
from ..core.i18n import _
from ..core.model import CountryProfile, DomainError, Proposal
from ..core.session import Session
from ..core.text import REASON_MAX, check_length, clean_name
from . import baselines, scenarios
from .alternatives import write_alternative
from .assumption_versions import store_new_version
from .clock import now
from .database import Store
from .destinations import write_status
from .errors import SaveError, StaleWrite
from .examples import working_copy
from .profiles import changed_sovereignty, write_sovereignty
from .timeline import record_settled, set_reason
from .trash import in_trash, restore_proposal, trash_proposal

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


def initial_proposal(store: Store, besides: int | None = None) -> Proposal:
    """The most recently changed proposal (not a shipped example, nor `besides`), or a new one for the default country."""
    latest = store.latest_proposal(besides)
    if latest is not None and latest.example:
        latest = store.latest_own_proposal(besides)
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


# The proposal fields a session edits (not the bookkeeping: id, created, modified).
CONTENT_FIELDS = tuple(f.name for f in fields(Proposal) if f.name not in ("id", "created", "modified"))
FROM_ELSEWHERE = "Changes from another program"
_STALE_RETRIES = 5


def field_label(name: str) -> str:
    """levers.security → security; red_lines.openness → red line of openness."""
    field, _, key = name.partition(".")
    if not key:
        return field.replace("_", " ")
    return key if field == "levers" else f"{field.replace('_', ' ').rstrip('s')} of {key}"


def _value(proposal: Proposal, key: str) -> Any:
    name, _, sub = key.partition(".")
    value = getattr(proposal, name)
    return value.get(sub) if sub and isinstance(value, Mapping) else value


class Persister:
    """Writes a session's changes to the store; the only code that writes the user's edits.

    Other programs (the CLI) may write the same database alongside. The proposal row is written
    only if it is still as this session last read or wrote it (its `modified` stamp is the
    revision); otherwise the row is merged field by field: a field only this session changed
    keeps this session's value, a field only the other program changed takes theirs, and a field
    both changed keeps the newer edit (this session's edit time against the row's stamp). The
    merge is one undoable step ("Changes from another program") and `external` tells the user.
    `check_external()` (the window calls it on a timer; `PRAGMA data_version` makes it cheap)
    does the same for writes made while nothing is waiting here.
    """

    pending = Signal()  # the proposal row has changes waiting for flush()
    external = Signal(str)  # another program changed the open proposal: what was done, for the user

    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.writes = 0  # proposal rows written
        self.merges = 0  # times another program's write was merged in
        self._dirty = False
        self._settle_due = False
        self._opened_with = session.proposal  # compared against for the first settled state
        self._base: Proposal | None = None  # the row as last read or written: the merge base and revision
        self._edited: dict[str, str] = {}  # field → when this session last changed it (since _base)
        self._adopting = False
        self._data_version = self._read_data_version()
        session.set_writer(self)

    @property
    def dirty(self) -> bool:
        """True while an edit of the proposal waits for flush()."""
        return self._dirty

    # ------------------------------------------------------------------ the session's writer

    def persist(self, before: State, after: State, changes: Changes) -> State:
        """Store what the views must find stored; mark the proposal row for the next flush."""
        if changes.opened:
            restored = self._keep_trash(before.trashed, after.trashed)
            if after.proposal.id in restored:  # its undo: as restored (perhaps "NAME (2)")
                after = replace(after, proposal=restored[after.proposal.id])
            elif after.proposal.id is not None and after.trashed != before.trashed:  # a redo: as stored now
                stored = self.store.proposal_by_id(after.proposal.id)
                if stored is None:
                    raise DomainError(_("“{name}” no longer exists").format(name=after.proposal.name))
                after = replace(after, proposal=stored)
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
        if changes.proposal and not self._adopting:
            stamp = now()
            for name in changes.proposal:
                self._edited[name] = stamp
                old, new = getattr(before.proposal, name, None), getattr(after.proposal, name, None)
                if isinstance(old, Mapping) and isinstance(new, Mapping):  # levers, components: per key too
                    for key in set(old) | set(new):
                        if old.get(key) != new.get(key):
                            self._edited[f"{name}.{key}"] = stamp
            self._dirty, self._settle_due = True, False
            self.pending.emit()
        return after

    def _keep_trash(self, before: frozenset[int], after: frozenset[int]) -> dict[int, Proposal]:
        """Put in the trash what the session put there, take out what it took out; the restored ones by id."""
        for pid in sorted(after - before):
            if not in_trash(self.store, pid):
                trash_proposal(self.store, pid)
        return {pid: restore_proposal(self.store, pid) for pid in sorted(before - after) if in_trash(self.store, pid)}

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
        self._base = proposal if proposal.id is not None else None
        self._edited.clear()
        return replace(after, proposal=proposal, baseline=pin)

    # ------------------------------------------------------------------ the proposal row, settled states

    def flush(self, force: bool = False) -> Proposal | None:
        """Write the proposal row if an edit waits (always with force); the stored proposal, or None.

        A failed write (StoreError, DomainError) leaves the edit waiting, to be retried.
        """
        if not (self._dirty or force):
            return None
        for _attempt in range(_STALE_RETRIES):
            base = self._base
            mine = self.session.proposal
            expected = base.modified if base is not None and base.id == mine.id and mine.id is not None else None
            try:
                stored = self.store.save_proposal(mine, expected=expected)
            except StaleWrite:
                disk = self.store.proposal_by_id(mine.id) if mine.id is not None else None
                if disk is None:
                    raise DomainError(_("proposal {name!r} no longer exists").format(name=mine.name)) from None
                self._merge_in(disk)
                continue
            break
        else:
            raise SaveError("busy", _("cannot save: another program keeps changing this proposal; try again"))
        self.writes += 1
        self._dirty, self._settle_due = False, True
        self._base = stored
        self._edited.clear()
        self.session.mark_saved(stored)
        return stored

    # ------------------------------------------------------------------ other writers

    def _read_data_version(self) -> int | None:
        try:
            return int(self.store.db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:  # a closed database (the window is going away): nothing to take in
            return None

    def check_external(self) -> bool:
        """Take in a write another program made to the open proposal since we read it; True if one was.

        Cheap when nothing changed (one PRAGMA). Fields this session has waiting are merged (see the class).
        """
        version = self._read_data_version()
        if version is None or version == self._data_version:
            return False
        self._data_version = version
        current, base = self.session.proposal, self._base
        if current.id is None or base is None or base.id != current.id:
            return False
        disk = self.store.proposal_by_id(current.id)
        if disk is None:
            self.external.emit(f"“{current.name}” was deleted by another program; this window still holds it")
            return False
        if disk.modified == base.modified:
            return False
        self._merge_in(disk)
        return True

    def _merge_in(self, disk: Proposal) -> None:
        """Make the session hold `disk` merged with this session's own edits (one undo step); tell the user."""
        base, mine = self._base, self.session.proposal
        taken: list[str] = []
        kept: list[str] = []
        theirs_stamp = disk.modified or ""

        def pick(key: str, b: Any, m: Any, d: Any) -> Any:
            if m == d or d == b:
                return m  # the same, or only this session changed it
            if m == b:
                taken.append(key)  # only the other program changed it
                return d
            if theirs_stamp > self._edited.get(key, ""):
                taken.append(key)  # both: theirs is newer
                return d
            kept.append(key)  # both: ours is newer
            return m

        values: dict[str, Any] = {}
        for name in CONTENT_FIELDS:
            b = getattr(base, name) if base is not None else getattr(mine, name)
            m, d = getattr(mine, name), getattr(disk, name)
            if m == d:
                continue
            if isinstance(b, Mapping) and isinstance(m, Mapping) and isinstance(d, Mapping):
                merged_map = {}
                for key in list(d) + [k for k in m if k not in d]:
                    value = pick(f"{name}.{key}", b.get(key), m.get(key), d.get(key))
                    if value is not None:
                        merged_map[key] = value
                values[name] = merged_map
            else:
                values[name] = pick(name, b, m, d)
        merged = replace(mine, **values, id=disk.id, created=disk.created, modified=disk.modified)
        self._base = disk
        # What of ours still differs from the row is what remains to write.
        self._edited = {k: v for k, v in self._edited.items() if _value(merged, k) != _value(disk, k)}
        self.merges += 1
        if merged != mine:
            self._adopting = True
            try:
                self.session.apply(Edit(FROM_ELSEWHERE, {"proposal": mine}, {"proposal": merged}))
            finally:
                self._adopting = False
        if not self._edited:
            self._dirty = False  # nothing of ours left to write
        parts = []
        if taken:
            parts.append(f"took {', '.join(map(field_label, taken))} from it")
        if kept:
            parts.append(f"kept your newer {', '.join(map(field_label, kept))}")
        if parts:
            self.external.emit(
                f"Another program changed “{disk.name}”: {'; '.join(parts)} (Undo puts the window's values back)"
                if taken else f"Another program changed “{disk.name}”: {'; '.join(parts)}"
            )

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
        check_length(reason, _("reasons are limited to {limit:,.0f} characters (this text has {length:,.0f})"), REASON_MAX)
        set_reason(self.store, change_id, reason, proposal_id=self.session.proposal.id)
        self.session.announce(Changes(history=True))

    # ------------------------------------------------------------------ which proposal is open

    def open_id(self, proposal_id: int) -> Proposal:
        """Open a saved proposal (an example opens as a working copy, so the example stays as shipped)."""
        proposal = self.store.proposal_by_id(proposal_id)
        if proposal is None:
            raise DomainError(_("that proposal no longer exists"))
        if proposal.example:
            proposal = working_copy(self.store, proposal)
        self.session.open(proposal)
        return self.session.proposal

    def create(self, name: str, country: str) -> Proposal:
        """Open a new proposal (stored at once)."""
        name = clean_name(name)
        if self.store.find_proposal(name) is not None:
            raise DomainError(_("choose another name: “{name}” is empty or already used").format(name=name))
        self.session.open(Proposal(name=name, country=country))
        return self.session.proposal

    def duplicate(self) -> Proposal:
        """Open a stored copy of the current proposal."""
        current = self.session.proposal
        name = self.store.unique_name(f"{current.name} (copy)")
        self.session.open(replace(current, id=None, name=name, example=False, created=None, modified=None))
        return self.session.proposal

    def delete_current(self) -> Proposal:
        """Put the current proposal in the trash (its waiting edit written first) and open the latest
        other one (or a new one): one undo step (edits.delete_proposal); returns the one deleted."""
        self.flush()
        current = self.session.proposal
        if current.id is None:
            raise DomainError(_("only a saved proposal can be deleted"))
        self.session.switch(delete_proposal(self.session.state, initial_proposal(self.store, besides=current.id)))
        return current

    def new_scenario(self, name: str) -> Proposal:
        """Branch a named scenario from the current proposal (flushed first) and open it."""
        saved = scenarios.create_scenario(self.store, self.session.proposal, name)
        self.session.open(saved)
        return saved

    def import_bundle(self, bundle: Any, rename: bool = False, use_assumptions: bool = False) -> dict[str, Any]:
        """Add a bundle's proposals in one transaction and open the first (store.exchange.import_bundle).

        bundle: a parsed Bundle, or the path of a sealed or streamed bundle file with its passphrase
        as (path, passphrase) (store.exchange_stream.import_bundle_file reads it in steps).
        """
        from .exchange import import_bundle
        from .exchange_stream import import_bundle_file

        if isinstance(bundle, tuple):
            result = import_bundle_file(self.store, bundle[0], bundle[1], rename=rename, use_assumptions=use_assumptions)
        else:
            result = import_bundle(self.store, bundle, rename=rename, use_assumptions=use_assumptions)
        latest = self.store.assumption_set()
        if latest.version != self.session.assumptions.version and latest != self.session.assumptions:
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
