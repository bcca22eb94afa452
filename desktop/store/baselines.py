"""The baseline pinned for each proposal: saved when pinned, read back when the proposal is opened."""

from __future__ import annotations

import json
from typing import Any

from ..core.model import DomainError, Proposal
from ..core.ops import proposal_to_dict
from .clock import now
from .database import Store

_FROZEN_KEYS = ("name", "country", "levers", "measures", "components", "red_lines")


def _frozen(p: Proposal) -> dict[str, Any]:
    """The pinned state: the offer itself, without identity, notes or timestamps."""
    data = proposal_to_dict(p)
    return {k: data[k] for k in _FROZEN_KEYS}


def save_baseline(store: Store, proposal_id: int, pinned: Proposal, label: str) -> None:
    """Remember `pinned` (a frozen copy of its state) as the baseline of proposal `proposal_id`."""
    with store.transaction():
        store.db.execute(
            "INSERT INTO baselines (proposal_id, label, source_proposal_id, pinned, created) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (proposal_id) DO UPDATE SET label = excluded.label,"
            " source_proposal_id = excluded.source_proposal_id, pinned = excluded.pinned, created = excluded.created",
            [proposal_id, label, pinned.id, json.dumps(_frozen(pinned), sort_keys=True), now()],
        )


def load_baseline(store: Store, proposal_id: int) -> tuple[Proposal, str] | None:
    """The pinned proposal and its label, or None (none pinned, or it no longer validates)."""
    rows = list(store.db.query("SELECT * FROM baselines WHERE proposal_id = ?", [proposal_id]))
    if not rows:
        return None
    row = rows[0]
    try:
        data = json.loads(row["pinned"])
        pinned = Proposal(
            name=data["name"],
            country=data["country"],
            levers=data["levers"],
            measures=frozenset(data["measures"]),
            components=data["components"],
            red_lines={k: tuple(v) for k, v in data["red_lines"].items()},
            id=row["source_proposal_id"],
        )
        store.profile(pinned.country)
        pinned.validate({m.id for m in store.measures()})
    except (ValueError, KeyError, TypeError, DomainError):
        return None  # an unreadable baseline is dropped, never an error when opening a proposal
    return pinned, row["label"]


def clear_baseline(store: Store, proposal_id: int) -> None:
    """Forget the baseline of a proposal."""
    with store.transaction():
        store.db.execute("DELETE FROM baselines WHERE proposal_id = ?", [proposal_id])
