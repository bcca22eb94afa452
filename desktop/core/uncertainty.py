"""How sure is a score: plausible ranges of every input and a seeded Monte Carlo over them.

Inputs (see `uncertain_inputs`):
- every assumption that moves the overall score of this proposal, over its plausible range
  [low, high] (rows that only label, flag or search: band.*, flag.*, moves.*, data.*,
  uncertainty.* are not drawn; measure and component rows only for the measures chosen and
  the components included, the only ones that enter the score);
- every sovereignty-profile figure that is not a published fact, over its value ± the
  assumption `uncertainty.estimate_halfwidth` (analyst estimates) or
  `uncertainty.default_halfwidth` (derived defaults), clipped to 0–100.
The IMF pillars are published facts and are not varied.

Distribution: triangular(low, value, high) per input, independent, drawn by inverse CDF from
one matrix of uniforms of a seeded numpy Generator (column j is input j), so that the same
seed gives the same draws and collapsing one input's range changes only its own column.

`evaluate_draws` evaluates the base offer for a whole array of parameter draws in one
vectorised pass. It restates the engine's formulas for the single base row (see
`desktop/core/engine.py` and docs/method.md) with array-valued parameters; the tests check
it against `engine.assess` draw by draw (tests/core/test_uncertainty.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .model import (
    BANDS,
    COMPONENTS,
    DIMENSIONS,
    LEVERS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    AssumptionSet,
    CountryProfile,
    Proposal,
)

NOT_DRAWN_PREFIXES: tuple[str, ...] = ("band.", "flag.", "moves.", "data.", "uncertainty.")
_COMPONENT_TARGETS: tuple[str, ...] = DIMENSIONS + ("acceptance", "assurance")
_MEASURE_EFFECTS: tuple[str, ...] = (
    "offer_bonus", "overshoot_relief", "misuse_exposure", "misuse_reduction", "transfer_exposure",
    "transfer_reduction", "absorptive_bonus", "continuity_bonus", "cost",
)


@dataclass(frozen=True)
class UncertainInput:
    """One input of the score with its plausible range: an assumption row or a profile figure."""

    kind: str  # "assumption" or "profile"
    key: str  # assumption key, or profile field
    label: str
    value: float
    low: float
    high: float
    source: str = ""


def _relevant(key: str, proposal: Proposal) -> bool:
    if key.startswith(NOT_DRAWN_PREFIXES):
        return False
    parts = key.split(".")
    if parts[0] == "measure":
        return len(parts) == 3 and parts[1] in proposal.measures and parts[2] in _MEASURE_EFFECTS
    if parts[0] == "component":
        return len(parts) == 3 and proposal.components.get(parts[1], 0) != 0 and parts[2] in _COMPONENT_TARGETS
    return True


def profile_range(value: float, kind: str, assumptions: AssumptionSet) -> tuple[float, float]:
    """The plausible range of a profile figure: value ± the half-width for its kind, in 0–100."""
    if kind == "published":
        return value, value
    key = "uncertainty.default_halfwidth" if kind == "default" else "uncertainty.estimate_halfwidth"
    half = max(0.0, assumptions.get(key, 0.0))
    return max(0.0, value - half), min(100.0, value + half)


def uncertain_inputs(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> list[UncertainInput]:
    """The inputs of this proposal's score with their plausible ranges, in a fixed order."""
    out = []
    for key in sorted(assumptions.rows):
        if not _relevant(key, proposal):
            continue
        row = assumptions.rows[key]
        low, high = min(row.low, row.value), max(row.high, row.value)  # a forced value widens its range
        out.append(UncertainInput("assumption", key, key, row.value, low, high, row.source))
    for field in PROFILE_FIELDS:
        fig = profile.sovereignty[field]
        if fig.kind == "published":
            continue
        low, high = profile_range(float(fig.value), fig.kind, assumptions)
        out.append(UncertainInput("profile", field, f"{PROFILE_LABELS[field]} ({profile.iso3})", float(fig.value), low, high,
                                  fig.source))
    return out


def _triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of triangular(low, mode, high) at u in [0, 1); constant when low == high."""
    if high <= low:
        return np.full_like(u, mode)
    width = high - low
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def draw(inputs: list[UncertainInput], n: int, seed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """n draws of every input: (assumption overrides by key, profile overrides by field)."""
    u = np.random.default_rng(int(seed)).random((n, len(inputs)))
    a_over: dict[str, np.ndarray] = {}
    p_over: dict[str, np.ndarray] = {}
    for j, inp in enumerate(inputs):
        values = _triangular_ppf(u[:, j], inp.low, inp.value, inp.high)
        (a_over if inp.kind == "assumption" else p_over)[inp.key] = values
    return a_over, p_over


def _normalised(*values: Any) -> list[Any]:
    total = values[0]
    for v in values[1:]:
        total = total + v
    positive = np.asarray(total) > 0
    safe = np.where(positive, total, 1.0)
    return [np.where(positive, v / safe, 0.0) for v in values]


def evaluate_draws(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    assumption_values: Mapping[str, np.ndarray] | None = None,
    profile_values: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The base offer's scores for arrays of parameter values (one element per draw).

    Parameters not given keep their value in the set or profile. Returns "overall",
    "acceptance", "assurance" (N,) and "dims" (5, N): the numbers `engine.assess` gives for
    each draw's assumption set and profile (checked draw by draw in the tests).
    """
    a_over = assumption_values or {}
    p_over = profile_values or {}

    def A(key: str) -> Any:  # noqa: N802 - a parameter, as the formulas name it
        return a_over[key] if key in a_over else assumptions.get(key)

    def S(field: str) -> Any:  # noqa: N802
        return p_over[field] if field in p_over else float(profile.sovereignty[field].value)

    levers = [float(proposal.levers[lv]) for lv in LEVERS]
    # Summed effects of the chosen measures (catalog order, as the engine sums them).
    bonus: list[Any] = [0.0] * 4
    relief: list[Any] = [0.0] * 4
    mis_exp = mis_keep = tr_exp = tr_keep = absorptive_bonus = continuity_bonus = cost = 0.0
    for m in assumptions.measures:
        if m.id not in proposal.measures:
            continue
        i = LEVERS.index(m.lever)
        e = f"measure.{m.id}."
        bonus[i] = bonus[i] + A(e + "offer_bonus")
        relief[i] = relief[i] + A(e + "overshoot_relief")
        mis_exp = mis_exp + A(e + "misuse_exposure")
        mis_keep = mis_keep + np.log1p(-np.clip(A(e + "misuse_reduction"), 0.0, 0.99))
        tr_exp = tr_exp + A(e + "transfer_exposure")
        tr_keep = tr_keep + np.log1p(-np.clip(A(e + "transfer_reduction"), 0.0, 0.99))
        absorptive_bonus = absorptive_bonus + A(e + "absorptive_bonus")
        continuity_bonus = continuity_bonus + A(e + "continuity_bonus")
        cost = cost + A(e + "cost")
    cx: list[Any] = []
    for t in _COMPONENT_TARGETS:
        total: Any = 0.0
        for c in COMPONENTS:
            scale = float(proposal.components.get(c, 0))
            if scale:
                total = total + scale * A(f"component.{c}.{t}")
        cx.append(total)

    # Country inputs: capacity from the published pillars (a missing one: the mean of the others).
    pillar_max = A("capacity.pillar_max")
    scale = np.where(np.asarray(pillar_max) > 0, 100.0 / np.where(np.asarray(pillar_max) > 0, pillar_max, 1.0), 0.0)
    present = {
        k: float(profile.pillars[k].value) * scale
        for k in PILLARS
        if k in profile.pillars and not profile.pillars[k].missing
    }
    capacity: Any = sum(present.values()) / len(present) if present else 0.0
    infrastructure = present.get("digital_infrastructure", capacity)
    governance = present.get("regulation_ethics", capacity)
    loc = S("demand_localization")
    demand = [S("demand_security"), 100.0 - loc, S("demand_openness"), S("demand_partnership")]
    intensity = [S("demand_security"), loc, S("demand_openness"), S("demand_partnership")]
    trust = S("trust") / 100.0
    competition = S("competition") / 100.0

    # Country terms (engine._country_terms).
    raw_weight = [A("align.base_weight") + x / 100.0 for x in intensity]
    wsum = raw_weight[0] + raw_weight[1] + raw_weight[2] + raw_weight[3]
    weight = [w / wsum for w in raw_weight]
    w = _normalised(A("st.w_offer"), A("st.w_trust"), A("st.w_governance"))
    cw = _normalised(A("cont.w_resilience"), A("cont.w_infrastructure"))
    aw = _normalised(A("acc.w_alignment"), A("acc.w_absorptive"), A("acc.w_continuity"), A("acc.w_trust"))
    sw = _normalised(A("asr.w_security_trust"), A("asr.w_commercial"), A("asr.w_misuse"), A("asr.w_transfer"))
    dim_w = _normalised(*[A(f"weight.{d}") for d in DIMENSIONS])
    g_share = A("risk.misuse_governance_share")
    abs_slope = (A("absorb.partnership_uplift") / 100.0) * (1.0 - capacity / 100.0)
    mis_factor = A("risk.misuse_scale") / 100.0 * (
        1.0 - A("risk.misuse_max_mitigation") * (g_share * governance / 100.0 + (1.0 - g_share) * trust)
    )
    tr_factor = A("risk.transfer_scale") / 100.0 * (1.0 - A("risk.transfer_trust_mitigation") * trust)

    # The base row (engine._evaluate).
    over_penalty = [A(f"fit.over_penalty.{lv}") for lv in LEVERS]
    alignment: Any = 0.0
    offer = []
    for i in range(4):
        reach = levers[i] + bonus[i]
        offer.append(np.minimum(reach, 100.0))
        under = np.maximum(demand[i] - reach, 0.0)
        over = np.maximum(levers[i] - demand[i] - relief[i], 0.0)
        fit = np.clip(100.0 - under * A("fit.under_penalty") - over * over_penalty[i], 0.0, 100.0)
        alignment = alignment + fit * weight[i]
    misfit = 1.0 - alignment / 100.0
    par = levers[3]
    misuse = np.minimum(np.minimum(levers[2] + mis_exp, 100.0) * mis_factor * np.exp(mis_keep), 100.0)
    transfer = np.minimum(np.minimum(par + tr_exp, 100.0) * tr_factor * np.exp(tr_keep), 100.0)
    dims = [
        alignment + cx[0],
        par * abs_slope + absorptive_bonus + capacity + cx[1],
        offer[0] * w[0] + w[1] * trust * 100.0 + w[2] * governance + cx[2]
        - misuse * A("st.misuse_penalty") - transfer * A("st.transfer_penalty"),
        offer[1] * cw[0] + continuity_bonus + cw[1] * infrastructure + cx[3],
        A("comm.base") + A("comm.market_weight") * capacity / 100.0 - A("comm.trust_penalty") * (1.0 - trust) + cx[4]
        - sum(A(f"comm.cost.{lv}") / 100.0 * levers[i] for i, lv in enumerate(LEVERS))
        - cost - misfit * A("comm.competition_penalty") * competition,
    ]
    dims = [np.clip(d, 0.0, 100.0) for d in dims]
    acceptance = np.clip(
        alignment * aw[0] + dims[1] * aw[1] + dims[3] * aw[2] - misfit * A("acc.competition_penalty") * competition
        + aw[3] * trust * 100.0 + cx[5],
        0.0, 100.0,
    )
    assurance = np.clip(
        dims[2] * sw[0] + dims[4] * sw[1] - misuse * sw[2] - transfer * sw[3] + 100.0 * (sw[2] + sw[3]) + cx[6],
        0.0, 100.0,
    )
    subtotal = sum(d * wt for d, wt in zip(dims, dim_w, strict=True))
    shortfall = np.maximum(np.maximum(A("side.acceptance_threshold") - acceptance, A("side.assurance_threshold") - assurance), 0.0)
    gate = np.minimum(shortfall * A("gate.penalty_rate"), subtotal)
    overall = subtotal - gate
    n = max([np.size(v) for v in (overall, acceptance, assurance)])
    return {
        "overall": np.broadcast_to(overall, (n,)).astype(float),
        "acceptance": np.broadcast_to(acceptance, (n,)).astype(float),
        "assurance": np.broadcast_to(assurance, (n,)).astype(float),
        "dims": np.stack([np.broadcast_to(d, (n,)) for d in dims]).astype(float),
    }


@dataclass(frozen=True)
class Interval:
    """The 10th, 50th and 90th percentiles of a score over the draws."""

    p10: float
    p50: float
    p90: float

    def to_dict(self) -> dict[str, float]:
        return {"p10": round(self.p10, 2), "p50": round(self.p50, 2), "p90": round(self.p90, 2)}


@dataclass(frozen=True)
class UncertaintyResult:
    """What the Monte Carlo says about one proposal: intervals and the share of draws in its band."""

    draws: int
    seed: int
    overall: Interval
    acceptance: Interval
    assurance: Interval
    point: float
    band: str
    band_share: float  # share of draws whose overall is in the point estimate's band
    inputs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "overall": self.overall.to_dict(),
            "acceptance": self.acceptance.to_dict(),
            "assurance": self.assurance.to_dict(),
            "band": self.band,
            "band_share": round(self.band_share, 4),
            "inputs": self.inputs,
            "distribution": "triangular(low, value, high) per input, independent",
        }


def _interval(values: np.ndarray) -> Interval:
    p10, p50, p90 = np.percentile(values, [10, 50, 90]).tolist()
    return Interval(p10, p50, p90)


def band_indices(scores: np.ndarray, assumptions: AssumptionSet) -> np.ndarray:
    """Band index (0 Not ready … 3 Ready) of each score, judged on the score as shown (0.01)."""
    shown = np.round(scores, 2)
    bounds = [assumptions["band.at_risk"], assumptions["band.viable"], assumptions["band.ready"]]
    return sum((shown >= b).astype(int) for b in bounds)


def monte_carlo(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    draws: int | None = None,
    seed: int | None = None,
) -> UncertaintyResult:
    """p10/p50/p90 of the overall score and both sides over seeded draws of every uncertain input.

    draws and seed default to the assumptions uncertainty.draws and uncertainty.seed. The band
    boundaries are not drawn: the share is of draws that land in the band the point estimate is in.
    """
    n = int(round(draws if draws is not None else assumptions.get("uncertainty.draws", 1000.0)))
    s = int(round(seed if seed is not None else assumptions.get("uncertainty.seed", 0.0)))
    if n < 1:
        raise ValueError("draws must be at least 1")
    inputs = uncertain_inputs(proposal, profile, assumptions)
    a_over, p_over = draw(inputs, n, s)
    out = evaluate_draws(proposal, profile, assumptions, a_over, p_over)
    point = float(evaluate_draws(proposal, profile, assumptions)["overall"][0])
    point_band = int(band_indices(np.array([point]), assumptions)[0])
    share = float(np.mean(band_indices(out["overall"], assumptions) == point_band))
    return UncertaintyResult(
        draws=n,
        seed=s,
        overall=_interval(out["overall"]),
        acceptance=_interval(out["acceptance"]),
        assurance=_interval(out["assurance"]),
        point=point,
        band=BANDS[point_band],
        band_share=share,
        inputs=len(inputs),
    )


def summary(result: UncertaintyResult) -> dict[str, Any]:
    """What a report shows (the PDF brief uses this): interval, band share and their texts."""
    o = result.overall
    return {
        "interval": o.to_dict(),
        "interval_text": f"p10–p90: {o.p10:.1f}–{o.p90:.1f}",
        "band": result.band,
        "band_share": result.band_share,
        "band_text": f"{result.band} in {result.band_share * 100:.0f}% of draws",
        "acceptance": result.acceptance.to_dict(),
        "assurance": result.assurance.to_dict(),
        "draws": result.draws,
        "note": f"{result.draws:,} draws of {result.inputs} uncertain inputs, each triangular(low, value, high) "
        "over its plausible range; published IMF figures are not varied.",
    }


def uncertainty_summary(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> dict[str, Any]:
    """Run the Monte Carlo with the set's draws and seed and return `summary` of it (for the brief)."""
    return summary(monte_carlo(proposal, profile, assumptions))
