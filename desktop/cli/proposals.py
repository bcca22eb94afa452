"""`save`, `proposals`, `show`, `optimize`: saved proposals."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from ..core import ops
from ..core.evaluate import evaluate
from ..core.i18n import _
from ..core.i18n import figure as fig
from ..core.model import LEVERS, DomainError, Proposal
from ..core.ops import proposal_to_dict
from ..core.optimize import OBJECTIVE_LABELS, OBJECTIVES, optimise
from ..core.screen import optimiser_note
from ..core.text import clean_name
from ..store import Store
from ..store.persister import open_session
from .common import (
    Commands,
    add_offer_options,
    assessment_text,
    deal_from_args,
    limit,
    page_count,
    page_size,
)
from .screen import (
    add_program_options,
    bloc_country,
    program_from_args,
    program_result,
    program_text,
)

PAGE = 100  # what `proposals` lists unless told (a heavy user's file holds thousands)


def register(commands: Commands) -> None:
    p = commands.add("save", "create or update a proposal (it becomes the most recent)", cmd_save)
    p.add_argument("name", help="proposal name")
    p.add_argument("--country", metavar="ISO3", help="target country (required for a new proposal)")
    add_offer_options(p, defaults=False)
    p.add_argument("--limit", action="append", type=limit, default=[], metavar="LEVER=MIN:MAX", help="a red line (repeatable)")
    p.add_argument("--notes", help="negotiator's notes")
    add_program_options(p)
    p = commands.add("proposals", f"saved proposals, most recent first (the first {PAGE} unless --all)", cmd_proposals)
    p.add_argument("--search", default="", metavar="TEXT", help="only those whose name, ISO3 code or country name contains TEXT")
    p.add_argument("--max", type=page_count, default=PAGE, metavar="N", help=f"list at most N (default {PAGE})")
    p.add_argument("--offset", type=page_size, default=0, metavar="N", help="skip the first N (the next page: --offset 100)")
    p.add_argument("--all", action="store_true", help="list every one (a large file takes longer)")
    p = commands.add("show", "a saved proposal and its assessment", cmd_show)
    p.add_argument("name", help="proposal name")
    p = commands.add("optimize", "propose the best package within the red lines (prints it; --apply saves it)", cmd_optimize)
    p.add_argument("name", help="proposal name")
    p.add_argument("--objective", choices=OBJECTIVES, default="overall", help="maximise the overall score or the weaker side")
    p.add_argument("--apply", action="store_true", help="save the proposed package (and a snapshot)")


def cmd_save(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    args.name = clean_name(args.name)
    existing = store.find_proposal(args.name)
    if existing is None and not args.country and not args.target_bloc:
        raise DomainError(_("new proposal {name!r} needs --country ISO3 (or --target-bloc NAME)").format(name=args.name))
    first = store.profile(args.country).iso3 if args.country else (bloc_country(store, args.target_bloc) if existing is None else None)
    known = {m.id for m in store.measures()}
    for mid in args.measure:
        if mid not in known:
            raise DomainError(_("unknown measure {measure!r}").format(measure=mid))
    country = store.profile(args.country) if args.country else None
    # One transaction: a bad value met half-way leaves the database as it was.
    with store.transaction():
        session, persister = open_session(store, existing or Proposal(name=args.name, country=first))
        if country is not None and country.iso3 != session.proposal.country:
            session.apply(ops.set_country(session.proposal, country.iso3, country.name))
        levers = {lv: getattr(args, lv) for lv in LEVERS if getattr(args, lv) is not None}
        session.apply(ops.set_levers(session.proposal, levers, "Levers"))
        if args.measure:
            session.apply(ops.set_field(session.proposal, "measures", frozenset(args.measure), "Measures"))
        if args.limit:
            session.apply(ops.set_red_lines(session.proposal, dict(args.limit)))
        if args.notes is not None:
            session.apply(ops.set_notes(session.proposal, args.notes))
        program = program_from_args(session.proposal.program, args)
        session.apply(ops.set_field(session.proposal, "program", program, "AI Exports Program"))
        deal = deal_from_args(args, session.proposal.deal)
        session.apply(ops.set_field(session.proposal, "deal", deal, "Deal terms"))
        persister.save_now()  # no settled state for an embargoed destination (nothing to assess)
    saved, result = session.proposal, session.assessment.to_dict()
    assumptions = session.assumptions
    verb = "Updated" if existing else "Created"
    score = "no score (Prohibited)" if result["overall"] is None else f"overall {result['overall']:.1f} ({result['band']})"
    return (
        {"proposal": proposal_to_dict(saved), "created": existing is None, "assessment": result,
         "program": program_result(store, saved, assumptions).to_dict()},
        f"{verb} {saved.name!r}: {score}",
    )


def cmd_proposals(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    """One page of the list, chosen in SQL (a file of 10,000 lists its first 100 as fast as a new one)."""
    size = None if args.all else args.max
    rows = [
        {
            "name": p.name,
            "country": p.country,
            "levers": dict(p.levers),
            "measures": sorted(p.measures),
            "modified": p.modified,
            "example": p.example,
            "description": p.description,
        }
        for p in store.proposals(args.search, size, args.offset)
    ]
    lines = [f"{'Name':32} {'Country':7} {'Sec':>4} {'Res':>4} {'Opn':>4} {'Par':>4}  Modified"]
    for r in rows:
        lv = r["levers"]
        lines.append(
            f"{r['name'][:32]:32} {r['country']:7} {lv['security']:4} {lv['resilience']:4} {lv['openness']:4}"
            f" {lv['partnership']:4}  {r['modified'][:19]}" + ("  (example)" if r["example"] else "")
        )
    lines += _page_footer(store, args, len(rows), size)
    return rows, "\n".join(lines)


def _page_footer(store: Store, args: argparse.Namespace, shown: int, size: int | None) -> list[str]:
    """Under the table: that the list is empty, or which part of how many it shows."""
    paged = size is not None and shown == size
    if shown and not paged and not args.offset:
        return []  # the whole list
    total = store.count_proposals(args.search)
    if not shown:
        if args.offset and total:
            return [_("(nothing after the first {total})").format(total=fig(total, 0))]
        if args.search:
            return [_("(no proposal matches {search!r})").format(search=args.search)]
        return ["(no proposals yet: `export-desk save NAME --country ISO3`)"]
    if args.offset + shown >= total:
        return [_("({first}–{last} of {total})").format(
            first=fig(args.offset + 1, 0), last=fig(args.offset + shown, 0), total=fig(total, 0))]
    return [_("({first}–{last} of {total}: --offset {next} for the next page, --all for every one)").format(
        first=fig(args.offset + 1, 0), last=fig(args.offset + shown, 0), total=fig(total, 0), next=args.offset + shown)]


def cmd_show(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    profile, assumptions = store.profile(proposal.country), store.assumption_set()
    result = evaluate(proposal, store.profiles(), assumptions).to_dict()
    program = program_result(store, proposal, assumptions)
    result["flags"] += [asdict(f) for f in program.flags()]  # the Program's unmet requirements (internal)
    text = assessment_text(proposal.name, profile.name, result) + "\n" + program_text(program)
    return {"proposal": proposal_to_dict(proposal), "assessment": result, "program": program.to_dict()}, text


def cmd_optimize(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    profile = store.profile(proposal.country)
    result = optimise(proposal, profile, store.assumption_set(), args.objective)
    data = result.to_dict()
    data["applied"] = False
    data["note"] = optimiser_note(profile)  # a denial destination: for analysis only
    if args.apply and result.changes:
        with store.transaction():
            session, persister = open_session(store, proposal)
            p = result.proposal
            label = f"Optimise ({OBJECTIVE_LABELS[result.objective]} {result.before:.1f} → {result.after:.1f})"
            session.apply(ops.apply_package(proposal, {lv: p.levers[lv] for lv in LEVERS}, p.measures, label, p.deal.price))
            persister.save_now()
        data["applied"] = True
    lines = [f"{proposal.name}: {OBJECTIVE_LABELS[args.objective]} {result.before:.1f} → {result.after:.1f}"]
    lines += [f"  {c.why}" for c in result.changes] or ["  no change improves it within the red lines"]
    lines.append("Saved." if data["applied"] else "Not saved (use --apply to save).")
    if data["note"]:
        lines.append(data["note"])
    return data, "\n".join(lines)
