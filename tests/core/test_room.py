"""The room (core.room): predictions, scoring on reveal, the leaderboard, votes and the record."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import ops
from desktop.core.engine import assess
from desktop.core.engine.results import Step
from desktop.core.model import DomainError, Proposal
from desktop.core.room import (
    Candidate,
    Prediction,
    Reveal,
    Round,
    Vote,
    Workshop,
    candidate_from_move,
    leaderboard,
    parse_entry,
    parse_pair,
    parse_teams,
    reveal_of,
    round_state,
    typed_candidate,
)
from desktop.core.room_record import CSV_HEADER, csv_cell, rounds_json, to_csv, workshop_from_dict

scores = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 1))
team_names = st.lists(st.sampled_from([f"Table {i}" for i in range(1, 9)] + ["Alpha", "beta", "Gamma"]),
                      min_size=1, max_size=8, unique_by=str.casefold)


@st.composite
def rounds_of(draw):
    teams = draw(team_names)
    n = draw(st.integers(1, 5))
    rounds = []
    for i in range(n):
        present = [t for t in teams if draw(st.booleans()) or t == teams[0]]
        preds = tuple(Prediction(t, draw(scores)) for t in present)
        rounds.append(Round(i + 1, "2026-12-02T05:00", {}, preds, Reveal(draw(scores), "Viable")))
    return teams, rounds


@pytest.fixture(scope="module")
def assumptions(store):
    return store.assumption_set()


@pytest.fixture(scope="module")
def kenya_profile(store):
    return store.profile("KEN")


def shuffled(rnd: Round, order: list[int]) -> Round:
    preds = [rnd.predictions[i] for i in order]
    return Round(rnd.number, rnd.when, rnd.state, tuple(preds), rnd.reveal, rnd.vote)


@settings(max_examples=150, deadline=None)
@given(rounds_of(), st.randoms(use_true_random=False))
def test_the_leaderboard_is_invariant_to_team_order(data, rng):
    _, rounds = data
    permuted = []
    for r in rounds:
        order = list(range(len(r.predictions)))
        rng.shuffle(order)
        permuted.append(shuffled(r, order))
    assert leaderboard(rounds) == leaderboard(permuted)


@settings(max_examples=150, deadline=None)
@given(rounds_of())
def test_the_closest_team_has_the_minimum_absolute_error(data):
    _, rounds = data
    for r in rounds:
        errors = r.errors()
        assert errors == {p.team: round(abs(p.value - r.actual), 2) for p in r.predictions}
        closest = r.closest()
        assert closest, "a revealed round with predictions has a closest team"
        assert all(errors[t] == min(errors.values()) for t in closest)
        assert set(closest) == {t for t, e in errors.items() if e == min(errors.values())}
        assert list(closest) == sorted(closest, key=lambda t: (t.casefold(), t))


@settings(max_examples=100, deadline=None)
@given(rounds_of())
def test_leaderboard_ranks_by_wins_then_mean_error_and_counts_every_round(data):
    _, rounds = data
    board = leaderboard(rounds)
    keys = [(-s.wins, s.mean_error) for s in board]
    assert keys == sorted(keys)
    assert sum(s.wins for s in board) == sum(len(r.closest()) for r in rounds)
    for s in board:
        played = [r for r in rounds if s.team in r.errors()]
        assert s.rounds == len(played)
        assert s.mean_error == pytest.approx(sum(r.errors()[s.team] for r in played) / len(played), abs=0.006)
    ranks = [s.rank for s in board]
    assert ranks[0] == 1 and ranks == sorted(ranks)


def test_ties_are_deterministic_all_tied_teams_win_and_share_a_rank():
    r = Round(1, "t", {}, (Prediction("Zulu", 60), Prediction("alpha", 40), Prediction("Mike", 70)), Reveal(50, "Viable"))
    assert r.closest() == ("alpha", "Zulu")
    board = leaderboard([r])
    assert [(s.team, s.rank, s.wins) for s in board] == [("alpha", 1, 1), ("Zulu", 1, 1), ("Mike", 3, 0)]


def test_entries_parse_number_band_and_side_and_refuse_nonsense():
    assert parse_entry("A", "  ") is None
    assert parse_entry("A", "62") == Prediction("A", 62)
    assert parse_entry("A", "62.5 v") == Prediction("A", 62.5, "Viable")
    assert parse_entry("A", "40 n exp") == Prediction("A", 40, "Not ready", "exporter")
    assert parse_entry("A", "40 notready neither") == Prediction("A", 40, "Not ready", "neither")
    for bad in ("abc", "101", "-1", "62,5", "62 xyz", "nan", "inf", "1 2 3 4"):
        with pytest.raises(DomainError):
            parse_entry("A", bad)
    assert parse_pair("Team A=62") == Prediction("Team A", 62)
    for bad in ("Team A", "=62", "Team A=", "Team A=200"):
        with pytest.raises(DomainError):
            parse_pair(bad)


def test_teams_are_set_up_from_one_line_and_duplicates_are_refused():
    assert parse_teams("Table 1, Table 2;  Table   3\nTable 4") == ("Table 1", "Table 2", "Table 3", "Table 4")
    with pytest.raises(DomainError):
        parse_teams("A, a")
    with pytest.raises(DomainError):
        parse_teams(", ".join(f"T{i}" for i in range(13)))
    with pytest.raises(DomainError):
        parse_teams("x" * 41)


def test_a_vote_needs_two_to_four_candidates_and_its_winner_breaks_ties_by_order():
    a, b, c = Candidate("A"), Candidate("B"), Candidate("C")
    with pytest.raises(DomainError):
        Vote((a,))
    with pytest.raises(DomainError):
        Vote((a, b, c, Candidate("D"), Candidate("E")))
    with pytest.raises(DomainError):
        Vote((a, Candidate("a")))
    v = Vote((a, b, c))
    assert v.winner is None  # nobody voted
    v = v.with_tallies([3, 5, 5])
    assert v.winner.label == "B" and v.tied
    assert v.with_tallies([9, 5, 5]).winner.label == "A" and not v.with_tallies([9, 5, 5]).tied
    with pytest.raises(DomainError):
        v.with_tallies([1, -1, 0])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=2, max_size=4))
def test_the_winner_has_the_most_votes_and_is_the_first_listed_among_equals(tallies):
    v = Vote(tuple(Candidate(f"M{i}", tally=t) for i, t in enumerate(tallies)))
    if sum(tallies) == 0:
        assert v.winner is None
    else:
        assert v.winner.tally == max(tallies)
        assert v.winner_index() == tallies.index(max(tallies))


def test_typed_moves_read_levels_and_relative_steps(kenya_profile, assumptions):
    levers = {"security": 50, "resilience": 40, "openness": 60, "partnership": 30}
    c = typed_candidate("openness 70", levers)
    assert c.steps == (Step("lever", "openness", 60, 70),) and c.label == "Openness 60 → 70"
    c = typed_candidate("sec +10 and part=45", levers)
    assert c.steps == (Step("lever", "security", 50, 60), Step("lever", "partnership", 30, 45))
    for bad in ("", "openness", "xyz 50", "openness 120", "security -60", "o 5 x"):
        with pytest.raises(DomainError):
            typed_candidate(bad, levers)


def test_the_winning_move_applies_as_one_undoable_change(kenya_profile, assumptions):
    p = Proposal(name="Room", country="KEN")
    best = assess(p, kenya_profile, assumptions).moves["best"]
    assert best
    cand = candidate_from_move(best[0])
    change = ops.apply_suggestion(p, cand.move(), assumptions)
    assert change.before == p and change.after != p
    typed = typed_candidate("openness 80 and security 70", p.levers)
    after = ops.apply_suggestion(p, typed.move(), assumptions).after
    assert after.levers["openness"] == 80 and after.levers["security"] == 70


def test_a_workshop_records_rounds_reveals_votes_and_reads_back(kenya_profile, assumptions):
    p = Proposal(name="Room", country="KEN")
    a = assess(p, kenya_profile, assumptions)
    w = Workshop(("Table 1", "Table 2"))
    w = w.record("2026-12-02T05:00", round_state(p), [Prediction("table 1", 50), Prediction("Table 3", 70)])
    assert w.teams == ("Table 1", "Table 2", "Table 3") and w.current is not None
    assert w.rounds[0].predictions[0].team == "Table 1"  # the known team's spelling
    w = w.reveal_last(reveal_of(a, assumptions))
    assert w.current is None and w.rounds[0].actual == round(a.overall, 2)
    vote = Vote((candidate_from_move(a.moves["best"][0]), typed_candidate("openness 80", p.levers))).with_tallies([4, 2])
    w = w.vote_last(Vote(vote.candidates, applied=vote.winner.label))
    again = workshop_from_dict(json.loads(json.dumps(w.to_dict())))
    assert again == w
    data = rounds_json(w)
    assert data[0]["predictions"][0] == {"team": "Table 1", "value": 50.0, "band": None, "side": None,
                                         "error": round(abs(50 - a.overall), 2)}
    assert data[0]["vote"]["winner"] == vote.winner.label and data[0]["move_applied"] == vote.winner.label
    assert set(data[0]["state"]) == {"levers", "measures", "price"}


def test_the_csv_is_one_row_per_team_per_round_and_neutralises_formulas():
    w = Workshop().record("t1", {}, [Prediction("@SUM(A1)", 40), Prediction("B", 60)], Reveal(55, "Viable"))
    w = w.record("t2", {}, [], None)
    rows = list(csv.reader(io.StringIO(to_csv(w))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 1 + 2 + 1
    team = rows[1][CSV_HEADER.index("team")]
    assert team == "'@SUM(A1)"
    assert rows[2][CSV_HEADER.index("closest")] == "yes" and rows[2][CSV_HEADER.index("error")] == "5"
    assert csv_cell(-3.5) == "-3.5" and csv_cell("-x") == "'-x" and csv_cell("@a") == "'@a"


def test_a_record_that_does_not_validate_is_refused():
    with pytest.raises(DomainError):
        workshop_from_dict({"teams": ["A"], "rounds": [{"predictions": [{"team": "A", "value": 400}]}]})
    with pytest.raises(DomainError):
        workshop_from_dict({"teams": "AA"})  # two teams called "A"
