"""Each proposal's workshop record (core.room.Workshop): kept as one JSON document per proposal."""

from __future__ import annotations

import json

from ..core.i18n import _
from ..core.model import DomainError
from ..core.room import Workshop
from ..core.room_record import workshop_from_dict
from .clock import now
from .database import Store


def load_workshop(store: Store, proposal_id: int | None) -> Workshop:
    """The proposal's workshop (an empty one if none is kept, or if the stored one does not read back)."""
    if proposal_id is None:
        return Workshop()
    rows = list(store.db.query("SELECT record FROM workshops WHERE proposal_id = ?", [proposal_id]))
    if not rows:
        return Workshop()
    try:
        return workshop_from_dict(json.loads(rows[0]["record"]))
    except (ValueError, DomainError):
        return Workshop()  # an unreadable record never stops a proposal from opening


def save_workshop(store: Store, proposal_id: int | None, workshop: Workshop) -> None:
    """Keep `workshop` with the proposal (replacing what was kept)."""
    if proposal_id is None:
        raise DomainError(_("save the proposal before recording a workshop on it"))
    if store.proposal_by_id(proposal_id) is None:
        raise DomainError(_("no proposal with id {id}").format(id=proposal_id))
    record = json.dumps(workshop.to_dict(), sort_keys=True, ensure_ascii=False, allow_nan=False)
    with store.transaction():
        store.db.execute(
            "INSERT INTO workshops (proposal_id, record, modified) VALUES (?, ?, ?)"
            " ON CONFLICT (proposal_id) DO UPDATE SET record = excluded.record, modified = excluded.modified",
            [proposal_id, record, now()],
        )


def clear_workshop(store: Store, proposal_id: int) -> None:
    with store.transaction():
        store.db.execute("DELETE FROM workshops WHERE proposal_id = ?", [proposal_id])
