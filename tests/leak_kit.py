"""Planted secrets for the leak tests: a unique marker in every private place (issue 14).

`plant(proposal, profile, salt)` returns the proposal and profile with a marker in each private
kind of the audience registry that holds text, a change log with distinctive lever values, and
the list of markers and private labels that no counterpart output may contain.

`plant_workshop(salt)` is the room's record (issue 20; "assessment.workshop" is internal): a
workshop whose rounds revealed distinctive overall scores (61.37, 47.83), so that no room-safe view
may show a revealed figure, an error, a mean error, who was closest or the leaderboard.
`workshop_secrets(workshop)` lists what any workshop's record gives away, and `shown_text(window)`
walks a window's visible widgets itself (not through the window's own account of what it shows).
"""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.core.audience import assumption_safe
from desktop.core.engine.results import Step
from desktop.core.i18n import _
from desktop.core.model import (
    LEVER_LABELS,
    LEVERS,
    PROFILE_FIELDS,
    AssumptionSet,
    CountryProfile,
    Proposal,
)
from desktop.core.room import Candidate, Prediction, Reveal, Vote, Workshop

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


# What only a scored round prints (the room's record is internal: each is derived from the overall score).
WORKSHOP_LABELS = ("off by", "losest", "★", "ean error", "band ✓", "band ✗", "side ✓", "side ✗", "revealed",
                   "Leaderboard:", " won)")
PLANTED_ACTUALS = (61.37, 47.83)


def plant_workshop(salt: str) -> tuple[Workshop, list[str], list[str]]:
    """(workshop, secrets, numbers): four teams (one with a 40-character name) over two revealed rounds
    and a vote; secrets are texts and numbers whole number tokens that no room-safe view may show."""
    teams = (f"North {salt}", "South", "The long table by the window at the back"[:40], "East")
    preds = ((50.0, 73.5, 58.25, 19.0), (40.0, 52.5, 47.0, 60.0))
    w = Workshop(teams)
    for n, (actual, values) in enumerate(zip(PLANTED_ACTUALS, preds, strict=True)):
        predictions = [Prediction(t, v, "Viable" if i == 1 else None, "exporter" if i == 2 else None)
                       for i, (t, v) in enumerate(zip(teams, values, strict=True))]
        state = {"levers": {lv: 40 + n for lv in LEVERS}, "measures": [], "price": 1.0}
        w = w.record(f"2026-12-02T10:{n}5:00+00:00", state, predictions, Reveal(actual, "Viable", "exporter"))
    vote = Vote((Candidate("Openness 41 → 65", (Step("lever", "openness", 41, 65),), 7, "best"),
                 Candidate("Security 41 → 80", (Step("lever", "security", 41, 80),), 3, "typed")),
                applied="Openness 41 → 65")
    w = w.vote_last(vote)
    texts, numbers = workshop_secrets(w)
    return w, texts, numbers


def workshop_secrets(workshop: Workshop) -> tuple[list[str], list[str]]:
    """(texts, numbers) a workshop's record gives away: the labels of a scored round, and as number
    tokens each revealed score, each error and each mean error (to one and to two decimals)."""
    values: list[float] = []
    for r in workshop.rounds:
        if r.reveal is not None:
            values += [r.reveal.overall, *r.errors().values()]
    values += [s.mean_error for s in workshop.leaderboard() if s.mean_error is not None]
    numbers = sorted({f"{v:.{d}f}" for v in values for d in (1, 2)})
    return list(WORKSHOP_LABELS), numbers


def number_leaks(text: str, numbers) -> list[str]:
    """The numbers that appear in text as whole tokens ("61.4" is not found in "161.45")."""
    tokens = set(re.findall(r"\d+(?:\.\d+)?", text))
    return [n for n in numbers if n in tokens]


def shown_text(window) -> str:
    """Every text a window shows now, walked widget by widget: labels, buttons, line edits (and their
    placeholders), spin boxes, every cell and header of an item view, tooltips, accessible descriptions."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QWidget,
    )

    out = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        if isinstance(w, QAbstractSpinBox):
            out.append(w.text())
        if isinstance(w, QListWidget):  # its model's row and column counts are private to Python
            out += [t for i in range(w.count()) for t in (w.item(i).text(), w.item(i).toolTip())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            root = QModelIndex()
            cols, rows = m.columnCount(root), m.rowCount(root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                out += [str(m.headerData(c, Qt.Orientation.Horizontal, role) or "") for c in range(cols)]
                out += [str(m.data(m.index(r, c), role) or "") for r in range(rows) for c in range(cols)]
        out += [w.toolTip(), w.accessibleDescription()]
    return "\n".join(t for t in out if t)
