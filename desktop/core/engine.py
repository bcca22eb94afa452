"""The assessment engine: a pure function of (proposal, country profile, assumption set).

Every number comes from the assumption set (see docs/method.md); the engine evaluates many
variants of an offer at once with numpy so that the moves, the next-band search, the trade-off
grid and the ranking over all countries cost one vectorised pass each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from .model import (
    BANDS,
    COMPONENTS,
    DIMENSION_LABELS,
    DIMENSIONS,
    LEVER_LABELS,
    LEVERS,
    PILLAR_LABELS,
    PILLARS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)

# Targets a stack component can move (points per scale step).
_COMPONENT_TARGETS: tuple[str, ...] = DIMENSIONS + ("acceptance", "assurance")
_MEASURE_EFFECTS: tuple[str, ...] = (
    "offer_bonus",
    "overshoot_relief",
    "misuse_exposure",
    "misuse_reduction",
    "transfer_exposure",
    "transfer_reduction",
    "absorptive_bonus",
    "continuity_bonus",
    "cost",
)
_SWEEP = np.arange(101, dtype=float)


@dataclass(frozen=True)
class Params:
    """An assumption set compiled into arrays for vectorised evaluation."""

    measure_ids: tuple[str, ...]
    measure_lever: tuple[str, ...]
    under_penalty: float
    over_penalty: np.ndarray  # (4,)
    align_base_weight: float
    pillar_max: float
    partnership_uplift: float
    misuse_scale: float
    misuse_governance_share: float
    misuse_max_mitigation: float
    transfer_scale: float
    transfer_trust_mitigation: float
    st_weights: np.ndarray  # offer, trust, governance (normalised)
    st_misuse_penalty: float
    st_transfer_penalty: float
    cont_weights: np.ndarray  # resilience offer, infrastructure (normalised)
    comm_base: float
    comm_market: float
    comm_cost: np.ndarray  # (4,) per lever
    comm_competition: float
    comm_trust_penalty: float
    acc_weights: np.ndarray  # alignment, absorptive, continuity, trust (normalised)
    acc_competition: float
    asr_weights: np.ndarray  # security_trust, commercial, 100-misuse, 100-transfer (normalised)
    dim_weights: np.ndarray  # (5,) normalised to sum 1 (all zero stays zero)
    dim_weights_raw: np.ndarray
    bands: tuple[float, float, float]
    gate_rate: float
    bonus: np.ndarray  # (M, 4)
    relief: np.ndarray  # (M, 4)
    misuse_exposure: np.ndarray  # (M,)
    misuse_keep_log: np.ndarray  # (M,) log(1 - reduction)
    transfer_exposure: np.ndarray
    transfer_keep_log: np.ndarray
    absorptive_bonus: np.ndarray
    continuity_bonus: np.ndarray
    cost: np.ndarray
    component_effects: np.ndarray  # (C, 7)
    measure_matrix: np.ndarray  # (M, 15): bonus 0:4, relief 4:8, then _AGG columns
    gap_threshold: float
    misuse_threshold: float
    transfer_threshold: float
    strong_localization: float
    localization_tolerance: float
    acceptance_threshold: float
    assurance_threshold: float
    lever_step: int
    top_n: int
    min_gain: float


def _normalised(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    total = arr.sum()
    return arr / total if total > 0 else np.zeros_like(arr)


def compile_params(a: AssumptionSet) -> Params:
    """Compile an assumption set into arrays (cached on the set)."""
    cached = a._cache.get("params")
    if cached is not None:
        return cached
    ids = tuple(m.id for m in a.measures)
    levers = tuple(m.lever for m in a.measures)
    n = len(ids)

    def per_measure(effect: str) -> np.ndarray:
        return np.array([a.get(f"measure.{mid}.{effect}") for mid in ids], dtype=float).reshape(n)

    def per_lever_matrix(effect: str) -> np.ndarray:
        out = np.zeros((n, len(LEVERS)))
        for i, (mid, lever) in enumerate(zip(ids, levers)):
            out[i, LEVERS.index(lever)] = a.get(f"measure.{mid}.{effect}")
        return out

    def keep_log(effect: str) -> np.ndarray:
        red = np.clip(per_measure(effect), 0.0, 0.99)
        return np.log1p(-red)

    comp = np.array(
        [[a.get(f"component.{c}.{t}") for t in _COMPONENT_TARGETS] for c in COMPONENTS],
        dtype=float,
    )
    raw_weights = np.array([a[f"weight.{d}"] for d in DIMENSIONS], dtype=float)
    p = Params(
        measure_ids=ids,
        measure_lever=levers,
        under_penalty=a["fit.under_penalty"],
        over_penalty=np.array([a[f"fit.over_penalty.{lv}"] for lv in LEVERS]),
        align_base_weight=a["align.base_weight"],
        pillar_max=a["capacity.pillar_max"],
        partnership_uplift=a["absorb.partnership_uplift"],
        misuse_scale=a["risk.misuse_scale"],
        misuse_governance_share=a["risk.misuse_governance_share"],
        misuse_max_mitigation=a["risk.misuse_max_mitigation"],
        transfer_scale=a["risk.transfer_scale"],
        transfer_trust_mitigation=a["risk.transfer_trust_mitigation"],
        st_weights=_normalised([a["st.w_offer"], a["st.w_trust"], a["st.w_governance"]]),
        st_misuse_penalty=a["st.misuse_penalty"],
        st_transfer_penalty=a["st.transfer_penalty"],
        cont_weights=_normalised([a["cont.w_resilience"], a["cont.w_infrastructure"]]),
        comm_base=a["comm.base"],
        comm_market=a["comm.market_weight"],
        comm_cost=np.array([a[f"comm.cost.{lv}"] for lv in LEVERS]),
        comm_competition=a["comm.competition_penalty"],
        comm_trust_penalty=a["comm.trust_penalty"],
        acc_weights=_normalised([a["acc.w_alignment"], a["acc.w_absorptive"], a["acc.w_continuity"], a["acc.w_trust"]]),
        acc_competition=a["acc.competition_penalty"],
        asr_weights=_normalised(
            [a["asr.w_security_trust"], a["asr.w_commercial"], a["asr.w_misuse"], a["asr.w_transfer"]]
        ),
        dim_weights=_normalised(raw_weights),
        dim_weights_raw=raw_weights,
        bands=(a["band.at_risk"], a["band.viable"], a["band.ready"]),
        gate_rate=a["gate.penalty_rate"],
        bonus=per_lever_matrix("offer_bonus"),
        relief=per_lever_matrix("overshoot_relief"),
        misuse_exposure=per_measure("misuse_exposure"),
        misuse_keep_log=keep_log("misuse_reduction"),
        transfer_exposure=per_measure("transfer_exposure"),
        transfer_keep_log=keep_log("transfer_reduction"),
        absorptive_bonus=per_measure("absorptive_bonus"),
        continuity_bonus=per_measure("continuity_bonus"),
        cost=per_measure("cost"),
        component_effects=comp,
        gap_threshold=a["flag.gap_threshold"],
        misuse_threshold=a["flag.misuse_threshold"],
        transfer_threshold=a["flag.transfer_threshold"],
        strong_localization=a["flag.strong_localization"],
        localization_tolerance=a["flag.localization_tolerance"],
        acceptance_threshold=a["side.acceptance_threshold"],
        assurance_threshold=a["side.assurance_threshold"],
        lever_step=max(1, int(round(a["moves.lever_step"]))),
        top_n=max(0, int(round(a["moves.top_n"]))),
        min_gain=a["moves.min_gain"],
        measure_matrix=np.zeros((n, 15)),
    )
    object.__setattr__(
        p,
        "measure_matrix",
        _measure_matrix(
            p.bonus, p.relief, p.misuse_exposure, p.misuse_keep_log, p.transfer_exposure,
            p.transfer_keep_log, p.absorptive_bonus, p.continuity_bonus, p.cost,
        ),
    )
    a._cache["params"] = p
    return p


# Columns of Params.measure_matrix after the two per-lever blocks.
_MIS_EXP, _MIS_KEEP, _TR_EXP, _TR_KEEP, _ABS, _CONT, _COST = range(8, 15)


def _measure_matrix(bonus, relief, mis_exp, mis_keep, tr_exp, tr_keep, absorptive, continuity, cost) -> np.ndarray:
    return np.column_stack([bonus, relief, mis_exp, mis_keep, tr_exp, tr_keep, absorptive, continuity, cost])


def aggregate(chosen: np.ndarray, p: Params) -> np.ndarray:
    """Sum the modelled effects of the chosen measures: (N, M) 0/1 -> (15, N), or (M,) -> (15,)."""
    return (chosen @ p.measure_matrix).T


@dataclass(frozen=True)
class CountryInputs:
    """A profile reduced to the numbers the engine needs (0–100 scales)."""

    demand: np.ndarray  # (4,) level of each lever the country wants
    intensity: np.ndarray  # (4,) how much it cares: data control, localization, open models, partnership
    trust: float
    competition: float
    capacity: float
    infrastructure: float
    governance: float
    missing_pillars: tuple[str, ...]


def country_inputs(profile: CountryProfile, params: Params) -> CountryInputs:
    """Reduce a profile to engine inputs; a missing pillar falls back to the mean of the others."""
    scale = 100.0 / params.pillar_max if params.pillar_max > 0 else 0.0
    values = {k: profile.pillars[k].value for k in PILLARS if k in profile.pillars}
    present = {k: float(v) * scale for k, v in values.items() if v is not None and not _isnan(v)}
    missing = tuple(k for k in PILLARS if k not in present)
    capacity = sum(present.values()) / len(present) if present else 0.0
    sov = profile.sovereignty

    def s(name: str) -> float:
        return float(sov[name].value)

    loc = s("demand_localization")
    return CountryInputs(
        demand=np.array([s("demand_security"), 100.0 - loc, s("demand_openness"), s("demand_partnership")]),
        intensity=np.array([s("demand_security"), loc, s("demand_openness"), s("demand_partnership")]),
        trust=s("trust"),
        competition=s("competition"),
        capacity=capacity,
        infrastructure=present.get("digital_infrastructure", capacity),
        governance=present.get("regulation_ethics", capacity),
        missing_pillars=missing,
    )


def _isnan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)


def _country_arrays(inputs: Sequence[CountryInputs]) -> dict[str, Any]:
    """Country inputs for a batch of K countries: scalars (K, 1), per-lever (4, K, 1)."""

    def col(name: str) -> np.ndarray:
        return np.array([getattr(c, name) for c in inputs], dtype=float)[:, None]

    return {
        "demand": np.stack([c.demand for c in inputs], axis=1)[:, :, None],
        "intensity": np.stack([c.intensity for c in inputs], axis=1)[:, :, None],
        "trust": col("trust"),
        "competition": col("competition"),
        "capacity": col("capacity"),
        "infrastructure": col("infrastructure"),
        "governance": col("governance"),
    }


def _country_scalars(c: CountryInputs, extra_axes: int = 1) -> dict[str, Any]:
    """Country inputs for one country: per-lever arrays shaped (4, 1, …) to broadcast."""
    shape = (4,) + (1,) * extra_axes
    return {
        "demand": c.demand.reshape(shape),
        "intensity": c.intensity.reshape(shape),
        "trust": c.trust,
        "competition": c.competition,
        "capacity": c.capacity,
        "infrastructure": c.infrastructure,
        "governance": c.governance,
    }


def evaluate(levers: np.ndarray, agg: np.ndarray, components: np.ndarray, country: Mapping[str, Any], p: Params) -> dict[str, np.ndarray]:
    """Evaluate a batch of offers, feature axis first.

    levers (4, …) 0–100; agg (15, …) the summed effects of each offer's measures (see
    `aggregate`); components (C,) scales; country values as scalars or arrays that broadcast
    against the batch (per-lever ones with the lever axis first). Returns every intermediate
    the assessment reports: per-lever results (4, …), dims and items (5, …), the rest (…).
    Terms that depend only on the country are folded first so that one assessment (~440
    variants) costs few numpy calls; docs/method.md gives the same formulas unfolded.
    """
    mn, mx = np.minimum, np.maximum
    cx = components @ p.component_effects  # (7,) points per target
    demand = country["demand"]
    cap = country["capacity"]
    trust = country["trust"] / 100.0
    gov = country["governance"]
    competition = country["competition"] / 100.0
    weight = p.align_base_weight + country["intensity"] / 100.0
    weight = weight / weight.sum(0)
    # Country-only constants of each formula.
    abs_const = cap + cx[1]
    abs_slope = (p.partnership_uplift / 100.0) * (1.0 - cap / 100.0)
    g_share = p.misuse_governance_share
    mis_factor = p.misuse_scale / 100.0 * (1.0 - p.misuse_max_mitigation * (g_share * gov / 100.0 + (1.0 - g_share) * trust))
    tr_factor = p.transfer_scale / 100.0 * (1.0 - p.transfer_trust_mitigation * trust)
    w = p.st_weights
    st_const = w[1] * trust * 100.0 + w[2] * gov + cx[2]
    cw = p.cont_weights
    cont_const = cw[1] * country["infrastructure"] + cx[3]
    comm_const = p.comm_base + p.comm_market * cap / 100.0 - p.comm_trust_penalty * (1.0 - trust) + cx[4]
    comm_compet = p.comm_competition * competition
    aw = p.acc_weights
    acc_compet = p.acc_competition * competition
    acc_const = aw[3] * trust * 100.0 + cx[5]
    sw = p.asr_weights
    extra = (1,) * (levers.ndim - 1)
    under_pen = p.under_penalty
    over_pen = p.over_penalty.reshape((4,) + extra)

    reach = levers + agg[0:4]
    offer = mn(reach, 100.0)
    under = mx(demand - reach, 0.0)
    over = mx(levers - demand - agg[4:8], 0.0)
    fit = mx(mn(100.0 - under_pen * under - over_pen * over, 100.0), 0.0)
    alignment = (fit * weight).sum(0)
    misfit = 1.0 - alignment / 100.0
    par = levers[3]

    absorptive = mx(mn(abs_slope * par + agg[_ABS] + abs_const, 100.0), 0.0)
    misuse = mn(mis_factor * mn(levers[2] + agg[_MIS_EXP], 100.0) * np.exp(agg[_MIS_KEEP]), 100.0)
    transfer = mn(tr_factor * mn(par + agg[_TR_EXP], 100.0) * np.exp(agg[_TR_KEEP]), 100.0)
    security_trust = mx(mn(
        w[0] * offer[0] + st_const - p.st_misuse_penalty * misuse - p.st_transfer_penalty * transfer, 100.0), 0.0)
    continuity = mx(mn(cw[0] * offer[1] + agg[_CONT] + cont_const, 100.0), 0.0)
    lever_cost = ((p.comm_cost / 100.0) @ levers.reshape(4, -1)).reshape(levers.shape[1:])
    commercial = mx(mn(comm_const - lever_cost - agg[_COST] - comm_compet * misfit, 100.0), 0.0)
    dims = np.stack([mx(mn(alignment + cx[0], 100.0), 0.0), absorptive, security_trust, continuity, commercial])
    acceptance = mx(mn(
        aw[0] * alignment + aw[1] * absorptive + aw[2] * continuity - acc_compet * misfit + acc_const, 100.0), 0.0)
    assurance = mx(mn(
        sw[0] * security_trust + sw[1] * commercial - sw[2] * misuse - sw[3] * transfer + (100.0 * (sw[2] + sw[3]) + cx[6]),
        100.0), 0.0)
    # Line items: each dimension's weighted points, then the both-sides gate (<= 0).
    weighted = dims * p.dim_weights.reshape((5,) + (1,) * (dims.ndim - 1))
    subtotal = weighted.sum(0)
    shortfall = mx(mx(p.acceptance_threshold - acceptance, p.assurance_threshold - assurance), 0.0)
    gate = 0.0 - mn(p.gate_rate * shortfall, subtotal)
    items = np.concatenate([weighted, gate[None]])
    return {
        "offer": offer,
        "fit": fit,
        "under": under,
        "over": over,
        "dims": dims,
        "items": items,
        "overall": subtotal + gate,
        "acceptance": acceptance,
        "assurance": assurance,
        "misuse": misuse,
        "transfer": transfer,
    }


def band_index(score: float | np.ndarray, p: Params) -> Any:
    """0 = Not ready … 3 = Ready, by the band boundaries of the assumption set."""
    return np.searchsorted(np.asarray(p.bands), score, side="right")


def band_name(score: float, p: Params) -> str:
    """The band a score falls in."""
    b = p.bands
    return BANDS[(score >= b[0]) + (score >= b[1]) + (score >= b[2])]


# ---------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class _Variants:
    """The batch evaluated for one assessment: base, lever steps, measure toggles, sweeps."""

    levers: np.ndarray  # (4, V)
    agg: np.ndarray  # (15, V) summed measure effects per row
    base_agg: np.ndarray  # (15,)
    steps: list[tuple[int, str, int, int]]  # row, lever, from, to
    toggles: list[tuple[int, str, bool]]  # row, measure, add?
    sweep_start: int


_SWEEP_ROWS = np.repeat(np.arange(4), 101)
_SWEEP_COLS = np.arange(404)
_TOGGLE_INDEX = np.arange(1, 1025)
_LEVEL_GRID = np.arange(101)[None, :]
_SWEEP_VALS = np.tile(np.arange(101, dtype=float), 4)


def chosen_vector(proposal: Proposal, p: Params) -> np.ndarray:
    """The proposal's measures as a 0/1 vector in catalog order."""
    return np.array([1.0 if mid in proposal.measures else 0.0 for mid in p.measure_ids])


def _measure_variants(measures: frozenset[str], p: Params) -> tuple[np.ndarray, np.ndarray]:
    """Summed effects (15, 1+M) of the base measure set and of each single toggle; cached."""
    cache = p.__dict__.setdefault("_toggle_cache", {})
    hit = cache.get(measures)
    if hit is None:
        base = np.array([1.0 if mid in measures else 0.0 for mid in p.measure_ids])
        m = len(base)
        toggled = np.where(np.eye(m, dtype=bool), 1.0 - base, base)
        hit = (np.ascontiguousarray(aggregate(np.vstack([base[None, :], toggled]), p)), base)
        if len(cache) > 256:
            cache.clear()
        cache[measures] = hit
    return hit


def _variants(proposal: Proposal, p: Params) -> _Variants:
    base_levers = np.array([float(proposal.levers[lv]) for lv in LEVERS])
    agg_unique, base_chosen = _measure_variants(proposal.measures, p)
    m = len(p.measure_ids)
    steps: list[tuple[int, str, int, int]] = []
    for lever in LEVERS:
        lo, hi = proposal.red_line(lever)
        cur = int(proposal.levers[lever])
        for sign in (-1, 1):
            to = min(max(cur + sign * p.lever_step, lo, 0), hi, 100)
            if to != cur:
                steps.append((1 + len(steps), lever, cur, to))
    toggle_start = 1 + len(steps)
    sweep_start = toggle_start + m
    total = sweep_start + 404
    levers = np.empty((4, total))
    levers[:] = base_levers[:, None]
    for row, lever, _frm, to in steps:
        levers[LEVERS.index(lever), row] = to
    levers[_SWEEP_ROWS, _SWEEP_COLS + sweep_start] = _SWEEP_VALS
    index = np.zeros(total, dtype=np.intp)
    index[toggle_start:sweep_start] = _TOGGLE_INDEX[:m]
    toggles = [(toggle_start + j, mid, not bool(base_chosen[j])) for j, mid in enumerate(p.measure_ids)]
    return _Variants(levers, agg_unique[:, index], agg_unique[:, 0], steps, toggles, sweep_start)


def _components(proposal: Proposal) -> np.ndarray:
    return np.array([float(proposal.components.get(c, 0)) for c in COMPONENTS])


# ---------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Assessment:
    """What the engine says about one proposal for one country under one assumption set."""

    country: str
    overall: float
    band: str
    commitments: dict[str, dict[str, float]]
    dimensions: dict[str, float]
    counterpart_acceptance: float
    exporter_assurance: float
    risks: dict[str, float]
    line_items: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    moves: dict[str, Any]
    assumptions_version: int

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data, numbers rounded to 0.01 (line items still sum)."""
        items = [
            dict(li, points=round(li["points"], 2), score=None if li["score"] is None else round(li["score"], 2))
            for li in self.line_items
        ]
        return {
            "country": self.country,
            "overall": round(sum(li["points"] for li in items), 2),
            "band": self.band,
            "commitments": {k: {f: round(v, 2) for f, v in d.items()} for k, d in self.commitments.items()},
            "dimensions": {k: round(v, 2) for k, v in self.dimensions.items()},
            "counterpart_acceptance": round(self.counterpart_acceptance, 2),
            "exporter_assurance": round(self.exporter_assurance, 2),
            "risks": {k: round(v, 2) for k, v in self.risks.items()},
            "line_items": items,
            "flags": self.flags,
            "moves": _round_moves(self.moves),
            "assumptions_version": self.assumptions_version,
        }


def _round_moves(moves: dict[str, Any]) -> dict[str, Any]:
    def r(d: dict[str, Any] | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in d.items()}

    return {"best": [r(m) for m in moves["best"]], "next_band": {k: r(v) for k, v in moves["next_band"].items()}}


def assess(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> Assessment:
    """Assess a proposal for a country under an assumption set (pure, deterministic)."""
    p = compile_params(assumptions)
    _check(proposal, profile, p)
    ci = country_inputs(profile, p)
    var = _variants(proposal, p)
    out = evaluate(var.levers, var.agg, _components(proposal), _country_scalars(ci), p)
    return _assemble(proposal, profile, ci, assumptions, p, var, out)


def rank(proposal: Proposal, profiles: Iterable[CountryProfile], assumptions: AssumptionSet) -> list[Assessment]:
    """The same offer assessed for every country, best first (one vectorised pass)."""
    p = compile_params(assumptions)
    profiles = list(profiles)
    if not profiles:
        return []
    proposal.validate(set(p.measure_ids))  # the offer is retargeted at each country in turn
    cis = [country_inputs(prof, p) for prof in profiles]
    var = _variants(proposal, p)
    out = evaluate(var.levers[:, None, :], var.agg[:, None, :], _components(proposal), _country_arrays(cis), p)
    results = []
    for k, (prof, ci) in enumerate(zip(profiles, cis)):
        sliced = {key: (val[..., k, :] if val.shape[-2] > 1 else val[..., 0, :]) for key, val in out.items()}
        results.append(_assemble(proposal, prof, ci, assumptions, p, var, sliced))
    results.sort(key=lambda a: (-a.overall, a.country))
    return results


GATE_LABEL = "Both-sides shortfall"

GRID_METRICS: tuple[str, ...] = ("overall", "acceptance", "assurance") + DIMENSIONS


def grid(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    lever_x: str,
    lever_y: str,
    n: int = 50,
    metric: str = "overall",
) -> np.ndarray:
    """A metric over an n×n grid of two levers (0–100 each), the other levers fixed; [y, x]."""
    if lever_x not in LEVERS or lever_y not in LEVERS or lever_x == lever_y:
        raise DomainError("pick two different levers")
    if metric not in GRID_METRICS:
        raise DomainError(f"unknown metric {metric!r}")
    p = compile_params(assumptions)
    ci = country_inputs(profile, p)
    axis = np.linspace(0.0, 100.0, n)
    levers = np.empty((4, n, n))
    levers[:] = np.array([float(proposal.levers[lv]) for lv in LEVERS])[:, None, None]
    levers[LEVERS.index(lever_x)] = axis[None, :]
    levers[LEVERS.index(lever_y)] = axis[:, None]
    agg = aggregate(chosen_vector(proposal, p), p)[:, None, None]
    out = evaluate(levers, agg, _components(proposal), _country_scalars(ci, 2), p)
    if metric in DIMENSIONS:
        return out["dims"][DIMENSIONS.index(metric)]
    return out[metric]


def _check(proposal: Proposal, profile: CountryProfile, p: Params) -> None:
    if proposal.country != profile.iso3:
        raise DomainError(f"proposal is for {proposal.country}, profile is {profile.iso3}")
    proposal.validate(set(p.measure_ids))


# ---------------------------------------------------------------------------- assembly


def _assemble(
    proposal: Proposal,
    profile: CountryProfile,
    ci: CountryInputs,
    a: AssumptionSet,
    p: Params,
    var: _Variants,
    out: Mapping[str, np.ndarray],
) -> Assessment:
    overall_all = out["overall"]
    base_overall = float(overall_all[0])
    base_band = BANDS.index(band_name(base_overall, p))
    dims = out["dims"][:, 0].tolist()
    items = out["items"][:, 0].tolist()
    fit = out["fit"][:, 0].tolist()
    offer = out["offer"][:, 0].tolist()
    demand = ci.demand.tolist()
    commitments = {
        lever: {"fit": fit[i], "demand": demand[i], "offer": offer[i], "lever": float(proposal.levers[lever])}
        for i, lever in enumerate(LEVERS)
    }
    weights = (p.dim_weights * 100.0).tolist()
    line_items = [
        {
            "label": DIMENSION_LABELS[d],
            "dimension": d,
            "points": items[i],
            "max_points": weights[i],
            "score": dims[i],
            "weight_key": f"weight.{d}",
        }
        for i, d in enumerate(DIMENSIONS)
    ]
    line_items.append(
        {
            "label": GATE_LABEL,
            "dimension": None,
            "points": items[len(DIMENSIONS)],
            "max_points": 0.0,
            "score": None,
            "weight_key": "gate.penalty_rate",
        }
    )
    acceptance = float(out["acceptance"][0])
    assurance = float(out["assurance"][0])
    misuse = float(out["misuse"][0])
    transfer = float(out["transfer"][0])

    # Best moves: rank the single-change rows by gain, then describe only the winners.
    n_single = var.sweep_start - 1
    gains = overall_all[1 : var.sweep_start] - base_overall
    order = np.argsort(-gains, kind="stable")
    best: list[dict[str, Any]] = []
    n_steps = len(var.steps)
    for k in order[: p.top_n * 2].tolist():
        if len(best) >= p.top_n or k >= n_single or gains[k] < p.min_gain:
            break
        score = base_overall + float(gains[k])
        if k < n_steps:
            _row, lever, frm, to = var.steps[k]
            move = {"kind": "lever", "lever": lever, "from": frm, "to": to,
                    "label": f"{'Raise' if to > frm else 'Lower'} {lever} {frm} → {to}"}
        else:
            _row, mid, add = var.toggles[k - n_steps]
            move = {"kind": "measure", "measure": mid, "action": "add" if add else "remove",
                    "label": f"{'Add' if add else 'Drop'} {a.measure(mid).name}"}
        move.update(gain=float(gains[k]), overall=score, band=band_name(score, p))
        best.append(move)

    next_band: dict[str, dict[str, Any] | None] = {}
    sweep = overall_all[var.sweep_start :].reshape(4, 101)
    threshold = p.bands[base_band] if base_band < len(p.bands) else np.inf
    current = np.array([proposal.levers[lv] for lv in LEVERS])[:, None]
    bounds = np.array([proposal.red_line(lv) for lv in LEVERS])
    inside = (_LEVEL_GRID >= bounds[:, 0:1]) & (_LEVEL_GRID <= bounds[:, 1:2])
    distance = np.where((sweep >= threshold) & inside, np.abs(_LEVEL_GRID - current), np.inf)
    nearest = distance.argmin(1).tolist()
    found = np.isfinite(distance.min(1)).tolist()
    for i, lever in enumerate(LEVERS):
        if not found[i]:
            next_band[lever] = None
            continue
        cur, to = int(proposal.levers[lever]), nearest[i]
        score = float(sweep[i, to])
        next_band[lever] = {"lever": lever, "from": cur, "to": to, "delta": to - cur, "overall": score, "band": band_name(score, p)}

    flags = _flags(proposal, profile, ci, a, p, out, var, acceptance, assurance, misuse, transfer)
    return Assessment(
        country=profile.iso3,
        overall=base_overall,
        band=BANDS[base_band],
        commitments=commitments,
        dimensions=dict(zip(DIMENSIONS, dims)),
        counterpart_acceptance=acceptance,
        exporter_assurance=assurance,
        risks={"misuse": misuse, "technology_transfer": transfer},
        line_items=line_items,
        flags=flags,
        moves={"best": best, "next_band": next_band},
        assumptions_version=a.version,
    )


def _best_measure(p: Params, proposal: Proposal, values: np.ndarray, lever: str | None = None) -> int | None:
    """Index of the unchosen measure (optionally under one lever) with the largest value."""
    best, best_val = None, 0.0
    for j, mid in enumerate(p.measure_ids):
        if mid in proposal.measures or (lever is not None and p.measure_lever[j] != lever):
            continue
        if values[j] > best_val:
            best, best_val = j, float(values[j])
    return best


def _measure_fix(a: AssumptionSet, mid: str, action: str = "add") -> dict[str, Any]:
    verb = "Add" if action == "add" else "Drop"
    return {"kind": "measure", "measure": mid, "action": action, "label": f"{verb} {a.measure(mid).name}"}


def _lever_fix(lever: str, to: int) -> dict[str, Any]:
    return {"kind": "lever", "lever": lever, "to": int(to), "label": f"Set {lever} to {int(to)}"}


def _side_fix(side: np.ndarray, var: _Variants, a: AssumptionSet) -> dict[str, Any] | None:
    """The single step (lever step or measure) that raises one side most."""
    gains = side[1 : var.sweep_start] - side[0]
    if gains.size == 0 or gains.max() <= 0:
        return None
    k = int(np.argmax(gains))
    if k < len(var.steps):
        _row, lever, _frm, to = var.steps[k]
        return _lever_fix(lever, to)
    _row, mid, add = var.toggles[k - len(var.steps)]
    return _measure_fix(a, mid, "add" if add else "remove")


def _flags(
    proposal: Proposal,
    profile: CountryProfile,
    ci: CountryInputs,
    a: AssumptionSet,
    p: Params,
    out: Mapping[str, np.ndarray],
    var: _Variants,
    acceptance: float,
    assurance: float,
    misuse: float,
    transfer: float,
) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    country = profile.name
    bonus = var.base_agg[0:4].tolist()
    relief = var.base_agg[4:8].tolist()
    unders = out["under"][:, 0].tolist()
    overs = out["over"][:, 0].tolist()
    offers = out["offer"][:, 0].tolist()

    def add(severity: str, kind: str, message: str, fix: dict[str, Any] | None) -> None:
        flags.append({"severity": severity, "type": kind, "message": message, "fix": fix})

    def relief_fix(i: int, lever: str, lo: int) -> dict[str, Any]:
        j = _best_measure(p, proposal, p.relief[:, i], lever)
        if j is not None:
            return _measure_fix(a, p.measure_ids[j])
        return _lever_fix(lever, max(lo, math.floor(ci.demand[i] + relief[i])))

    for i, lever in enumerate(LEVERS):
        label = LEVER_LABELS[lever]
        cur = int(proposal.levers[lever])
        lo, hi = proposal.red_line(lever)
        if not lo <= cur <= hi:
            add("high", "risk", f"{label} lever {cur} breaks your red line {lo}–{hi}", _lever_fix(lever, min(max(cur, lo), hi)))
        under, over, demand = unders[i], overs[i], float(ci.demand[i])
        if under >= p.gap_threshold:
            severity = "high" if under >= 2 * p.gap_threshold else "medium"
            target = math.ceil(demand - bonus[i])
            fix: dict[str, Any] | None
            if target <= hi:
                fix = _lever_fix(lever, min(max(target, lo), 100))
            else:
                j = _best_measure(p, proposal, p.bonus[:, i], lever)
                fix = _measure_fix(a, p.measure_ids[j]) if j is not None else None
            what = "accepts" if lever == "resilience" else "demands"
            add(severity, "friction", f"{label} offer {offers[i]:.0f} is {under:.0f} below what {country} {what} ({demand:.0f})", fix)
        elif lever == "resilience" and ci.intensity[i] >= p.strong_localization and over > p.localization_tolerance:
            add(
                "high" if over >= p.gap_threshold else "medium",
                "friction",
                f"Multi-site resilience {cur} goes {over:.0f} beyond what {country} accepts under its "
                f"localization demand ({ci.intensity[i]:.0f}/100)",
                relief_fix(i, lever, lo),
            )
        elif over >= p.gap_threshold:
            add("low", "friction", f"{label} offer {cur} overshoots what {country} asks for ({demand:.0f}): cost without credit",
                relief_fix(i, lever, lo))

    for risk, value, threshold, keep_log, lever, what in (
        ("misuse", misuse, p.misuse_threshold, p.misuse_keep_log, "openness",
         f"Misuse risk {misuse:.0f}/100: open weights where governance is {ci.governance:.0f}/100"),
        ("transfer", transfer, p.transfer_threshold, p.transfer_keep_log, "partnership",
         f"Technology-transfer risk {transfer:.0f}/100 at trust {ci.trust:.0f}/100"),
    ):
        if value < threshold:
            continue
        j = _best_measure(p, proposal, -keep_log)
        lo, _hi = proposal.red_line(lever)
        cur = int(proposal.levers[lever])
        fix = _measure_fix(a, p.measure_ids[j]) if j is not None else _lever_fix(lever, max(lo, cur - p.lever_step))
        add("high" if value >= 1.5 * threshold else "medium", "risk", what, fix)
    if acceptance < p.acceptance_threshold:
        add("medium", "friction",
            f"Counterpart acceptance {acceptance:.0f} is below {p.acceptance_threshold:.0f}: {country} may take a competing offer",
            _side_fix(out["acceptance"], var, a))
    if assurance < p.assurance_threshold:
        add("medium", "risk",
            f"Exporter assurance {assurance:.0f} is below {p.assurance_threshold:.0f}: hard to stand behind this offer",
            _side_fix(out["assurance"], var, a))
    if ci.missing_pillars:
        names = ", ".join(PILLAR_LABELS[k] for k in ci.missing_pillars)
        add("low", "data", f"IMF does not publish {names} for {country}; capacity uses the mean of the other pillars", None)
    if float(p.dim_weights_raw.sum()) <= 0:
        add("high", "data", "All dimension weights are zero in this assumption set", None)
    order = {"high": 0, "medium": 1, "low": 2}
    flags.sort(key=lambda f: order[f["severity"]])
    return flags
