"""The Method page follows the assumption set and escapes its text; dated figures are flagged."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from types import MappingProxyType

from desktop.core.data_age import data_age_flags, figures, is_dated
from desktop.core.method_page import method_html
from desktop.core.model import AssumptionSet
from desktop.store import memory_store


@cache
def world():
    store = memory_store()
    return store, store.profiles(), store.assumption_set()


def _with(a: AssumptionSet, key: str, **changes) -> AssumptionSet:
    rows = dict(a.rows)
    rows[key] = replace(rows[key], **changes)
    return AssumptionSet(a.version + 1, a.name, MappingProxyType(rows), a.measures)


def test_method_page_is_generated_from_the_set():
    _s, _p, a = world()
    html = method_html(a)
    for key in a.rows:
        assert f"<code>{key}</code>" in html
    assert f"100 − <b>{a['fit.under_penalty']:g}</b> × shortfall" in html
    changed = _with(a, "fit.under_penalty", value=1.7)
    assert "100 − <b>1.7</b> × shortfall" in method_html(changed)
    assert f"v{changed.version}" in method_html(changed)


def test_method_page_escapes_text():
    _s, _p, a = world()
    evil = _with(a, "comm.base", source="<script>alert(1)</script> & co", description="a < b")
    html = method_html(evil)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html and "a &lt; b" in html


def test_figures_older_than_the_threshold_are_flagged():
    _s, profiles, a = world()
    ken = profiles["KEN"]
    assert all(f.year for _k, _l, f in figures(ken) if not f.missing)
    assert data_age_flags(ken, a, 2023 + int(a["data.max_age_years"])) == []
    flags = data_age_flags(ken, a, 2023 + int(a["data.max_age_years"]) + 1)
    assert flags and all(f.severity == "low" and f.type == "data" for f in flags)
    assert any("AI Preparedness Index" in f.message and "from 2023" in f.message for f in flags)
    assert is_dated(ken.aipi, a, 2030) and not is_dated(ken.aipi, a, 2024)
    strict = _with(a, "data.max_age_years", value=1.0)
    assert data_age_flags(ken, strict, 2026)


def test_a_session_keeps_the_dated_flags_while_only_the_offer_changes():
    from datetime import date

    from desktop.core import i18n
    from desktop.core.evaluate import DatedFlags, evaluate
    from desktop.core.model import Proposal

    _s, profiles, a = world()
    today = date(2031, 6, 1)  # every 2023 figure is years old: there are dated flags to keep
    dated = DatedFlags()
    offers = [Proposal(name="x", country="KEN", levers={"security": v, "resilience": 50, "openness": 50, "partnership": 50})
              for v in (10, 60, 95)]
    first = dated(profiles["KEN"], a, today)
    assert first[0] and dated(profiles["KEN"], a, today) is first  # kept while nothing it reads changed
    for p in offers:  # the same flags as judging them afresh
        assert evaluate(p, profiles, a, today, dated).flags == evaluate(p, profiles, a, today).flags
    older = _with(a, "data.max_age_years", value=50.0)  # a new assumption set: judged again
    assert len(dated(profiles["KEN"], older, today)[0]) < len(first[0])  # the figures are no longer old
    assert dated(profiles["IND"], a, today) is not first
    assert dated(profiles["KEN"], a, today) is first  # a few countries in turn stay kept (a batch's)
    assert dated(profiles["KEN"], a, date(2031, 6, 2)) is not first
    kept = dated(profiles["KEN"], a, today)
    i18n.set_language("fr")
    try:
        assert dated(profiles["KEN"], a, today) is not kept  # another language: worded again
    finally:
        i18n.set_language("en")
