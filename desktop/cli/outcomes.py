"""`outcomes`, `outcomes add …` and `backtest` (issue 17): the observed-outcome ledger and how well the score separates it."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.backtest import KIND_LABELS, KINDS, backtest
from ..core.i18n import _
from ..core.model import DomainError
from ..store import Store
from ..store.outcomes import add_outcome, profiles_before_review, read_outcomes
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("outcomes", "the observed outcomes of 2025–2026 (public record with sources, and your own, private); "
                     "`outcomes add` records one", cmd_outcomes)
    p.add_argument("action", nargs="?", choices=["add"], help="add: record an outcome")
    p.add_argument("--country", metavar="ISO3", help="(add) the country, ISO 3166 alpha-3")
    p.add_argument("--date", help="(add) when: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--kind", choices=KINDS, help="(add) what happened: " + "; ".join(f"{k} = {v}" for k, v in KIND_LABELS.items()))
    p.add_argument("--summary", help="(add) what happened, in a sentence")
    p.add_argument("--url", default="", help="(add) the source's address")
    sign = p.add_mutually_exclusive_group()
    sign.add_argument("--positive", dest="positive", action="store_true", default=None, help="(add, kind other) counts for")
    sign.add_argument("--negative", dest="positive", action="store_false", help="(add, kind other) counts against")
    p.add_argument("--public", action="store_true", help="(add) public record, not private (default: private, your own deal)")
    p.add_argument("--unverified", action="store_true", help="(add) the source is single or weak")
    p.add_argument("--public-only", action="store_true", help="list only the public record")
    p = commands.add("backtest", "how well the neutral score, and IMF capacity alone, separate positive from negative "
                     "outcomes (AUC with a bootstrap interval, the cases it gets most wrong)", cmd_backtest)
    p.add_argument("--verified-only", action="store_true", help="use verified outcomes only")
    p.add_argument("--public-only", action="store_true", help="leave out your private outcomes")
    p.add_argument("--reps", type=int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--seed", type=int, default=20261202, help="bootstrap seed (default 20261202)")


def cmd_outcomes(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if args.action == "add":
        missing = [o for o in ("country", "date", "kind", "summary") if getattr(args, o) in (None, "")]
        if missing:
            raise DomainError(_("outcomes add needs {options}").format(options=", ".join(f"--{o}" for o in missing)))
        o = add_outcome(store, args.country, args.date, args.kind, args.summary, args.url, args.positive,
                        private=not args.public, verified=not args.unverified)
        return o.to_dict(), f"Recorded {'private' if o.private else 'public'} outcome {o.id}: {o.iso3} {o.date} {o.summary}"
    if any(getattr(args, o) not in (None, "", False) for o in ("country", "date", "kind", "summary", "url", "positive")):
        raise DomainError(_("those options belong to `outcomes add`"))
    rows = read_outcomes(store, include_private=not args.public_only)
    lines = [f"{o.date:10}  {o.iso3}  {'+' if o.positive else '−'}  {KIND_LABELS.get(o.kind, o.kind):48} "
             f"{'private' if o.private else ('' if o.verified else 'unverified')}\n    {o.summary} {o.url}".rstrip() for o in rows]
    lines.append(f"{len(rows)} outcomes (+ counts for, − against).")
    return [o.to_dict() for o in rows], "\n".join(lines)


def cmd_backtest(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if args.reps < 100 or args.reps > 100_000:
        raise DomainError(_("--reps must be between 100 and 100000"))
    result = backtest(read_outcomes(store, include_private=not args.public_only), store.profiles(), store.assumption_set(),
                      profiles_before_review(store), verified_only=args.verified_only, reps=args.reps, seed=args.seed)
    d = result.to_dict()
    text = backtest_text(d)
    return d, text


def backtest_text(d: dict[str, Any]) -> str:
    def fmt(key: str) -> str:
        value = d["auc"][key]
        lo, hi = d["interval"].get(key, [float("nan")] * 2)
        return "n/a" if value is None else f"{value:.2f} (95% interval {lo:.2f}–{hi:.2f})"

    lines = [f"Backtest over {d['n']} countries ({d['positives']} positive, {d['negatives']} negative):",
             f"  AUC, neutral score:             {fmt('score')}",
             f"  AUC, IMF capacity alone:        {fmt('capacity')}",
             f"  AUC, score before the review:   {fmt('score_before_review')}",
             "Most wrong:"]
    lines += [f"  {c['iso3']} {c['name']}: {c['outcome']}, score {c['score']:.1f} ({'; '.join(c['outcomes'])})" for c in d["worst"]]
    lines += [f"⚠ {w}" for w in d["warnings"]]
    return "\n".join(lines)
