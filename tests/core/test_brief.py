"""The brief model (pure): contents, counterpart-safe filtering, change log, escaping."""

from __future__ import annotations

from desktop.core.brief import Chart, Table, brief_html, build_brief, level_name, private_strings
from desktop.core.engine import assess
from desktop.core.model import LEVER_LEVELS, Proposal
from desktop.store import memory_store

HOSTILE = "<script>alert(1)</script> & co"


def _brief(counterpart: bool = False, change_log=None):
    store = memory_store()
    proposal = Proposal(
        name=f"Kenya {HOSTILE}",
        country="KEN",
        levers={"security": 70, "resilience": 40, "openness": 90, "partnership": 20},
        measures={"onshore_sensitive_tier"},
        red_lines={"openness": (20, 70)},
        notes="Walk away below 35 — SECRET",
    )
    profile = store.profile("KEN")
    a = assumptions = store.assumption_set()
    result = assess(proposal, profile, a).to_dict()
    brief = build_brief(proposal, profile, result, assumptions, store.sources(), counterpart=counterpart,
                        change_log=change_log, date="2026-11-26")
    return brief, proposal, result


def test_level_names_follow_the_lever_position():
    assert LEVER_LEVELS["openness"][0] == level_name("openness", 0)
    assert LEVER_LEVELS["openness"][1] == level_name("openness", 50)
    assert LEVER_LEVELS["openness"][2] == level_name("openness", 100)


def test_internal_brief_holds_everything():
    brief, proposal, result = _brief()
    text = brief.text()
    assert "Kenya (KEN)" in text
    assert f"{result['overall']:.1f}" in text
    assert "Walk away below 35 — SECRET" in text
    assert "Red lines — internal" in text
    assert "exporter assurance" in text.lower()
    assert "Evaluated open weights, fine-tunable" in text  # level name of openness 90
    assert "Source: IMF AI Preparedness Index, 2023" in text
    assert "commercial redistribution needs the IMF's permission" in text  # the IMF's terms
    assert [s.key for s in brief.sections] == ["offer", "deal", "assessment", "country", "alternative", "method"]
    assert "What the deal costs us" in text and "The alternative to beat — internal" in text
    kinds = [b.kind for s in brief.sections for b in s.blocks if isinstance(b, Chart)]
    assert ["radar", "line_items"] == kinds


def test_counterpart_brief_leaves_out_private_things():
    log = [
        {"when": "2026-11-20T10:00", "change": "Openness 50 → 90", "reason": "They will fold at 60 — internal reason"},
        {"when": "2026-11-21T10:00", "change": "Secret fallback offer drafted", "reason": "Fallback if they balk", "private": True},
    ]
    internal, proposal, result = _brief(change_log=log)
    safe, _, _ = _brief(counterpart=True, change_log=log)
    for s in private_strings(proposal, result, log):
        assert s in internal.text()
        assert s not in safe.text(), s
    assert "Openness 50 → 90" in internal.text()
    assert safe.section("change_log") is None  # the lever history never reaches the counterpart
    assert "[private]" in internal.text()  # an entry marked private says so in the internal edition
    assert f"{result['exporter_assurance']:.1f}" not in safe.text()
    assert not any(f["type"] == "risk" for f in result["flags"] if f["message"] in safe.text())


def test_change_log_section_only_when_provided():
    brief, _, _ = _brief()
    assert brief.section("change_log") is None
    brief, _, _ = _brief(change_log=[])
    assert brief.section("change_log") is not None


def test_html_escapes_user_text():
    brief, _, _ = _brief()
    html = brief_html(brief)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_method_appendix_lists_only_used_assumptions():
    brief, proposal, _ = _brief()
    table = next(b for b in brief.section("method").blocks if isinstance(b, Table))
    keys = {r[0] for r in table.rows}
    assert any(k.startswith("measure.onshore_sensitive_tier.") for k in keys)
    assert not any(k.startswith("measure.") and "onshore_sensitive_tier" not in k for k in keys)
    assert "weight.continuity" in keys
    assert all(r[3] for r in table.rows)  # every assumption has a source


def test_the_counterpart_edition_shows_the_deal_terms_but_not_our_costs_or_the_rival():
    brief, _proposal, result = _brief(counterpart=True)
    text = brief.text()
    assert "Deal terms" in text and "US$250 million over 5 years" in text
    assert "What the deal costs us" not in text and "Margin" not in text
    assert "alternative" not in [s.key for s in brief.sections]
    assert result["alternative"]["name"] not in text
