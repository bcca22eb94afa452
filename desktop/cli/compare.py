"""`compare`: two to four saved proposals side by side."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.i18n import _
from ..core.model import DomainError
from ..store import Store
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("compare", "compare two to four saved proposals side by side", cmd_compare)
    p.add_argument("names", nargs="+", metavar="NAME", help="proposal names (two to four)")


def cmd_compare(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    from ..core.compare import MAX_COMPARED, MIN_COMPARED, compare_proposals, comparison_to_dict

    if not MIN_COMPARED <= len(args.names) <= MAX_COMPARED:
        raise DomainError(_("compare takes two to four proposal names, got {count}").format(count=len(args.names)))
    proposals = [store.get_proposal(name) for name in args.names]
    assumptions = store.assumption_set()
    rows = compare_proposals(proposals, store.profiles(), assumptions)
    width = max(12, *(len(p.name[:20]) for p in proposals))

    def cell(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "—"
        if v is None:
            return "—"
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    lines = [f"{'':34}" + "".join(f"{p.name[:20]:>{width + 2}}" for p in proposals)]
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            lines.append(section)
        mark = "*" if r.differs else " "
        lines.append(f"{mark} {r.label[:32]:32}" + "".join(f"{cell(v)[:width]:>{width + 2}}" for v in r.values))
    lines.append(f"* = differs ({sum(r.differs for r in rows)} rows). Assumption set v{assumptions.version}.")
    return comparison_to_dict(proposals, rows), "\n".join(lines)
