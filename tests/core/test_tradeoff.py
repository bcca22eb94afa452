"""The trade-off map's data: the metric grid, both sides, the zone of possible agreement, red lines."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.core.engine import assess
from desktop.core.model import DomainError, Proposal
from desktop.core.tradeoff import tradeoff_map, zone
from desktop.store import memory_store


@pytest.fixture(scope="module")
def world():
    store = memory_store()
    return store.profiles(), store.assumption_set()


def test_zone_is_where_both_sides_clear_their_thresholds():
    acceptance = np.array([[60.0, 50.0], [55.0, 80.0]])
    assurance = np.array([[70.0, 90.0], [54.9, 55.0]])
    assert zone(acceptance, assurance, 55.0, 55.0).tolist() == [[True, False], [False, True]]


def test_each_cell_matches_a_full_assessment_at_those_lever_values(world):
    profiles, assumptions = world
    p = Proposal(name="p", country="KEN", levers={"security": 40, "resilience": 30, "openness": 10, "partnership": 70})
    data = tradeoff_map(p, profiles["KEN"], assumptions, "security", "partnership", "overall", n=3)
    assert data.axis.tolist() == [0.0, 50.0, 100.0]
    acc_t, asr_t = assumptions["side.acceptance_threshold"], assumptions["side.assurance_threshold"]
    for j, y in enumerate((0, 50, 100)):
        for i, x in enumerate((0, 50, 100)):
            a = assess(p.with_lever("security", x).with_lever("partnership", y), profiles["KEN"], assumptions)
            assert data.values[j, i] == pytest.approx(a.overall)
            assert data.acceptance[j, i] == pytest.approx(a.counterpart_acceptance)
            assert data.assurance[j, i] == pytest.approx(a.exporter_assurance)
            both = a.counterpart_acceptance >= acc_t and a.exporter_assurance >= asr_t
            assert bool(data.zopa[j, i]) == both
    # the small case has both kinds of cell, so the zone is really tested
    assert data.zopa.any() and not data.zopa.all()


def test_red_lines_mark_the_cells_inside_and_the_points_are_placed(world):
    profiles, assumptions = world
    p = Proposal(name="p", country="KEN", red_lines={"openness": (20, 60)})
    base = p.with_lever("security", 10)
    data = tradeoff_map(p, profiles["KEN"], assumptions, "security", "openness", "continuity", n=6, baseline=base)
    # axis 0, 20, 40, 60, 80, 100: openness rows 1..3 are inside, every security column
    assert data.inside[:, 0].tolist() == [False, True, True, True, False, False]
    assert data.inside.all(axis=1).tolist() == data.inside[:, 0].tolist()
    assert data.current == (50.0, 50.0)
    assert data.baseline == (10.0, 50.0)
    assert data.metric_label == "Continuity"
    assert data.index(50) == 2 and data.lever_value(2) == 40


def test_two_different_levers_are_needed(world):
    profiles, assumptions = world
    with pytest.raises(DomainError):
        tradeoff_map(Proposal(name="p", country="KEN"), profiles["KEN"], assumptions, "security", "security")
