"""The workshop record reaches the internal brief only, never the counterpart edition."""

from __future__ import annotations

from desktop.core.brief import brief_html, build_brief
from desktop.core.engine import assess
from desktop.core.model import Proposal
from desktop.core.room import Prediction, Reveal, Vote, Workshop, typed_candidate

TEAM = "Table Zanzibar-7"  # a string that appears nowhere else in a brief
MOVE = "Openness 50 → 77"


def _workshop() -> Workshop:
    w = Workshop((TEAM, "Table 2"))
    w = w.record("2026-12-02T05:00", {}, [Prediction(TEAM, 61.5), Prediction("Table 2", 40)], Reveal(58.25, "Viable"))
    vote = Vote((typed_candidate("openness 77", {"security": 50, "resilience": 50, "openness": 50, "partnership": 50}),
                 typed_candidate("security 90", {"security": 50, "resilience": 50, "openness": 50, "partnership": 50})))
    vote = vote.with_tallies([7, 3])
    return w.vote_last(Vote(vote.candidates, applied=vote.winner.label))


def _brief(store, counterpart: bool):
    p = Proposal(name="Kenya room", country="KEN")
    profile, assumptions = store.profile("KEN"), store.assumption_set()
    result = assess(p, profile, assumptions).to_dict()
    return build_brief(p, profile, result, assumptions, store.sources(), counterpart=counterpart,
                       date="2026-12-02", workshop=_workshop())


def test_the_internal_brief_has_the_workshop_record(store):
    brief = _brief(store, counterpart=False)
    assert "workshop" in [s.key for s in brief.sections]
    text = brief.text()
    assert "Workshop record" in text and TEAM in text and MOVE in text and "58.2" in text
    assert "Leaderboard: 1. Table Zanzibar-7" in text


def test_the_counterpart_brief_never_has_the_workshop_record(store):
    brief = _brief(store, counterpart=True)
    assert "workshop" not in [s.key for s in brief.sections]
    html = brief_html(brief)
    for secret in (TEAM, MOVE, "Workshop record", "Leaderboard", "Table 2"):
        assert secret not in brief.text() and secret not in html
