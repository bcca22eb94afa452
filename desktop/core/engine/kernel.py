"""The one kernel: every formula of the model, evaluated for a whole batch of offers at once.

The point assessment (with its moves sweep), the ranking over countries, the trade-off grid,
the optimiser and the Monte Carlo draws all call `evaluate`; nothing else in the code states a
formula of the model. Batches broadcast: levers (4, *B), summed measure effects (15, *B), and
country terms and parameters that are scalars, or arrays that broadcast against B (per-lever
ones with the lever axis first). docs/method.md gives the formulas in prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..model import PILLARS, CountryProfile
from .params import (
    ABSORB,
    BONUS,
    CONTINUITY,
    COST,
    MIS_EXP,
    MIS_KEEP,
    RELIEF,
    TR_EXP,
    TR_KEEP,
    Params,
)


@dataclass(frozen=True)
class CountryInputs:
    """A profile reduced to the numbers the kernel needs (0–100 scales; arrays when drawn)."""

    demand: np.ndarray  # (4, …) the level of each lever the country wants
    intensity: np.ndarray  # (4, …) how much it cares: data control, localization, open models, partnership
    trust: Any
    competition: Any
    capacity: Any
    infrastructure: Any
    governance: Any
    missing_pillars: tuple[str, ...]


def country_inputs(
    profile: CountryProfile, p: Params, overrides: Mapping[str, np.ndarray] | None = None
) -> CountryInputs:
    """Reduce a profile to kernel inputs; a missing pillar falls back to the mean of the others.

    overrides replace sovereignty-profile fields by arrays of draws.
    """
    pillar_max = p.pillar_max
    scale = np.where(np.asarray(pillar_max) > 0, 100.0 / np.where(np.asarray(pillar_max) > 0, pillar_max, 1.0), 0.0)
    if scale.ndim == 0:
        scale = float(scale)
    present = {
        k: float(profile.pillars[k].value) * scale
        for k in PILLARS
        if k in profile.pillars and not profile.pillars[k].missing
    }
    missing = tuple(k for k in PILLARS if k not in present)
    capacity: Any = sum(present.values()) / len(present) if present else 0.0
    over = overrides or {}

    def s(name: str) -> Any:
        return over[name] if name in over else float(profile.sovereignty[name].value)

    loc = s("demand_localization")
    per_lever = (s("demand_security"), 100.0 - loc, s("demand_openness"), s("demand_partnership"))
    cares = (s("demand_security"), loc, s("demand_openness"), s("demand_partnership"))
    return CountryInputs(
        demand=_per_lever(per_lever),
        intensity=_per_lever(cares),
        trust=s("trust"),
        competition=s("competition"),
        capacity=capacity,
        infrastructure=present.get("digital_infrastructure", capacity),
        governance=present.get("regulation_ethics", capacity),
        missing_pillars=missing,
    )


def _per_lever(values: tuple[Any, ...]) -> np.ndarray:
    if any(isinstance(v, np.ndarray) for v in values):
        n = max(np.size(v) for v in values)
        return np.stack([np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in values])
    return np.array(values, dtype=float)


def stack_countries(inputs: list[CountryInputs]) -> CountryInputs:
    """K countries as one batch: scalars (K, 1), per-lever arrays (4, K, 1)."""

    def col(name: str) -> np.ndarray:
        return np.array([float(getattr(c, name)) for c in inputs])[:, None]

    return CountryInputs(
        demand=np.stack([c.demand for c in inputs], axis=1)[:, :, None],
        intensity=np.stack([c.intensity for c in inputs], axis=1)[:, :, None],
        trust=col("trust"),
        competition=col("competition"),
        capacity=col("capacity"),
        infrastructure=col("infrastructure"),
        governance=col("governance"),
        missing_pillars=(),
    )


def expand(c: CountryInputs, batch_ndim: int) -> CountryInputs:
    """A country's per-lever arrays reshaped (4, …, 1 per batch axis) to broadcast against a batch."""
    extra = (1,) * batch_ndim

    def shaped(arr: np.ndarray) -> np.ndarray:
        return arr.reshape(arr.shape + extra)

    return CountryInputs(
        shaped(c.demand), shaped(c.intensity), c.trust, c.competition, c.capacity, c.infrastructure, c.governance,
        c.missing_pillars,
    )


@dataclass(frozen=True, eq=False)
class Terms:
    """The parts of every formula that depend only on the country, the components and the
    parameters (folded once, reused for every offer in a batch)."""

    demand: np.ndarray
    weight: np.ndarray
    cx: Any  # (7, …) component points per target
    abs_slope: Any
    abs_const: Any
    mis_factor: Any
    tr_factor: Any
    st_const: Any
    cont_const: Any
    comm_const: Any
    comm_compet: Any
    acc_compet: Any
    acc_const: Any
    asr_const: Any


def terms(c: CountryInputs, components: np.ndarray, p: Params) -> Terms:
    """Fold the country-only terms (components: scale per component, in COMPONENTS order)."""
    ce = p.component_effects
    cx = components @ ce if ce.ndim == 2 else np.tensordot(components, ce, axes=(0, 0))
    cap, gov = c.capacity, c.governance
    trust = c.trust / 100.0
    competition = c.competition / 100.0
    weight = p.align_base_weight + c.intensity / 100.0
    w, cw, aw, sw = p.st_weights, p.cont_weights, p.acc_weights, p.asr_weights
    g_share = p.misuse_governance_share
    return Terms(
        demand=c.demand,
        weight=weight / weight.sum(0),
        cx=cx,
        abs_slope=(p.partnership_uplift / 100.0) * (1.0 - cap / 100.0),
        abs_const=cap + cx[1],
        mis_factor=p.misuse_scale / 100.0 * (1.0 - p.misuse_max_mitigation * (g_share * gov / 100.0 + (1.0 - g_share) * trust)),
        tr_factor=p.transfer_scale / 100.0 * (1.0 - p.transfer_trust_mitigation * trust),
        st_const=w[1] * trust * 100.0 + w[2] * gov + cx[2],
        cont_const=cw[1] * c.infrastructure + cx[3],
        comm_const=p.comm_base + p.comm_market * cap / 100.0 - p.comm_trust_penalty * (1.0 - trust) + cx[4],
        comm_compet=p.comm_competition * competition,
        acc_compet=p.acc_competition * competition,
        acc_const=aw[3] * trust * 100.0 + cx[5],
        asr_const=100.0 * (sw[2] + sw[3]) + cx[6],
    )


def evaluate(levers: np.ndarray, agg: np.ndarray, t: Terms, p: Params) -> dict[str, np.ndarray]:
    """Every output of the model for a batch of offers.

    levers (4, *B) 0–100; agg (15, *B) the summed effects of each offer's measures (see
    `aggregate`). Returns per-lever "offer", "fit", "under", "over" (4, *B), "dims" (5, *B),
    "items" (6, *B: the five weighted dimensions and the both-sides gate) and "overall",
    "acceptance", "assurance", "misuse", "transfer" (*B).
    """
    mn, mx = np.minimum, np.maximum
    reach = levers + agg[BONUS]
    offer = mn(reach, 100.0)
    under = mx(t.demand - reach, 0.0)
    over = mx(levers - t.demand - agg[RELIEF], 0.0)
    fit = mn(mx(100.0 - under * p.under_penalty - over * lever_column(p.over_penalty, levers.ndim), 0.0), 100.0)
    weighted = fit * t.weight
    alignment = weighted[0] + weighted[1] + weighted[2] + weighted[3]
    misfit = 1.0 - alignment / 100.0
    par = levers[3]

    # Risks: exposure (capped), times the country's factor and the share the measures keep.
    misuse = mn(mn(levers[2] + agg[MIS_EXP], 100.0) * t.mis_factor * np.exp(agg[MIS_KEEP]), 100.0)
    transfer = mn(mn(par + agg[TR_EXP], 100.0) * t.tr_factor * np.exp(agg[TR_KEEP]), 100.0)

    w, cw, aw, sw = p.st_weights, p.cont_weights, p.acc_weights, p.asr_weights
    cost = lever_column(p.comm_cost, levers.ndim) / 100.0
    lever_cost = cost[0] * levers[0] + cost[1] * levers[1] + cost[2] * levers[2] + cost[3] * levers[3]
    rows = (
        alignment + t.cx[0],
        par * t.abs_slope + agg[ABSORB] + t.abs_const,
        offer[0] * w[0] + t.st_const - misuse * p.st_misuse_penalty - transfer * p.st_transfer_penalty,
        offer[1] * cw[0] + agg[CONTINUITY] + t.cont_const,
        t.comm_const - lever_cost - agg[COST] - misfit * t.comm_compet,
    )
    dims = _stacked(rows)
    mx(mn(dims, 100.0, out=dims), 0.0, out=dims)
    acceptance = mn(mx(alignment * aw[0] + dims[1] * aw[1] + dims[3] * aw[2] - misfit * t.acc_compet + t.acc_const, 0.0), 100.0)
    assurance = mn(mx(dims[2] * sw[0] + dims[4] * sw[1] - misuse * sw[2] - transfer * sw[3] + t.asr_const, 0.0), 100.0)

    # Line items: each dimension's weighted points, then the both-sides gate (<= 0).
    dw = lever_column(p.dim_weights, dims.ndim)
    points = dims * dw
    subtotal = points[0] + points[1] + points[2] + points[3] + points[4]
    shortfall = mx(mx(p.acceptance_threshold - acceptance, p.assurance_threshold - assurance), 0.0)
    gate = -mn(shortfall * p.gate_rate, subtotal)
    items = np.concatenate([points, gate[None]])
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


def _stacked(rows: tuple[np.ndarray, ...]) -> np.ndarray:
    """Rows of possibly different (broadcastable) shapes as one (len(rows), *shape) array."""
    shape = np.shape(rows[0])
    if any(np.shape(r) != shape for r in rows):
        shape = np.broadcast_shapes(*(np.shape(r) for r in rows))
    out = np.empty((len(rows),) + shape)
    for i, r in enumerate(rows):
        out[i] = r
    return out


def lever_column(values: np.ndarray, ndim: int) -> np.ndarray:
    """A per-lever (or per-dimension) parameter shaped to broadcast against an ndim batch:
    (L,) -> (L, 1, …); drawn (L, N) -> (L, 1, …, N), draws on the last axis like every draw."""
    if values.ndim == 1:
        return values.reshape(values.shape + (1,) * (ndim - 1))
    return values.reshape((values.shape[0],) + (1,) * (ndim - 2) + values.shape[1:])


def aggregate(chosen: np.ndarray, p: Params) -> np.ndarray:
    """The summed effects of chosen measures: (…, M) 0/1 -> (15, …); with drawn effects (M,) -> (15, N)."""
    m = p.measure_matrix
    if m.ndim == 3:
        return np.einsum("m,men->en", chosen, m)
    return np.moveaxis(chosen @ m, -1, 0)


def chosen_vector(measures: frozenset[str], p: Params) -> np.ndarray:
    """A measure set as a 0/1 vector in catalog order."""
    return np.array([1.0 if mid in measures else 0.0 for mid in p.measure_ids])


def isnan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)
