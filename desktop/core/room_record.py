"""The room's record read back and written out: the stored form, `rounds --json`, formula-safe CSV,
and the rows of the internal brief's "Workshop record" section (the room itself: core.room)."""

from __future__ import annotations

import csv
import io
from typing import Any, Mapping

from .engine.results import Step
from .i18n import _
from .model import DomainError
from .room import Candidate, Prediction, Reveal, Round, Vote, Workshop, check_teams


def workshop_from_dict(data: Mapping[str, Any]) -> Workshop:
    """The stored form back (DomainError if it does not validate)."""
    try:
        teams = tuple(data.get("teams", ()))
        rounds = []
        for i, r in enumerate(data.get("rounds", ()), start=1):
            reveal = None
            if r.get("actual") is not None:
                reveal = Reveal(r["actual"], str(r.get("band") or ""), r.get("side"))
            vote = None
            if r.get("vote"):
                v = r["vote"]
                cands = tuple(
                    Candidate(c["label"], tuple(Step(s["kind"], s["target"], s["before"], s["after"]) for s in c.get("steps", ())),
                              int(c.get("tally", 0)), c.get("source", "typed"))
                    for c in v["candidates"]
                )
                vote = Vote(cands, v.get("applied"))
            preds = tuple(Prediction(p["team"], p["value"], p.get("band"), p.get("side")) for p in r.get("predictions", ()))
            rounds.append(Round(i, str(r.get("when", "")), dict(r.get("state") or {}), preds, reveal, vote))
        return Workshop(check_teams(teams), tuple(rounds))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DomainError(_("the workshop record does not read back ({detail})").format(detail=exc)) from None


def rounds_json(workshop: Workshop) -> list[dict[str, Any]]:
    """`rounds NAME --json`: [{round, when, actual, band, predictions: [{team, value, error, …}], closest, vote, …}]."""
    return [r.to_dict() for r in workshop.rounds]


CSV_HEADER = ("round", "when", "team", "prediction", "predicted_band", "predicted_side", "actual", "band", "side",
              "error", "closest", "vote_winner", "move_applied")


def csv_rows(workshop: Workshop) -> list[tuple[Any, ...]]:
    """One row per team per round (a round without predictions still has one row)."""
    rows: list[tuple[Any, ...]] = []
    for r in workshop.rounds:
        errors, closest = r.errors(), set(r.closest())
        winner = "" if r.vote is None or r.vote.winner is None else r.vote.winner.label
        common_tail = (winner, r.move_applied or "")
        reveal = ("", "", "") if r.reveal is None else (r.reveal.overall, r.reveal.band, r.reveal.side or "")
        if not r.predictions:
            rows.append((r.number, r.when, "", "", "", "", *reveal, "", "", *common_tail))
        for p in r.predictions:
            err = errors.get(p.team)
            rows.append((r.number, r.when, p.team, p.value, p.band or "", p.side or "", *reveal,
                         "" if err is None else err, "yes" if p.team in closest else "no" if r.reveal else "", *common_tail))
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(workshop: Workshop) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for row in csv_rows(workshop):
        w.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def summary_rows(workshop: Workshop) -> list[tuple[str, ...]]:
    """The brief's workshop record: per round the score revealed, the closest team(s), the vote and the move."""
    out = []
    for r in workshop.rounds:
        errors = r.errors()
        closest = ", ".join(f"{t} ({errors[t]:.1f} off)" for t in r.closest()) or "—"
        vote = "—"
        if r.vote is not None:
            vote = "; ".join(f"{c.label}: {c.tally}" for c in r.vote.candidates)
        out.append((str(r.number), r.when[:16].replace("T", " "),
                    "—" if r.reveal is None else f"{r.reveal.overall:.1f} ({r.reveal.band})",
                    str(len(r.predictions)), closest, vote, r.move_applied or "—"))
    return out


SUMMARY_HEADER = ("Round", "When", "Revealed", "Teams", "Closest", "Vote (tally)", "Move applied")


def leaderboard_text(workshop: Workshop) -> str:
    rows = workshop.leaderboard()
    if not rows:
        return ""
    return "Leaderboard: " + "; ".join(
        f"{s.rank}. {s.team} — {s.wins} won, mean error {s.mean_error:.1f}" for s in rows
    ) + "."
