"""The destination screen's gate, one test per category, on the seeded statuses."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

import pytest

from desktop.core.engine import assess, rank
from desktop.core.model import DomainError, Proposal
from desktop.core.optimize import optimise
from desktop.core.screen import (
    BLOCKED,
    PROHIBITED,
    compliance_flag,
    gate,
    months_between,
    optimiser_note,
    stale_flags,
)

OFFER = {"security": 60, "resilience": 50, "openness": 50, "partnership": 60}


@pytest.fixture(scope="module")
def world(store):
    return store.profiles(), store.assumption_set()


def _assess(world, iso3: str, **kw):
    profiles, a = world
    return assess(Proposal(name="Offer", country=iso3, levers=OFFER, **kw), profiles[iso3], a)


def _compliance(d):
    return [f for f in d["flags"] if f["type"] == "compliance"]


def _says_what_it_is(message: str, as_of: str) -> None:
    assert f"Screening aid as of {as_of}, not a legal determination." in message and "Sources: S" in message


@pytest.mark.parametrize("iso3", ["IRN"])
def test_embargoed_gets_no_score_no_moves_no_advice(world, iso3):
    a = _assess(world, iso3)
    assert not a.scored and a.band == PROHIBITED
    d = a.to_dict()
    assert d["overall"] is None and d["band"] == "Prohibited" and d["counterpart_acceptance"] is None
    assert d["line_items"] == [] and d["moves"] == {"best": [], "next_band": {}} and d["commitments"] == {}
    [flag] = d["flags"]  # the screen's flag only: no "Add Joint oversight board"
    assert flag["type"] == "compliance" and flag["severity"] == "high" and flag["fix"] is None and flag["side"] == "both"
    assert "comprehensive U.S. embargo" in flag["message"] and "EAR 746.7" in flag["message"]
    _says_what_it_is(flag["message"], "2026-07-08")
    assert d["screen"]["status"] == "embargoed" and d["screen"]["financing"] == "no"
    assert {"status", "groups", "reason", "financing", "sources", "as_of"} <= set(d["screen"])
    assert d["screen"]["financing_available"] is False


@pytest.mark.parametrize("iso3", ["RUS", "CHN", "HKG", "MAC", "LBN", "BLR"])
def test_denial_is_scored_for_analysis_but_blocked(world, iso3):
    profiles, assumptions = world
    a = _assess(world, iso3)
    plain = assess(Proposal(name="Offer", country=iso3, levers=OFFER), replace(profiles[iso3], destination=None), assumptions)
    assert a.scored and a.band == BLOCKED and a.overall == plain.overall and plain.band != BLOCKED
    d = a.to_dict()
    assert d["band"] == "Blocked" and isinstance(d["overall"], float)
    first = d["flags"][0]
    assert first["type"] == "compliance" and first["severity"] == "high"
    assert "presumption or policy of denial" in first["message"] and "federal financing is unavailable" in first["message"]
    _says_what_it_is(first["message"], d["screen"]["as_of"])
    assert d["screen"]["financing_available"] is False
    engine_flags = [f for f in d["flags"] if f["type"] != "compliance"]
    assert engine_flags == plain.to_dict()["flags"]  # the engine's own flags are kept, after the screen's


@pytest.mark.parametrize("iso3", ["ARE", "SAU", "VNM", "KHM"])
def test_licence_flags_case_by_case_review_with_the_lead_time(world, iso3):
    a = _assess(world, iso3)
    assert a.scored and a.band not in (BLOCKED, PROHIBITED)
    [licence] = [f for f in _compliance(a.to_dict()) if f["message"].startswith("Licence:")]
    assert licence["severity"] == "medium" and "reviewed case by case" in licence["message"]
    assert "about 6 months (screen.licence_lead_time_months)" in licence["message"]
    assert a.screen.financing_available


def test_the_lead_time_comes_from_its_assumption_row(world):
    profiles, assumptions = world
    longer = assumptions.with_value("screen.licence_lead_time_months", 12)
    a = assess(Proposal(name="Offer", country="ARE"), profiles["ARE"], longer)
    assert any("about 12 months" in f.message for f in a.flags)


@pytest.mark.parametrize("iso3", ["KEN", "IND", "BRA", "ZAF"])
def test_eligible_is_clear(world, iso3):
    a = _assess(world, iso3)
    assert _compliance(a.to_dict()) == [] and a.screen.status.status == "eligible" and a.screen.financing_available
    assert a.to_dict()["screen"]["notice"].startswith("Screening aid as of")


def test_unverified_rows_and_caveats_carry_a_flag(world):
    israel = _compliance(_assess(world, "ISR").to_dict())
    assert [f["severity"] for f in israel] == ["low"] and "A:6" in israel[0]["message"]
    vietnam = [f["message"] for f in _compliance(_assess(world, "VNM").to_dict())]
    assert any("Marxist-Leninist" in m for m in vietnam)
    ukraine = _compliance(_assess(world, "UKR").to_dict())
    assert [f["severity"] for f in ukraine] == ["medium"] and "Crimea" in ukraine[0]["message"]


def test_financing_in_the_package_where_it_is_unavailable(world):
    profiles, assumptions = world
    eligible = profiles["KEN"].destination
    no_money = replace(eligible, financing="no")
    with_financing = gate(no_money, assumptions, financing_included=True)
    assert any("includes Financing" in f.message for f in with_financing.flags) and not with_financing.financing_available
    assert gate(no_money, assumptions, financing_included=False).flags == ()


def test_the_ranking_puts_blocked_and_prohibited_apart(world):
    profiles, assumptions = world
    ranked = rank(Proposal(name="Offer", country="KEN", levers=OFFER), profiles.values(), assumptions)
    statuses = [r.screen.status.status for r in ranked]
    first_denial = statuses.index("denial")
    assert all(s in ("eligible", "licence") for s in statuses[:first_denial])
    assert statuses[-1] == "embargoed" and set(statuses[first_denial:-1]) == {"denial"}
    # The optimiser cannot make a denial destination "best": blocked ones rank after every deal that can proceed.
    assert ranked[0].band not in (BLOCKED, PROHIBITED)


def test_rank_and_assess_apply_the_same_screen(world):
    profiles, assumptions = world
    offer = Proposal(name="Offer", country="KEN", levers=OFFER)
    ranked = {a.country: a for a in rank(offer, profiles.values(), assumptions)}
    for iso3 in ("IRN", "RUS", "ARE", "KEN", "ISR"):
        single = assess(replace(offer, country=iso3), profiles[iso3], assumptions)
        assert single.to_dict() == ranked[iso3].to_dict()


def test_the_optimiser_refuses_embargoed_and_notes_denial(world):
    profiles, assumptions = world
    with pytest.raises(DomainError, match="no optimisation for Iran: comprehensive U.S. embargo"):
        optimise(Proposal(name="Offer", country="IRN"), profiles["IRN"], assumptions)
    assert "Blocked: Russian Federation is a denial destination" in optimiser_note(profiles["RUS"])
    assert optimiser_note(profiles["KEN"]) is None
    result = optimise(Proposal(name="Offer", country="RUS"), profiles["RUS"], assumptions)
    assert result.after >= result.before


def test_a_status_older_than_the_assumption_row_is_flagged_stale(world):
    profiles, assumptions = world
    uae = profiles["ARE"].destination  # as of 2025-11-20
    [flag] = stale_flags(uae, assumptions, date(2026, 12, 1))
    assert flag.type == "compliance" and "12 months old (more than 6" in flag.message and "possibly stale" in flag.message
    assert stale_flags(uae, assumptions, date(2026, 5, 19)) == []
    edited = replace(uae, edited_at="2026-11-30T10:00:00+00:00", edit_reason="checked")
    assert stale_flags(edited, assumptions, date(2026, 12, 1)) == []  # a user's confirmation restarts the clock
    looser = assumptions.with_value("screen.status_max_age_months", 18)
    assert stale_flags(uae, looser, date(2026, 12, 1)) == []


def test_months_between():
    assert months_between(date(2025, 11, 20), date(2026, 12, 1)) == 12
    assert months_between(date(2026, 7, 8), date(2026, 12, 1)) == 4
    assert months_between(date(2026, 7, 8), date(2027, 1, 8)) == 6


def test_flags_come_from_one_factory():
    flag = compliance_flag("low", "x")
    assert asdict(flag) == {"severity": "low", "type": "compliance", "message": "x", "fix": None, "side": "both"}
    assert (flag.severity, flag.type, flag.fix) == ("low", "compliance", None)  # read like the engine's Flag


def test_an_unscreened_profile_is_left_alone(world):
    profiles, assumptions = world
    bare = replace(profiles["IRN"], destination=None)
    a = assess(Proposal(name="Offer", country="IRN"), bare, assumptions)
    assert a.scored and a.screen is None and a.to_dict()["screen"] is None and isinstance(a.to_dict()["overall"], float)
