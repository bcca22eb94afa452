"""Scenarios: named variants of a proposal, linked to the proposal they were branched from."""

from __future__ import annotations

from dataclasses import replace

from ..core.i18n import _
from ..core.model import DomainError, Proposal
from .database import Store
from .trash import live


def parent_id(store: Store, proposal_id: int) -> int | None:
    """The id of the proposal this one was branched from, or None for an original."""
    row = store.db.execute("SELECT parent_id FROM proposals WHERE id = ?", [proposal_id]).fetchone()
    if row is None:
        raise DomainError(_("no proposal with id {id}").format(id=proposal_id))
    return row[0]


def create_scenario(store: Store, proposal: Proposal, name: str) -> Proposal:
    """Save a copy of proposal under name, linked to it as its parent; returns the stored copy."""
    name = name.strip()
    if not name:
        raise DomainError(_("a scenario needs a name"))
    if proposal.id is None:
        raise DomainError(_("save the proposal before branching a scenario from it"))
    if store.find_proposal(name) is not None:
        raise DomainError(_("a proposal named {name!r} already exists").format(name=name))
    copy = replace(proposal, id=None, name=name, example=False, created=None, modified=None)
    with store.transaction():
        saved = store.save_proposal(copy)
        store.db.execute("UPDATE proposals SET parent_id = ? WHERE id = ?", [proposal.id, saved.id])
    return saved


def family(store: Store, proposal_id: int) -> list[Proposal]:
    """The original a proposal descends from and every scenario branched from it (any depth), oldest first
    (the trashed ones left out, their scenarios kept)."""
    root = proposal_id
    seen = {root}
    while (up := parent_id(store, root)) is not None and up not in seen:
        seen.add(up)
        root = up
    rows = store.db.query(
        f"""WITH RECURSIVE tree(id) AS (
               SELECT ? UNION SELECT p.id FROM proposals p JOIN tree ON p.parent_id = tree.id
           )
           SELECT proposals.* FROM proposals JOIN tree ON proposals.id = tree.id WHERE {live()}
           ORDER BY created, id""",  # noqa: S608 - live() is ours
        [root],
    )
    return [store.proposal_from_row(r) for r in rows]
