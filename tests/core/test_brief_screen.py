"""The brief and the destination screen: the screen result on the cover, the Program checklist as an
internal section, and no brief at all for an embargoed destination."""

from __future__ import annotations

import pytest

from desktop.core.brief import build_brief
from desktop.core.engine import assess
from desktop.core.model import DomainError, Member, Program, Proposal
from desktop.core.program import program_checks

PROGRAM = Program(members=(Member("Acme", "USA", ("compute", "data", "models", "security", "applications"), True),),
                  us_content=0.45, buyer_home="CHN")


def _brief(store, iso3: str, counterpart: bool = False, program: Program = Program()):
    proposal = Proposal(name="Deal", country=iso3, program=program)
    profile, a = store.profile(iso3), store.assumption_set()
    result = assess(proposal, profile, a).to_dict()
    checks = program_checks(proposal, store.destinations(), a)
    return build_brief(proposal, profile, result, a, store.sources(), counterpart=counterpart, date="2026-12-01",
                       program=checks)


@pytest.mark.parametrize(("iso3", "words"), [("RUS", "Denial"), ("ARE", "Licence"), ("KEN", "Eligible")])
def test_the_cover_carries_the_screen_result_with_its_date_and_sources(store, iso3, words):
    for counterpart in (False, True):
        cover = dict(_brief(store, iso3, counterpart).cover)
        line = cover["Destination screen"]
        assert line.startswith(words) and "not a legal determination" in line and "Sources: S1 " in line


def test_a_denial_brief_says_blocked(store):
    brief = _brief(store, "RUS")
    assert "(Blocked)" in dict(brief.cover)["Overall readiness"]
    assert any("presumption or policy of denial" in h for h in brief.highlights)


def test_the_program_checklist_is_an_internal_section(store):
    internal = _brief(store, "KEN", program=PROGRAM)
    section = internal.section("program")
    assert section is not None and section.title == "AI Exports Program checklist"
    text = internal.text()
    assert "U.S. content 45% of the hardware layer's value is below the 51%" in text
    assert "headquartered in China (CHN) (D:5 or Macau)" in text
    assert _brief(store, "KEN", counterpart=True, program=PROGRAM).section("program") is None


def test_no_brief_for_an_embargoed_destination(store):
    with pytest.raises(DomainError, match=r"no brief for 'Deal': Iran is under a comprehensive U.S. embargo"):
        _brief(store, "IRN")
