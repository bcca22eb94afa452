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

from ..model import PILLAR_LABELS
from .kernel import CountryInputs
from .moves import Rows
from .params import MIS_KEEP, N_EFFECTS, TR_KEEP, Params
from .results import Flag, Move

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


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
        return f"{message} (the fix costs {-fix.effect.overall:.1f} overall)"
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
            add("high", "risk", "exporter", f"{label} lever {cur} breaks your red line {lo}–{hi}",
                rows.lever_to(i, min(max(cur, lo), hi)))
        under, over, wanted, credited = r["under"][i], r["over"][i], demand[i], r["credited"][i]
        if under >= gap:
            severity = "high" if under >= p.high_gap_multiple * gap else "medium"
            fix = best([lever_rows(i, cur + 1, hi + 1), measure_rows(helpful_measures(p, rows, "credit", i))],
                       improves="alignment")
            what = "accepts" if lever == "resilience" else "demands"
            promised = f" (promised {cur})" if abs(credited - cur) >= 0.5 else ""
            add(severity, "friction", "counterpart",
                f"{label} credited {credited:.0f}{promised} is {under:.0f} below what {country_name} {what} ({wanted:.0f})", fix,
                "internal" if promised else "safe")  # a credited discount is our trust estimate at work
        elif lever == "resilience" and intensity[i] >= p.strong_localization and over > p.localization_tolerance:
            fix = best([measure_rows(helpful_measures(p, rows, "relief", i)), lever_rows(i, lo, cur)], "alignment")
            add("high" if over >= gap else "medium", "friction", "counterpart",
                f"Multi-site resilience {cur} goes {over:.0f} beyond what {country_name} accepts under its "
                f"localization demand ({intensity[i]:.0f}/100)", fix, "safe")
        elif over >= gap and credited >= wanted + gap / 2:
            fix = best([lever_rows(i, lo, cur), measure_rows(helpful_measures(p, rows, "relief", i))], "margin")
            add("low", "friction", "exporter",
                f"{label} promised {cur} overshoots what {country_name} asks for ({wanted:.0f}): cost without credit", fix)
        if cur - credited >= p.credibility_gap and gap / 2 <= under < gap:  # short because not believed
            fix = best([measure_rows(helpful_measures(p, rows, "credit", i))], "alignment")
            add("medium", "friction", "counterpart",
                f"{label}: {country_name} credits {credited:.0f} of the {cur} promised (trust {ci.trust:.0f}/100); "
                "a measure that backs the promise counts for more", fix)

    for value, threshold, effect, lever, message in (
        (r["misuse"], p.misuse_threshold, "misuse", 2,
         f"Misuse risk {r['misuse']:.0f}/100: open weights where governance is {ci.governance:.0f}/100"),
        (r["transfer"], p.transfer_threshold, "transfer", 3,
         f"Technology-transfer risk {r['transfer']:.0f}/100 at trust {ci.trust:.0f}/100"),
    ):
        if value < threshold:
            continue
        lv = var.levers_info[lever]
        fix = best([measure_rows(helpful_measures(p, rows, effect)), lever_rows(lever, lv.lo, lv.cur)])
        add("high" if value >= p.high_risk_multiple * threshold else "medium", "risk", "exporter", message, fix)

    if r["licensing"] < r["lic_required"] - 0.5:
        fix = best([singles], "licensing")
        add("medium", "risk", "exporter",
            f"Licensing assurance {r['licensing']:.0f} is below the {r['lic_required']:.0f} a {ci.status} destination needs: "
            "end-use monitoring, know-your-customer, reporting or remote attestation close it", fix)
    if r["intrusion"] > 0.5 and ci.intensity[0] >= 50:
        add("low", "friction", "both",
            f"Monitoring for the exporter costs {country_name} {r['intrusion']:.0f} points of control over its data "
            f"(it demands data control {ci.intensity[0]:.0f}/100)", None)
    if r["margin"] < p.min_margin:
        fix = best([singles], "margin")
        add("high" if r["margin"] < 0 else "medium", "risk", "exporter",
            f"Margin {r['margin'] * 100:.1f}% is below the {p.min_margin * 100:.0f}% minimum: concessions cost "
            f"{r['concession'] * 100:.1f}% of the contract value", fix)
    if r["burden"] > 1.0:
        add("high" if r["burden"] >= 2.0 else "medium", "friction", "counterpart",
            f"At {r['burden']:.1f}× what {country_name} can carry a year ({p.affordable_share * 100:.1f}% of GDP), "
            "the deal is too large for the market: a smaller value, a longer term or financing", None)
    if ci.has_alternative and r["advantage"] < -p.alternative_margin:
        fix = best([singles], "advantage")
        add("medium", "friction", "counterpart",
            f"The alternative ({r['alternative']}) beats this offer by {-r['advantage']:.0f} points of value", fix)
    if r["acceptance"] < p.acceptance_threshold:
        add("medium", "friction", "counterpart",
            f"Counterpart acceptance {r['acceptance']:.0f} is below {p.acceptance_threshold:.0f}: "
            f"{country_name} may take the alternative", best([singles], "acceptance"))
    if r["assurance"] < p.assurance_threshold:
        add("medium", "risk", "exporter",
            f"Exporter assurance {r['assurance']:.0f} is below {p.assurance_threshold:.0f}: hard to stand behind this offer",
            best([singles], "assurance"))
    if ci.missing_pillars:
        names = ", ".join(PILLAR_LABELS[k] for k in ci.missing_pillars)
        add("low", "data", "both", f"IMF does not publish {names} for {country_name}; capacity uses the mean of the other pillars",
            None, "safe")
    if math.isnan(ci.gdp_musd):
        add("low", "data", "both", f"No World Bank GDP for {country_name}: market size is taken as average and affordability is not checked",
            None, "safe")
    if not ci.has_alternative:
        add("low", "data", "both", f"No alternative offer recorded for {country_name}: the comparison with a rival is left out", None)
    if zero_weights:
        add("high", "data", "both", "All dimension weights are zero in this assumption set", None)
    out.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return out
