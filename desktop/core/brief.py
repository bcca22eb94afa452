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
from .brief_words import country_name, out_of_100, severity_label
from .i18n import N_, _, current_language, format_number
from .model import LEVER_LABELS, AssumptionSet, CountryProfile, DomainError, Proposal
from .screen import FINANCING_LABELS as SCREEN_FINANCING
from .vocabulary import band_label

__all__ = [
    "Brief", "Chart", "Para", "Section", "Table", "CHART_TITLE_PX", "COVER_NOTE", "IMF_SOURCE_ID", "_CSS",
    "brief_html", "build_brief", "chart_keys", "chart_size", "edition_label", "imf_attribution", "level_name",
    "no_brief_reason", "pdf_metadata", "private_strings", "screen_line",
]

COUNTERPART_EDITION = N_("Counterpart-safe edition")
INTERNAL_EDITION = N_("Internal edition — contains red lines, notes and the exporter's position")


def edition_label(counterpart: bool) -> str:
    return _(COUNTERPART_EDITION if counterpart else INTERNAL_EDITION)


def pdf_metadata(brief: Brief) -> dict[str, str]:
    """The PDF's document information: the title and the edition, nothing else."""
    return {"title": brief.title, "subject": edition_label(brief.counterpart), "creator": _("AI Export Desk")}


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
    country = country_name(profile)
    version = _("version {version}").format(version=assumptions.version)
    cover = [
        (_("Edition"), edition_label(counterpart)),
        (_("Proposal"), proposal.name),
        (_("Partner country"), f"{country} ({profile.iso3})"),
        (_("Date"), date),
        (_("Assumption set"), version + (f" — {assumptions.name}" if ed.shows("assumption_set.name") else "")),
    ]
    if ed.shows("assessment.overall"):
        cover.append((_("Overall readiness"), f"{out_of_100(a['overall'])} ({band_label(a['band'])})"))
    if screen is not None and ed.shows("assessment.screen"):
        cover.append((_("Destination screen"), screen_line(screen)))
    if uncertainty is not None and ed.shows("assessment.uncertainty"):
        cover.append((_("How sure"), f"{uncertainty['interval_text']}; {uncertainty['band_text']} ({uncertainty['note']})"))
    cover.append((_("Counterpart acceptance"), out_of_100(a["counterpart_acceptance"])))
    if ed.shows("assessment.exporter_assurance"):
        cover.append((_("Exporter assurance"), out_of_100(a["exporter_assurance"])))
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
        _("Strongest fit: {strongest}; weakest: {weakest} ({fit}/100).").format(
            strongest=LEVER_LABELS[max(commitments, key=lambda lv: commitments[lv]["fit"])],
            weakest=LEVER_LABELS[weakest], fit=format_number(commitments[weakest]["fit"], 0)),
    ]
    highlights += [f"{severity_label(f['severity'])}: {f['message']}" for f in flags[:3]]
    if a["moves"]["best"] and ed.shows("assessment.moves"):
        m = a["moves"]["best"][0]
        highlights.append(_("Best next move: {move} ({gain} points).").format(
            move=m["label"], gain=format_number(m["gain"], 2, sign=True)))
    return Brief(
        highlights=tuple(highlights),
        title=proposal.name,
        subtitle=_("AI export proposal to {country} — negotiation brief").format(country=country),
        counterpart=counterpart,
        cover=tuple(cover),
        sections=tuple(sections),
        language=current_language(),
    )


SCREEN_WORDS = {
    "embargoed": N_("Embargoed — comprehensive embargo: no export, no U.S. federal financing"),
    "denial": N_("Denial — advanced AI chips need a BIS licence under a presumption or policy of denial (Blocked)"),
    "licence": N_("Licence — advanced AI chips need a BIS licence, reviewed case by case"),
    "eligible": N_("Eligible — no country-based bar on advanced AI chips"),
}


def screen_line(screen: Mapping[str, Any]) -> str:
    """The destination screen in one cover line: category, reason, financing, the notice with its sources."""
    groups = ", ".join(screen["groups"]) or _("no D/E group")
    words = _(SCREEN_WORDS[screen["status"]]) if screen["status"] in SCREEN_WORDS else screen["status"]
    return _("{status}. {reason} (groups: {groups}; U.S. federal financing: {financing}). {notice}").format(
        status=words, reason=screen["reason"], groups=groups,
        financing=SCREEN_FINANCING.get(screen["financing"], screen["financing"]), notice=screen["notice"])


def no_brief_reason(proposal: Proposal, profile: CountryProfile, screen: Mapping[str, Any] | None) -> str:
    """Why an embargoed destination gets no brief (one line)."""
    if not screen:
        return _("no brief for {name!r}: it has no readiness score").format(name=proposal.name)
    keys = ", ".join(s["key"] for s in screen["sources"])
    return _(
        "no brief for {name!r}: {country} is under a comprehensive U.S. embargo ({reason}); no export, no U.S. "
        "federal financing (screening aid as of {as_of}, not a legal determination; sources: {keys})"
    ).format(name=proposal.name, country=country_name(profile), reason=screen["reason"], as_of=screen["as_of"], keys=keys)


PRIVATE_WORDS = (N_("Red lines"), N_("red line"), N_("Exporter assurance"), N_("exporter assurance"),
                 N_("What the deal costs us"), N_("Margin"))


def private_strings(proposal: Proposal, assessment: Mapping[str, Any], change_log: Iterable[Mapping[str, Any]] = ()) -> list[str]:
    """Strings a counterpart-safe brief must not contain, in English and in the current language (tests, self-checks)."""
    out = [proposal.notes] if proposal.notes.strip() else []
    out += list(PRIVATE_WORDS) + [_(w) for w in PRIVATE_WORDS if _(w) != w]
    out += [str(e.get("reason")) for e in change_log if e.get("reason")]
    out += [str(e.get("change")) for e in change_log if e.get("change")]
    return out


def workshop_section(workshop: Any) -> Section:
    """The workshop record (internal edition only): each round's reveal, the closest, the vote, the move."""
    from .room_record import SUMMARY_HEADER, leaderboard_text, summary_rows

    table = Table(SUMMARY_HEADER, tuple(summary_rows(workshop)), _("Rounds played with the room"), numeric=(0, 3))
    return Section("workshop", _("Workshop record — internal"), (table, Para(leaderboard_text(workshop), "small")))
