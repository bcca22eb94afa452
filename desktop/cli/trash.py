"""`delete`, `restore`, `trash`: a proposal to the trash and back (store/trash.py; purged after 30 days)."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.i18n import _
from ..core.model import DomainError
from ..store import Store
from ..store.trash import KEEP_DAYS, find_trashed, restore_proposal, trash_proposal, trashed
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("delete", _("put a proposal in the trash (undo: `restore`; purged after {days} days)").format(
        days=KEEP_DAYS), cmd_delete)
    p.add_argument("name", help=_("proposal name"))
    p = commands.add("restore", _("take a proposal out of the trash (default: the one deleted last)"), cmd_restore)
    p.add_argument("name", nargs="?", help=_("the name it had (default: the one deleted last)"))
    commands.add("trash", _("the proposals in the trash, the one deleted last first"), cmd_trash)


def cmd_delete(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    found = store.find_proposal(args.name)
    if found is None or found.id is None:
        raise DomainError(_("no proposal named {name!r}").format(name=args.name))
    gone = trash_proposal(store, found.id)
    return {"deleted": gone.to_dict(), "purge_after_days": KEEP_DAYS}, _(
        "Deleted {name!r} (in the trash for {days} days: `export-desk restore {name!r}` brings it back)"
    ).format(name=gone.name, days=KEEP_DAYS)


def cmd_restore(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    wanted = find_trashed(store, args.name)
    if wanted is None:
        raise DomainError(_("the trash is empty") if args.name is None
                          else _("no proposal named {name!r} is in the trash").format(name=args.name))
    restored = restore_proposal(store, wanted.proposal_id)
    renamed = restored.name != wanted.name
    text = (_("Restored {name!r} as {new!r} (its name is taken now)") if renamed
            else _("Restored {name!r}")).format(name=wanted.name, new=restored.name)
    return {"restored": {"id": restored.id, "name": restored.name, "country": restored.country,
                         "deleted_as": wanted.name, "renamed": renamed}}, text


def cmd_trash(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    items = trashed(store)
    lines = [f"{t.deleted_at[:19].replace('T', ' ')}  {t.country}  {t.name}" for t in items]
    return [t.to_dict() for t in items], "\n".join(lines) or _("(the trash is empty)")
