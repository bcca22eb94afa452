"""The trash: a deleted proposal is hidden at once and kept, with everything it owns, for 30 days.

A trashed proposal keeps its row and its dependent rows (measures, settled states, baseline,
change log), so putting it back loses nothing; the `trash` table (migration m016) says which
rows are in the trash, under which name and since when. Its name is freed while it is there: the
row's `name` becomes a placeholder no proposal can have (U+001F, which core.text.clean_name
strips), because `proposals.name` is UNIQUE at the column and SQLite cannot drop that without
rebuilding the table (which, with foreign keys on inside the upgrade transaction, would cascade
into every dependent row). Restoring into a name taken since gives "NAME (2)".

Every reader of proposals filters the trash out with `live()`; `purge()` removes, at the next
open (store.connection.open_store), what has been in the trash longer than KEEP_DAYS, dependent
rows by ON DELETE CASCADE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..core.i18n import _
from ..core.model import DomainError, Proposal
from . import clock

KEEP_DAYS = 30
_PLACEHOLDER = "\x1ftrash\x1f"  # + the row's id: unique, and never a cleaned name


def live(alias: str = "proposals") -> str:
    """The SQL condition that a proposals row (of `alias`) is not in the trash."""
    return f"{alias}.id NOT IN (SELECT proposal_id FROM trash)"  # noqa: S608 - alias is ours, never input


def has_trash(db: Any) -> bool:
    """True when the file has the trash table (a file not yet migrated does not)."""
    return "trash" in db.table_names()


@dataclass(frozen=True)
class Trashed:
    """A proposal in the trash: its id, the name it had, its country, when it was deleted."""

    proposal_id: int
    name: str
    country: str
    deleted_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.proposal_id, "name": self.name, "country": self.country, "deleted_at": self.deleted_at}


def trash_proposal(store: Any, proposal_id: int) -> Trashed:
    """Put a proposal in the trash (hidden everywhere, its name freed); DomainError if there is none."""
    with store.transaction():
        row = store.db.execute(
            f"SELECT name, country FROM proposals WHERE id = ? AND {live()}", [proposal_id]  # noqa: S608 - live() is ours
        ).fetchone()
        if row is None:
            raise DomainError(_("that proposal no longer exists"))
        stamp = clock.now()
        store.db.execute(
            "INSERT INTO trash (proposal_id, name, deleted_at) VALUES (?, ?, ?)", [proposal_id, row[0], stamp]
        )
        store.db.execute("UPDATE proposals SET name = ? WHERE id = ?", [f"{_PLACEHOLDER}{proposal_id}", proposal_id])
    return Trashed(proposal_id, row[0], row[1], stamp)


def restore_proposal(store: Any, proposal_id: int) -> Proposal:
    """Take a proposal out of the trash under its name, or "NAME (2)" … if that is taken now."""
    with store.transaction():
        row = store.db.execute("SELECT name FROM trash WHERE proposal_id = ?", [proposal_id]).fetchone()
        if row is None:
            raise DomainError(_("that proposal is not in the trash"))
        name = store.unique_name(row[0])
        store.db.execute("DELETE FROM trash WHERE proposal_id = ?", [proposal_id])
        store.db.execute("UPDATE proposals SET name = ? WHERE id = ?", [name, proposal_id])
    restored = store.proposal_by_id(proposal_id)
    assert restored is not None
    return restored


def in_trash(store: Any, proposal_id: int) -> bool:
    return store.db.execute("SELECT 1 FROM trash WHERE proposal_id = ?", [proposal_id]).fetchone() is not None


def trashed(store: Any) -> list[Trashed]:
    """What is in the trash, most recently deleted first."""
    rows = store.db.execute(
        "SELECT t.proposal_id, t.name, p.country, t.deleted_at FROM trash t JOIN proposals p ON p.id = t.proposal_id"
        " ORDER BY t.deleted_at DESC, t.proposal_id DESC"
    ).fetchall()
    return [Trashed(int(r[0]), r[1], r[2], r[3]) for r in rows]


def find_trashed(store: Any, name: str | None = None) -> Trashed | None:
    """The most recently deleted proposal (that had `name`, if given), or None."""
    return next((t for t in trashed(store) if name is None or t.name == name), None)


def purge_cutoff(days: int = KEEP_DAYS) -> str:
    """The deletion time before which a trashed proposal is removed for good (the store's clock)."""
    return (datetime.fromisoformat(clock.now()) - timedelta(days=days)).isoformat(timespec="microseconds")


def purge(store: Any, days: int = KEEP_DAYS) -> int:
    """Remove for good the proposals in the trash for longer than `days` (their rows cascade); how many."""
    if not has_trash(store.db):
        return 0
    cutoff = purge_cutoff(days)
    if store.db.execute("SELECT 1 FROM trash WHERE deleted_at < ? LIMIT 1", [cutoff]).fetchone() is None:
        return 0  # the usual open: nothing to do, nothing written
    with store.transaction():
        cursor = store.db.execute(
            "DELETE FROM proposals WHERE id IN (SELECT proposal_id FROM trash WHERE deleted_at < ?)", [cutoff]
        )
    return cursor.rowcount
