"""`screen` and the CLI parts of the destination screen and the AI Exports Program.

- `screen [ISO3]`: every destination's status (or one), with groups, reason, financing, sources,
  as-of date; `screen set ISO3 --status … --reason WHY`: a user's correction (reason required).
- `save` options for the Program fields: --member NAME:ISO3:LAYERS[:anchor] (repeatable),
  --us-content SHARE, --buyer-home ISO3, --target-bloc NAME, --build-own-operate B:O:O,
  --federal-support LIST.
- the `screen` and `program` objects the other commands add to their JSON.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from typing import Any

from ..core.i18n import _
from ..core.model import (
    LAYERS,
    PARTIES,
    SUPPORT,
    DomainError,
    Member,
    Program,
)
from ..core.program import OK_TEXT, ProgramResult
from ..core.screen import FINANCING, STATUSES
from ..store import Store
from ..store.destinations import program_result  # noqa: F401 - the commands' checklist
from .common import Commands

# ---------------------------------------------------------------------------- parsing


def member(text: str) -> Member:
    """Parse NAME:ISO3:LAYERS[:anchor] (layers comma-separated from compute,data,models,security,applications)."""
    parts = text.split(":")
    usage = _("--member must look like 'Acme Cloud:USA:compute,data[:anchor]' (layers: {layers}), got {value!r}").format(
        layers=",".join(LAYERS), value=text)
    if len(parts) not in (3, 4) or not parts[0].strip():
        raise argparse.ArgumentTypeError(usage)
    name, home, layers = parts[0].strip(), parts[1].strip().upper(), parts[2]
    if len(parts) == 4 and parts[3].strip().lower() != "anchor":
        raise argparse.ArgumentTypeError(usage)
    if len(home) != 3 or not home.isalpha():
        raise argparse.ArgumentTypeError(_("--member {name!r}: home country must be an ISO 3166 alpha-3 code such as USA, got {value!r}").format(
            name=name, value=parts[1]))
    chosen = [x.strip().lower() for x in layers.split(",") if x.strip()]
    if not chosen:
        raise argparse.ArgumentTypeError(usage)
    for layer in chosen:
        if layer not in LAYERS:
            raise argparse.ArgumentTypeError(_("--member {name!r}: unknown layer {layer!r} (layers: {layers})").format(
                name=name, layer=layer, layers=", ".join(LAYERS)))
    return Member(name, home, tuple(dict.fromkeys(chosen)), len(parts) == 4)


def share(text: str) -> float:
    """Parse a share 0–1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("--us-content must be a share between 0 and 1 (e.g. 0.6), got {value!r}").format(value=text)) from None
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(_("--us-content must be between 0 and 1, got {value!r}").format(value=text))
    return value


def iso3(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise argparse.ArgumentTypeError(_("expected an ISO 3166 alpha-3 code such as USA, got {value!r}").format(value=text))
    return code


def operating_model(text: str) -> tuple[str, str, str]:
    """Parse BUILD:OWN:OPERATE, each one of consortium, partner, host, joint."""
    parts = [x.strip().lower() for x in text.split(":")]
    if len(parts) != 3 or any(x not in PARTIES for x in parts):
        raise argparse.ArgumentTypeError(
            _("--build-own-operate must look like consortium:partner:joint (each one of {parties}), got {value!r}").format(
                parties=", ".join(PARTIES), value=text)
        )
    return parts[0], parts[1], parts[2]


def support(text: str) -> tuple[str, ...]:
    """Parse the federal support requested: 'none' or a comma-separated list of exim, dfc, ustda, advocacy."""
    if text.strip().lower() == "none":
        return ()
    chosen = [x.strip().lower() for x in text.split(",") if x.strip()]
    bad = [x for x in chosen if x not in SUPPORT]
    if not chosen or bad:
        raise argparse.ArgumentTypeError(
            _("--federal-support must be 'none' or a list of {kinds}, got {value!r}").format(kinds=", ".join(SUPPORT), value=text)
        )
    return tuple(dict.fromkeys(chosen))


def add_program_options(p: argparse.ArgumentParser) -> None:
    """The `save` options for the AI Exports Program fields."""
    g = p.add_argument_group("AI Exports Program")
    g.add_argument("--member", action="append", type=member, default=[], metavar="NAME:ISO3:LAYERS[:anchor]",
                   help=f"a consortium member (repeatable; replaces the members); layers from {','.join(LAYERS)}")
    g.add_argument("--us-content", type=share, metavar="SHARE", help="U.S.-origin share of the hardware layer's value, 0–1")
    g.add_argument("--buyer-home", type=iso3, metavar="ISO3", help="the buyer's home (headquarters) country")
    g.add_argument("--target-bloc", metavar="NAME", help="target a regional bloc (EU, ASEAN, GCC; 'none' for one country)")
    g.add_argument("--build-own-operate", type=operating_model, metavar="B:O:O",
                   help=f"who builds, owns and operates the data centres ({', '.join(PARTIES)})")
    g.add_argument("--federal-support", type=support, metavar="LIST",
                   help=f"federal support requested: none, or a list of {', '.join(SUPPORT)}")


def program_from_args(base: Program, args: argparse.Namespace) -> Program:
    """The base Program with the options given on the command line applied."""
    changes: dict[str, Any] = {}
    if args.member:
        changes["members"] = tuple(args.member)
    if args.us_content is not None:
        changes["us_content"] = args.us_content
    if args.buyer_home is not None:
        changes["buyer_home"] = args.buyer_home
    if args.target_bloc is not None:
        bloc = args.target_bloc.strip()
        changes["target_bloc"] = None if bloc.lower() in ("", "none") else bloc.upper()
    if args.build_own_operate is not None:
        changes["build"], changes["own"], changes["operate"] = args.build_own_operate
    if args.federal_support is not None:
        changes["support"] = args.federal_support
    return replace(base, **changes) if changes else base


def bloc_country(store: Store, bloc: str) -> str:
    """The member a new bloc-targeted proposal is assessed for first: the first member a deal can proceed in."""
    blocs = store.blocs()
    found = blocs.get(bloc.strip().upper())
    if found is None:
        raise DomainError(_("unknown bloc {bloc!r} (regional blocs: {blocs})").format(bloc=bloc, blocs=", ".join(blocs)))
    profiles = store.profiles()
    members = sorted((profiles[i] for i in found["members"] if i in profiles), key=lambda p: p.name)
    for p in members:
        if p.destination is None or p.destination.can_proceed:
            return p.iso3
    raise DomainError(_("no member of {bloc} can be served (all are embargoed or under a policy of denial)").format(bloc=bloc))


# ---------------------------------------------------------------------------- JSON parts


def program_text(result: ProgramResult) -> str:
    met, missed, unstated = result.counts()
    lines = [f"AI Exports Program checklist: {'ready' if result.ready else 'not ready'} "
             f"({met} met, {missed} not met, {unstated} not stated)"]
    lines += [f"  [{OK_TEXT[c.ok]:10}] {c.label}: {c.message}" for c in result.checks]
    if result.bloc is not None:
        b = result.bloc
        lines.append(f"Bloc {b.name}: " + (
            f"weakest {b.weakest.name} {b.weakest.overall:.1f}, spread {b.spread:.1f} points" if b.weakest else "no member can be served"))
        for m in b.members:
            lines.append(f"  {m.iso3} {m.name[:28]:28} {'—' if m.overall is None else f'{m.overall:5.1f}':>5}  {m.band}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- the `screen` command


def register(commands: Commands) -> None:
    p = commands.add("screen", "destination screen: every destination's status, or one (ISO3); with edit options, correct it",
                     cmd_screen)
    p.add_argument("iso3", nargs="?", type=iso3, metavar="ISO3", help="one destination (default: all)")
    g = p.add_argument_group("correct a status (needs ISO3 and --reason; recorded with the date)")
    g.add_argument("--status", choices=STATUSES)
    g.add_argument("--groups", metavar="LIST", help="EAR country groups, comma-separated (e.g. D:1,D:4); '' for none")
    g.add_argument("--status-reason", metavar="TEXT", help="one line: why this status (replaces the row's reason)")
    g.add_argument("--financing", choices=FINANCING)
    g.add_argument("--financing-note", metavar="TEXT")
    g.add_argument("--verified", choices=("yes", "no"))
    g.add_argument("--unverified", metavar="TEXT", help="what is not verified")
    g.add_argument("--reason", help="why you change it (required with any edit option; recorded with the date)")


_EDIT_OPTIONS = ("status", "groups", "status_reason", "financing", "financing_note", "verified", "unverified")


def cmd_screen(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if any(getattr(args, opt) is not None for opt in _EDIT_OPTIONS) or args.reason is not None:
        from ..store.destinations import edit_destination

        if args.iso3 is None:
            raise DomainError(_("name the destination to correct: export-desk screen ISO3 --status … --reason WHY"))
        if not (args.reason or "").strip():
            raise DomainError(_("--reason is required to correct a status (it is recorded with the date)"))

        changes: dict[str, Any] = {}
        for opt, field in (("status", "status"), ("status_reason", "reason"), ("financing", "financing"),
                           ("financing_note", "financing_note"), ("unverified", "unverified")):
            if getattr(args, opt) is not None:
                changes[field] = getattr(args, opt)
        if args.groups is not None:
            changes["groups"] = [g for g in args.groups.split(",") if g.strip()]
        if args.verified is not None:
            changes["verified"] = args.verified == "yes"
        status = edit_destination(store, args.iso3, changes, args.reason)
        return dict(status.to_dict(), iso3=status.iso3, name=status.name), (
            f"{status.name} ({status.iso3}): {status.label} — edited {status.edited_at[:10]}: {status.edit_reason}"
        )
    destinations = store.destinations()
    if args.iso3 is not None:
        status = destinations.get(args.iso3)
        if status is None:
            raise DomainError(_("unknown destination {iso3!r}").format(iso3=args.iso3))
        data = dict(status.to_dict(), iso3=status.iso3, name=status.name)
        lines = [f"{status.name} ({status.iso3}): {status.label}", f"  Reason: {status.reason}",
                 f"  Groups: {status.groups_text}" + (f" ({status.groups_note})" if status.groups_note else ""),
                 f"  U.S. federal financing: {status.financing}" + (f" ({status.financing_note})" if status.financing_note else "")]
        if status.caveat:
            lines.append(f"  Caveat: {status.caveat}")
        if not status.verified:
            lines.append(f"  Unverified: {status.unverified}")
        lines.append(f"  {status.notice()}")
        return data, "\n".join(lines)
    rows = [dict(s.to_dict(), iso3=s.iso3, name=s.name) for s in sorted(destinations.values(), key=lambda s: s.iso3)]
    lines = [f"{'ISO3':4}  {'Destination':28} {'Status':10} {'Fin.':7} As of       Groups"]
    lines += [f"{s['iso3']:4}  {s['name'][:28]:28} {s['status']:10} {s['financing']:7} {s['as_of']}  "
              f"{', '.join(s['groups']) or '—'}{'' if s['verified'] else '  (unverified)'}" for s in rows]
    lines.append(f"{len(rows)} destinations. Screening aid as of each row's date, not a legal determination; "
                 "sources: `export-desk screen ISO3`.")
    return rows, "\n".join(lines)
