"""Planted secrets for the leak tests: a unique marker in every private place (issue 14).

`plant(proposal, profile, salt)` returns the proposal and profile with a marker in each private
kind of the audience registry that holds text, a change log with distinctive lever values, and
the list of markers and private labels that no counterpart output may contain.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.core.audience import assumption_safe
from desktop.core.i18n import _
from desktop.core.model import (
    LEVER_LABELS,
    LEVERS,
    PROFILE_FIELDS,
    AssumptionSet,
    CountryProfile,
    Proposal,
)

# Labels that only the internal edition prints (a counterpart output containing one leaks a part).
PRIVATE_LABELS = (
    "Red line", "red line", "Exporter assurance", "exporter assurance", "What the deal costs us", "Margin",
    "Delivery cost", "Concessions (levers and measures)", "Financing cost", "Top moves", "Exporter-side risk",
    "Overall readiness", "How the score adds up", "Both-sides shortfall", "Commercial viability",
    "Edge over the alternative", "Security & trust", "Trust / alignment", "Pressure of competing offers",
    "The alternative to beat", "Change log", "Negotiator's notes", "Why these values", "Country-data edits",
    "Offer (credited)", "AI Exports Program checklist", "Best next move", "credits", "[private]",
    "Best alternative offer per country",
)
# The whole messages some of those labels come from: in another language, their translations are private too.
PRIVATE_MESSAGES = (
    "Red lines", "Red lines — internal", "Acceptable range (red line)", "Top moves (within the red lines)",
    "Exporter assurance: risks", "Trust / alignment with the exporter", "Change log — internal",
    "Negotiator's notes — internal", "Why these values (estimates are analyst judgements)", "Country-data edits — internal",
    "The alternative to beat — internal", "Exporter's economics — internal", "Best next move: {move} ({gain} points).",
)


def private_labels() -> list[str]:
    """PRIVATE_LABELS in English and, where a language is in use, its translations of them."""
    translated = [_(t) for t in PRIVATE_LABELS + PRIVATE_MESSAGES]
    translated = [t.partition("{")[0].strip() if "{" in t else t for t in translated]
    return list(PRIVATE_LABELS) + [t for t in translated if t and t not in PRIVATE_LABELS]


def marker(kind: str, salt: str) -> str:
    return f"QZX{kind}{salt}Q"  # letters only around the salt: escaping and text extraction keep it whole


def plant(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, salt: str):
    """(proposal, profile, assumptions, change_log, secrets) with a marker in every private place."""
    m = lambda kind: marker(kind, salt)  # noqa: E731
    proposal = replace(
        proposal,
        notes=f"Walk away below 35 {m('notes')}",
        red_lines={lv: (3, 97) for lv in LEVERS},
    )
    sov = {
        k: replace(f, rationale=f"{f.rationale} {m('rationale' + k)}", edited_at="2026-11-30T10:00:00+00:00",
                   edit_reason=f"minister told us privately {m('edit' + k)}")
        for k, f in profile.sovereignty.items()
    }
    alt = profile.alternative
    if alt is not None:
        alt = replace(alt, provider=f"Rival {m('rival')}", rationale=f"{alt.rationale} {m('rivalwhy')}",
                      edit_reason=f"heard at dinner {m('rivaledit')}")
    status = profile.destination
    if status is not None:  # a corrected destination status: the status is public, why we corrected it is not
        status = replace(status, edited_at="2026-11-30T11:00:00+00:00", edit_reason=f"counsel's private view {m('screenedit')}")
    profile = replace(profile, sovereignty=sov, alternative=alt, destination=status)
    assumptions = AssumptionSet(assumptions.version, f"Aggressive pricing {m('setname')}", assumptions.rows,
                                assumptions.measures)
    log = [
        {"when": "2026-11-20T10:00", "change": f"{LEVER_LABELS[lv]} 13 → 87 {m('change' + lv)}",
         "reason": f"they fold at sixty {m('reason' + lv)}", "private": i % 2 == 1}
        for i, lv in enumerate(LEVERS)
    ]
    secrets = [m("notes"), m("setname")] + [m("change" + lv) for lv in LEVERS] + [m("reason" + lv) for lv in LEVERS]
    secrets += [m("rationale" + k) for k in profile.sovereignty] + [m("edit" + k) for k in profile.sovereignty]
    if alt is not None:
        secrets += [m("rival"), m("rivalwhy"), m("rivaledit")]
    if status is not None:
        secrets += [m("screenedit"), "counsel's private view"]
    secrets += ["13 → 87", "they fold at sixty", "minister told us privately", "Aggressive pricing"]
    secrets += [k for k in assumptions.rows if not assumption_safe(k)]  # the walk-away's parameters
    assert set(PROFILE_FIELDS) >= set(profile.sovereignty)
    return proposal, profile, assumptions, log, secrets + private_labels()


def leaks(text: str, secrets) -> list[str]:
    return [s for s in secrets if s in text]
