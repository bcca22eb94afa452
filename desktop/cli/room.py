"""`round add`, `rounds`: the room's predictions collected on paper, and the workshop record (core.room)."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.evaluate import evaluate
from ..core.i18n import _
from ..core.model import DomainError
from ..core.room import Workshop, parse_pair, reveal_of, round_state
from ..core.room_record import rounds_json, to_csv
from ..store import Store
from ..store.clock import now
from ..store.room import load_workshop, save_workshop
from .common import Commands


def register(commands: Commands) -> None:
    p = commands.add("round", "record a workshop round against the proposal's current state, scored at once", cmd_round)
    p.add_argument("action", choices=["add"], help="add: record a round")
    p.add_argument("name", help="proposal name")
    p.add_argument("--prediction", action="append", default=[], metavar='"TEAM=SCORE"',
                   help='one team\'s prediction of the overall score 0–100, e.g. "Team A=62" (repeatable)')
    p = commands.add("rounds", "a proposal's workshop rounds: predictions, the score revealed, errors, the closest, votes", cmd_rounds)
    p.add_argument("name", help="proposal name")
    p.add_argument("--csv", action="store_true", help="print CSV (one row per team per round)")


def cmd_round(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    if not args.prediction:
        raise DomainError(_('round add needs at least one --prediction "TEAM=SCORE"'))
    predictions = [parse_pair(text) for text in args.prediction]
    assumptions = store.assumption_set()
    assessment = evaluate(proposal, store.profiles(), assumptions)
    workshop = load_workshop(store, proposal.id)
    if workshop.current is not None:
        raise DomainError(_("round {number} is waiting for its reveal in the window; reveal it first").format(
            number=workshop.current.number))
    workshop = workshop.record(now(), round_state(proposal), predictions, reveal_of(assessment, assumptions))
    save_workshop(store, proposal.id, workshop)
    r = workshop.rounds[-1]
    data = r.to_dict()
    errors = r.errors()
    lines = [f"{proposal.name}: round {r.number} recorded; revealed {r.actual:.1f} ({r.reveal.band})"]
    for p in r.predictions:
        mark = "  ← closest" if p.team in r.closest() else ""
        lines.append(f"  {p.team:<24} {p.value:5.1f}   off by {errors[p.team]:4.1f}{mark}")
    return data, "\n".join(lines)


def _text(name: str, workshop: Workshop) -> str:
    lines = [f"{name}: {len(workshop.rounds)} round(s); teams: {', '.join(workshop.teams) or '(none)'}"]
    for r in workshop.rounds:
        revealed = "not revealed" if r.reveal is None else f"{r.actual:.1f} ({r.reveal.band})"
        closest = ", ".join(r.closest()) or "—"
        vote = "" if r.vote is None or r.vote.winner is None else f"; vote: {r.vote.winner.label}"
        applied = " (applied)" if r.move_applied else ""
        lines.append(f"  {r.number:>3}  {r.when[:16].replace('T', ' ')}  {revealed:<18} closest: {closest}{vote}{applied}")
    board = workshop.leaderboard()
    if board:
        lines.append("Leaderboard:")
        lines += [f"  {s.rank:>2}. {s.team:<24} won {s.wins}  mean error {s.mean_error:.1f} over {s.rounds}" for s in board]
    return "\n".join(lines)


def cmd_rounds(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    workshop = load_workshop(store, proposal.id)
    if args.csv:
        if args.json:
            raise DomainError(_("choose --json or --csv, not both"))
        return None, to_csv(workshop)
    return rounds_json(workshop), _text(proposal.name, workshop)
