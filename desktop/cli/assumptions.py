"""`assumptions` and `assumptions set`: the model's parameters."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.model import Assumption
from ..store import Store
from ..store.assumption_versions import set_assumption
from .common import Commands, Parser


def register(commands: Commands) -> None:
    p = commands.add(
        "assumptions", "the model's parameters (latest assumption set) with sources and plausible ranges", cmd_assumptions
    )
    actions = p.add_subparsers(dest="assumptions_action", metavar="ACTION", parser_class=Parser)
    s = actions.add_parser("set", help="set one parameter: creates a new assumption-set version",
                           description="Set one parameter: creates a new assumption-set version (none is edited in place).")
    s.add_argument("key", help="assumption key, e.g. weight.continuity")
    s.add_argument("value", help="new value (within the plausible range unless --force)")
    s.add_argument("--reason", required=True, help="why (recorded with the new version)")
    s.add_argument("--force", action="store_true", help="accept a value outside the plausible range")
    s.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")


def _assumption_row(r: Assumption) -> dict[str, Any]:
    return {"key": r.key, "value": r.value, "unit": r.unit, "range": [r.low, r.high], "description": r.description,
            "source": r.source}


def cmd_assumptions(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if getattr(args, "assumptions_action", None) == "set":
        parent = store.assumption_set()
        new = set_assumption(store, args.key, args.value, args.reason, force=args.force)
        row = new.rows[args.key]
        old = parent.rows[args.key].value
        result = {"version": new.version, "parent_version": parent.version, "key": args.key, "old_value": old,
                  "value": row.value, "reason": args.reason.strip()}
        return result, f"Assumption set v{new.version} (from v{parent.version}): {args.key} {old:g} → {row.value:g}"
    a = store.assumption_set()
    rows = [_assumption_row(r) for r in a.rows.values()]
    lines = [f"Assumption set v{a.version} ({a.name}): {len(rows)} parameters", f"{'Key':48} {'Value':>10}  Range"]
    lines += [f"{r['key']:48} {r['value']:10g}  {r['range'][0]:g}–{r['range'][1]:g} {r['unit']}" for r in rows]
    lines.append("Descriptions and sources: --json, or Help ▸ Method in the window.")
    return {"version": a.version, "name": a.name, "rows": rows}, "\n".join(lines)
