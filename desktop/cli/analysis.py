"""`countries`, `assess`, `rank`: the model over unsaved offers."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.engine import rank
from ..core.evaluate import DatedFlags, evaluate, with_dated_flags
from ..core.i18n import _
from ..core.model import PILLARS, PROFILE_FIELDS, CountryProfile, DomainError
from ..core.profile_text import figure_json
from ..core.uncertainty import monte_carlo, rank_ranges, summary
from ..store import Store
from .common import Commands, add_offer_options, assessment_text, offer


def register(commands: Commands) -> None:
    commands.add("countries", "every country with its capacity figures and profile kind", cmd_countries)
    p = commands.add("assess", "assess an offer for one country", cmd_assess)
    p.add_argument("--country", metavar="ISO3", help="target country, ISO 3166 alpha-3 (e.g. KEN); required without --batch")
    add_offer_options(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the Monte Carlo interval (p10/p50/p90) of the overall score and both sides")
    p.add_argument("--batch", metavar="FILE", help="assess one offer per JSON line of FILE (- for stdin), in one process; "
                   "one JSON result a line (see `batch`)")
    p = commands.add("rank", "assess the same offer for every country, best first", cmd_rank)
    add_offer_options(p)
    p.add_argument("--range", action="store_true",
                   help="add each country's Monte Carlo interval (p10/p50/p90) of the overall score and both sides")


def _country_row(p: CountryProfile) -> dict[str, Any]:
    return {
        "iso3": p.iso3,
        "name": p.name,
        "aipi": p.aipi.value,
        "pillars": {k: p.pillars[k].value for k in PILLARS},
        "capacity_source": p.aipi.source,
        "profile_kind": p.profile_kind,
        "sovereignty": {k: figure_json(p.sovereignty[k]) for k in PROFILE_FIELDS},
        "screen": None if p.destination is None else p.destination.to_dict(),
    }


def _fmt(v: float | None) -> str:
    return "  n/a " if v is None else f"{v:6.3f}"


def cmd_countries(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    profiles = sorted(store.profiles().values(), key=lambda p: p.iso3)
    rows = [_country_row(p) for p in profiles]
    lines = [f"{'ISO3':4}  {'Country':32} {'AIPI':>6}  {'profile':9} screen"]
    lines += [f"{r['iso3']:4}  {r['name'][:32]:32} {_fmt(r['aipi'])}  {r['profile_kind']:9} "
              f"{(r['screen'] or {}).get('status', '')}" for r in rows]
    lines.append(f"{len(rows)} countries. Capacity: Source: IMF AI Preparedness Index, 2023 (n/a = not published).")
    return rows, "\n".join(lines)


_DATED = DatedFlags()  # a batch of assessments judges each country's dated flags once


def cmd_assess(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if getattr(args, "batch", None):
        from .batch import batch_from

        return batch_from(store, args.batch, "assess")
    if not args.country:
        raise DomainError(_("assess needs --country ISO3 (or --batch FILE)"))
    profile = store.profile(args.country)
    proposal = offer(args, profile.iso3, store)
    assumptions = store.assumption_set()
    result = evaluate(proposal, store.profiles(), assumptions, dated=_DATED).to_dict()
    mc = None
    if args.uncertainty and result["overall"] is not None:  # an embargoed destination has no score to vary
        mc = monte_carlo(proposal, profile, assumptions)
        result["interval"] = mc.overall.to_dict()
        result["acceptance_interval"] = mc.acceptance.to_dict()
        result["assurance_interval"] = mc.assurance.to_dict()
        result["uncertainty"] = mc.to_dict()

    def text() -> str:  # written only when shown: a batch or --json prints the JSON alone
        out = assessment_text(_("Offer"), profile.name, result)
        if mc is not None:
            info = summary(mc)
            out += f"\nUncertainty: overall {info['interval_text']} (p50 {mc.overall.p50:.1f}); {info['band_text']} ({info['note']})"
        return out

    return result, text


def cmd_rank(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    profiles = store.profiles()
    proposal = offer(args, next(iter(profiles)), store)
    assumptions = store.assumption_set()
    results = rank(proposal, profiles.values(), assumptions)
    rows = [dict(with_dated_flags(r, profiles[r.country], assumptions).to_dict(), name=profiles[r.country].name)
            for r in results]
    ranges = rank_ranges(proposal, profiles.values(), assumptions) if args.range else {}
    for r in rows:
        mc = ranges.get(r["country"]) if r["overall"] is not None else None  # an embargoed destination has no score
        if mc is not None:
            r.update(interval=mc.overall.to_dict(), acceptance_interval=mc.acceptance.to_dict(),
                     assurance_interval=mc.assurance.to_dict(), uncertainty=mc.to_dict())
    lines = [f"{'#':>3}  {'ISO3':4}  {'Country':32} {'Overall':>7}  " + ("p10–p90      " if ranges else "") + "Band"]
    position, group = 0, None
    for r in rows:
        status = (r.get("screen") or {}).get("status", "eligible")
        here = {"denial": "denial", "embargoed": "embargoed"}.get(status, "proceed")
        if here != group and here != "proceed":
            lines.append({"denial": "Blocked — licence under a policy of denial (computed for analysis only):",
                          "embargoed": "Prohibited — comprehensive embargo (no score):"}[here])
        group = here
        if here == "proceed":
            position += 1
        mark = f"{position:3}" if here == "proceed" else "  —"
        score = "      —" if r["overall"] is None else f"{r['overall']:7.1f}"
        span = ""
        if ranges:
            i = r.get("interval")
            span = f"{i['p10']:5.1f}–{i['p90']:5.1f}  " if i else f"{'—':^11}  "
        lines.append(f"{mark}  {r['country']:4}  {r['name'][:32]:32} {score}  {span}{r['band']}")
    if ranges:
        any_mc = next(iter(ranges.values()))
        lines.append(f"p10–p90: {any_mc.draws:,} seeded draws per country of every uncertain input, each triangular(low, "
                     "value, high) over its plausible range (as `assess --uncertainty`).")
    lines.append("Destination screen: a screening aid as of each status's date, not a legal determination.")
    return rows, "\n".join(lines)
