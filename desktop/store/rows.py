"""Reading proposal rows defensively, checking names, reconnecting: the Store's helpers for issue 15.

Rows from a file written by something else may not make a proposal (an unknown country, malformed
JSON, a value too big to read): they are skipped and listed in `store.skipped`, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import replace
from typing import Any, Iterable, Iterator, Mapping

from sqlite_utils import Database

from ..core.i18n import _
from ..core.model import DomainError, Proposal
from ..core.text import clean_name, look_alike, printable
from .errors import StoreError
from .listing import MEASURE_IDS
from .trash import live
from .trust import bounded_error

Store = Any  # store.database.Store (not imported: database imports this module)

log = logging.getLogger("desktop.store.database")


def reconnect_if_writable(store: Store) -> None:
    """A file that was read-only when opened keeps a read-only connection: once the file is
    writable again, swap in a new connection, so the next attempt (the autosaver's retry) saves."""
    if store.reconnect is None or store.path is None or store.db.conn.in_transaction:
        return
    if not (os.access(store.path, os.W_OK) and os.access(store.path.parent, os.W_OK)):
        return
    try:
        fresh = store.reconnect()
    except StoreError as exc:
        log.warning("could not reconnect to %s: %s", store.path, exc)
        return
    old, store.db = store.db.conn, Database(fresh)
    old.close()
    log.info("reconnected to %s (writable again)", store.path)


def readable(store: Store, rows: Iterable[Mapping[str, Any]]) -> Iterator[Proposal]:
    """The proposals of rows that make a valid proposal of a known country; the rest are skipped.

    A skipped row (malformed JSON, levers out of range, an unknown country …) is logged once and
    listed in `skipped` (id → why): reported, never a traceback, and the rest still open.
    """
    known = set(store._profiles) if store._profiles is not None else {
        r[0] for r in store.db.execute("SELECT iso3 FROM countries").fetchall()
    }
    measure_ids = {m.id for m in store.measures()}
    for r in rows:
        try:
            proposal = store.proposal_from_row(r)
            proposal.validate(measure_ids)
            if proposal.country not in known:
                raise DomainError(_("unknown country {iso3!r}").format(iso3=proposal.country))
        except (DomainError, ValueError, TypeError, KeyError, AttributeError) as exc:
            pid = int(r["id"]) if isinstance(r.get("id"), int) else -1
            if pid not in store.skipped:
                log.warning("skipped proposal row %s (%r): %s", pid, r.get("name"), exc)
            store.skipped[pid] = f"{str(r.get('name'))[:80]!r}: {exc}"
            continue
        yield proposal


def proposal_rows(store: Store, tail: str, params: list[Any]) -> list[dict[str, Any]]:
    """`SELECT * FROM proposals <tail>` (none in the trash); if a value is too big to read, row by row without that one."""
    tail = f"WHERE {live()} {tail}"
    try:
        return list(store.db.query(f"SELECT *, {MEASURE_IDS} FROM proposals {tail}", params))  # noqa: S608 - tail is ours
    except sqlite3.DataError:
        pass
    rows = []
    for (pid,) in store.db.execute(f"SELECT id FROM proposals {tail}", params).fetchall():  # noqa: S608
        try:
            rows.extend(store.db.query("SELECT * FROM proposals WHERE id = ?", [pid]))
        except sqlite3.DataError as exc:
            if pid not in store.skipped:
                log.warning("skipped proposal row %s: %s", pid, exc)
            name = store.db.execute("SELECT substr(CAST(name AS TEXT), 1, 80) FROM proposals WHERE id = ?", [pid]).fetchone()
            store.skipped[pid] = f"{name[0]!r}: {bounded_error(exc) or exc}"
    return rows


def check_name(store: Store, proposal: Proposal) -> Proposal:
    """The proposal with its name cleaned; a new name must not look the same as another proposal's
    (Cyrillic е for e, invisible characters …)."""
    name = clean_name(proposal.name)
    if name != proposal.name:
        proposal = replace(proposal, name=name)
    if proposal.id is not None:
        row = store.db.execute("SELECT name FROM proposals WHERE id = ?", [proposal.id]).fetchone()
        if row is not None and row[0] == proposal.name:
            return proposal  # unchanged: checked when it was given
    others = [r[0] for r in store.db.execute(
        f"SELECT name FROM proposals WHERE id IS NOT ? AND {live()}", [proposal.id]  # noqa: S608 - ours
    ).fetchall()]
    similar = look_alike(proposal.name, others)
    if similar is not None:
        raise DomainError(
            _("“{name}” looks the same as the existing proposal “{similar}”: use that one, or a name that looks different")
            .format(name=printable(proposal.name), similar=printable(similar))
        )
    return proposal


def latest_readable(store: Store, besides: int | None = None) -> Proposal | None:
    """The most recently changed proposal that can be read, not `besides` (a few rows at a time: no cursor left open)."""
    offset = 0
    while True:
        found_rows = proposal_rows(store, "ORDER BY modified DESC, id DESC LIMIT 20 OFFSET ?", [offset])
        if not found_rows:
            return None
        found = next((p for p in readable(store, found_rows) if besides is None or p.id != besides), None)
        if found is not None:
            return found
        offset += len(found_rows)
