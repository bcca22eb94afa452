"""Edit a destination's screen status: a reason required, recorded with the date (like a profile edit).

A user's export-compliance team may correct a status. Every edit updates the row (edited_at,
edit_reason: the screen's notice shows them), and logs the row before and after with the reason
in destination_edits, so a correction can always be traced.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..core.model import AssumptionSet, DomainError, Proposal
from ..core.program import ProgramResult, assess_bloc, bloc_members, program_checks
from ..core.screen import FINANCING, STATUSES, DestinationStatus
from .clock import now
from .database import Store

EDITABLE: tuple[str, ...] = ("status", "groups", "reason", "financing", "financing_note", "verified", "unverified", "caveat")
_GROUP = frozenset(f"{letter}:{n}" for letter in "ABDE" for n in range(1, 7))


def _row(status: DestinationStatus) -> dict[str, Any]:
    return {
        "status": status.status,
        "groups": list(status.groups),
        "reason": status.reason,
        "financing": status.financing,
        "financing_note": status.financing_note,
        "verified": status.verified,
        "unverified": status.unverified,
        "caveat": status.caveat,
    }


def clean_changes(current: DestinationStatus, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that differ from the current status, checked; DomainError names the first bad one."""
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in EDITABLE:
            raise DomainError(f"cannot edit {field!r} of a destination status (fields: {', '.join(EDITABLE)})")
        if field == "status" and value not in STATUSES:
            raise DomainError(f"status must be one of {', '.join(STATUSES)}, got {value!r}")
        if field == "financing" and value not in FINANCING:
            raise DomainError(f"financing must be one of {', '.join(FINANCING)}, got {value!r}")
        if field == "groups":
            value = [g.strip().upper() for g in value if g.strip()]
            bad = [g for g in value if g not in _GROUP]
            if bad:
                raise DomainError(f"unknown EAR country group {bad[0]!r} (e.g. D:1, D:4, D:5, E:1)")
            value = sorted(set(value))
        if field == "verified":
            value = bool(value)
        if field in ("reason", "financing_note", "unverified", "caveat"):
            value = " ".join(str(value).split())
            if field == "reason" and not value:
                raise DomainError("a destination status needs a reason (one line: why this status)")
            if len(value) > 2000:
                raise DomainError(f"{field} is too long (at most 2000 characters)")
        if _row(current)[field] != value:
            out[field] = value
    return out


def edit_destination(store: Store, iso3: str, changes: Mapping[str, Any], reason: str) -> DestinationStatus:
    """Change a destination's status fields in one transaction, with a required reason; returns the new status."""
    key = iso3.strip().upper()
    current = store.destinations().get(key)
    if current is None:
        raise DomainError(f"unknown destination {iso3!r} (an ISO 3166 alpha-3 code such as KEN)")
    why = " ".join((reason or "").split())
    if not why:
        raise DomainError("say why you change this status (a reason is required and is recorded with the date)")
    clean = clean_changes(current, changes)
    if not clean:
        raise DomainError("nothing to change")
    before = _row(current)
    after = dict(before, **clean)
    stamp = now()
    record = dict(after, groups=",".join(after["groups"]), verified=int(after["verified"]))
    with store.transaction():
        store.db.execute(
            "UPDATE destinations SET status = :status, groups = :groups, reason = :reason, financing = :financing,"
            " financing_note = :financing_note, verified = :verified, unverified = :unverified, caveat = :caveat,"
            " edited_at = :edited_at, edit_reason = :edit_reason WHERE iso3 = :iso3",
            dict(record, edited_at=stamp, edit_reason=why, iso3=key),
        )
        store.db.execute(
            "INSERT INTO destination_edits (iso3, time, reason, before, after) VALUES (?, ?, ?, ?, ?)",
            [key, stamp, why, json.dumps(before, sort_keys=True), json.dumps(after, sort_keys=True)],
        )
    store.reference_changed()  # cached statuses and the profiles carrying them are stale now
    return store.destinations()[key]


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
