"""The pure comparison: rows per section, a `differs` flag per row, two to four proposals only."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.compare import SECTIONS, compare, compare_proposals, comparison_to_dict
from desktop.core.engine import assess
from desktop.core.model import COMPONENTS, DIMENSIONS, LEVERS, DomainError, Proposal


@pytest.fixture(scope="module")
def world(store):
    return store.profiles(), store.assumption_set()


def _rows_by_key(rows, section):
    return {r.key: r for r in rows if r.section == section}


def test_rows_cover_every_section_and_mark_what_differs(world):
    profiles, assumptions = world
    a = Proposal(name="A", country="KEN", measures=frozenset({"customer_keys"}))
    b = replace(a, name="B").with_lever("openness", 80).with_measure("open_weight_option", True)
    rows = compare_proposals([a, b], profiles, assumptions)
    assert [s for s in SECTIONS if any(r.section == s for r in rows)] == [
        s for s in SECTIONS if s != "Flags" or any(r.section == "Flags" for r in rows)
    ]
    levers = _rows_by_key(rows, "Levers")
    assert list(levers) == list(LEVERS)
    assert levers["openness"].values == (50, 80) and levers["openness"].differs
    assert not levers["security"].differs and levers["security"].values == (50, 50)
    measures = _rows_by_key(rows, "Measures")
    assert measures["customer_keys"].values == (True, True) and not measures["customer_keys"].differs
    assert measures["open_weight_option"].values == (False, True) and measures["open_weight_option"].differs
    assert measures["open_weight_option"].label == "Evaluated open-weight option"
    assert list(_rows_by_key(rows, "Components")) == list(COMPONENTS)
    assert list(_rows_by_key(rows, "Dimensions")) == list(DIMENSIONS)
    scores = _rows_by_key(rows, "Scores")
    expected = [assess(p, profiles["KEN"], assumptions).to_dict() for p in (a, b)]
    assert scores["overall"].values == tuple(e["overall"] for e in expected)
    assert scores["overall"].differs
    assert scores["band"].values == tuple(e["band"] for e in expected)
    country = _rows_by_key(rows, "Proposal")["country"]
    assert country.values == ("Kenya", "Kenya") and not country.differs


def test_line_items_add_up_per_proposal_and_flags_show_presence(world):
    profiles, assumptions = world
    a = Proposal(name="A", country="SAU", levers={"security": 20, "resilience": 90, "openness": 95, "partnership": 10})
    b = Proposal(name="B", country="NGA", levers={"security": 70, "resilience": 55, "openness": 45, "partnership": 70})
    rows = compare_proposals([a, b], profiles, assumptions)
    items = [r for r in rows if r.section == "Line items"]
    for i, p in enumerate((a, b)):
        assert sum(r.values[i] for r in items) == pytest.approx(assess(p, profiles[p.country], assumptions).to_dict()["overall"], abs=0.011)
    flags = [r for r in rows if r.section == "Flags"]
    assert flags, "an extreme offer raises flags"
    for r in flags:
        assert all(isinstance(v, bool) for v in r.values)
        assert r.differs == (len(set(r.values)) > 1)
    assert _rows_by_key(rows, "Proposal")["country"].values == ("Saudi Arabia", "Nigeria")


def test_four_at_most_two_at_least_and_one_assessment_each(world):
    profiles, assumptions = world
    p = Proposal(name="P", country="KEN")
    with pytest.raises(DomainError, match="two to four"):
        compare_proposals([p], profiles, assumptions)
    with pytest.raises(DomainError, match="two to four"):
        compare_proposals([p] * 5, profiles, assumptions)
    with pytest.raises(DomainError, match="one assessment per proposal"):
        compare([p, p], [assess(p, profiles["KEN"], assumptions).to_dict()])
    with pytest.raises(DomainError, match="unknown country"):
        compare_proposals([p, replace(p, country="XXX")], profiles, assumptions)
    rows = compare_proposals([p, replace(p, name="Q"), replace(p, name="R", country="BRA"), replace(p, name="S")], profiles, assumptions)
    assert all(len(r.values) == 4 for r in rows)


def test_json_form(world):
    profiles, assumptions = world
    ps = [Proposal(name="A", country="KEN"), Proposal(name="B", country="IDN")]
    data = comparison_to_dict(ps, compare_proposals(ps, profiles, assumptions))
    assert data["proposals"] == ["A", "B"]
    assert data["differences"] == sum(r["differs"] for r in data["rows"]) > 0
    assert {"section", "key", "label", "values", "differs"} == set(data["rows"][0])


levers = st.fixed_dictionaries({lv: st.integers(0, 100) for lv in LEVERS})


@settings(max_examples=40, deadline=None)
@given(levers=levers, country=st.sampled_from(["KEN", "IDN", "SAU", "BRA", "NGA", "DEU"]), n=st.integers(2, 4))
def test_identical_offers_never_differ_and_differs_means_unequal_values(world, levers, country, n):
    profiles, assumptions = world
    p = Proposal(name="P", country=country, levers=levers)
    rows = compare_proposals([replace(p, name=f"P{i}") for i in range(n)], profiles, assumptions)
    assert not any(r.differs for r in rows)
    moved = p.with_lever("security", 100 - levers["security"]) if levers["security"] != 50 else p.with_lever("security", 0)
    rows = compare_proposals([p, moved], profiles, assumptions)
    for r in rows:
        assert r.differs == (r.values[0] != r.values[1])
    assert _rows_by_key(rows, "Levers")["security"].differs
