"""The session: one path for every change, typed Changes announced per aspect, undo in core."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core import edits, ops
from desktop.core.changes import ASPECTS, Changes
from desktop.core.edits import NewAssumptionSet
from desktop.core.engine import assess
from desktop.core.model import DomainError, Proposal
from desktop.core.session import Session

STAMP = "2026-05-01T10:00:00.000000+00:00"


@pytest.fixture
def session(store):
    return Session(Proposal(name="p", country="KEN"), store.profiles(), store.assumption_set(), today=date(2026, 6, 1))


def record(session) -> list[tuple[str, Changes]]:
    """Every aspect event the session emits, in order."""
    seen: list[tuple[str, Changes]] = []
    for aspect in (*ASPECTS, "changed"):
        getattr(session.events, aspect).connect(lambda changes, a=aspect: seen.append((a, changes)))
    return seen


def test_a_lever_move_announces_the_proposal_field_and_the_assessment_once_each(session):
    seen = record(session)
    changes = session.apply(ops.set_lever(session.proposal, "openness", 80))
    assert changes == Changes(proposal=frozenset({"levers"}), assessment=True)
    assert [a for a, _ in seen] == ["proposal", "assessment", "changed"]
    assert all(c is changes for _, c in seen)
    assert session.assessment.overall == assess(session.proposal, session.profile, session.assumptions).overall


def test_renaming_needs_no_new_assessment_and_says_the_proposal_list_changed(session):
    before = session.assessment
    changes = session.apply(ops.rename(session.proposal, "Kenya deal"))
    assert changes.proposal == {"name"} and changes.proposals and not changes.assessment
    assert session.assessment is before


def test_an_empty_edit_announces_nothing_and_records_no_undo_step(session):
    seen = record(session)
    assert not session.apply(ops.set_lever(session.proposal, "openness", 50))
    assert seen == [] and len(session.history) == 0


def test_an_assumption_edit_re_assesses_the_proposal_and_the_baseline_before_anyone_hears(session):
    session.pin_current()
    seen = []

    def look(changes):  # whichever aspect a view listens to, the whole state is already new
        seen.append((session.assessment.assumptions_version, session.baseline.assessment.assumptions_version,
                     session.assumptions["weight.sovereignty_alignment"]))

    session.events.assumptions.connect(look)
    session.events.baseline.connect(look)
    session.events.assessment.connect(look)
    edit = edits.set_assumption(session.assumptions, "weight.sovereignty_alignment", 0.45, "test")
    changes = session.apply(edit)
    assert changes.aspects == ("assumptions", "baseline", "assessment")
    assert seen == [(2, 2, 0.45)] * 3  # no writer: the new set is provisional (same version number: the shipped v2 set)


def test_a_writer_stores_what_an_edit_asks_for_before_the_views_see_it(session):
    calls = []

    class Writer:
        def persist(self, before, after, changes):
            calls.append(changes.aspects)
            if not isinstance(after.assumptions, NewAssumptionSet):
                return after
            stored = replace(after.assumptions.provisional(), version=7)
            return replace(after, assumptions=stored)

    session.set_writer(Writer())
    session.events.assessment.connect(lambda _c: calls.append(session.assessment.assumptions_version))
    session.apply(edits.set_assumption(session.assumptions, "comm.base", 60, "why"))
    assert calls == [("assumptions", "assessment"), 7]
    assert session.assumptions.version == 7
    session.undo()
    session.redo()  # redo re-applies the stored version: nothing new for the writer to store
    assert session.assumptions.version == 7 and isinstance(session.history.undo_text, str)
    assert calls[-2:] == [("assumptions", "assessment"), 7]


def test_a_failing_writer_leaves_the_state_and_announces_nothing(session):
    class Failing:
        def persist(self, before, after, changes):
            raise DomainError("disk says no")

    session.set_writer(Failing())
    seen = record(session)
    before = session.state
    with pytest.raises(DomainError):
        session.apply(ops.set_lever(session.proposal, "security", 90))
    assert session.state is before and seen == [] and len(session.history) == 0


def test_undo_covers_assumptions_profiles_and_the_baseline(session):
    start = session.state
    session.apply(edits.set_assumption(session.assumptions, "comm.base", 60, "why"))
    session.apply(edits.edit_profile(session.profiles, "KEN", {"trust": 30}, "dispute", STAMP))
    session.pin_current()
    trust = session.profile.sovereignty["trust"]
    assert (trust.value, trust.kind, trust.edited_at, trust.edit_reason) == (30.0, "estimate", STAMP, "dispute")
    assert trust.rationale.endswith(" [edited 2026-05-01: dispute]")
    assert [session.history.undo_text] == ["Pin baseline p (pinned state)"]
    for _ in range(3):
        session.undo()
    assert session.state == start
    for _ in range(3):
        session.redo()
    assert session.profile.sovereignty["trust"] == trust and session.baseline is not None


def test_undo_puts_back_only_what_its_edit_changed(session):
    session.apply(ops.set_lever(session.proposal, "security", 80))
    session.apply(edits.set_assumption(session.assumptions, "comm.base", 60, "why"))
    session.mark_saved(replace(session.proposal, id=42, modified="now"))  # bookkeeping between edits
    changes = session.undo()  # the assumption edit: the proposal (lever, id) stays as it is
    assert changes.assumptions and not changes.proposal
    assert session.proposal.levers["security"] == 80 and session.proposal.id == 42
    assert session.assumptions["comm.base"] != 60


def test_a_drag_is_one_undo_step_named_from_start_to_end_and_a_return_to_the_start_is_none(session):
    for value in (55, 60, 65):
        session.apply(ops.set_lever(session.proposal, "security", value))
    assert len(session.history) == 1 and session.history.undo_text == "Security 50 → 65"
    session.apply(ops.set_lever(session.proposal, "security", 50))
    assert len(session.history) == 0 and not session.history.can_undo


def test_opening_another_proposal_announces_it_whole_and_clears_undo(session, store):
    session.apply(ops.set_lever(session.proposal, "security", 80))
    seen = record(session)
    changes = session.open(Proposal(name="q", country="BRA"))
    assert changes.opened and changes.assessment and "country" in changes.proposal
    assert seen[0][0] == "opened" and len(session.history) == 0
    with pytest.raises(DomainError):
        session.open(Proposal(name="r", country="XXX"))
    assert session.proposal.name == "q"


def test_the_assessment_carries_the_data_age_flags(store):
    late = Session(Proposal(name="p", country="KEN"), store.profiles(), store.assumption_set(), today=date(2040, 6, 1))
    flags = [f for f in late.assessment.flags if f.type == "data"]
    assert flags and all(f.severity == "low" for f in flags)
    engine = assess(late.proposal, late.profile, late.assumptions)
    assert late.assessment.flags[: len(engine.flags)] == engine.flags
    assert late.assessment.overall == engine.overall


def test_changes_touch_aspects_and_single_fields():
    c = Changes(proposal=frozenset({"levers"}), assessment=True)
    assert c.touches("assessment") and c.touches("proposal.levers") and not c.touches("proposal.name")
    assert not c.touches("baseline", "profiles")
    assert (c | Changes(baseline=True)).aspects == ("proposal", "baseline", "assessment")
    assert not Changes()
