"""The negotiation brief as data: built from the proposal, profile, assessment and assumptions.

Report items come from the model, never from widgets (Orange's `report_items`). A renderer
(`desktop.ui.brief_render`) turns a `Brief` into PDF; `brief_html` turns it into escaped HTML.

Counterpart-safe briefs are filtered here, at the source: red lines, notes, the exporter-assurance
side and everything derived only from it, change-log reasons and anything marked private are
never put into the model, so no renderer can leak them.

The change log (issue 4) is fed as `change_log`: a list of mappings with `when`, `change`,
`reason` and optional `private`. The section is rendered only when a list is given.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .engine.params import exporter_side
from .model import (
    COMPONENT_LABELS,
    COMPONENTS,
    DIMENSION_LABELS,
    FINANCING_LABELS,
    LEVER_LABELS,
    LEVER_LEVELS,
    LEVERS,
    PILLAR_LABELS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    SCALE_LABELS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Figure,
    Proposal,
)

IMF_SOURCE_ID = "imf_aipi_2023"

COVER_NOTE = (
    "The readiness score is an indicative, transparent 0–100 assessment under stated assumptions, not a "
    "prediction that a deal closes. Capacity figures: Source: IMF AI Preparedness Index, 2023; sovereignty "
    "profiles are analyst estimates or derived defaults, labelled as such. Prepared with AI Export Desk."
)


@dataclass(frozen=True)
class Para:
    """A paragraph of plain text (escaped by every renderer)."""

    text: str
    style: str = "body"  # body | lead | small | note


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # right-aligned column indexes
    widths: tuple[int, ...] = ()  # column widths in percent (optional)


@dataclass(frozen=True)
class Chart:
    """A chart drawn by the same paint code as on screen (desktop/ui/charts.py)."""

    kind: str  # radar | line_items
    data: tuple
    total: float = 0.0
    caption: str = ""
    title: str = ""


@dataclass(frozen=True)
class Section:
    """A headed part of the brief."""

    key: str
    title: str
    blocks: tuple = ()
    new_page: bool = False


@dataclass(frozen=True)
class Brief:
    """A whole brief: cover facts and sections, already filtered for its audience."""

    title: str
    subtitle: str
    counterpart: bool
    cover: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    highlights: tuple[str, ...] = ()

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        """All the brief's words, one block a line (tests, search)."""
        out = [self.title, self.subtitle]
        out += [f"{k}: {v}" for k, v in self.cover]
        out += list(self.highlights)
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                if isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Table):
                    out.append(b.caption)
                    out += [" | ".join(r) for r in b.rows]
                elif isinstance(b, Chart):
                    out.append(b.caption)
        return "\n".join(out)


def level_name(lever: str, value: float) -> str:
    """The name of the level a lever value sits nearest to (low, middle or high end)."""
    low, mid, high = LEVER_LEVELS[lever]
    return low if value < 100 / 3 else (mid if value < 200 / 3 else high)


def _num(v: float | None, digits: int = 1) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}"


def _figure_row(label: str, f: Figure, digits: int) -> tuple[str, ...]:
    kind = {"published": "Published", "estimate": "Estimate", "default": "Default (derived)"}.get(f.kind, f.kind)
    value = "not published" if f.missing else f"{f.value:.{digits}f}"
    return (label, value, kind, f.source + (f", {f.year}" if f.year and str(f.year) not in f.source else ""))


def _exporter_side(flag: Mapping[str, Any]) -> bool:
    """A flag the counterpart may not read: the engine marks each flag's audience by its rule
    (internal unless the rule makes it safe); data-age and view flags without one are safe only
    if they are data flags."""
    audience = flag.get("audience")
    if audience is not None:
        return audience != "safe"
    return flag.get("type") != "data"


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
    screen = a.get("screen")
    if a["overall"] is None:
        raise DomainError(no_brief_reason(proposal, profile, screen))
    audience = "Counterpart-safe edition" if counterpart else "Internal edition — contains red lines and notes"
    cover = [
        ("Proposal", proposal.name),
        ("Partner country", f"{profile.name} ({profile.iso3})"),
        ("Date", date),
        ("Assumption set", f"version {assumptions.version} — {assumptions.name}"),
        ("Overall readiness", f"{a['overall']:.1f} / 100 ({a['band']})"),
    ]
    if screen is not None:
        cover.append(("Destination screen", screen_line(screen)))
    if uncertainty is not None:
        cover.append(("How sure", f"{uncertainty['interval_text']}; {uncertainty['band_text']} ({uncertainty['note']})"))
    cover += [
        ("Counterpart acceptance", f"{a['counterpart_acceptance']:.1f} / 100"),
    ]
    if not counterpart:
        cover.append(("Exporter assurance", f"{a['exporter_assurance']:.1f} / 100"))
    cover.append(("Edition", audience))
    sections = [
        _offer_section(proposal, assumptions, counterpart),
        _deal_section(a, counterpart),
        _assessment_section(proposal, profile, a, counterpart),
        _country_section(profile),
    ]
    if not counterpart and a.get("alternative"):
        sections.append(_alternative_section(a))
    if program is not None and not counterpart:
        sections.append(_program_section(program))
    if change_log is not None:
        sections.append(_change_log_section(change_log, counterpart))
    if workshop is not None and workshop.rounds and not counterpart:
        sections.append(workshop_section(workshop))
    sections.append(_method_section(proposal, a, assumptions, sources, counterpart))
    flags = [f for f in a["flags"] if not (counterpart and _exporter_side(f))]
    weakest = min(a["commitments"], key=lambda lv: a["commitments"][lv]["fit"])
    highlights = [
        f"Strongest fit: {LEVER_LABELS[max(a['commitments'], key=lambda lv: a['commitments'][lv]['fit'])]}; "
        f"weakest: {LEVER_LABELS[weakest]} ({a['commitments'][weakest]['fit']:.0f}/100).",
    ]
    highlights += [f"{f['severity'].capitalize()}: {f['message']}" for f in flags[:3]]
    if not counterpart and a["moves"]["best"]:
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


def _program_section(program: Any) -> Section:
    met, missed, unstated = program.counts()
    verdict = "ready" if program.ready else "not ready"
    blocks: list = [
        Para(f"AI Exports Program checklist: {verdict} — {met} met, {missed} not met, {unstated} not stated.", "lead"),
        Table(
            ("Requirement", "Status", "Why"),
            tuple((c.label, {True: "Met", False: "Not met", None: "Not stated"}[c.ok], c.message) for c in program.checks),
            "Program requirements",
            widths=(28, 12, 60),
        ),
        Para(
            "Program rules from the Call for Proposals and EO 14320 as summarised in the destination fact sheet "
            "[S20][S21]: no consortium member located in or controlled from a country of concern (the call names China, "
            "including Hong Kong and Macau); U.S. content presumed sufficient at 51% or more of the hardware layer's value. "
            "A screening aid, not a legal determination.",
            "small",
        ),
    ]
    bloc = program.bloc
    if bloc is not None:
        rows = tuple(
            (f"{m.name} ({m.iso3})", m.status, "—" if m.overall is None else f"{m.overall:.1f}", m.band) for m in bloc.members
        )
        blocks.append(Table(("Member", "Screen", "Overall", "Band"), rows, f"Bloc target {bloc.name}: each member assessed",
                            numeric=(2,)))
        if bloc.weakest is not None:
            blocks.append(Para(f"Weakest member: {bloc.weakest.name} ({bloc.weakest.overall:.1f}); spread across the members "
                               f"a deal can proceed in: {bloc.spread:.1f} points."))
    return Section("program", "AI Exports Program checklist", tuple(blocks), new_page=True)


def _deal_section(a: Mapping[str, Any], counterpart: bool) -> Section:
    """The deal terms; the internal edition adds what the deal costs the exporter and its margin."""
    d = a["deal"]
    financing = FINANCING_LABELS.get(d["financing"], d["financing"])
    if d["financing"] != "none":
        financing += f" for {d['financing_share'] * 100:.0f}% of the value"
    size = [f"{d['compute_mw']:g} MW" if d.get("compute_mw") else "", f"{d['accelerators']:,} accelerators" if d.get("accelerators") else ""]
    rows = [
        ("Contract value", f"US${d['value_musd']:,.0f} million over {d['term_years']} years"),
        ("Price", f"{d['price']:.2f} × the market price of the same package"),
        ("Federal financing", financing),
        ("Compute", " · ".join(x for x in size if x) or "not stated"),
    ]
    blocks: list = [Table(("Term", "Value"), tuple(rows), "Deal terms")]
    market = d.get("market") or {}
    if market.get("gdp_usd"):
        blocks.append(Para(
            f"Market: GDP US${market['gdp_usd'] / 1e9:,.1f} billion ({market['year']}; {market['source']}).", "small"))
    if not counterpart:
        money = (
            ("Revenue", f"US${d['revenue_musd']:,.1f}M"),
            ("Delivery cost", f"US${d['delivery_cost_musd']:,.1f}M"),
            ("Concessions (levers and measures)", f"US${d['concession_cost_musd']:,.1f}M"),
            ("Financing cost", f"US${d['financing_cost_musd']:,.1f}M"),
            ("Margin", f"{d['margin'] * 100:.1f}% (US${d['margin_musd']:,.1f}M); minimum {d['min_margin'] * 100:.0f}%"),
        )
        blocks.append(Table(("Exporter's economics — internal", "Amount"), money, "What the deal costs us", numeric=(1,)))
        if d.get("burden") is not None:
            blocks.append(Para(
                f"The counterpart pays US${d['annual_cost_musd']:,.1f}M a year after financing, {d['burden']:.1f}× what its "
                f"market carries on the model's rule (market.affordable_share of GDP a year).", "small"))
    return Section("deal", "The deal", tuple(blocks))


def _alternative_section(a: Mapping[str, Any]) -> Section:
    """The rival offer we must beat (our estimate of it: internal)."""
    alt = a["alternative"]
    rows = tuple(
        (LEVER_LABELS[lv], f"{a['commitments'][lv]['credited']:.0f}", f"{alt['offer'][lv]:.0f}") for lv in LEVERS
    ) + (("Effective price", f"{a['deal']['effective_price']:.2f}", f"{alt['effective_price']:.2f}"),)
    return Section("alternative", "The alternative to beat — internal", (
        Para(f"{alt['name']} ({alt['kind']}). {alt['summary']}.", "lead"),
        Table(("Commitment", "Ours (credited)", "Theirs (as credited)"), rows, "Offer against the alternative", numeric=(1, 2)),
        Para(f"Edge: {alt['advantage']:+.1f} points of offer value. Our estimate of the rival's offer, not a fact; "
             "see the country data for its rationale and sources.", "small"),
    ))


def _offer_section(p: Proposal, assumptions: AssumptionSet, counterpart: bool) -> Section:
    blocks: list = []
    if p.description.strip():
        blocks.append(Para(p.description, "lead"))
    comp_rows = tuple(
        (COMPONENT_LABELS[c], SCALE_LABELS[p.components.get(c, 0)]) for c in COMPONENTS if p.components.get(c, 0) > 0
    )
    left_out = [COMPONENT_LABELS[c] for c in COMPONENTS if p.components.get(c, 0) == 0]
    blocks.append(Table(("Stack component", "Scale"), comp_rows or (("(none)", ""),), "Stack components"))
    if left_out:
        blocks.append(Para("Not included: " + "; ".join(left_out) + ".", "small"))
    lever_rows = tuple(
        (LEVER_LABELS[lv], str(int(p.levers[lv])), level_name(lv, p.levers[lv]), f"0 = {LEVER_LEVELS[lv][0]}; 100 = {LEVER_LEVELS[lv][2]}")
        for lv in LEVERS
    )
    blocks.append(
        Table(("Commitment", "Lever", "Level", "Scale"), lever_rows, "The four commitments", numeric=(1,), widths=(18, 8, 30, 44))
    )
    measures = sorted((assumptions.measure(m) for m in p.measures), key=lambda m: (LEVERS.index(m.lever), m.name))
    if measures:
        blocks.append(
            Table(
                ("Measure", "Commitment", "What it does"),
                tuple((m.name, LEVER_LABELS[m.lever], m.description) for m in measures),
                "Measures",
            )
        )
    else:
        blocks.append(Para("No concrete measures chosen yet.", "small"))
    if not counterpart:
        limits = tuple(
            (LEVER_LABELS[lv], f"{p.red_line(lv)[0]} – {p.red_line(lv)[1]}") for lv in LEVERS if lv in p.red_lines
        )
        blocks.append(
            Table(("Commitment", "Acceptable range (red line)"), limits or (("(no red lines set)", ""),), "Red lines — internal")
        )
        if p.notes.strip():
            blocks.append(Para("Negotiator's notes — internal", "note"))
            blocks.append(Para(p.notes))
    return Section("offer", "The offer", tuple(blocks), new_page=True)


def _assessment_section(p: Proposal, profile: CountryProfile, a: Mapping[str, Any], counterpart: bool) -> Section:
    blocks: list = []
    sides = f"Counterpart acceptance {a['counterpart_acceptance']:.1f}"
    if not counterpart:
        sides += f"; exporter assurance {a['exporter_assurance']:.1f}"
    blocks.append(Para(f"Overall readiness {a['overall']:.1f} out of 100 — {a['band']}. {sides}.", "lead"))
    if counterpart:
        blocks.append(
            Para("How well the offer meets the partner's stated priorities, commitment by commitment (offer vs. demand, 0–100).")
        )
    else:
        blocks.append(
            Para(
                "Both sides: counterpart acceptance asks whether the partner will take the offer; exporter "
                "assurance asks whether the exporter can stand behind it."
            )
        )
    commitments = a["commitments"]
    blocks.append(
        Chart(
            "radar",
            tuple((LEVER_LABELS[lv], float(commitments[lv]["offer"]), float(commitments[lv]["demand"])) for lv in LEVERS),
            title="Offer vs. demand",
            caption=f"Offer vs. {profile.name}'s demand per commitment. Demand: "
            + profile.sovereignty.get("demand_security", Figure(None, "estimate", "")).source,
        )
    )
    blocks.append(
        Table(
            ("Commitment", "Offer", "Demand", "Fit"),
            tuple(
                (LEVER_LABELS[lv], _num(commitments[lv]["offer"], 0), _num(commitments[lv]["demand"], 0), _num(commitments[lv]["fit"]))
                for lv in LEVERS
            ),
            "Fit per commitment",
            numeric=(1, 2, 3),
        )
    )
    blocks.append(
        Table(
            ("Dimension", "Score"),
            tuple((DIMENSION_LABELS[d], _num(v)) for d, v in a["dimensions"].items()),
            "Dimension scores (0–100)",
            numeric=(1,),
        )
    )
    items = [li for li in a["line_items"] if li["dimension"] or li["points"] < -0.005]
    blocks.append(
        Chart(
            "line_items",
            tuple((li["label"], float(li["points"]), float(li["max_points"])) for li in items),
            total=float(a["overall"]),
            title="How the score adds up",
            caption="Line items: the points each dimension contributes; they add up to the overall score.",
        )
    )
    blocks.append(
        Table(
            ("Line item", "Points", "Out of"),
            tuple((li["label"], f"{li['points']:+.2f}", f"{li['max_points']:.0f}") for li in a["line_items"])
            + (("Overall", f"{a['overall']:.2f}", "100"),),
            "Line items",
            numeric=(1, 2),
        )
    )
    flags = [f for f in a["flags"] if not (counterpart and _exporter_side(f))]
    if flags:
        blocks.append(
            Table(
                ("Severity", "Issue", "Fix"),
                tuple((f["severity"].capitalize(), f["message"], (f.get("fix") or {}).get("label", "—")) for f in flags),
                "Flags and the fix that clears each",
            )
        )
    else:
        blocks.append(Para("No flags raised.", "small"))
    if not counterpart:
        moves = a["moves"]["best"]
        if moves:
            blocks.append(
                Table(
                    ("Move", "Gain", "Overall after", "Band"),
                    tuple((m["label"], f"{m['gain']:+.2f}", f"{m['overall']:.2f}", m["band"]) for m in moves),
                    "Top moves (within the red lines)",
                    numeric=(1, 2),
                )
            )
        risks = a.get("risks") or {}
        if risks:
            blocks.append(
                Table(
                    ("Exporter-side risk", "Level (0–100, higher is worse)"),
                    tuple((k.replace("_", " ").capitalize(), _num(v)) for k, v in risks.items()),
                    "Exporter assurance: risks",
                    numeric=(1,),
                )
            )
    return Section("assessment", "The assessment", tuple(blocks), new_page=True)


def _country_section(profile: CountryProfile) -> Section:
    cap = [_figure_row("AI Preparedness Index (overall)", profile.aipi, 3)]
    cap += [_figure_row(PILLAR_LABELS[k], profile.pillars[k], 3) for k in PILLARS]
    blocks: list = [
        Table(("Capacity figure", "Value", "Kind", "Source"), tuple(cap), "Capacity (IMF AI Preparedness Index pillars, 0–0.25 each)",
              (1,), (38, 10, 16, 36)),
    ]
    sov = tuple(_figure_row(PROFILE_LABELS[k], profile.sovereignty[k], 0) for k in PROFILE_FIELDS if k in profile.sovereignty)
    blocks.append(Table(("Sovereignty profile", "Value", "Kind", "Source"), sov, "Sovereignty profile (0–100)", (1,), (38, 10, 16, 36)))
    rationales = tuple(
        (PROFILE_LABELS[k], profile.sovereignty[k].rationale)
        for k in PROFILE_FIELDS
        if k in profile.sovereignty and profile.sovereignty[k].rationale
    )
    if rationales:
        blocks.append(Table(("Figure", "Rationale"), rationales, "Why these values (estimates are analyst judgements)"))
    return Section("country", f"Country profile: {profile.name}", tuple(blocks), new_page=True)


def _change_log_section(change_log: Sequence[Mapping[str, Any]], counterpart: bool) -> Section:
    entries = [e for e in change_log if not (counterpart and e.get("private"))]
    if counterpart:
        rows = tuple((str(e.get("when", ""))[:16].replace("T", " "), str(e.get("change", ""))) for e in entries)
        table = Table(("When", "Change"), rows or (("", "(no changes)"),), "Changes to the offer")
    else:
        rows = tuple(
            (str(e.get("when", ""))[:16].replace("T", " "), str(e.get("change", "")), str(e.get("reason", "")))
            for e in entries
        )
        table = Table(("When", "Change", "Reason"), rows or (("", "(no changes)", ""),), "Changes to the offer, with reasons")
    return Section("change_log", "Change log", (table,))


def _method_section(
    p: Proposal, a: Mapping[str, Any], assumptions: AssumptionSet, sources: Mapping[str, Mapping[str, Any]],
    counterpart: bool = False,
) -> Section:
    keys = [k for k in _used_keys(p, assumptions) if not (counterpart and exporter_side(k))]
    internal = " Parameters of the exporter's side (its costs, margins and assurance) are internal and not listed." if counterpart else ""
    blocks: list = [
        Para(
            "The overall score is an indicative, transparent 0–100 readiness score, not a prediction that a deal "
            "closes. It is a pure function of the proposal, the country profile and the assumption set below; "
            "the line items add up exactly to it. Every parameter is a row of the assumption set with its source; "
            "rows for measures not chosen and components left out are omitted." + internal
        ),
        Table(
            ("Assumption", "Value", "Range", "Source"),
            tuple(
                (r.key, f"{r.value:g}{(' ' + r.unit) if r.unit else ''}", f"{r.low:g} – {r.high:g}", r.source)
                for r in (assumptions.rows[k] for k in keys)
            ),
            f"Assumptions used (set version {assumptions.version})",
            numeric=(1,),
            widths=(30, 16, 12, 42),
        ),
    ]
    blocks.append(
        Table(
            ("Source", "Attribution", "Terms"),
            tuple(
                (f"{s.get('title', '')} — {s.get('publisher', '')}", s.get("attribution", ""), s.get("terms", ""))
                for s in _ordered_sources(sources)
            ),
            "Sources and attribution",
        )
    )
    return Section("method", "Method appendix", tuple(blocks), new_page=True)


def _used_keys(p: Proposal, assumptions: AssumptionSet) -> list[str]:
    """The rows this assessment used: all but those of measures not chosen and components left out."""

    def used(key: str) -> bool:
        head, _, rest = key.partition(".")
        if head == "measure":
            return rest.partition(".")[0] in p.measures
        if head == "component":
            return p.components.get(rest.partition(".")[0], 0) > 0
        return True

    return sorted(k for k in assumptions.rows if used(k))


def _ordered_sources(sources: Mapping[str, Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    first = [sources[IMF_SOURCE_ID]] if IMF_SOURCE_ID in sources else []
    return first + [s for k, s in sources.items() if k != IMF_SOURCE_ID]


def imf_attribution(sources: Mapping[str, Mapping[str, Any]]) -> str:
    """The IMF attribution and terms, printed under every page of the brief."""
    s = sources.get(IMF_SOURCE_ID)
    return s["attribution"] if s else ""


# ---------------------------------------------------------------------------- HTML


_CSS = """
body { font-family: 'DejaVu Sans', 'Helvetica', sans-serif; font-size: 10pt; color: #1f2328; }
h1 { font-size: 22pt; color: #12355b; margin-bottom: 4pt; }
h2 { font-size: 15pt; color: #12355b; border-bottom: 1px solid #12355b; margin-top: 14pt; }
h3 { font-size: 11pt; color: #12355b; margin-top: 14pt; margin-bottom: 3pt; }
p.lead { font-size: 11.5pt; font-weight: bold; }
p.small { font-size: 8.5pt; color: #555; }
p.note { font-size: 10pt; font-weight: bold; color: #9a3412; margin-top: 8pt; }
p.caption { font-size: 8.5pt; color: #555; }
table.data { border-collapse: collapse; margin-bottom: 6pt; }
table.data th { background-color: #e8eef6; text-align: left; padding: 3px 6px; font-size: 9pt; }
table.data td { padding: 3px 6px; font-size: 9pt; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.num { text-align: right; }
table.cover td { padding: 4px 10px 4px 0; font-size: 11pt; }
"""


def brief_html(brief: Brief, images: Mapping[str, str] | None = None, standalone: bool = True) -> str:
    """The brief as HTML; every user or file text is escaped. images: chart key -> src."""
    e = html.escape
    images = images or {}
    parts = [f"<h1>{e(brief.title)}</h1>", f"<p class='lead'>{e(brief.subtitle)}</p>", "<table class='cover'>"]
    parts += [f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in brief.cover]
    parts.append("</table>")
    if brief.highlights:
        parts.append("<h3>At a glance</h3><ul>")
        parts += [f"<li>{e(h)}</li>" for h in brief.highlights]
        parts.append("</ul>")
    parts.append("<h3>Contents</h3><ol>")
    parts += [f"<li>{e(s.title)}</li>" for s in brief.sections]
    parts.append("</ol>")
    parts.append(f"<p class='small'>{e(COVER_NOTE)}</p>")
    chart_no = 0
    for s in brief.sections:
        style = " style='page-break-before: always'" if s.new_page else ""
        parts.append(f"<h2{style}>{e(s.title)}</h2>")
        for b in s.blocks:
            if isinstance(b, Para):
                parts.append(f"<p class='{e(b.style)}'>{e(b.text)}</p>")
            elif isinstance(b, Table):
                parts.append(_table_html(b))
            elif isinstance(b, Chart):
                key = f"{s.key}-{b.kind}-{chart_no}"
                chart_no += 1
                src = images.get(key)
                if src:
                    w, h = chart_size(b)
                    parts.append(f"<p><img src='{e(src)}' width='{w}' height='{h}' alt='{e(b.caption)}'></p>")
                parts.append(f"<p class='caption'>{e(b.caption)}</p>")
    body = "\n".join(parts)
    if not standalone:
        return body
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e(brief.title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def chart_keys(brief: Brief) -> list[tuple[str, Chart]]:
    """The charts in order with the keys brief_html uses for their images."""
    out, n = [], 0
    for s in brief.sections:
        for b in s.blocks:
            if isinstance(b, Chart):
                out.append((f"{s.key}-{b.kind}-{n}", b))
                n += 1
    return out


CHART_TITLE_PX = 30  # the chart's title is drawn into its image, so it never parts from the chart


def chart_size(chart: Chart) -> tuple[int, int]:
    """Logical size (px at 96 dpi) a chart gets on the page, its title band included."""
    title = CHART_TITLE_PX if chart.title else 0
    if chart.kind == "radar":
        return 440, 340 + title
    return 600, 36 * (len(chart.data) + 1) + 40 + title


def _table_html(t: Table) -> str:
    e = html.escape
    out = []
    if t.caption:
        out.append(f"<h3>{e(t.caption)}</h3>")
    out.append("<table class='data' width='100%' cellspacing='0'><thead><tr>")
    for i, c in enumerate(t.columns):
        width = f" width='{t.widths[i]}%'" if i < len(t.widths) else ""
        align = " align='right'" if i in t.numeric else ""
        out.append(f"<th{width}{align}>{e(c)}</th>")
    out.append("</tr></thead><tbody>")
    for row in t.rows:
        cells = "".join(
            f"<td class='num' align='right'>{e(c)}</td>" if i in t.numeric else f"<td>{e(c)}</td>" for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def private_strings(proposal: Proposal, assessment: Mapping[str, Any], change_log: Iterable[Mapping[str, Any]] = ()) -> list[str]:
    """Strings a counterpart-safe brief must not contain (used by tests and self-checks)."""
    out = [proposal.notes] if proposal.notes.strip() else []
    out += ["Red lines", "red line", "Exporter assurance", "exporter assurance"]
    out += [str(e.get("reason")) for e in change_log if e.get("reason")]
    out += [str(e.get("change")) for e in change_log if e.get("private") and e.get("change")]
    return out


def workshop_section(workshop: Any) -> Section:
    """The workshop record (internal edition only): each round's reveal, the closest, the vote, the move."""
    from .room import SUMMARY_HEADER, leaderboard_text, summary_rows

    table = Table(SUMMARY_HEADER, tuple(summary_rows(workshop)), "Rounds played with the room", numeric=(0, 3))
    return Section("workshop", "Workshop record — internal", (table, Para(leaderboard_text(workshop), "small")))
