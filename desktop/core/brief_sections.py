"""The sections of a brief, each built for its edition (internal, or counterpart-safe).

Every part that can reach the counterpart asks the edition (`audience.Edition`) whether its
kind is safe; internal parts are never put into a counterpart brief's blocks, so no renderer
can leak them.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .audience import Edition
from .brief_blocks import Chart, Para, Section, Table
from .brief_words import FIGURE_KIND_LABELS, country_name, num, severity_label
from .i18n import N_, Labels, _, format_number, format_percent, ngettext
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
from .vocabulary import band_label, measure_description, measure_label

IMF_SOURCE_ID = "imf_aipi_2023"
RISK_LABELS = Labels({"misuse": N_("Misuse"), "technology_transfer": N_("Technology transfer")})


def level_name(lever: str, value: float) -> str:
    """The name of the level a lever value sits nearest to (low, middle or high end)."""
    low, mid, high = LEVER_LEVELS[lever]
    return low if value < 100 / 3 else (mid if value < 200 / 3 else high)


_num = num


def _figure_row(label: str, f: Figure, digits: int) -> tuple[str, ...]:
    kind = FIGURE_KIND_LABELS[f.kind] if f.kind in FIGURE_KIND_LABELS else f.kind
    value = _("not published") if f.missing else format_number(f.value, digits)
    return (label, value, kind, f.source + (f", {f.year}" if f.year and str(f.year) not in f.source else ""))


def program_section(program: Any) -> Section:
    met, missed, unstated = program.counts()
    verdict = _("ready") if program.ready else _("not ready")
    status = {True: _("Met"), False: _("Not met"), None: _("Not stated")}
    blocks: list = [
        Para(_("AI Exports Program checklist: {verdict} — {met} met, {missed} not met, {unstated} not stated.").format(
            verdict=verdict, met=met, missed=missed, unstated=unstated), "lead"),
        Table(
            (_("Requirement"), _("Status"), _("Why")),
            tuple((c.label, status[c.ok], c.message) for c in program.checks),
            _("Program requirements"),
            widths=(28, 12, 60),
        ),
        Para(
            _("Program rules from the Call for Proposals and EO 14320 as summarised in the destination fact sheet "
              "[S20][S21]: no consortium member located in or controlled from a country of concern (the call names China, "
              "including Hong Kong and Macau); U.S. content presumed sufficient at 51% or more of the hardware layer's value. "
              "A screening aid, not a legal determination."),
            "small",
        ),
    ]
    bloc = program.bloc
    if bloc is not None:
        rows = tuple(
            (f"{m.name} ({m.iso3})", m.status, "—" if m.overall is None else _num(m.overall), band_label(m.band))
            for m in bloc.members
        )
        blocks.append(Table((_("Member"), _("Screen"), _("Overall"), _("Band")), rows,
                            _("Bloc target {bloc}: each member assessed").format(bloc=bloc.name), numeric=(2,)))
        if bloc.weakest is not None:
            blocks.append(Para(_("Weakest member: {name} ({overall}); spread across the members a deal can proceed in: "
                                 "{spread} points.").format(name=bloc.weakest.name, overall=_num(bloc.weakest.overall),
                                                           spread=_num(bloc.spread))))
    return Section("program", _("AI Exports Program checklist"), tuple(blocks), new_page=True)


def deal_section(a: Mapping[str, Any], ed: Edition) -> Section:
    """The deal terms; the internal edition adds what the deal costs the exporter and its margin."""
    d = a["deal"]
    financing = FINANCING_LABELS.get(d["financing"], d["financing"])
    if d["financing"] != "none":
        financing = _("{financing} for {share} of the value").format(
            financing=financing, share=format_percent(d["financing_share"]))
    size = [_("{mw} MW").format(mw=format_number(d["compute_mw"], 0 if float(d["compute_mw"]).is_integer() else 1))
            if d.get("compute_mw") else "",
            ngettext("{n} accelerator", "{n} accelerators", int(d["accelerators"])).format(n=format_number(d["accelerators"], 0))
            if d.get("accelerators") else ""]
    rows = [
        (_("Contract value"), ngettext("US${value} million over {years} year", "US${value} million over {years} years",
                                       int(d["term_years"])).format(value=format_number(d["value_musd"], 0), years=d["term_years"])),
        (_("Price"), _("{price} × the market price of the same package").format(price=format_number(d["price"], 2))),
        (_("Federal financing"), financing),
        (_("Compute"), " · ".join(x for x in size if x) or _("not stated")),
    ]
    blocks: list = [Table((_("Term"), _("Value")), tuple(rows), _("Deal terms"))]
    market = d.get("market") or {}
    if market.get("gdp_usd") and ed.shows("deal.market"):
        blocks.append(Para(_("Market: GDP US${gdp} billion ({year}; {source}).").format(
            gdp=format_number(market["gdp_usd"] / 1e9, 1), year=market["year"], source=market["source"]), "small"))
    if ed.shows("deal.margin"):
        def musd(v: float) -> str:
            return _("US${amount}M").format(amount=format_number(v, 1))

        money = (
            (_("Revenue"), musd(d["revenue_musd"])),
            (_("Delivery cost"), musd(d["delivery_cost_musd"])),
            (_("Concessions (levers and measures)"), musd(d["concession_cost_musd"])),
            (_("Financing cost"), musd(d["financing_cost_musd"])),
            (_("Margin"), _("{margin} ({amount}); minimum {minimum}").format(
                margin=format_percent(d["margin"], 1), amount=musd(d["margin_musd"]), minimum=format_percent(d["min_margin"]))),
        )
        blocks.append(Table((_("Exporter's economics — internal"), _("Amount")), money, _("What the deal costs us"), numeric=(1,)))
    if d.get("burden") is not None and ed.shows("deal.burden"):
        blocks.append(Para(_(
            "The counterpart pays US${annual}M a year after financing, {burden}× what its market carries on the model's "
            "rule (market.affordable_share of GDP a year).").format(
                annual=format_number(d["annual_cost_musd"], 1), burden=format_number(d["burden"], 1)), "small"))
    return Section("deal", _("The deal"), tuple(blocks))


def alternative_section(a: Mapping[str, Any]) -> Section:
    """The rival offer we must beat (our estimate of it: internal)."""
    alt = a["alternative"]
    rows = tuple(
        (LEVER_LABELS[lv], _num(a["commitments"][lv]["credited"], 0), _num(alt["offer"][lv], 0)) for lv in LEVERS
    ) + ((_("Effective price"), _num(a["deal"]["effective_price"], 2), _num(alt["effective_price"], 2)),)
    return Section("alternative", _("The alternative to beat — internal"), (
        Para(f"{alt['name']} ({alt['kind']}). {alt['summary']}.", "lead"),
        Table((_("Commitment"), _("Ours (credited)"), _("Theirs (as credited)")), rows, _("Offer against the alternative"),
              numeric=(1, 2)),
        Para(_("Edge: {edge} points of offer value. Our estimate of the rival's offer, not a fact; see the country data "
               "for its rationale and sources.").format(edge=format_number(alt["advantage"], 1, sign=True)), "small"),
    ))


def offer_section(p: Proposal, assumptions: AssumptionSet, ed: Edition) -> Section:
    blocks: list = []
    if p.description.strip() and ed.shows("proposal.description"):
        blocks.append(Para(p.description, "lead"))
    comp_rows = tuple(
        (COMPONENT_LABELS[c], SCALE_LABELS[p.components.get(c, 0)]) for c in COMPONENTS if p.components.get(c, 0) > 0
    )
    left_out = [COMPONENT_LABELS[c] for c in COMPONENTS if p.components.get(c, 0) == 0]
    blocks.append(Table((_("Stack component"), _("Scale")), comp_rows or ((_("(none)"), ""),), _("Stack components")))
    if left_out:
        blocks.append(Para(_("Not included: {components}.").format(components="; ".join(left_out)), "small"))
    lever_rows = tuple(
        (LEVER_LABELS[lv], str(int(p.levers[lv])), level_name(lv, p.levers[lv]),
         _("0 = {low}; 100 = {high}").format(low=LEVER_LEVELS[lv][0], high=LEVER_LEVELS[lv][2]))
        for lv in LEVERS
    )
    blocks.append(
        Table((_("Commitment"), _("Lever"), _("Level"), _("Scale")), lever_rows, _("The four commitments"), numeric=(1,),
              widths=(18, 8, 30, 44))
    )
    measures = sorted((assumptions.measure(m) for m in p.measures), key=lambda m: (LEVERS.index(m.lever), m.name))
    if measures:
        blocks.append(
            Table(
                (_("Measure"), _("Commitment"), _("What it does")),
                tuple((measure_label(m), LEVER_LABELS[m.lever], measure_description(m)) for m in measures),
                _("Measures"),
            )
        )
    else:
        blocks.append(Para(_("No concrete measures chosen yet."), "small"))
    if ed.shows("proposal.red_lines"):
        limits = tuple(
            (LEVER_LABELS[lv], f"{p.red_line(lv)[0]} – {p.red_line(lv)[1]}") for lv in LEVERS if lv in p.red_lines
        )
        blocks.append(
            Table((_("Commitment"), _("Acceptable range (red line)")), limits or ((_("(no red lines set)"), ""),),
                  _("Red lines — internal"))
        )
    if p.notes.strip() and ed.shows("proposal.notes"):
        blocks.append(Para(_("Negotiator's notes — internal"), "note"))
        blocks.append(Para(p.notes))
    return Section("offer", _("The offer"), tuple(blocks), new_page=True)


def assessment_section(p: Proposal, profile: CountryProfile, a: Mapping[str, Any], ed: Edition) -> Section:
    blocks: list = []
    if ed.shows("assessment.overall"):
        sides = _("Counterpart acceptance {score}").format(score=_num(a["counterpart_acceptance"]))
        if ed.shows("assessment.exporter_assurance"):
            sides += _("; exporter assurance {score}").format(score=_num(a["exporter_assurance"]))
        blocks.append(Para(_("Overall readiness {score} out of 100 — {band}. {sides}.").format(
            score=_num(a["overall"]), band=band_label(a["band"]), sides=sides), "lead"))
        blocks.append(
            Para(
                _("Both sides: counterpart acceptance asks whether the partner will take the offer; exporter "
                  "assurance asks whether the exporter can stand behind it.")
            )
        )
    else:
        blocks.append(Para(_("Counterpart acceptance {score} out of 100.").format(score=_num(a["counterpart_acceptance"])),
                           "lead"))
        blocks.append(
            Para(_("How well the offer meets the partner's stated priorities, commitment by commitment "
                   "(offer vs. demand, 0–100)."))
        )
    commitments = a["commitments"]
    offer_kind = "commitment.offer" if ed.shows("commitment.offer") else "commitment.lever"
    offer_field = offer_kind.partition(".")[2]
    offer_word = _("Offer (credited)") if offer_field == "offer" else _("Offer")
    if ed.shows("commitment.offer"):  # the shared radar's legend names the credited offer: internal edition only
        blocks.append(Chart(
            "radar",
            tuple((LEVER_LABELS[lv], float(commitments[lv][offer_field]), float(commitments[lv]["demand"])) for lv in LEVERS),
            title=_("Offer vs. demand"),
            caption=_("Offer vs. the demand of {country} per commitment. Demand: {source}").format(
                country=country_name(profile), source=profile.sovereignty.get("demand_security", Figure(None, "estimate", "")).source),
        ))
    blocks.append(
        Table(
            (_("Commitment"), offer_word, _("Demand"), _("Fit")),
            tuple(
                (LEVER_LABELS[lv], _num(commitments[lv][offer_field], 0), _num(commitments[lv]["demand"], 0),
                 _num(commitments[lv]["fit"]))
                for lv in LEVERS
            ),
            _("Fit per commitment"),
            numeric=(1, 2, 3),
        )
    )
    dims = tuple((DIMENSION_LABELS[d], _num(v)) for d, v in a["dimensions"].items() if ed.shows(f"dimension.{d}"))
    blocks.append(Table((_("Dimension"), _("Score")), dims, _("Dimension scores (0–100)"), numeric=(1,)))
    if ed.shows("assessment.line_items"):
        items = [li for li in a["line_items"] if li["dimension"] or li["points"] < -0.005]
        blocks.append(
            Chart(
                "line_items",
                tuple((li["label"], float(li["points"]), float(li["max_points"])) for li in items),
                total=float(a["overall"]),
                title=_("How the score adds up"),
                caption=_("Line items: the points each dimension contributes; they add up to the overall score."),
            )
        )
        blocks.append(
            Table(
                (_("Line item"), _("Points"), _("Out of")),
                tuple((li["label"], format_number(li["points"], 2, sign=True), _num(li["max_points"], 0)) for li in a["line_items"])
                + ((_("Overall"), _num(a["overall"], 2), "100"),),
                _("Line items"),
                numeric=(1, 2),
            )
        )
    flags = [f for f in a["flags"] if ed.shows_flag(f)]
    if flags and ed.shows("assessment.moves"):
        blocks.append(
            Table(
                (_("Severity"), _("Issue"), _("Fix")),
                tuple((severity_label(f["severity"]), f["message"], (f.get("fix") or {}).get("label", "—")) for f in flags),
                _("Flags and the fix that clears each"),
            )
        )
    elif flags:  # a fix is a move within our red lines: it would show how far we would go
        blocks.append(Table((_("Severity"), _("Issue")), tuple((severity_label(f["severity"]), f["message"]) for f in flags),
                            _("Open issues")))
    else:
        blocks.append(Para(_("No flags raised."), "small"))
    moves = a["moves"]["best"]
    if moves and ed.shows("assessment.moves"):
        blocks.append(
            Table(
                (_("Move"), _("Gain"), _("Overall after"), _("Band")),
                tuple((m["label"], format_number(m["gain"], 2, sign=True), _num(m["overall"], 2), band_label(m["band"]))
                      for m in moves),
                _("Top moves (within the red lines)"),
                numeric=(1, 2),
            )
        )
    risks = a.get("risks") or {}
    if risks and ed.shows("assessment.risks"):
        blocks.append(
            Table(
                (_("Exporter-side risk"), _("Level (0–100, higher is worse)")),
                tuple((RISK_LABELS[k] if k in RISK_LABELS else k.replace("_", " ").capitalize(), _num(v)) for k, v in risks.items()),
                _("Exporter assurance: risks"),
                numeric=(1,),
            )
        )
    return Section("assessment", _("The assessment"), tuple(blocks), new_page=True)


def country_section(profile: CountryProfile, ed: Edition) -> Section:
    cap = [_figure_row(_("AI Preparedness Index (overall)"), profile.aipi, 3)]
    cap += [_figure_row(PILLAR_LABELS[k], profile.pillars[k], 3) for k in PILLARS]
    blocks: list = [
        Table((_("Capacity figure"), _("Value"), _("Kind"), _("Source")), tuple(cap),
              _("Capacity (IMF AI Preparedness Index pillars, 0–0.25 each)"), (1,), (38, 10, 16, 36)),
    ]
    fields = [k for k in PROFILE_FIELDS if k in profile.sovereignty and ed.shows(f"profile.{k}")]
    sov = tuple(_figure_row(PROFILE_LABELS[k], profile.sovereignty[k], 0) for k in fields)
    blocks.append(Table((_("Sovereignty profile"), _("Value"), _("Kind"), _("Source")), sov, _("Sovereignty profile (0–100)"),
                        (1,), (38, 10, 16, 36)))
    if ed.shows("figure.rationale"):
        rationales = tuple((PROFILE_LABELS[k], profile.sovereignty[k].rationale) for k in fields if profile.sovereignty[k].rationale)
        if rationales:
            blocks.append(Table((_("Figure"), _("Rationale")), rationales, _("Why these values (estimates are analyst judgements)")))
    if ed.shows("figure.reviewed") and any(profile.sovereignty[k].reviewed for k in fields):
        reviews = tuple(
            (PROFILE_LABELS[k], range_text(profile.sovereignty[k]) or "—", profile.sovereignty[k].reviewed or _("not reviewed"),
             "; ".join(f"{src.get('site', '')} {src.get('when') or src.get('date', '')}: {src.get('url', '')}"
                       + ("" if src.get("verified", True) else " " + _("(unverified)")) for src in profile.sovereignty[k].sources) or "—")
            for k in fields
        )
        blocks.append(Table((_("Figure"), _("Range"), _("Reviewed"), _("Sources (dated)")), reviews,
                            _("Ranges, review dates and sources — internal"), (), (26, 10, 12, 52)))
    if ed.shows("figure.edit_reason"):
        edits = tuple(
            (PROFILE_LABELS[k], str(profile.sovereignty[k].edited_at or "")[:16].replace("T", " "), profile.sovereignty[k].edit_reason or "")
            for k in fields if profile.sovereignty[k].edit_reason
        )
        if edits:
            blocks.append(Table((_("Figure"), _("Edited"), _("Reason")), edits, _("Country-data edits — internal")))
    return Section("country", _("Country profile: {country}").format(country=country_name(profile)), tuple(blocks), new_page=True)


def change_log_section(change_log: Sequence[Mapping[str, Any]]) -> Section:
    """The lever history with reasons (internal edition only); entries marked private say so."""
    rows = tuple(
        (str(e.get("when", ""))[:16].replace("T", " "), str(e.get("change", "")) + (" " + _("[private]") if e.get("private") else ""),
         str(e.get("reason", "")))
        for e in change_log
    )
    table = Table((_("When"), _("Change"), _("Reason")), rows or (("", _("(no changes)"), ""),), _("Changes to the offer, with reasons"))
    return Section("change_log", _("Change log — internal"), (table,))


def method_section(
    p: Proposal, a: Mapping[str, Any], assumptions: AssumptionSet, sources: Mapping[str, Mapping[str, Any]], ed: Edition,
) -> Section:
    keys = [k for k in used_keys(p, assumptions) if ed.shows_assumption(k)]
    if ed.counterpart:
        text = _(
            "The scores shown are indicative, transparent 0–100 assessments, not a prediction that a deal closes. "
            "Each commitment's fit compares the offer with the partner's demand; the dimension scores combine the "
            "fits, the country's published capacity figures and the continuity of supply. Every parameter used for "
            "these figures is listed below with its source; rows for measures not chosen and components left out are "
            "omitted. The exporter's own parameters are not part of this edition."
        )
        set_line = _("Assumptions used (set version {version})").format(version=assumptions.version)
    else:
        text = _(
            "The overall score is an indicative, transparent 0–100 readiness score, not a prediction that a deal "
            "closes. It is a pure function of the proposal, the country profile and the assumption set below; "
            "the line items add up exactly to it. Every parameter is a row of the assumption set with its source; "
            "rows for measures not chosen and components left out are omitted."
        )
        set_line = _("Assumptions used (set version {version} — {name})").format(version=assumptions.version, name=assumptions.name)
    blocks: list = [
        Para(text),
        Table(
            (_("Assumption"), _("Value"), _("Range"), _("Source")),
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
            (_("Source"), _("Attribution"), _("Terms")),
            tuple(
                (f"{s.get('title', '')} — {s.get('publisher', '')}", s.get("attribution", ""), s.get("terms", ""))
                for s in _ordered_sources({k: v for k, v in sources.items() if ed.shows_source(k)})
            ),
            _("Sources and attribution"),
        )
    )
    return Section("method", _("Method appendix"), tuple(blocks), new_page=True)


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


