"""The backtest arithmetic (issue 17): AUC, its bootstrap interval, labels, warnings and worst cases."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.backtest import Outcome, auc, backtest, bootstrap_interval, labels_by_country
from desktop.store import memory_store
from desktop.store.outcomes import profiles_before_review, read_outcomes


@cache
def world():
    store = memory_store()
    return store, store.profiles(), store.assumption_set()


def test_auc_by_hand():
    assert auc([3, 2, 1], [True, False, False]) == 1.0
    assert auc([1, 2, 3], [True, False, False]) == 0.0
    assert auc([1, 1, 1, 1], [True, False, True, False]) == 0.5  # all ties
    # pos {4, 2}, neg {3, 1}: pairs (4>3, 4>1, 2<3, 2>1) → 3/4
    assert auc([4, 3, 2, 1], [True, False, True, False]) == 0.75
    assert auc([1, 2], [True, True]) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-1000, 1000), st.booleans()), min_size=2, max_size=40))
def test_auc_is_rank_based_and_symmetric(pairs):
    s = np.array([p[0] for p in pairs])
    y = [p[1] for p in pairs]
    a = auc(s, y)
    if a is None:
        assert all(y) or not any(y)
        return
    assert 0.0 <= a <= 1.0
    assert auc(3 * s + 7, y) == pytest.approx(a)  # a (strictly) monotone transform changes nothing
    assert auc(-s, y) == pytest.approx(1.0 - a)  # reversing the order mirrors it
    assert auc(s, [not v for v in y]) == pytest.approx(1.0 - a)


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    y = rng.random(60) < 0.5
    s = y + rng.normal(0, 1, 60)
    one = bootstrap_interval({"s": s}, y, 500, seed=3)
    assert one == bootstrap_interval({"s": s}, y, 500, seed=3)
    lo, hi = one["s"]
    assert lo <= auc(s, y) <= hi and hi - lo < 0.5


def test_a_country_is_positive_if_any_outcome_is_and_filters_apply():
    rows = [Outcome("AAA", "2026-01", "pax_silica", True, "x", verified=False),
            Outcome("AAA", "2026-02", "talks_stalled", False, "x"),
            Outcome("BBB", "2026-01", "not_signed", False, "x"),
            Outcome("CCC", "2026-01", "us_ai_partnership", True, "x", private=True)]
    assert labels_by_country(rows) == {"AAA": True, "BBB": False, "CCC": True}
    assert labels_by_country(rows, verified_only=True) == {"AAA": False, "BBB": False, "CCC": True}
    assert labels_by_country(rows, include_private=False) == {"AAA": True, "BBB": False}


def test_the_shipped_ledger_backtest_reports_both_aucs_an_interval_worst_cases_and_warnings():
    store, profiles, a = world()
    result = backtest(read_outcomes(store), profiles, a, profiles_before_review(store), reps=300)
    d = result.to_dict()
    assert d["n"] == d["positives"] + d["negatives"] >= 20
    assert set(d["auc"]) == {"score", "capacity", "score_before_review"}
    for key in ("score", "capacity", "score_before_review"):
        lo, hi = d["interval"][key]
        assert 0 <= lo <= d["auc"][key] + 1e-9 and d["auc"][key] - 1e-9 <= hi <= 1
    # The worst cases are real misses: a positive ranked low or a negative ranked high.
    scores = sorted(c["score"] for c in d["cases"])
    for c in d["worst"]:
        position = scores.index(c["score"]) / (len(scores) - 1)
        assert (position <= 0.5) if c["outcome"] == "positive" else (position >= 0.5)
    text = " ".join(d["warnings"])
    assert "Small sample" in text and "Circular" in text
    # The arithmetic is the AUC of the cases it lists.
    assert d["auc"]["score"] == round(auc([c["score"] for c in d["cases"]], [c["outcome"] == "positive" for c in d["cases"]]), 3)
    assert d["auc"]["capacity"] == round(auc([c["capacity"] for c in d["cases"]], [c["outcome"] == "positive" for c in d["cases"]]), 3)
    assert any(e.startswith("TWN") for e in d["excluded"])  # no IMF capacity figure


def test_before_the_review_puts_back_the_2025_values():
    store, profiles, _a = world()
    before = profiles_before_review(store)
    assert profiles["IND"].sovereignty["trust"].value == 70 and before["IND"].sovereignty["trust"].value == 58
    assert before["KEN"].sovereignty["competition"].value == profiles["KEN"].sovereignty["competition"].value  # held


def test_a_profile_reviewed_long_ago_is_flagged_with_its_age():
    from dataclasses import replace
    from datetime import date
    from types import MappingProxyType

    from desktop.core.engine import assess
    from desktop.core.evaluate import with_dated_flags
    from desktop.core.model import Proposal

    _store, profiles, a = world()
    prof = profiles["VNM"]
    fresh = with_dated_flags(assess(Proposal("p", "VNM"), prof, a), prof, a, date(2027, 6, 1))
    assert not any("months ago" in f.message for f in fresh.flags)
    old = replace(prof, sovereignty=MappingProxyType({k: replace(f, reviewed="2025-10-01") for k, f in prof.sovereignty.items()}))
    flagged = with_dated_flags(assess(Proposal("p", "VNM"), old, a), old, a, date(2026, 12, 2))
    (flag,) = [f for f in flagged.flags if "months ago" in f.message]
    assert "reviewed 14 months ago" in flag.message and flag.audience == "internal" and flag.type == "data"
