"""The flag rules: risks and frictions an assessment reports, each with the change that clears it."""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..model import PILLAR_LABELS, AssumptionSet
from .kernel import CountryInputs
from .params import MIS_KEEP, N_EFFECTS, TR_KEEP, Params
from .results import Flag
from .variants import MeasureSet, Variants, lever_fix, measure_fix, single_change

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _effect_values(p: Params) -> dict[str, Any]:
    """Per measure, what it does about each problem a flag reports (cached on the Params)."""
    hit = p.cache.get("effect_values")
    if hit is None:
        m = p.measure_matrix.reshape(len(p.measure_ids), N_EFFECTS)
        hit = p.cache["effect_values"] = {
            "bonus": m[:, 0:4].T.tolist(),
            "relief": m[:, 4:8].T.tolist(),
            "misuse": (-m[:, MIS_KEEP]).tolist(),
            "transfer": (-m[:, TR_KEEP]).tolist(),
        }
    return hit


def best_measure(p: Params, ms: MeasureSet, effect: str, lever: int = -1) -> int | None:
    """The unchosen measure (under one lever, if given) that helps most with a problem: effect
    "bonus", "relief" (per lever), "misuse" or "transfer"; None when none helps."""
    values: Sequence[float] = _effect_values(p)[effect]
    if lever >= 0:
        values = values[lever]
    best, best_val = None, 0.0
    for j, mid in enumerate(p.measure_ids):
        if mid in ms.measures or (lever >= 0 and p.measure_lever[j] != lever):
            continue
        if values[j] > best_val:
            best, best_val = j, float(values[j])
    return best


def flags(
    var: Variants,
    country_name: str,
    ci: CountryInputs,
    row: dict[str, Any],
    a: AssumptionSet,
    p: Params,
    acc_fix: int | None,
    asr_fix: int | None,
    zero_weights: bool,
) -> list[Flag]:
    """The flags of one country; row holds its base-row outputs as Python numbers."""
    ms = var.measures
    out: list[Flag] = []
    gap = p.gap_threshold
    demand, intensity = row["demand"], row["intensity"]
    unders, overs, offer = row["under"], row["over"], row["offer"]

    def add(severity: str, kind: str, message: str, fix: dict[str, Any] | None) -> None:
        out.append(Flag(severity, kind, message, fix))

    def relief_fix(lv) -> dict[str, Any]:
        j = best_measure(p, ms, "relief", lv.i)
        if j is not None:
            return measure_fix(a, p.measure_ids[j])
        return lever_fix(lv.name, max(lv.lo, math.floor(demand[lv.i] + lv.relief)))

    for lv in var.levers_info:
        i, lever, label, cur, lo, hi = lv.i, lv.name, lv.label, lv.cur, lv.lo, lv.hi
        if not lo <= cur <= hi:
            add("high", "risk", f"{label} lever {cur} breaks your red line {lo}–{hi}", lever_fix(lever, min(max(cur, lo), hi)))
        under, over, wanted = unders[i], overs[i], demand[i]
        if under >= gap:
            severity = "high" if under >= p.high_gap_multiple * gap else "medium"
            target = math.ceil(wanted - lv.bonus)
            fix: dict[str, Any] | None
            if target <= hi:
                fix = lever_fix(lever, min(max(target, lo), 100))
            else:
                j = best_measure(p, ms, "bonus", i)
                fix = measure_fix(a, p.measure_ids[j]) if j is not None else None
            what = "accepts" if lever == "resilience" else "demands"
            add(severity, "friction",
                f"{label} offer {offer[i]:.0f} is {under:.0f} below what {country_name} {what} ({wanted:.0f})", fix)
        elif lever == "resilience" and intensity[i] >= p.strong_localization and over > p.localization_tolerance:
            add(
                "high" if over >= gap else "medium",
                "friction",
                f"Multi-site resilience {cur} goes {over:.0f} beyond what {country_name} accepts under its "
                f"localization demand ({intensity[i]:.0f}/100)",
                relief_fix(lv),
            )
        elif over >= gap:
            add("low", "friction",
                f"{label} offer {cur} overshoots what {country_name} asks for ({wanted:.0f}): cost without credit",
                relief_fix(lv))

    openness, partnership = var.levers_info[2], var.levers_info[3]
    for value, threshold, effect, lv, message in (
        (row["misuse"], p.misuse_threshold, "misuse", openness,
         "Misuse risk {value:.0f}/100: open weights where governance is {gov:.0f}/100"),
        (row["transfer"], p.transfer_threshold, "transfer", partnership,
         "Technology-transfer risk {value:.0f}/100 at trust {trust:.0f}/100"),
    ):
        if value < threshold:
            continue
        j = best_measure(p, ms, effect)
        fix = measure_fix(a, p.measure_ids[j]) if j is not None else lever_fix(lv.name, max(lv.lo, lv.cur - p.lever_step))
        add("high" if value >= p.high_risk_multiple * threshold else "medium", "risk",
            message.format(value=value, gov=ci.governance, trust=ci.trust), fix)
    acceptance, assurance = row["acceptance"], row["assurance"]
    if acceptance < p.acceptance_threshold:
        add("medium", "friction",
            f"Counterpart acceptance {acceptance:.0f} is below {p.acceptance_threshold:.0f}: "
            f"{country_name} may take a competing offer",
            None if acc_fix is None else single_change(var, acc_fix, a, p, as_fix=True))
    if assurance < p.assurance_threshold:
        add("medium", "risk",
            f"Exporter assurance {assurance:.0f} is below {p.assurance_threshold:.0f}: hard to stand behind this offer",
            None if asr_fix is None else single_change(var, asr_fix, a, p, as_fix=True))
    if ci.missing_pillars:
        names = ", ".join(PILLAR_LABELS[k] for k in ci.missing_pillars)
        add("low", "data", f"IMF does not publish {names} for {country_name}; capacity uses the mean of the other pillars", None)
    if zero_weights:
        add("high", "data", "All dimension weights are zero in this assumption set", None)
    out.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return out
