"""The one kernel: every formula of the model, evaluated for a whole batch of offers at once.

The point assessment (with its moves sweep), the ranking over countries, the trade-off grid,
the optimiser and the Monte Carlo draws all call `evaluate`; nothing else in the code states a
formula of the model. Batches broadcast: levers (4, *B), summed measure effects (15, *B), and
country terms and parameters that are scalars, or arrays that broadcast against B (per-lever
ones with the lever axis first). docs/method.md gives the formulas in prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from ..model import DEFAULT_DEAL, LEVERS, PILLARS, CountryProfile, DealTerms
from .params import (
    ABSORB,
    BACKING,
    BONUS,
    CONTINUITY,
    COST,
    INTRUSION,
    LICENSING,
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
    gdp_musd: float  # market size (US$ millions a year); NaN when not published
    alt_positions: np.ndarray  # (4, …) the alternative offer as the counterpart credits it
    alt_price: Any
    alt_financing_share: Any
    has_alternative: bool
    status: str  # destination screen: eligible | licence | denial | embargoed
    financing: str  # U.S. federal financing possible: yes | limited | no


ALTERNATIVE_FIELDS: tuple[str, ...] = tuple(f"alternative.{lv}" for lv in LEVERS) + (
    "alternative.price", "alternative.financing_share",
)


def country_inputs(
    profile: CountryProfile, p: Params, overrides: Mapping[str, np.ndarray] | None = None
) -> CountryInputs:
    """Reduce a profile to kernel inputs; a missing pillar falls back to the mean of the others.

    overrides replace sovereignty-profile fields (and alternative.* values) by arrays of draws.
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
    alt = profile.alternative

    def a(name: str, value: float) -> Any:
        return over.get(f"alternative.{name}", value)

    if alt is not None:
        alt_positions = _per_lever(tuple(a(lv, float(alt.positions[lv])) for lv in LEVERS))
        alt_price, alt_share = a("price", float(alt.price)), a("financing_share", float(alt.financing_share))
    else:
        alt_positions, alt_price, alt_share = np.zeros(4), 1.0, 0.0
    demand, intensity = _per_lever(per_lever), _per_lever(cares)
    if demand.ndim != alt_positions.ndim:  # some are drawn: every per-lever input gets the draws axis
        shape = (4, max(demand.shape[-1] if demand.ndim == 2 else 1, alt_positions.shape[-1] if alt_positions.ndim == 2 else 1))
        demand, intensity, alt_positions = (np.broadcast_to(x.reshape(4, -1), shape) for x in (demand, intensity, alt_positions))
    gdp = profile.gdp
    destination = getattr(profile, "destination", None)
    return CountryInputs(
        demand=demand,
        intensity=intensity,
        trust=s("trust"),
        competition=s("competition"),
        capacity=capacity,
        infrastructure=present.get("digital_infrastructure", capacity),
        governance=present.get("regulation_ethics", capacity),
        missing_pillars=missing,
        gdp_musd=float("nan") if gdp is None or gdp.missing else float(gdp.value) / 1e6,
        alt_positions=alt_positions,
        alt_price=alt_price,
        alt_financing_share=alt_share,
        has_alternative=alt is not None,
        status=getattr(destination, "status", "eligible") or "eligible",
        financing=getattr(destination, "financing", "yes") or "yes",
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

    def lanes(name: str) -> np.ndarray:
        return np.stack([getattr(c, name) for c in inputs], axis=1)[:, :, None]

    return CountryInputs(
        demand=lanes("demand"),
        intensity=lanes("intensity"),
        trust=col("trust"),
        competition=col("competition"),
        capacity=col("capacity"),
        infrastructure=col("infrastructure"),
        governance=col("governance"),
        missing_pillars=(),
        gdp_musd=col("gdp_musd"),  # type: ignore[arg-type]
        alt_positions=lanes("alt_positions"),
        alt_price=col("alt_price"),
        alt_financing_share=col("alt_financing_share"),
        has_alternative=True,
        status=tuple(c.status for c in inputs),  # type: ignore[arg-type]
        financing=tuple(c.financing for c in inputs),  # type: ignore[arg-type]
    )


def expand(c: CountryInputs, batch_ndim: int) -> CountryInputs:
    """A country's per-lever arrays reshaped (4, …, 1 per batch axis) to broadcast against a batch."""
    extra = (1,) * batch_ndim

    def shaped(arr: np.ndarray) -> np.ndarray:
        return arr.reshape(arr.shape + extra)

    return replace(c, demand=shaped(c.demand), intensity=shaped(c.intensity), alt_positions=shaped(c.alt_positions))


@dataclass(frozen=True, eq=False)
class Terms:
    """The parts of every formula that depend only on the country, the components, the deal
    terms and the parameters (folded once, reused for every offer in a batch)."""

    demand: np.ndarray
    weight: np.ndarray
    cx: Any  # (8, …) component points per target
    cred_const: Any
    abs_slope: Any
    abs_const: Any
    mis_factor: Any
    tr_factor: Any
    st_const: Any
    lic_const: Any
    lic_required: Any
    cont_const: Any
    comm_const: Any
    fin_keep: Any  # share of our price the counterpart pays after federal financing
    fin_cost: Any  # share of the value the financing costs the exporter
    burden_per_price: Any  # yearly cost / what the country can carry, per unit of price
    alt_alignment: Any
    alt_fit: np.ndarray  # (4, …)
    alt_effective_price: Any
    has_alternative: float
    acc_const: Any
    acc_alt: Any
    intrusion_weight: Any
    market: Any  # 0–100
    # Combinations of the above folded for the kernel (same numbers, fewer calls per batch).
    st_w_control: Any = 0.0
    st_w_licensing: Any = 0.0
    cont_w_resilience: Any = 0.0
    fixed_cost: Any = 0.0  # delivery and financing cost, share of value
    alt_const: Any = 0.0  # what the alternative's value and price leave to beat, in points
    price_points: Any = 0.0
    comm_slope: Any = 0.0
    comp_const: Any = 0.0
    asr_margin: Any = 0.0
    acc_price: Any = 0.0
    asr_const: Any = 0.0
    gate_margin: Any = 0.0
    shape: tuple[int, ...] = ()  # the broadcast shape of the per-country terms


def _fit(reach: Any, promise: Any, demand: Any, relief: Any, p: Params, ndim: int) -> Any:
    """Fit 0–100 of a commitment: shortfall of what is credited, overshoot of what is promised."""
    under = np.maximum(demand - reach, 0.0)
    over = np.maximum(promise - demand - relief, 0.0)
    fit = 100.0 - under * p.under_penalty - over * lever_column(p.over_penalty, ndim)
    return np.minimum(np.maximum(fit, 0.0), 100.0), under, over


def _by_country(values: dict[str, Any], keys: Any, shape_like: Any) -> Any:
    """A per-status or per-kind parameter for one country (a key) or a batch (a tuple of keys)."""
    if isinstance(keys, str):
        return values[keys]
    return np.array([values[k] for k in keys], dtype=float).reshape(np.shape(shape_like))


def terms(c: CountryInputs, components: np.ndarray, p: Params, deal: DealTerms = DEFAULT_DEAL) -> Terms:
    """Fold the country-only terms (components: scale per component, in COMPONENTS order)."""
    ce = p.component_effects
    cx = components @ ce if ce.ndim == 2 else np.tensordot(components, ce, axes=(0, 0))
    cap, gov = c.capacity, c.governance
    trust = c.trust / 100.0
    competition = c.competition / 100.0
    weight = p.align_base_weight + c.intensity / 100.0
    weight = weight / weight.sum(0)
    w, cw, aw = p.st_weights, p.cont_weights, p.acc_weights
    g_share = p.misuse_governance_share
    ndim = np.ndim(c.demand)

    # The alternative, scored by the same fit as our offer (its position is both promise and credit).
    alt_fit, _u, _o = _fit(c.alt_positions, c.alt_positions, c.demand, 0.0, p, ndim)
    alt_alignment = (alt_fit * weight).sum(0)
    alt_effective_price = c.alt_price * (1.0 - c.alt_financing_share * p.alt_concession)

    # Federal financing: what the counterpart saves, what it costs us, whether it is possible here.
    availability = _by_country({"yes": 1.0, "limited": p.fin_limited, "no": 0.0}, c.financing, trust)
    fin_keep = 1.0 - deal.financing_share * p.fin_concession[deal.financing] * availability
    fin_cost = deal.financing_share * p.fin_cost[deal.financing] * np.minimum(availability, 1.0)

    # Market size: what the country can carry per year, and a 0–100 market scale for the exporter.
    gdp = np.asarray(c.gdp_musd, dtype=float)
    known = np.isfinite(gdp) & (gdp > 0)
    safe_gdp = np.where(known, gdp, 1.0)
    carry = safe_gdp * p.affordable_share
    burden_per_price = np.where(known, deal.value_musd / deal.term_years / np.where(carry > 0, carry, 1.0), 0.0)
    log_gdp = np.log10(safe_gdp * 1e6)
    span = p.market_hi - p.market_lo
    market = np.where(known, np.clip((log_gdp - p.market_lo) / np.where(span > 0, span, 1.0) * 100.0, 0.0, 100.0), 50.0)
    if np.ndim(market) == 0:
        market, burden_per_price = float(market), float(burden_per_price)

    delay = _by_country({"eligible": 0.0, "licence": 1.0, "denial": 1.0, "embargoed": 1.0}, c.status, trust)
    raw = Terms(
        demand=c.demand,
        weight=weight,
        cx=cx,
        cred_const=p.cred_base + p.cred_trust * trust,
        abs_slope=(p.partnership_uplift / 100.0) * (1.0 - cap / 100.0),
        abs_const=cap + cx[1],
        mis_factor=p.misuse_scale / 100.0 * (1.0 - p.misuse_max_mitigation * (g_share * gov / 100.0 + (1.0 - g_share) * trust)),
        tr_factor=p.transfer_scale / 100.0 * (1.0 - p.transfer_trust_mitigation * trust),
        st_const=w[2] * trust * 100.0 + w[3] * gov + cx[2],
        lic_const=p.lic_base + p.lic_trust * trust * 100.0 + p.lic_governance * gov,
        lic_required=_by_country(p.lic_required, c.status, trust),
        cont_const=cw[1] * c.infrastructure + cx[3] - p.cont_delay_penalty * p.licence_delay_months * delay,
        comm_const=p.comm_base + p.comm_market * (market - 50.0) / 50.0 - p.comm_trust_penalty * (1.0 - trust) + cx[4],
        fin_keep=fin_keep,
        fin_cost=fin_cost,
        burden_per_price=burden_per_price,
        alt_alignment=alt_alignment,
        alt_fit=alt_fit,
        alt_effective_price=alt_effective_price,
        has_alternative=1.0 if c.has_alternative else 0.0,
        acc_const=aw[3] * trust * 100.0 + cx[6],
        acc_alt=p.acc_alternative * competition,
        intrusion_weight=c.intensity[0] / 100.0,
        market=market,
    )
    return _folded(raw, p)


def _folded(t: Terms, p: Params) -> Terms:
    price_points = 100.0 * p.comp_price_points
    slope = 100.0 * p.comm_margin_slope
    sw = p.asr_weights
    folded = replace(
        t,
        st_w_control=p.st_weights[0],
        st_w_licensing=p.st_weights[1],
        cont_w_resilience=p.cont_weights[0],
        fixed_cost=p.delivery_share + t.fin_cost,
        alt_const=t.alt_effective_price * price_points - t.alt_alignment,
        price_points=price_points,
        comm_slope=slope,
        comm_const=t.comm_const - slope * p.min_margin,
        comp_const=50.0 + t.cx[5],
        asr_margin=100.0 * p.asr_margin_penalty,
        acc_price=100.0 * p.acc_price_penalty,
        asr_const=t.cx[7] + 100.0 * (sw[2] + sw[3]),
        gate_margin=100.0 * p.gate_margin_points,
    )
    shapes = [np.shape(v) for v in (folded.cred_const, folded.mis_factor, folded.tr_factor, folded.st_const,
                                     folded.lic_const, folded.cont_const, folded.comm_const, folded.fin_keep,
                                     folded.burden_per_price, folded.alt_const, folded.acc_const, folded.acc_alt,
                                     folded.abs_slope, folded.abs_const, folded.lic_required, folded.intrusion_weight)]
    shapes += [np.shape(folded.demand)[1:], np.shape(folded.weight)[1:]]
    return replace(folded, shape=np.broadcast_shapes(*shapes))


def evaluate(levers: np.ndarray, agg: np.ndarray, t: Terms, p: Params, price: Any = 1.0) -> dict[str, np.ndarray]:
    """Every output of the model for a batch of offers.

    levers (4, *B) 0–100 (what we promise); agg (21, *B) the summed effects of each offer's
    measures (see `aggregate`); price (*B) relative to market. Returns per-lever "credited",
    "credibility", "fit", "under", "over" (4, *B), "dims" (6, *B), "items" (7, *B: the six
    weighted dimensions and the both-sides gate) and the rest (*B): "overall", "acceptance",
    "assurance", "alignment", "misuse", "transfer", "licensing", "margin", "concession",
    "effective_price", "burden", "advantage", "intrusion".

    One assessment evaluates ~440 offers, where numpy's fixed cost per call weighs as much as
    the arithmetic, so the work is done in few calls, in place, on arrays of the full batch
    shape (parameters drawn for a Monte Carlo broadcast along the last axis).
    """
    mn, mx, add, sub, mul = np.minimum, np.maximum, np.add, np.subtract, np.multiply
    nd = levers.ndim
    c = _columns(p, nd)
    shape = np.broadcast_shapes(levers.shape[1:], agg.shape[1:], t.shape, np.shape(price), c.shape)
    full = (4,) + shape

    # What the counterpart credits of each promise: its credibility (trust, backing measures),
    # the measures' own credit, and, for security, net of the monitoring the exporter needs.
    cred = add(t.cred_const, agg[BACKING], out=np.empty(full))
    mx(mn(cred, 1.0, out=cred), 0.0, out=cred)
    credited = mul(levers, cred)
    credited += agg[BONUS]
    mn(credited, 100.0, out=credited)
    credited[0] -= agg[INTRUSION]
    mx(credited[0], 0.0, out=credited[0])
    under = sub(t.demand, credited)
    mx(under, 0.0, out=under)
    over = sub(levers, t.demand, out=np.empty(full))
    over -= agg[RELIEF]
    mx(over, 0.0, out=over)
    fit = mul(over, c.over_penalty)
    fit += mul(under, p.under_penalty)
    sub(100.0, fit, out=fit)
    mx(mn(fit, 100.0, out=fit), 0.0, out=fit)
    alignment = mul(fit, t.weight).sum(0)

    # Risks: exposure (capped), times the country's factor and the share the measures keep.
    risk = np.empty((2,) + shape)
    add(levers[2], agg[MIS_EXP], out=risk[0])
    add(levers[3], agg[TR_EXP], out=risk[1])
    mn(risk, 100.0, out=risk)
    risk *= np.exp(agg[MIS_KEEP : TR_KEEP + 1 : 2])
    risk[0] *= t.mis_factor
    risk[1] *= t.tr_factor
    mn(risk, 100.0, out=risk)
    misuse, transfer = risk[0], risk[1]
    licensing = add(agg[LICENSING], t.lic_const, out=np.empty(shape))
    mx(mn(licensing, 100.0, out=licensing), 0.0, out=licensing)

    # Money, as shares of the contract value: what each promise and measure costs us, the margin.
    concession = mul(mul(levers, levers), c.concession).sum(0) + agg[COST]
    margin = 1.0 - (concession + t.fixed_cost) / price
    effective_price = mul(price, t.fin_keep)
    burden = mul(effective_price, t.burden_per_price)
    # Our edge over the alternative: offer value (alignment) plus the price gap, in points.
    advantage = sub(t.alt_const, mul(effective_price, t.price_points), out=np.empty(shape))
    advantage += alignment
    advantage *= t.has_alternative

    dims = np.empty((6,) + shape)
    add(alignment, t.cx[0], out=dims[0])
    mul(levers[3], t.abs_slope, out=dims[1])
    dims[1] += agg[ABSORB]
    dims[1] += t.abs_const
    mul(credited[0], t.st_w_control, out=dims[2])
    dims[2] += mul(licensing, t.st_w_licensing)
    dims[2] -= mul(misuse, p.st_misuse_penalty)
    dims[2] -= mul(transfer, p.st_transfer_penalty)
    dims[2] += t.st_const
    mul(credited[1], t.cont_w_resilience, out=dims[3])
    dims[3] += agg[CONTINUITY]
    dims[3] += t.cont_const
    mul(margin, t.comm_slope, out=dims[4])
    dims[4] += t.comm_const
    mul(advantage, p.comp_scale, out=dims[5])
    dims[5] += t.comp_const
    mx(mn(dims, 100.0, out=dims), 0.0, out=dims)

    aw, sw = p.acc_weights, p.asr_weights
    acceptance = mul(alignment, aw[0])
    acceptance += mul(dims[1], aw[1])
    acceptance += mul(dims[3], aw[2])
    acceptance += mul(advantage, t.acc_alt)
    acceptance -= mul(agg[INTRUSION], t.intrusion_weight)
    unaffordable = mn(mx(burden - 1.0, 0.0), p.acc_afford_cap)  # burden is one number when the price is
    acceptance -= mul(unaffordable, p.acc_afford_penalty)
    acceptance -= mul(effective_price - 1.0, t.acc_price)  # above market costs acceptance, below wins some
    acceptance += t.acc_const
    mx(mn(acceptance, 100.0, out=acceptance), 0.0, out=acceptance)

    margin_gap = sub(p.min_margin, margin)
    mx(margin_gap, 0.0, out=margin_gap)
    licence_gap = sub(t.lic_required, licensing)
    assurance = mul(licensing, sw[0])
    assurance += mul(dims[4], sw[1])
    assurance -= mul(misuse, sw[2])
    assurance -= mul(transfer, sw[3])
    assurance -= mul(margin_gap, t.asr_margin)
    assurance -= mul(mx(licence_gap, 0.0), p.asr_licensing_penalty)
    assurance += t.asr_const
    mx(mn(assurance, 100.0, out=assurance), 0.0, out=assurance)

    # Line items: each dimension's weighted points, then the both-sides gate (<= 0): a side
    # short of its threshold, a margin below the walk-away, a licence the package cannot support.
    points = mul(dims, c.dim_weights)
    subtotal = points.sum(0)
    # The sides' shortfall is the larger of the two (either side can sink a deal); the exporter's
    # hard limits add to it, so one of them cannot hide behind another.
    shortfall = sub(p.acceptance_threshold, acceptance)
    mx(shortfall, sub(p.assurance_threshold, assurance), out=shortfall)
    mx(shortfall, 0.0, out=shortfall)
    shortfall += mul(margin_gap, t.gate_margin)
    shortfall += mul(mx(licence_gap, 0.0), p.gate_licensing_points)
    shortfall *= p.gate_rate
    gate = mn(shortfall, subtotal, out=shortfall)
    np.negative(gate, out=gate)
    items = np.concatenate([points, gate[None]])
    return {
        "credited": credited,
        "credibility": cred,
        "fit": fit,
        "under": under,
        "over": over,
        "dims": dims,
        "items": items,
        "overall": add(subtotal, gate, out=subtotal),
        "acceptance": acceptance,
        "assurance": assurance,
        "alignment": alignment,
        "misuse": misuse,
        "transfer": transfer,
        "licensing": licensing,
        "margin": margin,
        "concession": concession,
        "effective_price": effective_price,
        "burden": burden,
        "advantage": advantage,
        "intrusion": agg[INTRUSION],
    }


@dataclass(frozen=True, eq=False)
class _Columns:
    """Per-lever and per-dimension parameters shaped to broadcast against a batch of ndim axes."""

    over_penalty: np.ndarray
    concession: np.ndarray  # share of value per lever point squared
    dim_weights: np.ndarray
    shape: tuple[int, ...]  # the draws axis, when the parameters are drawn


def _columns(p: Params, ndim: int) -> _Columns:
    hit = p.cache.get(("columns", ndim))
    if hit is None:
        conc = lever_column(p.concession, ndim) / 10_000.0
        dw = lever_column(p.dim_weights, ndim)
        shape = ()
        if p.drawn:
            shape = (1,) * (ndim - 2) + (p.measure_matrix.shape[-1],)
        hit = p.cache[("columns", ndim)] = _Columns(lever_column(p.over_penalty, ndim), conc, dw, shape)
    return hit


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
    """The summed effects of chosen measures: (…, M) 0/1 -> (21, …); with drawn effects (M,) -> (21, N)."""
    m = p.measure_matrix
    if m.ndim == 3:
        return np.einsum("m,men->en", chosen, m)
    return np.moveaxis(chosen @ m, -1, 0)


def chosen_vector(measures: frozenset[str], p: Params) -> np.ndarray:
    """A measure set as a 0/1 vector in catalog order."""
    return np.array([1.0 if mid in measures else 0.0 for mid in p.measure_ids])


def isnan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)
