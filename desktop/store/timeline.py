"""The timeline of settled states: snapshots with the lever changes since the previous one, and their reasons."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..core.model import LEVERS, DomainError, Proposal
from .clock import now
from .database import Store


def record_settled(
    store: Store, proposal: Proposal, assessment: dict[str, Any], opened_with: Mapping[str, int] | None = None
) -> int:
    """Store a snapshot and, in the same transaction, each lever change since the previous snapshot.

    opened_with: the levers as the proposal was opened, compared against when it has no snapshot yet.
    """
    if proposal.id is None:
        raise DomainError("save the proposal before snapshotting it")
    with store.transaction():
        previous = store.db.execute(
            "SELECT levers FROM snapshots WHERE proposal_id = ? ORDER BY created DESC, id DESC LIMIT 1", [proposal.id]
        ).fetchone()
        snapshot_id = store.add_snapshot(proposal, assessment)
        before = json.loads(previous[0]) if previous is not None else (dict(opened_with) if opened_with else None)
        if before is not None:
            stamp = now()
            for lever in LEVERS:
                old, new = int(before.get(lever, proposal.levers[lever])), int(proposal.levers[lever])
                if old != new:
                    store.db.execute(
                        "INSERT INTO lever_changes (proposal_id, snapshot_id, time, lever, from_value, to_value)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        [proposal.id, snapshot_id, stamp, lever, old, new],
                    )
    return snapshot_id


def changes(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """Every recorded lever change of a proposal, oldest first."""
    return list(
        store.db.query("SELECT * FROM lever_changes WHERE proposal_id = ? ORDER BY time, id", [proposal_id])
    )


def timeline(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """Settled states, newest first: id, created, overall, band, levers, assumptions_version, changes."""
    by_snapshot: dict[int, list[dict[str, Any]]] = {}
    for change in changes(store, proposal_id):
        by_snapshot.setdefault(change["snapshot_id"], []).append(change)
    rows = store.db.query(
        "SELECT id, created, assumptions_version, levers, overall, band FROM snapshots WHERE proposal_id = ?"
        " ORDER BY created DESC, id DESC",
        [proposal_id],
    )
    return [dict(r, levers=json.loads(r["levers"]), changes=by_snapshot.get(r["id"], [])) for r in rows]


def set_reason(store: Store, change_id: int, reason: str) -> None:
    """Attach (or clear, with '') the negotiator's private reason for one lever change."""
    with store.transaction():
        cursor = store.db.execute("UPDATE lever_changes SET reason = ? WHERE id = ?", [reason.strip(), change_id])
    if cursor.rowcount != 1:
        raise DomainError(f"no lever change with id {change_id}")


def brief_change_log(store: Store, proposal_id: int) -> list[dict[str, Any]]:
    """The lever change log as the brief renders it: when, what changed, and the (private) reason."""
    return [
        {
            "when": c["time"][:16].replace("T", " "),
            "change": f"{c['lever'].capitalize()} {c['from_value']} → {c['to_value']}",
            "reason": c["reason"],
            "private": False,
        }
        for c in changes(store, proposal_id)
    ]
