"""The timeline of settled states: snapshots with the changes since the previous one, and their reasons."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..core.i18n import _
from ..core.model import DomainError, Proposal
from ..core.settled import SettledChange, settled_changes
from .clock import now
from .database import Store


def last_settled(store: Store, proposal_id: int) -> tuple[dict[str, int], frozenset[str] | None] | None:
    """The levers and measures (None if it did not record them) of the newest snapshot, or None."""
    row = store.db.execute(
        "SELECT levers, measures FROM snapshots WHERE proposal_id = ? ORDER BY created DESC, id DESC LIMIT 1",
        [proposal_id],
    ).fetchone()
    if row is None:
        return None
    return json.loads(row[0]), (frozenset(json.loads(row[1])) if row[1] is not None else None)


def record_settled(
    store: Store,
    proposal: Proposal,
    assessment: Mapping[str, Any],
    opened_with: Proposal | Mapping[str, int] | None = None,
) -> int:
    """Store a snapshot and, in the same transaction, each change since the previous snapshot.

    opened_with: the proposal (or its levers) as it was opened, compared against when it has no
    snapshot yet. The changes themselves are computed in core (core.settled).
    """
    if proposal.id is None:
        raise DomainError(_("save the proposal before snapshotting it"))
    with store.transaction():
        previous = last_settled(store, proposal.id)
        if previous is not None:
            levers, measures = previous
        elif isinstance(opened_with, Proposal):
            levers, measures = dict(opened_with.levers), opened_with.measures
        else:
            levers, measures = (dict(opened_with) if opened_with else None), None
        stamp = now()
        snapshot_id = store.insert_snapshot(
            proposal.id, stamp, proposal.levers, assessment["overall"], assessment["band"], assessment,
            measures=proposal.measures, proposal=proposal,
        )
        for change in settled_changes(levers, measures, proposal):
            _insert_change(store, proposal.id, snapshot_id, stamp, change)
    return snapshot_id


def _insert_change(store: Store, proposal_id: int, snapshot_id: int, stamp: str, change: SettledChange) -> None:
    store.db.execute(
        "INSERT INTO settled_changes (proposal_id, snapshot_id, time, kind, item, from_value, to_value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [proposal_id, snapshot_id, stamp, change.kind, change.item, change.before, change.after],
    )


def changes(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """Every recorded change of a proposal (kind, item, from_value, to_value, reason …), oldest first."""
    return list(
        store.db.query("SELECT * FROM settled_changes WHERE proposal_id = ? ORDER BY time, id", [proposal_id])
    )


def timeline(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """Settled states, newest first: id, created, overall, band, levers, measures, assumptions_version, changes."""
    by_snapshot: dict[int, list[dict[str, Any]]] = {}
    for change in changes(store, proposal_id):
        by_snapshot.setdefault(change["snapshot_id"], []).append(change)
    rows = store.db.query(
        "SELECT id, created, assumptions_version, levers, measures, overall, band FROM snapshots WHERE proposal_id = ?"
        " ORDER BY created DESC, id DESC",
        [proposal_id],
    )
    return [
        dict(r, levers=json.loads(r["levers"]), measures=None if r["measures"] is None else json.loads(r["measures"]),
             changes=by_snapshot.get(r["id"], []))
        for r in rows
    ]


def set_reason(store: Store, change_id: int, reason: str, proposal_id: int | None = None) -> None:
    """Attach (or clear, with '') the negotiator's private reason for one change (of proposal_id, if given)."""
    with store.transaction():
        cursor = store.db.execute(
            "UPDATE settled_changes SET reason = ? WHERE id = ? AND (? IS NULL OR proposal_id = ?)",
            [reason.strip(), change_id, proposal_id, proposal_id],
        )
    if cursor.rowcount != 1:
        message = _("no change with id {id}") if proposal_id is None else _("no change with id {id} in this proposal")
        raise DomainError(message.format(id=change_id))


def change_text(change: Mapping[str, Any], measure_names: Mapping[str, str] | None = None) -> str:
    """A recorded change as one line: 'Openness 50 → 70', 'Added …'."""
    return SettledChange(change["kind"], change["item"], change["from_value"], change["to_value"]).text(measure_names)


def brief_change_log(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """The change log as the brief renders it: when, what changed, and the (private) reason."""
    names = {m.id: m.name for m in store.measures()}
    return [
        {"when": c["time"][:16].replace("T", " "), "change": change_text(c, names), "reason": c["reason"], "private": False}
        for c in changes(store, proposal_id)
    ]
