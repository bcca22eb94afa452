"""The flag rules: risks and frictions an assessment reports, each with the change that clears it.

A fix is chosen among the single changes that address the flag (a lever level, a measure, a
price step) as the one that leaves the overall score highest, and its effect is known before
it is offered. When even the best fix lowers the score, the flag says so: clearing it costs
more than the problem does, which is what a negotiator needs to know.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..i18n import N_, Labels, _
from ..i18n import figure as fig
from ..model import PILLAR_LABELS
from .kernel import CountryInputs
from .moves import Rows
from .params import MIS_KEEP, N_EFFECTS, TR_KEEP, Params
from .results import Flag, Move

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# A destination's screen status as a word in running text ("a licence destination").
STATUS_WORDS = Labels({"eligible": N_("eligible"), "licence": N_("licence"), "denial": N_("denial"),
                       "embargoed": N_("embargoed")})


def _effect_values(p: Params) -> dict[str, Any]:
    """Per measure, what it does about each problem a flag reports (cached on the Params)."""
    hit = p.cache.get("effect_values")
    if hit is None:
        m = p.measure_matrix.reshape(len(p.measure_ids), N_EFFECTS)
        hit = p.cache["effect_values"] = {
            "credit": (m[:, 0:4] + 100.0 * m[:, 8:12]).T.tolist(),  # bonus, and backing as lever points at 100
            "relief": m[:, 4:8].T.tolist(),
            "misuse": (-m[:, MIS_KEEP]).tolist(),
            "transfer": (-m[:, TR_KEEP]).tolist(),
        }
    return hit


def helpful_measures(p: Params, rows: Rows, effect: str, lever: int = -1) -> list[int]:
    """The unchosen measures (under one lever, if given) that help with a problem a flag reports:
    effect "credit", "relief" (per lever), "misuse" or "transfer"."""
    values = _effect_values(p)[effect]
    if lever >= 0:
        values = values[lever]
    chosen = rows.var.measures.measures
    return [
        j for j, mid in enumerate(p.measure_ids)
        if mid not in chosen and (lever < 0 or p.measure_lever[j] == lever) and values[j] > 0
    ]


def _with_cost_note(message: str, fix: Move | None) -> str:
    if fix is not None and fix.effect.overall < -0.005:
        return _("{message} (the fix costs {cost} overall)").format(message=message, cost=fig(-fix.effect.overall, 1))
    return message


def flags(rows: Rows, country_name: str, ci: CountryInputs, r: dict[str, Any], zero_weights: bool) -> list[Flag]:
    """The flags of one country; r holds its base-row outputs as Python numbers."""
    var, p = rows.var, rows.p
    out: list[Flag] = []
    gap = p.gap_threshold

    def add(severity: str, kind: str, side: str, message: str, fix: Move | None, audience: str = "internal") -> None:
        out.append(Flag(severity, kind, _with_cost_note(message, fix), fix, side, audience))

    def best(candidates: list[np.ndarray], improves: str | None = None) -> Move | None:
        row = rows.best_of(np.concatenate(candidates) if candidates else np.zeros(0, dtype=np.intp), improves)
        return None if row is None else rows.describe(row)

    def lever_rows(i: int, lo: int, hi: int) -> np.ndarray:
        """The sweep rows of lever i at levels lo … hi - 1."""
        return var.sweep_row(i, 0) + np.arange(max(lo, 0), min(hi, 101), dtype=np.intp)

    def measure_rows(js: list[int]) -> np.ndarray:
        return var.layout.toggle_start + np.array(js, dtype=np.intp)

    singles = np.arange(1, 1 + var.n_single, dtype=np.intp)

    demand, intensity = r["demand"], r["intensity"]
    for lv in var.levers_info:
        i, lever, label, cur, lo, hi = lv.i, lv.name, lv.label, lv.cur, lv.lo, lv.hi
        if not lo <= cur <= hi:
            add("high", "risk", "exporter",
                _("{lever} lever {level} breaks your red line {low}–{high}").format(lever=label, level=cur, low=lo, high=hi),
                rows.lever_to(i, min(max(cur, lo), hi)))
        under, over, wanted, credited = r["under"][i], r["over"][i], demand[i], r["credited"][i]
        if under >= gap:
            severity = "high" if under >= p.high_gap_multiple * gap else "medium"
            fix = best([lever_rows(i, cur + 1, hi + 1), measure_rows(helpful_measures(p, rows, "credit", i))],
                       improves="alignment")
            promised = abs(credited - cur) >= 0.5
            if lever == "resilience":
                message = (_("{lever} credited {credited} (promised {promised}) is {gap} below what {country} accepts ({wanted})")
                           if promised else _("{lever} credited {credited} is {gap} below what {country} accepts ({wanted})"))
            else:
                message = (_("{lever} credited {credited} (promised {promised}) is {gap} below what {country} demands ({wanted})")
                           if promised else _("{lever} credited {credited} is {gap} below what {country} demands ({wanted})"))
            add(severity, "friction", "counterpart",
                message.format(lever=label, credited=fig(credited), promised=cur, gap=fig(under), country=country_name,
                               wanted=fig(wanted)), fix,
                "internal" if promised else "safe")  # a credited discount is our trust estimate at work
        elif lever == "resilience" and intensity[i] >= p.strong_localization and over > p.localization_tolerance:
            fix = best([measure_rows(helpful_measures(p, rows, "relief", i)), lever_rows(i, lo, cur)], "alignment")
            add("high" if over >= gap else "medium", "friction", "counterpart",
                _("Multi-site resilience {level} goes {over} beyond what {country} accepts under its localization demand "
                  "({intensity}/100)").format(level=cur, over=fig(over), country=country_name, intensity=fig(intensity[i])),
                fix, "safe")
        elif over >= gap and credited >= wanted + gap / 2:
            fix = best([lever_rows(i, lo, cur), measure_rows(helpful_measures(p, rows, "relief", i))], "margin")
            add("low", "friction", "exporter",
                _("{lever} promised {level} overshoots what {country} asks for ({wanted}): cost without credit").format(
                    lever=label, level=cur, country=country_name, wanted=fig(wanted)), fix)
        if cur - credited >= p.credibility_gap and gap / 2 <= under < gap:  # short because not believed
            fix = best([measure_rows(helpful_measures(p, rows, "credit", i))], "alignment")
            add("medium", "friction", "counterpart",
                _("{lever}: {country} credits {credited} of the {level} promised (trust {trust}/100); a measure that backs "
                  "the promise counts for more").format(lever=label, country=country_name, credited=fig(credited), level=cur,
                                                         trust=fig(ci.trust)), fix)

    for value, threshold, effect, lever, message in (
        (r["misuse"], p.misuse_threshold, "misuse", 2,
         _("Misuse risk {risk}/100: open weights where governance is {governance}/100").format(
             risk=fig(r["misuse"]), governance=fig(ci.governance))),
        (r["transfer"], p.transfer_threshold, "transfer", 3,
         _("Technology-transfer risk {risk}/100 at trust {trust}/100").format(risk=fig(r["transfer"]), trust=fig(ci.trust))),
    ):
        if value < threshold:
            continue
        lv = var.levers_info[lever]
        fix = best([measure_rows(helpful_measures(p, rows, effect)), lever_rows(lever, lv.lo, lv.cur)])
        add("high" if value >= p.high_risk_multiple * threshold else "medium", "risk", "exporter", message, fix)

    if r["licensing"] < r["lic_required"] - 0.5:
        fix = best([singles], "licensing")
        add("medium", "risk", "exporter",
            _("Licensing assurance {licensing} is below the {required} a {status} destination needs: end-use monitoring, "
              "know-your-customer, reporting or remote attestation close it").format(
                licensing=fig(r["licensing"]), required=fig(r["lic_required"]), status=STATUS_WORDS[ci.status]), fix)
    if r["intrusion"] > 0.5 and ci.intensity[0] >= 50:
        add("low", "friction", "both",
            _("Monitoring for the exporter costs {country} {points} points of control over its data (it demands data "
              "control {intensity}/100)").format(country=country_name, points=fig(r["intrusion"]), intensity=fig(ci.intensity[0])),
            None)
    if r["margin"] < p.min_margin:
        fix = best([singles], "margin")
        add("high" if r["margin"] < 0 else "medium", "risk", "exporter",
            _("Margin {margin}% is below the {minimum}% minimum: concessions cost {concession}% of the contract value").format(
                margin=fig(r["margin"] * 100, 1), minimum=fig(p.min_margin * 100), concession=fig(r["concession"] * 100, 1)), fix)
    if r["burden"] > 1.0:
        add("high" if r["burden"] >= 2.0 else "medium", "friction", "counterpart",
            _("At {burden}× what {country} can carry a year ({share}% of GDP), the deal is too large for the market: a "
              "smaller value, a longer term or financing").format(burden=fig(r["burden"], 1), country=country_name,
                                                                   share=fig(p.affordable_share * 100, 1)), None)
    if ci.has_alternative and r["advantage"] < -p.alternative_margin:
        fix = best([singles], "advantage")
        add("medium", "friction", "counterpart",
            _("The alternative ({alternative}) beats this offer by {points} points of value").format(
                alternative=r["alternative"], points=fig(-r["advantage"])), fix)
    if r["acceptance"] < p.acceptance_threshold:
        add("medium", "friction", "counterpart",
            _("Counterpart acceptance {acceptance} is below {threshold}: {country} may take the alternative").format(
                acceptance=fig(r["acceptance"]), threshold=fig(p.acceptance_threshold), country=country_name),
            best([singles], "acceptance"))
    if r["assurance"] < p.assurance_threshold:
        add("medium", "risk", "exporter",
            _("Exporter assurance {assurance} is below {threshold}: hard to stand behind this offer").format(
                assurance=fig(r["assurance"]), threshold=fig(p.assurance_threshold)),
            best([singles], "assurance"))
    if ci.missing_pillars:
        names = _(", ").join(PILLAR_LABELS[k] for k in ci.missing_pillars)
        add("low", "data", "both", _("IMF does not publish {pillars} for {country}; capacity uses the mean of the other pillars").format(
            pillars=names, country=country_name), None, "safe")
    if math.isnan(ci.gdp_musd):
        add("low", "data", "both", _("No World Bank GDP for {country}: market size is taken as average and affordability is not "
                                     "checked").format(country=country_name), None, "safe")
    if not ci.has_alternative:
        add("low", "data", "both", _("No alternative offer recorded for {country}: the comparison with a rival is left out").format(
            country=country_name), None)
    if zero_weights:
        add("high", "data", "both", _("All dimension weights are zero in this assumption set"), None)
    out.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return out
