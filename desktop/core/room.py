"""The room: a workshop's teams, their predictions, the reveal's scoring, votes and the record.

Qt-free and SQL-free. A `Workshop` is immutable: recording a round or a vote returns a new one.
The store keeps it with the proposal (desktop/store/room.py); the presentation window captures
it (desktop/ui/room_panel.py); the CLI records rounds collected on paper (`round add`, `rounds`).

Scoring: a team's error is |prediction − actual| (the actual overall score, to 0.01). The closest
teams are those with the smallest error (all of them on a tie). The leaderboard ranks teams by
rounds won (closest, ties counted for each tied team), then by mean error (lower first), then by
name (case-insensitive): the same for any order the teams were entered in.

A vote puts two to four candidate moves to the room; the winner has the highest tally, a tie
going to the candidate listed first; a vote where nobody voted has no winner.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from .engine.results import Move, Step
from .i18n import _
from .model import BANDS, LEVER_LABELS, LEVERS, SCREEN_BANDS, DomainError

MAX_TEAMS = 12
MAX_TEAM_NAME = 40
MIN_CANDIDATES, MAX_CANDIDATES = 2, 4
MAX_ROUNDS = 500
RECORD_VERSION = 1

# Which side falls short of its threshold (optional prediction).
SIDES = ("neither", "counterpart", "exporter", "both")
SIDE_LABELS = {"neither": "Neither side short", "counterpart": "Counterpart short",
               "exporter": "Exporter short", "both": "Both sides short"}


# ---------------------------------------------------------------------------- teams


def clean_team(name: str) -> str:
    """A team name as kept: trimmed, inner whitespace collapsed; DomainError if empty or too long."""
    text = " ".join(str(name).split())
    if not text:
        raise DomainError(_("a team needs a name"))
    if len(text) > MAX_TEAM_NAME:
        raise DomainError(_("a team name is at most {limit} characters, got {count}").format(limit=MAX_TEAM_NAME, count=len(text)))
    if "=" in text:
        raise DomainError(_("a team name cannot contain '=': {name!r}").format(name=text))
    return text


def check_teams(names: Iterable[str]) -> tuple[str, ...]:
    """The teams as kept, in the order given; DomainError on a duplicate (case-insensitive) or too many."""
    teams = tuple(clean_team(n) for n in names)
    if len(teams) > MAX_TEAMS:
        raise DomainError(_("a workshop has at most {limit} teams, got {count}").format(limit=MAX_TEAMS, count=len(teams)))
    seen: set[str] = set()
    for t in teams:
        if t.casefold() in seen:
            raise DomainError(_("two teams are called {name!r}").format(name=t))
        seen.add(t.casefold())
    return teams


def parse_teams(text: str) -> tuple[str, ...]:
    """Teams typed in one line or several: separated by commas or new lines ("Table 1, Table 2")."""
    parts = [p for p in re.split(r"[,\n;]", text) if p.strip()]
    return check_teams(parts)


# ---------------------------------------------------------------------------- predictions


def check_score(value: Any, what: str | None = None) -> float:
    """A score 0–100 (finite); DomainError otherwise."""
    what = what or _("a prediction")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DomainError(_("{what} must be a number between 0 and 100, got {value!r}").format(what=what, value=value))
    if not 0 <= value <= 100:
        raise DomainError(_("{what} must be between 0 and 100, got {value:g}").format(what=what, value=value))
    return round(float(value), 2)


@dataclass(frozen=True)
class Prediction:
    """One team's guess: the overall score, and optionally the band and which side falls short."""

    team: str
    value: float
    band: str | None = None
    side: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "team", clean_team(self.team))
        object.__setattr__(self, "value", check_score(self.value, _("{team}'s prediction").format(team=self.team)))
        if self.band is not None and self.band not in BANDS + SCREEN_BANDS:
            raise DomainError(_("unknown band {band!r} (bands: {bands})").format(band=self.band, bands=", ".join(BANDS)))
        if self.side is not None and self.side not in SIDES:
            raise DomainError(_("unknown side {side!r} (sides: {sides})").format(side=self.side, sides=", ".join(SIDES)))

    def to_dict(self) -> dict[str, Any]:
        return {"team": self.team, "value": self.value, "band": self.band, "side": self.side}


def _number(text: str, what: str) -> float:
    if "," in text:
        raise DomainError(_("{what}: write numbers with a decimal point, got {text!r}").format(what=what, text=text))
    try:
        value = float(text)
    except ValueError:
        raise DomainError(_("{what}: {text!r} is not a number").format(what=what, text=text)) from None
    return check_score(value, what)


def parse_entry(team: str, text: str) -> Prediction | None:
    """What the facilitator typed for a team: "62", "62 viable", "62 v exp" (None if blank).

    After the number, an optional band (any prefix of its name: "v" = Viable, "n" = Not ready)
    and an optional side that falls short ("cou[nterpart]", "exp[orter]", "nei[ther]", "bot[h]",
    at least three letters).
    """
    tokens = text.replace("/", " ").split()
    if not tokens:
        return None
    value = _number(tokens[0], _("{team}'s prediction").format(team=team))
    band = side = None
    words = tokens[1:]
    if len(words) > 2:
        raise DomainError(_("{team}'s prediction: a number, then at most a band and a side, got {text!r}").format(team=team, text=text))
    for word in words:
        w = word.casefold()
        sides = [s for s in SIDES if len(w) >= 3 and s.startswith(w)]
        bands = [b for b in BANDS if b.casefold().startswith(w) or b.casefold().replace(" ", "").startswith(w)]
        if sides and side is None:
            side = sides[0]
        elif len(bands) == 1 and band is None:
            band = bands[0]
        else:
            raise DomainError(_("{team}'s prediction: {word!r} is neither a band ({bands}) nor a side").format(
                team=team, word=word, bands=", ".join(BANDS)))
    return Prediction(team, value, band, side)


def parse_pair(text: str) -> Prediction:
    """ "Team A=62" (the CLI's --prediction); DomainError if malformed or out of range."""
    team, sep, value = text.rpartition("=")
    if not sep or not team.strip() or not value.strip():
        raise DomainError(_("--prediction must look like \"Team A=62\", got {text!r}").format(text=text))
    p = parse_entry(team.strip(), value)
    assert p is not None
    return p


# ---------------------------------------------------------------------------- votes


@dataclass(frozen=True)
class Candidate:
    """One option put to the room: a label and the steps applying it (a Best move or a typed one)."""

    label: str
    steps: tuple[Step, ...] = ()
    tally: int = 0
    source: str = "typed"  # best | typed

    def __post_init__(self) -> None:
        label = " ".join(str(self.label).split())
        if not label:
            raise DomainError(_("a candidate move needs a label"))
        object.__setattr__(self, "label", label[:120])
        if isinstance(self.tally, bool) or not isinstance(self.tally, int) or self.tally < 0 or self.tally > 100_000:
            raise DomainError(_("a tally is a whole number of votes (0 or more), got {tally!r}").format(tally=self.tally))

    def move(self) -> Move:
        """As a Move for ops.apply_suggestion (its effect is not part of the vote)."""
        from .engine.results import Effect

        if not self.steps:
            raise DomainError(_("{label!r} has no change to apply").format(label=self.label))
        return Move(self.label, self.steps, math.nan, "", Effect(0.0, 0.0, 0.0))

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "tally": self.tally, "source": self.source,
                "steps": [{"kind": s.kind, "target": s.target, "before": s.before, "after": s.after} for s in self.steps]}


def candidate_from_move(move: Move) -> Candidate:
    return Candidate(move.label, tuple(move.steps), 0, "best")


_TYPED = re.compile(r"^\s*(?P<lever>[a-z]+)\s*(?:to\s+|=\s*|\s)\s*(?P<sign>[+-]?)(?P<value>\d{1,3})\s*$", re.I)


def typed_candidate(text: str, levers: Mapping[str, int]) -> Candidate:
    """A move typed by the facilitator: "openness 70", "security +10", "partnership=40" (one lever),
    several joined with "and" or ";" ("openness 70 and security 60"); the label is the text."""
    parts = [p for p in re.split(r"\band\b|;", text) if p.strip()]
    if not parts:
        raise DomainError(_("type a move, e.g. \"openness 70\" or \"security +10\""))
    steps: list[Step] = []
    for part in parts:
        m = _TYPED.match(part)
        lever = m.group("lever").casefold() if m else ""
        match = [lv for lv in LEVERS if lv.startswith(lever)] if lever else []
        if not m or len(match) != 1:
            raise DomainError(_("{text!r}: write a lever and a level, e.g. \"openness 70\" or \"security +10\"").format(text=part.strip()))
        lv = match[0]
        now = int(levers[lv])
        amount = int(m.group("value"))
        to = now + amount if m.group("sign") == "+" else now - amount if m.group("sign") == "-" else amount
        if not 0 <= to <= 100:
            raise DomainError(_("{lever} would go to {level}: levers run 0–100").format(lever=LEVER_LABELS[lv], level=to))
        steps.append(Step("lever", lv, now, to))
    label = "; ".join(f"{LEVER_LABELS[s.target]} {s.before} → {s.after}" for s in steps)
    return Candidate(label, tuple(steps), 0, "typed")


@dataclass(frozen=True)
class Vote:
    """Two to four candidates with their tallies; `applied`: the label of the move applied, if any."""

    candidates: tuple[Candidate, ...]
    applied: str | None = None

    def __post_init__(self) -> None:
        n = len(self.candidates)
        if not MIN_CANDIDATES <= n <= MAX_CANDIDATES:
            raise DomainError(_("a vote has {low} to {high} candidate moves, got {count}").format(low=MIN_CANDIDATES, high=MAX_CANDIDATES, count=n))
        labels = [c.label.casefold() for c in self.candidates]
        if len(set(labels)) != n:
            raise DomainError(_("two candidate moves have the same label"))

    @property
    def total(self) -> int:
        return sum(c.tally for c in self.candidates)

    def winner_index(self) -> int | None:
        """The candidate with most votes (a tie: the one listed first); None when nobody voted."""
        if self.total == 0:
            return None
        best = max(c.tally for c in self.candidates)
        return next(i for i, c in enumerate(self.candidates) if c.tally == best)

    @property
    def winner(self) -> Candidate | None:
        i = self.winner_index()
        return None if i is None else self.candidates[i]

    @property
    def tied(self) -> bool:
        w = self.winner
        return w is not None and sum(c.tally == w.tally for c in self.candidates) > 1

    def with_tallies(self, tallies: Sequence[int]) -> Vote:
        if len(tallies) != len(self.candidates):
            raise DomainError(_("{needed} tallies needed, got {count}").format(needed=len(self.candidates), count=len(tallies)))
        return replace(self, candidates=tuple(replace(c, tally=int(t)) for c, t in zip(self.candidates, tallies, strict=True)))

    def to_dict(self) -> dict[str, Any]:
        w = self.winner
        return {"candidates": [c.to_dict() for c in self.candidates], "winner": None if w is None else w.label,
                "tied": self.tied, "applied": self.applied}


# ---------------------------------------------------------------------------- rounds


@dataclass(frozen=True)
class Reveal:
    """The figures revealed to the room: the overall score, its band, which side falls short."""

    overall: float
    band: str
    side: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "overall", check_score(self.overall, _("the revealed score")))


def short_side(acceptance: float, assurance: float, acceptance_threshold: float, assurance_threshold: float) -> str:
    low_a, low_b = acceptance < acceptance_threshold, assurance < assurance_threshold
    return "both" if low_a and low_b else "counterpart" if low_a else "exporter" if low_b else "neither"


@dataclass(frozen=True)
class Round:
    """One predict–reveal(–vote) loop: when, the proposal's state, predictions, the reveal, the vote."""

    number: int
    when: str
    state: Mapping[str, Any]  # levers, measures, price: the offer the room predicted
    predictions: tuple[Prediction, ...]
    reveal: Reveal | None = None
    vote: Vote | None = None

    def __post_init__(self) -> None:
        teams = [p.team.casefold() for p in self.predictions]
        if len(set(teams)) != len(teams):
            raise DomainError(_("a team predicted twice in one round"))

    @property
    def actual(self) -> float | None:
        return None if self.reveal is None else self.reveal.overall

    def errors(self) -> dict[str, float]:
        """Each team's absolute error (empty before the reveal)."""
        if self.reveal is None:
            return {}
        return {p.team: round(abs(p.value - self.reveal.overall), 2) for p in self.predictions}

    def closest(self) -> tuple[str, ...]:
        """The teams with the smallest error, by name (case-insensitive); empty before the reveal."""
        errors = self.errors()
        if not errors:
            return ()
        best = min(errors.values())
        return tuple(sorted((t for t, e in errors.items() if e == best), key=_name_key))

    def band_hits(self) -> dict[str, bool]:
        if self.reveal is None:
            return {}
        return {p.team: p.band == self.reveal.band for p in self.predictions if p.band is not None}

    def side_hits(self) -> dict[str, bool]:
        if self.reveal is None or self.reveal.side is None:
            return {}
        return {p.team: p.side == self.reveal.side for p in self.predictions if p.side is not None}

    @property
    def move_applied(self) -> str | None:
        return None if self.vote is None else self.vote.applied

    def to_dict(self) -> dict[str, Any]:
        """The round as stored and exported (`rounds --json`): when, actual, predictions, closest, vote."""
        errors = self.errors()
        return {
            "round": self.number,
            "when": self.when,
            "state": dict(self.state),
            "actual": self.actual,
            "band": None if self.reveal is None else self.reveal.band,
            "side": None if self.reveal is None else self.reveal.side,
            "predictions": [dict(p.to_dict(), error=errors.get(p.team)) for p in self.predictions],
            "closest": list(self.closest()),
            "vote": None if self.vote is None else self.vote.to_dict(),
            "move_applied": self.move_applied,
        }


def _name_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


# ---------------------------------------------------------------------------- the workshop


@dataclass(frozen=True)
class Standing:
    team: str
    rounds: int  # rounds the team predicted in (revealed ones)
    wins: int  # rounds it was (one of) the closest
    mean_error: float | None
    band_hits: int = 0
    rank: int = 0


@dataclass(frozen=True)
class Workshop:
    """A proposal's workshop: its teams and every round so far."""

    teams: tuple[str, ...] = ()
    rounds: tuple[Round, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "teams", check_teams(self.teams))

    @property
    def current(self) -> Round | None:
        """The last round, if it is not revealed yet (the one predictions are going into)."""
        return self.rounds[-1] if self.rounds and self.rounds[-1].reveal is None else None

    def with_teams(self, names: Iterable[str]) -> Workshop:
        return replace(self, teams=check_teams(names))

    def record(self, when: str, state: Mapping[str, Any], predictions: Iterable[Prediction],
               reveal: Reveal | None = None) -> Workshop:
        """A new round (revealed now if `reveal` is given); unknown teams join the workshop."""
        preds = tuple(predictions)
        if len(self.rounds) >= MAX_ROUNDS:
            raise DomainError(_("a workshop keeps at most {limit} rounds").format(limit=MAX_ROUNDS))
        known = {t.casefold(): t for t in self.teams}
        teams = list(self.teams)
        named = []
        for p in preds:
            if p.team.casefold() in known:
                p = replace(p, team=known[p.team.casefold()])
            else:
                teams.append(p.team)
                known[p.team.casefold()] = p.team
            named.append(p)
        rnd = Round(len(self.rounds) + 1, when, dict(state), tuple(named), reveal)
        return Workshop(check_teams(teams), self.rounds + (rnd,))

    def _replace_last(self, rnd: Round) -> Workshop:
        return replace(self, rounds=self.rounds[:-1] + (rnd,))

    def reveal_last(self, reveal: Reveal) -> Workshop:
        if not self.rounds:
            raise DomainError(_("no round to reveal"))
        return self._replace_last(replace(self.rounds[-1], reveal=reveal))

    def vote_last(self, vote: Vote | None) -> Workshop:
        if not self.rounds:
            raise DomainError(_("no round to attach a vote to: record a round first"))
        return self._replace_last(replace(self.rounds[-1], vote=vote))

    def leaderboard(self) -> list[Standing]:
        return leaderboard(self.rounds)

    def to_dict(self) -> dict[str, Any]:
        return {"version": RECORD_VERSION, "teams": list(self.teams), "rounds": [r.to_dict() for r in self.rounds]}


def leaderboard(rounds: Iterable[Round]) -> list[Standing]:
    """Teams ranked by rounds won, then mean error, then name; equal wins and mean error share a rank."""
    errors: dict[str, list[float]] = {}
    wins: dict[str, int] = {}
    bands: dict[str, int] = {}
    names: dict[str, str] = {}
    for r in rounds:
        for team, err in r.errors().items():
            key = team.casefold()
            names.setdefault(key, team)
            errors.setdefault(key, []).append(err)
            wins.setdefault(key, 0)
        for team in r.closest():
            wins[team.casefold()] += 1
        for team, hit in r.band_hits().items():
            bands[team.casefold()] = bands.get(team.casefold(), 0) + int(hit)
    rows = [
        Standing(names[k], len(errs), wins[k], round(math.fsum(errs) / len(errs), 2), bands.get(k, 0))
        for k, errs in errors.items()
    ]
    rows.sort(key=lambda s: (-s.wins, s.mean_error, *_name_key(s.team)))
    ranked: list[Standing] = []
    for i, s in enumerate(rows):
        prev = ranked[-1] if ranked else None
        rank = prev.rank if prev and (prev.wins, prev.mean_error) == (s.wins, s.mean_error) else i + 1
        ranked.append(replace(s, rank=rank))
    return ranked


def round_state(proposal: Any) -> dict[str, Any]:
    """The offer a round was played on: levers, measures and price (no red lines, notes or costs)."""
    return {"levers": {lv: int(proposal.levers[lv]) for lv in LEVERS}, "measures": sorted(proposal.measures),
            "price": round(float(proposal.deal.price), 4)}


def reveal_of(assessment: Any, assumptions: Any) -> Reveal:
    """What the reveal shows for an assessment; DomainError for a destination with no score."""
    if not getattr(assessment, "scored", True):
        raise DomainError(_("this destination has no score to reveal (embargoed)"))
    side = short_side(assessment.counterpart_acceptance, assessment.exporter_assurance,
                      assumptions["side.acceptance_threshold"], assumptions["side.assurance_threshold"])
    return Reveal(round(assessment.overall, 2), assessment.band, side)
