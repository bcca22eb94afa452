"""Edit a destination's screen status: a reason required, recorded with the date (like a profile edit).

A user's export-compliance team may correct a status. Every edit updates the row (edited_at,
edit_reason: the screen's notice shows them), and logs the row before and after with the reason
in destination_edits, so a correction can always be traced.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..core.edits import edited_destination, status_row
from ..core.i18n import _
from ..core.model import AssumptionSet, DomainError, Proposal
from ..core.program import ProgramResult, assess_bloc, bloc_members, program_checks
from ..core.screen import DestinationStatus
from .clock import now
from .database import Store


def edit_destination(store: Store, iso3: str, changes: Mapping[str, Any], reason: str) -> DestinationStatus:
    """Change a destination's status fields in one transaction, with a required reason; returns the new status.

    (core.edits.edited_destination's rules; the window makes the same change as an undoable session edit.)
    """
    key = iso3.strip().upper()
    current = store.destinations().get(key)
    if current is None:
        raise DomainError(_("unknown destination {iso3!r} (an ISO 3166 alpha-3 code such as KEN)").format(iso3=iso3))
    write_status(store, current, edited_destination(current, changes, reason, now()))
    return store.destinations()[key]


def write_status(store: Store, before: DestinationStatus, after: DestinationStatus) -> None:
    """Store a destination's status as `after` is, and log the change (before, after, why) in one transaction."""
    old, new = status_row(before), status_row(after)
    record = dict(new, groups=",".join(new["groups"]), verified=int(new["verified"]))
    newer = after.edited_at is not None and (before.edited_at is None or after.edited_at > before.edited_at)
    why = after.edit_reason if newer else f"undone: {before.edit_reason}"  # an undo goes back to an older state
    with store.transaction():
        store.db.execute(
            "UPDATE destinations SET status = :status, groups = :groups, reason = :reason, financing = :financing,"
            " financing_note = :financing_note, verified = :verified, unverified = :unverified, caveat = :caveat,"
            " edited_at = :edited_at, edit_reason = :edit_reason WHERE iso3 = :iso3",
            dict(record, edited_at=after.edited_at, edit_reason=after.edit_reason, iso3=after.iso3),
        )
        store.db.execute(
            "INSERT INTO destination_edits (iso3, time, reason, before, after) VALUES (?, ?, ?, ?, ?)",
            [after.iso3, now(), why or "", json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True)],
        )
    store.reference_changed()  # cached statuses and the profiles carrying them are stale now


def destination_edits(store: Store, iso3: str) -> list[dict[str, Any]]:
    """Every edit of a destination's status, newest first: time, reason, before, after."""
    rows = store.db.query(
        "SELECT time, reason, before, after FROM destination_edits WHERE iso3 = ? ORDER BY time DESC, id DESC",
        [iso3.strip().upper()],
    )
    return [dict(r, before=json.loads(r["before"]), after=json.loads(r["after"])) for r in rows]


def program_result(store: Store, proposal: Proposal, assumptions: AssumptionSet | None = None) -> ProgramResult:
    """The proposal's AI Exports Program checklist from the store's statuses (and its bloc's assessments)."""
    assumptions = assumptions or store.assumption_set()
    bloc = None
    if proposal.program.target_bloc:
        members = bloc_members(store.profiles(), proposal.program.target_bloc)
        bloc = assess_bloc(proposal, members, assumptions, proposal.program.target_bloc)
    return program_checks(proposal, store.destinations(), assumptions, bloc=bloc)
