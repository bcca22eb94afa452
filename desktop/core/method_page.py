"""The Method page: the model explained with the current parameter values and their sources,
generated from an assumption set (never hand-copied). Returns HTML with every text escaped."""

from __future__ import annotations

from html import escape

from .assumptions import prefix
from .model import DIMENSION_LABELS, DIMENSIONS, AssumptionSet

# What each group of parameters does; {key} placeholders are filled with the set's values.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("fit", "Fit of each commitment",
     "Per lever, fit = 100 − {fit.under_penalty} × shortfall below the country's demand − the lever's overshoot "
     "penalty × overshoot beyond it (after the measures' offer bonus and overshoot relief), clamped to 0–100."),
    ("align", "Sovereignty alignment",
     "The fits averaged with weights {align.base_weight} + the country's demand intensity / 100 per commitment."),
    ("capacity", "Capacity", "The IMF pillars rescaled to 0–100 (each pillar's maximum is {capacity.pillar_max})."),
    ("absorb", "Absorptive capacity",
     "Capacity plus up to {absorb.partnership_uplift} points from partnership, scaled by the capacity gap."),
    ("risk", "Misuse and technology-transfer risk",
     "Misuse = openness × {risk.misuse_scale}/100, mitigated by governance and trust (up to "
     "{risk.misuse_max_mitigation}); transfer = partnership × {risk.transfer_scale}/100, mitigated by trust."),
    ("st", "Security & trust", "A weighted mix of the security offer, trust and governance, less risk penalties."),
    ("cont", "Continuity", "A weighted mix of the resilience offer and digital infrastructure."),
    ("comm", "Commercial viability",
     "{comm.base} + market size − cost per lever − measure costs − trust penalty − competition × misfit."),
    ("acc", "Counterpart acceptance", "Alignment, absorptive capacity, continuity and trust, less competition × misfit."),
    ("asr", "Exporter assurance", "Security & trust, commercial viability, and the absence of misuse and transfer risk."),
    ("weight", "Overall score",
     "The five dimension scores weighted (normalised to sum 1) give the line items that add up to the overall score."),
    ("side", "Both sides", "Below {side.acceptance_threshold} acceptance or {side.assurance_threshold} assurance the "
     "both-sides gate applies."),
    ("gate", "Both-sides gate", "The larger shortfall × {gate.penalty_rate} is taken off the overall score."),
    ("band", "Bands", "Not ready below {band.at_risk}; At risk below {band.viable}; Viable below {band.ready}; Ready above."),
    ("flag", "Flags", "When a shortfall, overshoot or risk is reported, and how severe it is."),
    ("moves", "Best moves", "How far a suggested lever move goes ({moves.lever_step} points) and how many are listed."),
    ("component", "Stack components", "Points each included component adds per scale step to a dimension or side."),
    ("measure", "Measures", "What each measure from the catalog does: offer bonus, relief, risk exposure and "
     "reduction, capacity and continuity bonuses, cost."),
    ("uncertainty", "Uncertainty",
     "The Monte Carlo draws {uncertainty.draws} times each uncertain input from triangular(low, value, high) over "
     "its plausible range (profile estimates and defaults: their own stated low–high; an edited value ± "
     "{uncertainty.estimate_halfwidth} points; published IMF figures are not varied) and reports p10/p50/p90."),
    ("data", "Data age", "A country figure more than {data.max_age_years} years old is flagged."),
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
