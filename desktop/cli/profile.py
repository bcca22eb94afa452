"""`profile`: a country's sovereignty profile and alternative offer, shown or edited with a reason.

`profile set ISO3 FIELD VALUE --reason TEXT` changes one estimate as the window's country editor
does (core.edits.edit_profile: the figure becomes an estimate, when and why are recorded); FIELD
is a profile field (demand_security … trust, competition) or `alternative.<field>` of the rival
offer (security, resilience, openness, partnership, price, financing_share). Every such value is
internal: our estimate of the counterpart, never in a counterpart output.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..core import edits
from ..core.i18n import _
from ..core.model import PROFILE_FIELDS, PROFILE_LABELS, DomainError
from ..store import Store
from ..store.clock import now
from ..store.persister import COUNTRY_DATA
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("profile", "a country's sovereignty profile and alternative offer; `set` edits one value with a reason",
                     cmd_profile)
    p.add_argument("iso3", metavar="ISO3", help="country code, e.g. KEN")
    p.add_argument("action", nargs="?", choices=["show", "set"], default="show", help="show (default) or set")
    p.add_argument("field", nargs="?", metavar="FIELD",
                   help=f"with set: one of {', '.join(PROFILE_FIELDS)}, or alternative.<{', '.join(edits.ALTERNATIVE_EDITABLE)}>")
    p.add_argument("value", nargs="?", metavar="VALUE", help="with set: the new value")
    p.add_argument("--reason", metavar="TEXT", help="with set: why (required, recorded; internal)")


def _set(store: Store, args: argparse.Namespace) -> None:
    if args.field is None or args.value is None:
        raise DomainError(_("profile ISO3 set needs FIELD VALUE --reason TEXT"))
    try:
        value = float(args.value)
    except ValueError:
        raise DomainError(_("VALUE must be a number, got {value!r}").format(value=args.value)) from None
    head, dot, rest = args.field.partition(".")
    values, alternative = ({}, {rest: value}) if dot and head == "alternative" else ({args.field: value}, None)
    edit = edits.edit_profile(store.profiles(), args.iso3, values, args.reason or "", now(), alternative=alternative)
    iso3 = args.iso3.strip().upper()
    before, after = edit.before["profiles"][iso3], edit.after["profiles"][iso3]
    for read, write in COUNTRY_DATA:  # the persister's writers: one write path for country data
        if read(before) != read(after):
            write(store, before, after)


def cmd_profile(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if args.action == "set":
        _set(store, args)
    elif args.field is not None:
        raise DomainError(_("FIELD VALUE go with `set`: profile ISO3 set FIELD VALUE --reason TEXT"))
    profile = store.profile(args.iso3.strip().upper())
    fields = {
        k: {"value": f.value, "kind": f.kind, "source": f.source, "edited_at": f.edited_at, "edit_reason": f.edit_reason}
        for k, f in profile.sovereignty.items()
    }
    alt = profile.alternative
    result = {"iso3": profile.iso3, "name": profile.name, "sovereignty": fields,
              "alternative": None if alt is None else {"provider": alt.provider, "positions": dict(alt.positions),
                                                       "price": alt.price, "financing_share": alt.financing_share,
                                                       "kind": alt.kind, "edit_reason": alt.edit_reason}}
    lines = [f"{profile.name} ({profile.iso3}) — internal: our estimates of the counterpart"]
    for k in PROFILE_FIELDS:
        if k in fields:
            f = fields[k]
            why = f"  — edited {str(f['edited_at'])[:16].replace('T', ' ')}: {f['edit_reason']}" if f["edit_reason"] else ""
            lines.append(f"  {PROFILE_LABELS[k]:<40} {f['value']:>5.0f}  {f['kind']}{why}")
    if alt is not None:
        pos = ", ".join(f"{k} {v:.0f}" for k, v in alt.positions.items())
        lines.append(f"  Alternative: {alt.provider} ({pos}; price {alt.price:.2f}; financed {alt.financing_share:.0%})")
    return result, "\n".join(lines)
