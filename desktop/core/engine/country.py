"""A country profile reduced to the kernel's inputs, and the terms folded once per country.

`country_inputs` reduces a profile (and, for a Monte Carlo, arrays of drawn profile figures) to
numbers; `stack_countries` lays K countries out as one batch; `terms` folds everything that
depends only on the country, the components, the deal terms and the parameters, so the kernel
(`kernel.evaluate`) reuses it for every offer of a batch. docs/method.md gives the formulas.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from ..model import DEFAULT_DEAL, LEVERS, PILLARS, CountryProfile, DealTerms
from .params import Params


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


def stack_countries(inputs: list[CountryInputs], draws: int | None = None) -> CountryInputs:
    """K countries as one batch: scalars (K, 1), per-lever arrays (4, K, 1); with draws (inputs
    drawn for a Monte Carlo, some arrays of that many draws), scalars (K, N) and per-lever (4, K, N)."""

    def col(name: str) -> np.ndarray:
        if draws is None:
            return np.array([float(getattr(c, name)) for c in inputs])[:, None]
        return np.stack([np.broadcast_to(np.asarray(getattr(c, name), dtype=float), (draws,)) for c in inputs])

    def lanes(name: str) -> np.ndarray:
        if draws is None:
            return np.stack([getattr(c, name) for c in inputs], axis=1)[:, :, None]
        return np.stack([np.broadcast_to(getattr(c, name).reshape(4, -1), (4, draws)) for c in inputs], axis=1)

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
        has_alternative=col("has_alternative"),  # type: ignore[arg-type]
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
    """A per-status or per-kind parameter for one country (a key) or a batch (a tuple of keys),
    shaped (K, 1 …) like shape_like; parameters drawn (N,) give (K, …, N)."""
    if isinstance(keys, str):
        return values[keys]
    picked = [np.asarray(values[k], dtype=float) for k in keys]
    tail = np.broadcast_shapes(*(v.shape for v in picked))
    out = np.stack([np.broadcast_to(v, tail) for v in picked])
    return out.reshape((len(keys),) + (1,) * (np.ndim(shape_like) - 1 - len(tail)) + tail)


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
        has_alternative=c.has_alternative if isinstance(c.has_alternative, np.ndarray) else float(c.has_alternative),
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


def lever_column(values: np.ndarray, ndim: int) -> np.ndarray:
    """A per-lever (or per-dimension) parameter shaped to broadcast against an ndim batch:
    (L,) -> (L, 1, …); drawn (L, N) -> (L, 1, …, N), draws on the last axis like every draw."""
    if values.ndim == 1:
        return values.reshape(values.shape + (1,) * (ndim - 1))
    return values.reshape((values.shape[0],) + (1,) * (ndim - 2) + values.shape[1:])
