"""The negotiation brief as data: built from the proposal, profile, assessment and assumptions.

Report items come from the model, never from widgets (Orange's `report_items`). A renderer
(`desktop.ui.brief_render`) turns a `Brief` into PDF; `brief_html` turns it into escaped HTML.

Two editions. The internal one holds everything. The counterpart-safe one is an allow-list:
each part is put in only if its kind is safe in the audience registry (`desktop.core.audience`),
decided by type, never by wording: no lever history, reasons, red lines, notes, exporter side
(assurance, the overall score that blends it in, margin, costs, risks, thresholds, exporter-side
weights), estimates of the counterpart (trust, competing offers, rationales, the rival offer),
edit reasons or other scenario names. What is not put into the model cannot leak from a renderer.

The change log (issue 4) is fed as `change_log`: a list of mappings with `when`, `change`,
`reason` and optional `private`. Its section is rendered only in the internal edition and only
when a list is given.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from .audience import Edition
from .brief_blocks import Brief, Chart, Para, Section, Table
from .brief_html import _CSS, CHART_TITLE_PX, COVER_NOTE, brief_html, chart_keys, chart_size
from .brief_sections import (
    IMF_SOURCE_ID,
    alternative_section,
    assessment_section,
    change_log_section,
    country_section,
    deal_section,
    imf_attribution,
    level_name,
    method_section,
    offer_section,
    program_section,
)
from .model import LEVER_LABELS, AssumptionSet, CountryProfile, DomainError, Proposal

__all__ = [
    "Brief", "Chart", "Para", "Section", "Table", "CHART_TITLE_PX", "COVER_NOTE", "IMF_SOURCE_ID", "_CSS",
    "brief_html", "build_brief", "chart_keys", "chart_size", "edition_label", "imf_attribution", "level_name",
    "no_brief_reason", "pdf_metadata", "private_strings", "screen_line",
]

COUNTERPART_EDITION = "Counterpart-safe edition"
INTERNAL_EDITION = "Internal edition — contains red lines, notes and the exporter's position"


def edition_label(counterpart: bool) -> str:
    return COUNTERPART_EDITION if counterpart else INTERNAL_EDITION


def pdf_metadata(brief: Brief) -> dict[str, str]:
    """The PDF's document information: the title and the edition, nothing else."""
    return {"title": brief.title, "subject": edition_label(brief.counterpart), "creator": "AI Export Desk"}


def build_brief(
    proposal: Proposal,
    profile: CountryProfile,
    assessment: Mapping[str, Any],
    assumptions: AssumptionSet,
    sources: Mapping[str, Mapping[str, Any]],
    *,
    counterpart: bool = False,
    change_log: Sequence[Mapping[str, Any]] | None = None,
    date: str = "",
    uncertainty: Mapping[str, Any] | None = None,
    program: Any = None,
    workshop: Any = None,
) -> Brief:
    """The brief for a proposal and its assessment (counterpart=True: safe to hand across).

    workshop: the room's record (`desktop.core.room.Workshop`), an internal section only.

    uncertainty: `desktop.core.uncertainty.summary(...)` — the score's p10–p90 and band share.
    program: the AI Exports Program checklist (`desktop.core.program.ProgramResult`), an internal section.
    For an embargoed destination there is no assessment, so no brief: DomainError with the reason.
    """
    a = assessment
    ed = Edition(counterpart)
    screen = a.get("screen")
    if a["overall"] is None:
        raise DomainError(no_brief_reason(proposal, profile, screen))
    cover = [
        ("Edition", edition_label(counterpart)),
        ("Proposal", proposal.name),
        ("Partner country", f"{profile.name} ({profile.iso3})"),
        ("Date", date),
        ("Assumption set", f"version {assumptions.version}"
         + (f" — {assumptions.name}" if ed.shows("assumption_set.name") else "")),
    ]
    if ed.shows("assessment.overall"):
        cover.append(("Overall readiness", f"{a['overall']:.1f} / 100 ({a['band']})"))
    if screen is not None and ed.shows("assessment.screen"):
        cover.append(("Destination screen", screen_line(screen)))
    if uncertainty is not None and ed.shows("assessment.uncertainty"):
        cover.append(("How sure", f"{uncertainty['interval_text']}; {uncertainty['band_text']} ({uncertainty['note']})"))
    cover.append(("Counterpart acceptance", f"{a['counterpart_acceptance']:.1f} / 100"))
    if ed.shows("assessment.exporter_assurance"):
        cover.append(("Exporter assurance", f"{a['exporter_assurance']:.1f} / 100"))
    sections = [
        offer_section(proposal, assumptions, ed),
        deal_section(a, ed),
        assessment_section(proposal, profile, a, ed),
        country_section(profile, ed),
    ]
    if a.get("alternative") and ed.shows("assessment.alternative"):
        sections.append(alternative_section(a))
    if program is not None and ed.shows("assessment.program"):
        sections.append(program_section(program))
    if change_log is not None and ed.shows("assessment.change_log"):
        sections.append(change_log_section(change_log))
    if workshop is not None and workshop.rounds and ed.shows("assessment.workshop"):
        sections.append(workshop_section(workshop))
    sections.append(method_section(proposal, a, assumptions, sources, ed))
    flags = [f for f in a["flags"] if ed.shows_flag(f)]
    commitments = a["commitments"]
    weakest = min(commitments, key=lambda lv: commitments[lv]["fit"])
    highlights = [
        f"Strongest fit: {LEVER_LABELS[max(commitments, key=lambda lv: commitments[lv]['fit'])]}; "
        f"weakest: {LEVER_LABELS[weakest]} ({commitments[weakest]['fit']:.0f}/100).",
    ]
    highlights += [f"{f['severity'].capitalize()}: {f['message']}" for f in flags[:3]]
    if a["moves"]["best"] and ed.shows("assessment.moves"):
        m = a["moves"]["best"][0]
        highlights.append(f"Best next move: {m['label']} ({m['gain']:+.2f} points).")
    return Brief(
        highlights=tuple(highlights),
        title=proposal.name,
        subtitle=f"AI export proposal to {profile.name} — negotiation brief",
        counterpart=counterpart,
        cover=tuple(cover),
        sections=tuple(sections),
    )


SCREEN_WORDS = {
    "embargoed": "Embargoed — comprehensive embargo: no export, no U.S. federal financing",
    "denial": "Denial — advanced AI chips need a BIS licence under a presumption or policy of denial (Blocked)",
    "licence": "Licence — advanced AI chips need a BIS licence, reviewed case by case",
    "eligible": "Eligible — no country-based bar on advanced AI chips",
}


def screen_line(screen: Mapping[str, Any]) -> str:
    """The destination screen in one cover line: category, reason, financing, the notice with its sources."""
    groups = ", ".join(screen["groups"]) or "no D/E group"
    return (
        f"{SCREEN_WORDS.get(screen['status'], screen['status'])}. {screen['reason']} (groups: {groups}; U.S. federal "
        f"financing: {screen['financing']}). {screen['notice']}"
    )


def no_brief_reason(proposal: Proposal, profile: CountryProfile, screen: Mapping[str, Any] | None) -> str:
    """Why an embargoed destination gets no brief (one line)."""
    if not screen:
        return f"no brief for {proposal.name!r}: it has no readiness score"
    keys = ", ".join(s["key"] for s in screen["sources"])
    return (
        f"no brief for {proposal.name!r}: {profile.name} is under a comprehensive U.S. embargo ({screen['reason']}); "
        f"no export, no U.S. federal financing (screening aid as of {screen['as_of']}, not a legal determination; sources: {keys})"
    )


def private_strings(proposal: Proposal, assessment: Mapping[str, Any], change_log: Iterable[Mapping[str, Any]] = ()) -> list[str]:
    """Strings a counterpart-safe brief must not contain (used by tests and self-checks)."""
    out = [proposal.notes] if proposal.notes.strip() else []
    out += ["Red lines", "red line", "Exporter assurance", "exporter assurance", "What the deal costs us", "Margin"]
    out += [str(e.get("reason")) for e in change_log if e.get("reason")]
    out += [str(e.get("change")) for e in change_log if e.get("change")]
    return out


def workshop_section(workshop: Any) -> Section:
    """The workshop record (internal edition only): each round's reveal, the closest, the vote, the move."""
    from .room_record import SUMMARY_HEADER, leaderboard_text, summary_rows

    table = Table(SUMMARY_HEADER, tuple(summary_rows(workshop)), "Rounds played with the room", numeric=(0, 3))
    return Section("workshop", "Workshop record — internal", (table, Para(leaderboard_text(workshop), "small")))
