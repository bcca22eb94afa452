"""The sections of a brief, each built for its edition (internal, or counterpart-safe).

Every part that can reach the counterpart asks the edition (`audience.Edition`) whether its
kind is safe; internal parts are never put into a counterpart brief's blocks, so no renderer
can leak them.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .audience import Edition
from .brief_blocks import Chart, Para, Section, Table
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
    Figure,
    Proposal,
)
from .profile_text import range_text

IMF_SOURCE_ID = "imf_aipi_2023"


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


def program_section(program: Any) -> Section:
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


def deal_section(a: Mapping[str, Any], ed: Edition) -> Section:
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
    if market.get("gdp_usd") and ed.shows("deal.market"):
        blocks.append(Para(
            f"Market: GDP US${market['gdp_usd'] / 1e9:,.1f} billion ({market['year']}; {market['source']}).", "small"))
    if ed.shows("deal.margin"):
        money = (
            ("Revenue", f"US${d['revenue_musd']:,.1f}M"),
            ("Delivery cost", f"US${d['delivery_cost_musd']:,.1f}M"),
            ("Concessions (levers and measures)", f"US${d['concession_cost_musd']:,.1f}M"),
            ("Financing cost", f"US${d['financing_cost_musd']:,.1f}M"),
            ("Margin", f"{d['margin'] * 100:.1f}% (US${d['margin_musd']:,.1f}M); minimum {d['min_margin'] * 100:.0f}%"),
        )
        blocks.append(Table(("Exporter's economics — internal", "Amount"), money, "What the deal costs us", numeric=(1,)))
    if d.get("burden") is not None and ed.shows("deal.burden"):
        blocks.append(Para(
            f"The counterpart pays US${d['annual_cost_musd']:,.1f}M a year after financing, {d['burden']:.1f}× what its "
            f"market carries on the model's rule (market.affordable_share of GDP a year).", "small"))
    return Section("deal", "The deal", tuple(blocks))


def alternative_section(a: Mapping[str, Any]) -> Section:
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


def offer_section(p: Proposal, assumptions: AssumptionSet, ed: Edition) -> Section:
    blocks: list = []
    if p.description.strip() and ed.shows("proposal.description"):
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
    if ed.shows("proposal.red_lines"):
        limits = tuple(
            (LEVER_LABELS[lv], f"{p.red_line(lv)[0]} – {p.red_line(lv)[1]}") for lv in LEVERS if lv in p.red_lines
        )
        blocks.append(
            Table(("Commitment", "Acceptable range (red line)"), limits or (("(no red lines set)", ""),), "Red lines — internal")
        )
    if p.notes.strip() and ed.shows("proposal.notes"):
        blocks.append(Para("Negotiator's notes — internal", "note"))
        blocks.append(Para(p.notes))
    return Section("offer", "The offer", tuple(blocks), new_page=True)


def assessment_section(p: Proposal, profile: CountryProfile, a: Mapping[str, Any], ed: Edition) -> Section:
    blocks: list = []
    if ed.shows("assessment.overall"):
        sides = f"Counterpart acceptance {a['counterpart_acceptance']:.1f}"
        if ed.shows("assessment.exporter_assurance"):
            sides += f"; exporter assurance {a['exporter_assurance']:.1f}"
        blocks.append(Para(f"Overall readiness {a['overall']:.1f} out of 100 — {a['band']}. {sides}.", "lead"))
        blocks.append(
            Para(
                "Both sides: counterpart acceptance asks whether the partner will take the offer; exporter "
                "assurance asks whether the exporter can stand behind it."
            )
        )
    else:
        blocks.append(Para(f"Counterpart acceptance {a['counterpart_acceptance']:.1f} out of 100.", "lead"))
        blocks.append(
            Para("How well the offer meets the partner's stated priorities, commitment by commitment (offer vs. demand, 0–100).")
        )
    commitments = a["commitments"]
    offer_kind = "commitment.offer" if ed.shows("commitment.offer") else "commitment.lever"
    offer_field = offer_kind.partition(".")[2]
    offer_word = "Offer (credited)" if offer_field == "offer" else "Offer"
    if ed.shows("commitment.offer"):  # the shared radar's legend names the credited offer: internal edition only
        blocks.append(Chart(
            "radar",
            tuple((LEVER_LABELS[lv], float(commitments[lv][offer_field]), float(commitments[lv]["demand"])) for lv in LEVERS),
            title="Offer vs. demand",
            caption=f"Offer vs. {profile.name}'s demand per commitment. Demand: "
            + profile.sovereignty.get("demand_security", Figure(None, "estimate", "")).source,
        ))
    blocks.append(
        Table(
            ("Commitment", offer_word, "Demand", "Fit"),
            tuple(
                (LEVER_LABELS[lv], _num(commitments[lv][offer_field], 0), _num(commitments[lv]["demand"], 0),
                 _num(commitments[lv]["fit"]))
                for lv in LEVERS
            ),
            "Fit per commitment",
            numeric=(1, 2, 3),
        )
    )
    dims = tuple((DIMENSION_LABELS[d], _num(v)) for d, v in a["dimensions"].items() if ed.shows(f"dimension.{d}"))
    blocks.append(Table(("Dimension", "Score"), dims, "Dimension scores (0–100)", numeric=(1,)))
    if ed.shows("assessment.line_items"):
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
    flags = [f for f in a["flags"] if ed.shows_flag(f)]
    if flags and ed.shows("assessment.moves"):
        blocks.append(
            Table(
                ("Severity", "Issue", "Fix"),
                tuple((f["severity"].capitalize(), f["message"], (f.get("fix") or {}).get("label", "—")) for f in flags),
                "Flags and the fix that clears each",
            )
        )
    elif flags:  # a fix is a move within our red lines: it would show how far we would go
        blocks.append(Table(("Severity", "Issue"), tuple((f["severity"].capitalize(), f["message"]) for f in flags), "Open issues"))
    else:
        blocks.append(Para("No flags raised.", "small"))
    moves = a["moves"]["best"]
    if moves and ed.shows("assessment.moves"):
        blocks.append(
            Table(
                ("Move", "Gain", "Overall after", "Band"),
                tuple((m["label"], f"{m['gain']:+.2f}", f"{m['overall']:.2f}", m["band"]) for m in moves),
                "Top moves (within the red lines)",
                numeric=(1, 2),
            )
        )
    risks = a.get("risks") or {}
    if risks and ed.shows("assessment.risks"):
        blocks.append(
            Table(
                ("Exporter-side risk", "Level (0–100, higher is worse)"),
                tuple((k.replace("_", " ").capitalize(), _num(v)) for k, v in risks.items()),
                "Exporter assurance: risks",
                numeric=(1,),
            )
        )
    return Section("assessment", "The assessment", tuple(blocks), new_page=True)


def country_section(profile: CountryProfile, ed: Edition) -> Section:
    cap = [_figure_row("AI Preparedness Index (overall)", profile.aipi, 3)]
    cap += [_figure_row(PILLAR_LABELS[k], profile.pillars[k], 3) for k in PILLARS]
    blocks: list = [
        Table(("Capacity figure", "Value", "Kind", "Source"), tuple(cap), "Capacity (IMF AI Preparedness Index pillars, 0–0.25 each)",
              (1,), (38, 10, 16, 36)),
    ]
    fields = [k for k in PROFILE_FIELDS if k in profile.sovereignty and ed.shows(f"profile.{k}")]
    sov = tuple(_figure_row(PROFILE_LABELS[k], profile.sovereignty[k], 0) for k in fields)
    blocks.append(Table(("Sovereignty profile", "Value", "Kind", "Source"), sov, "Sovereignty profile (0–100)", (1,), (38, 10, 16, 36)))
    if ed.shows("figure.rationale"):
        rationales = tuple((PROFILE_LABELS[k], profile.sovereignty[k].rationale) for k in fields if profile.sovereignty[k].rationale)
        if rationales:
            blocks.append(Table(("Figure", "Rationale"), rationales, "Why these values (estimates are analyst judgements)"))
    if ed.shows("figure.reviewed") and any(profile.sovereignty[k].reviewed for k in fields):
        reviews = tuple(
            (PROFILE_LABELS[k], range_text(profile.sovereignty[k]) or "—", profile.sovereignty[k].reviewed or "not reviewed",
             "; ".join(f"{src.get('site', '')} {src.get('when') or src.get('date', '')}: {src.get('url', '')}"
                       + ("" if src.get("verified", True) else " (unverified)") for src in profile.sovereignty[k].sources) or "—")
            for k in fields
        )
        blocks.append(Table(("Figure", "Range", "Reviewed", "Sources (dated)"), reviews,
                            "Ranges, review dates and sources — internal", (), (26, 10, 12, 52)))
    if ed.shows("figure.edit_reason"):
        edits = tuple(
            (PROFILE_LABELS[k], str(profile.sovereignty[k].edited_at or "")[:16].replace("T", " "), profile.sovereignty[k].edit_reason or "")
            for k in fields if profile.sovereignty[k].edit_reason
        )
        if edits:
            blocks.append(Table(("Figure", "Edited", "Reason"), edits, "Country-data edits — internal"))
    return Section("country", f"Country profile: {profile.name}", tuple(blocks), new_page=True)


def change_log_section(change_log: Sequence[Mapping[str, Any]]) -> Section:
    """The lever history with reasons (internal edition only); entries marked private say so."""
    rows = tuple(
        (str(e.get("when", ""))[:16].replace("T", " "), str(e.get("change", "")) + (" [private]" if e.get("private") else ""),
         str(e.get("reason", "")))
        for e in change_log
    )
    table = Table(("When", "Change", "Reason"), rows or (("", "(no changes)", ""),), "Changes to the offer, with reasons")
    return Section("change_log", "Change log — internal", (table,))


def method_section(
    p: Proposal, a: Mapping[str, Any], assumptions: AssumptionSet, sources: Mapping[str, Mapping[str, Any]], ed: Edition,
) -> Section:
    keys = [k for k in used_keys(p, assumptions) if ed.shows_assumption(k)]
    if ed.counterpart:
        text = (
            "The scores shown are indicative, transparent 0–100 assessments, not a prediction that a deal closes. "
            "Each commitment's fit compares the offer with the partner's demand; the dimension scores combine the "
            "fits, the country's published capacity figures and the continuity of supply. Every parameter used for "
            "these figures is listed below with its source; rows for measures not chosen and components left out are "
            "omitted. The exporter's own parameters are not part of this edition."
        )
        set_line = f"Assumptions used (set version {assumptions.version})"
    else:
        text = (
            "The overall score is an indicative, transparent 0–100 readiness score, not a prediction that a deal "
            "closes. It is a pure function of the proposal, the country profile and the assumption set below; "
            "the line items add up exactly to it. Every parameter is a row of the assumption set with its source; "
            "rows for measures not chosen and components left out are omitted."
        )
        set_line = f"Assumptions used (set version {assumptions.version} — {assumptions.name})"
    blocks: list = [
        Para(text),
        Table(
            ("Assumption", "Value", "Range", "Source"),
            tuple(
                (r.key, f"{r.value:g}{(' ' + r.unit) if r.unit else ''}", f"{r.low:g} – {r.high:g}", r.source)
                for r in (assumptions.rows[k] for k in keys)
            ),
            set_line,
            numeric=(1,),
            widths=(30, 16, 12, 42),
        ),
    ]
    blocks.append(
        Table(
            ("Source", "Attribution", "Terms"),
            tuple(
                (f"{s.get('title', '')} — {s.get('publisher', '')}", s.get("attribution", ""), s.get("terms", ""))
                for s in _ordered_sources({k: v for k, v in sources.items() if ed.shows_source(k)})
            ),
            "Sources and attribution",
        )
    )
    return Section("method", "Method appendix", tuple(blocks), new_page=True)


def used_keys(p: Proposal, assumptions: AssumptionSet) -> list[str]:
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


