"""`history`: a proposal's settled states with the lever and measure changes between them, and their reasons."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.i18n import _
from ..core.model import DomainError
from ..store import Store
from ..store.persister import open_session
from ..store.timeline import change_text, timeline
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("history", "a proposal's settled states and the lever and measure changes between them", cmd_history)
    p.add_argument("name", help="proposal name")
    p.add_argument("--reason", nargs=2, metavar=("ID", "TEXT"),
                   help="set the private reason of one change (its id from the listing); '' clears it")


def cmd_history(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    if args.reason is not None:
        change_id, text = args.reason
        try:
            number = int(change_id)
        except ValueError:
            raise DomainError(_("--reason needs a change id (a whole number), got {value!r}").format(value=change_id)) from None
        _session, persister = open_session(store, proposal)
        persister.set_reason(number, text)
    names = {m.id: m.name for m in store.measures()}
    states = [
        {
            "id": s["id"],
            "created": s["created"],
            "overall": s["overall"],
            "band": s["band"],
            "assumptions_version": s["assumptions_version"],
            "levers": s["levers"],
            "measures": s["measures"],
            "changes": [
                {"id": c["id"], "kind": c["kind"], "item": c["item"], "from": c["from_value"], "to": c["to_value"],
                 "text": change_text(c, names), "reason": c["reason"]}
                for c in s["changes"]
            ],
        }
        for s in timeline(store, proposal.id)
    ]
    lines = [f"{proposal.name}: {len(states)} settled state(s), newest first"]
    for s in states:
        lines.append(f"{s['created'][:19].replace('T', ' ')}  {s['overall']:5.1f} {s['band']:<9}  "
                     f"assumption set v{s['assumptions_version']}")
        for c in s["changes"]:
            reason = f"  — {c['reason']}" if c["reason"] else ""
            lines.append(f"    #{c['id']:<5} {c['text']}{reason}")
    if not states:
        lines.append("(no settled state yet: one is recorded when edits settle, or by `export-desk save`)")
    return {"proposal": proposal.name, "states": states}, "\n".join(lines)
