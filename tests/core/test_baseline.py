"""The baseline: pinned state (held by the session, undoable), deltas of every figure, re-assessed when the assumptions change."""

from __future__ import annotations

import pytest

from desktop.core import ops
from desktop.core.baseline import DOWN, SAME, UP, Delta, deltas
from desktop.core.engine import assess
from desktop.core.model import DIMENSIONS, Proposal
from desktop.core.session import Session
from desktop.store import memory_store


@pytest.fixture
def session():
    store = memory_store()
    return Session(Proposal(name="p", country="KEN"), store.profiles(), store.assumption_set())


def test_delta_text_and_direction():
    assert Delta("x", 62.0, 58.8).text == "▲ 3.2"
    assert Delta("x", 50.0, 51.0).text == "▼ 1.0"
    assert Delta("x", 50.0, 50.04).direction == SAME
    assert Delta("x", 50.0, 49.9).direction == UP
    assert Delta("x", 49.9, 50.0).direction == DOWN


def test_deltas_cover_score_sides_dimensions_and_line_items(session):
    assert session.deltas() is None
    base = session.pin_current()
    session.apply(ops.set_lever(session.proposal, "openness", 90))
    d = session.deltas()
    now = session.assessment
    assert d["overall"].value == pytest.approx(now.overall - base.assessment.overall)
    assert d["acceptance"].value == pytest.approx(now.counterpart_acceptance - base.assessment.counterpart_acceptance)
    assert d["assurance"].value == pytest.approx(now.exporter_assurance - base.assessment.exporter_assurance)
    for dim in DIMENSIONS:
        assert d[f"dim:{dim}"].value == pytest.approx(now.dimensions[dim] - base.assessment.dimensions[dim])
    items = [k for k in d if k.startswith("item:")]
    assert len(items) == len(now.line_items)
    # the line-item deltas add up to the overall delta, as the line items add up to the score
    assert sum(d[k].value for k in items) == pytest.approx(d["overall"].value)
    assert d["overall"].value != 0


def test_a_saved_proposal_of_another_country_can_be_the_baseline(session):
    other = Proposal(name="Brazil offer", country="BRA", levers={"security": 80, "resilience": 20, "openness": 70, "partnership": 60})
    events = []
    session.events.baseline.connect(lambda changes: events.append(session.baseline))
    b = session.pin_baseline(other, other.name)
    assert events == [b]
    assert b.assessment == assess(other, session.profiles["BRA"], session.assumptions)
    assert b.offers() == [b.assessment.commitments[lv]["offer"] for lv in ("security", "resilience", "openness", "partnership")]
    session.clear_baseline()
    assert events[-1] is None and session.baseline is None
    session.undo()  # pinning and clearing are edits like any other
    assert session.baseline == b
    session.undo()
    assert session.baseline is None


def test_the_baseline_is_reassessed_when_the_assumptions_change(session):
    before = session.pin_current().assessment.overall
    session.set_assumptions(session.assumptions.with_value("weight.sovereignty_alignment", 0.0, version=99))
    after = session.baseline.assessment
    assert after.assumptions_version == 99
    assert after.overall != before
    assert deltas(session.assessment, after)["overall"].value == pytest.approx(0.0)
