"""The Method page: the model explained with the current parameter values and their sources,
generated from an assumption set (never hand-copied). Returns HTML with every text escaped."""

from __future__ import annotations

from html import escape

from .assumptions import prefix
from .model import DIMENSION_LABELS, DIMENSIONS, AssumptionSet

# What each group of parameters does; {key} placeholders are filled with the set's values.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("fit", "Fit of each commitment",
     "Per lever, fit = 100 − {fit.under_penalty} × shortfall (what the counterpart credits below its "
     "demand) − the lever's overshoot penalty × overshoot (what is promised beyond it, after the measures' relief), "
     "clamped to 0–100."),
    ("cred", "Credibility",
     "The counterpart credits a share {cred.base} + {cred.trust_weight} × trust/100 of each promise, plus what "
     "the measures that back it add; more trust, more credit."),
    ("align", "Sovereignty alignment",
     "The fits averaged with weights {align.base_weight} + the country's demand intensity / 100 per commitment."),
    ("capacity", "Capacity", "The IMF pillars rescaled to 0–100 (each pillar's maximum is {capacity.pillar_max})."),
    ("absorb", "Absorptive capacity",
     "Capacity plus up to {absorb.partnership_uplift} points from partnership, scaled by the capacity gap."),
    ("risk", "Misuse and technology-transfer risk",
     "Misuse = openness × {risk.misuse_scale}/100, mitigated by governance and trust (up to "
     "{risk.misuse_max_mitigation}); transfer = partnership × {risk.transfer_scale}/100, mitigated by trust."),
    ("st", "Security & trust",
     "A weighted mix of the partner's control (the credited security offer, net of monitoring), the exporter's "
     "licensing assurance, trust and governance, less risk penalties."),
    ("lic", "Licensing assurance",
     "{lic.base} + trust and governance + the assurance measures; a licence destination needs "
     "{lic.required.licence}, an eligible one {lic.required.eligible}."),
    ("cont", "Continuity", "A weighted mix of the credited resilience offer and digital infrastructure, less a "
     "licence review's delay."),
    ("deal", "Deal costs and margin",
     "Delivery costs {deal.delivery_cost_share} of the value; each commitment costs a share of the value that "
     "grows with the square of the lever; the margin left must stay above {deal.min_margin}."),
    ("fin", "Federal financing", "What EXIM, DFC or USTDA financing saves the counterpart and costs the exporter, "
     "per financed share; where financing is limited, {fin.limited_share} of it."),
    ("market", "Market size", "A country can carry about {market.affordable_share} of its GDP a year; GDP also "
     "sets the market score of commercial viability."),
    ("comm", "Commercial viability",
     "{comm.base} + market size + the margin above the minimum (× {comm.margin_slope}) − the trust penalty."),
    ("comp", "Edge over the alternative",
     "Our fit to the demands minus the alternative's, plus the price gap ({comp.price_points} points per 1% of "
     "price); the dimension is 50 at parity, {comp.scale} points per point of edge."),
    ("alt", "The alternative", "The rival's concessional financing saves the counterpart {alt.concession} of "
     "the financed value."),
    ("acc", "Counterpart acceptance",
     "Alignment, absorptive capacity, continuity and trust, plus the edge over the alternative weighted by the "
     "competition, less monitoring intrusion, an unaffordable deal and a price above market."),
    ("asr", "Exporter assurance",
     "Licensing assurance, commercial viability, the absence of misuse and transfer risk, less a margin below "
     "the minimum and a licence shortfall."),
    ("weight", "Overall score",
     "The six dimension scores weighted (normalised to sum 1) give the line items that add up to the overall score."),
    ("side", "Both sides", "Below {side.acceptance_threshold} acceptance or {side.assurance_threshold} assurance the "
     "both-sides gate applies."),
    ("gate", "Both-sides gate", "The larger side shortfall, plus {gate.margin_points} per margin point below the "
     "minimum and {gate.licensing_points} per licensing point short, × {gate.penalty_rate} is taken off the "
     "overall score."),
    ("band", "Bands", "Not ready below {band.at_risk}; At risk below {band.viable}; Viable below {band.ready}; Ready above."),
    ("flag", "Flags", "When a shortfall, overshoot or risk is reported, and how severe it is."),
    ("moves", "Best moves", "How far a suggested lever move goes ({moves.lever_step} points), a price step "
     "({moves.price_step}), and how many moves are listed."),
    ("component", "Stack components", "Points each included component adds per scale step to a dimension or side."),
    ("measure", "Measures", "What each measure from the catalog does: credit, backing and relief for its "
     "commitment, risk exposure and reduction, capacity and continuity, cost, licensing and intrusion."),
    ("uncertainty", "Uncertainty",
     "The Monte Carlo draws {uncertainty.draws} times each uncertain input from triangular(low, value, high) over "
     "its plausible range (profile estimates and defaults: their own stated low–high; an edited value ± "
     "{uncertainty.estimate_halfwidth} points; published IMF figures are not varied) and reports p10/p50/p90."),
    ("data", "Data age", "A country figure more than {data.max_age_years} years old is flagged."),
    ("screen", "Destination screen", "A licence review takes about {screen.licence_lead_time_months} months; a "
     "status older than {screen.status_max_age_months} months is flagged."),
    ("program", "AI Exports Program", "The hardware layer counts as U.S. at {program.us_content_min_share} of "
     "its value of U.S. origin."),
)


def _fill(text: str, a: AssumptionSet) -> str:
    """Escape text and replace {key} with the value of that parameter (marked up)."""
    out = escape(text)
    for key in sorted(a.rows, key=len, reverse=True):
        token = "{" + escape(key) + "}"
        if token in out:
            out = out.replace(token, f"<b>{a.rows[key].value:g}</b>")
    return out


def method_html(a: AssumptionSet, note: str = "") -> str:
    """The Method page for an assumption set, as HTML (all data escaped)."""
    parts = [
        "<h1>Method</h1>",
        f"<p>Assumption set <b>v{a.version}</b> — {escape(a.name)}. {escape(note)}</p>",
        "<p>The assessment is a pure function of the proposal, the country's figures and this assumption set. "
        "Every number below is read from the set now in use; edit one in View ▸ Assumptions… "
        "and this page follows.</p>",
        "<p>Dimensions: " + escape(", ".join(DIMENSION_LABELS[d] for d in DIMENSIONS)) + ".</p>",
    ]
    seen: set[str] = set()
    groups = list(GROUPS) + [(g, g, "") for g in sorted({prefix(k) for k in a.rows}) if g not in {x[0] for x in GROUPS}]
    for group, title, text in groups:
        keys = [k for k in sorted(a.rows) if prefix(k) == group]
        if not keys:
            continue
        seen.update(keys)
        parts.append(f"<h2>{escape(title)}</h2>")
        if text:
            parts.append(f"<p>{_fill(text, a)}</p>")
        parts.append("<table border='1' cellspacing='0' cellpadding='3'>"
                     "<tr><th>Parameter</th><th>Value</th><th>Plausible range</th><th>What it does</th><th>Source</th></tr>")
        for k in keys:
            r = a.rows[k]
            parts.append(
                f"<tr><td><code>{escape(k)}</code></td><td align='right'>{r.value:g} {escape(r.unit)}</td>"
                f"<td>{r.low:g}–{r.high:g}</td><td>{escape(r.description)}</td><td>{escape(r.source)}</td></tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)
