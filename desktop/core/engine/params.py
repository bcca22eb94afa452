"""An assumption set compiled into the numbers the kernel reads.

Every value may be a float or an array of draws (the Monte Carlo and the tornado pass arrays
for the rows they vary): the kernel broadcasts them, so the point assessment and the draws run
the same formulas. Nothing numeric about the model is a constant here; each field names the
assumption row it comes from (docs/method.md lists them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from ..model import COMPONENTS, DIMENSIONS, FINANCING_KINDS, LEVERS, AssumptionSet

# Targets a stack component can move (points per scale step).
COMPONENT_TARGETS: tuple[str, ...] = DIMENSIONS + ("acceptance", "assurance")

# The per-measure assumption rows (measure.<id>.<effect>). offer_bonus, overshoot_relief and
# backing act on the measure's own lever; the rest are summed over the chosen set.
MEASURE_EFFECTS: tuple[str, ...] = (
    "offer_bonus",
    "overshoot_relief",
    "backing",
    "misuse_exposure",
    "misuse_reduction",
    "transfer_exposure",
    "transfer_reduction",
    "absorptive_bonus",
    "continuity_bonus",
    "cost_share",
    "licensing",
    "intrusion",
)
# Rows of the summed-effects array the kernel reads.
BONUS, RELIEF, BACKING = slice(0, 4), slice(4, 8), slice(8, 12)
MIS_EXP, MIS_KEEP, TR_EXP, TR_KEEP, ABSORB, CONTINUITY, COST, LICENSING, INTRUSION = range(12, 21)
N_EFFECTS = 21

# Destination statuses of the export-control screen whose licensing needs differ.
SCREEN_STATUSES: tuple[str, ...] = ("eligible", "licence", "denial", "embargoed")

# Assumption rows that state the exporter's position (costs, margins, its assurance side and
# thresholds): internal, never listed in a counterpart-safe output.
EXPORTER_SIDE_PREFIXES: tuple[str, ...] = (
    "deal.", "fin.exporter_cost.", "asr.", "gate.", "side.assurance_threshold", "lic.", "comm.",
    "weight.commercial_viability", "moves.price_",
)
EXPORTER_SIDE_SUFFIXES: tuple[str, ...] = (".cost_share", ".licensing", ".commercial_viability", ".assurance")


def exporter_side(key: str) -> bool:
    """True for an assumption row that reveals the exporter's position (see EXPORTER_SIDE_PREFIXES)."""
    return key.startswith(EXPORTER_SIDE_PREFIXES) or key.endswith(EXPORTER_SIDE_SUFFIXES)


Value = Any  # a float, or an ndarray of draws


@dataclass(frozen=True, eq=False)
class Params:
    """The compiled parameters; values are floats or arrays of draws (see the module doc)."""

    measure_ids: tuple[str, ...]
    measure_lever: tuple[int, ...]  # index into LEVERS
    measure_matrix: np.ndarray  # (M, 21) or (M, 21, N): per-measure effects, rows as above
    component_effects: np.ndarray  # (C, 8) or (C, 8, N)
    # fit and alignment
    under_penalty: Value
    over_penalty: np.ndarray  # (4,) or (4, N)
    align_base_weight: Value
    # credibility: the share of a promise the counterpart credits
    cred_base: Value
    cred_trust: Value
    # capacity and risks
    pillar_max: Value
    partnership_uplift: Value
    misuse_scale: Value
    misuse_governance_share: Value
    misuse_max_mitigation: Value
    transfer_scale: Value
    transfer_trust_mitigation: Value
    # security & trust; the exporter's licensing face of security
    st_weights: tuple[Value, Value, Value, Value]  # control, licensing, trust, governance (normalised)
    st_misuse_penalty: Value
    st_transfer_penalty: Value
    lic_base: Value
    lic_trust: Value
    lic_governance: Value
    lic_required: dict[str, Value]  # by screen status
    licence_delay_months: Value
    cont_delay_penalty: Value
    cont_weights: tuple[Value, Value]  # resilience offer, infrastructure (normalised)
    # money
    delivery_share: Value
    concession: np.ndarray  # (4,) or (4, N): share of value at lever 100 (quadratic in the lever)
    min_margin: Value
    fin_concession: dict[str, Value]  # by financing kind: share of the financed value the counterpart saves
    fin_cost: dict[str, Value]  # by financing kind: share of the financed value the exporter bears
    fin_limited: Value  # share of the concession left where federal financing is "limited"
    alt_concession: Value  # share of the rival's financed value the counterpart saves
    affordable_share: Value  # of GDP per year
    market_lo: Value  # log10 GDP (US$) scoring 0 and 100 on the market scale
    market_hi: Value
    comm_base: Value
    comm_market: Value
    comm_margin_slope: Value
    comm_trust_penalty: Value
    # the alternative
    comp_scale: Value
    comp_price_points: Value
    # both sides
    acc_weights: tuple[Value, Value, Value, Value]  # alignment, absorptive, continuity, trust
    acc_alternative: Value
    acc_afford_penalty: Value
    acc_afford_cap: Value
    acc_price_penalty: Value
    asr_weights: tuple[Value, Value, Value, Value]  # licensing, commercial, misuse, transfer
    asr_margin_penalty: Value
    asr_licensing_penalty: Value
    dim_weights: np.ndarray  # (6,) or (6, N), normalised to sum 1 (all zero stays zero)
    dim_weights_raw: np.ndarray
    bands: tuple[float, float, float]
    gate_rate: Value
    gate_margin_points: Value
    gate_licensing_points: Value
    acceptance_threshold: Value
    assurance_threshold: Value
    # flags and moves (never drawn)
    gap_threshold: float
    high_gap_multiple: float
    high_risk_multiple: float
    misuse_threshold: float
    transfer_threshold: float
    strong_localization: float
    localization_tolerance: float
    credibility_gap: float
    alternative_margin: float
    lever_step: int
    price_step: float
    price_floor: float
    price_ceiling: float
    top_n: int
    min_gain: float
    measure_size: float
    pair_step: int
    # Derived data and bounded caches of the engine (measure sets, countries, layouts); they
    # hold the same numbers the formulas give and die with the assumption set.
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def drawn(self) -> bool:
        """True when some value is an array of draws (Monte Carlo, tornado)."""
        return self.measure_matrix.ndim == 3


def normalised(*values: Value) -> tuple[Value, ...]:
    """Weights divided by their sum; all zero stays zero (element-wise for arrays)."""
    total = values[0]
    for v in values[1:]:
        total = total + v
    if not any(isinstance(v, np.ndarray) for v in values):
        return tuple(v / total if total > 0 else 0.0 for v in values)
    positive = np.asarray(total) > 0
    safe = np.where(positive, total, 1.0)
    return tuple(np.where(positive, v / safe, 0.0) for v in values)


def compile_params(a: AssumptionSet, overrides: Mapping[str, np.ndarray] | None = None) -> Params:
    """Compile an assumption set; overrides replace rows by arrays of draws (not cached)."""
    if not overrides:
        cached = a._cache.get("params")
        if cached is None:
            cached = a._cache["params"] = _compile(a, a.__getitem__, a.get, None)
        return cached
    n = max(np.size(v) for v in overrides.values())

    def value(key: str) -> Value:
        return overrides[key] if key in overrides else a[key]

    def get(key: str, default: float = 0.0) -> Value:
        return overrides[key] if key in overrides else a.get(key, default)

    return _compile(a, value, get, n)


def _stack(rows: list[list[Value]], n: int | None) -> np.ndarray:
    """A table of floats, or of floats and draws broadcast to (…, n) when any entry is drawn."""
    if n is None or not any(isinstance(v, np.ndarray) for row in rows for v in row):
        return np.array(rows, dtype=float).reshape(len(rows), -1) if rows else np.zeros((0, 0))
    return np.array([[np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in row] for row in rows])


def _measure_effects(mid: str, lever: int, get: Callable[..., Value]) -> list[Value]:
    row: list[Value] = [0.0] * N_EFFECTS
    e = f"measure.{mid}."
    row[lever] = get(e + "offer_bonus")
    row[4 + lever] = get(e + "overshoot_relief")
    row[8 + lever] = get(e + "backing")
    row[MIS_EXP] = get(e + "misuse_exposure")
    row[MIS_KEEP] = np.log1p(-np.clip(get(e + "misuse_reduction"), 0.0, 0.99))
    row[TR_EXP] = get(e + "transfer_exposure")
    row[TR_KEEP] = np.log1p(-np.clip(get(e + "transfer_reduction"), 0.0, 0.99))
    row[ABSORB] = get(e + "absorptive_bonus")
    row[CONTINUITY] = get(e + "continuity_bonus")
    row[COST] = get(e + "cost_share")
    row[LICENSING] = get(e + "licensing")
    row[INTRUSION] = get(e + "intrusion")
    return row


def _compile(a: AssumptionSet, A: Callable[[str], Value], get: Callable[..., Value], n: int | None) -> Params:  # noqa: N803
    ids = tuple(m.id for m in a.measures)
    levers = tuple(LEVERS.index(m.lever) for m in a.measures)
    matrix = _stack([_measure_effects(mid, lv, get) for mid, lv in zip(ids, levers, strict=True)], n)
    if matrix.size == 0:
        matrix = np.zeros((0, N_EFFECTS))
    components = _stack([[get(f"component.{c}.{t}") for t in COMPONENT_TARGETS] for c in COMPONENTS], n)

    def column(keys: list[str]) -> np.ndarray:
        return _stack([[A(k)] for k in keys], n)[:, 0]

    raw_weights = column([f"weight.{d}" for d in DIMENSIONS])
    dim_weights = np.stack(normalised(*raw_weights)) if raw_weights.ndim == 2 else np.array(normalised(*raw_weights))
    return Params(
        measure_ids=ids,
        measure_lever=levers,
        measure_matrix=matrix,
        component_effects=components,
        under_penalty=A("fit.under_penalty"),
        over_penalty=column([f"fit.over_penalty.{lv}" for lv in LEVERS]),
        align_base_weight=A("align.base_weight"),
        cred_base=A("cred.base"),
        cred_trust=A("cred.trust_weight"),
        pillar_max=A("capacity.pillar_max"),
        partnership_uplift=A("absorb.partnership_uplift"),
        misuse_scale=A("risk.misuse_scale"),
        misuse_governance_share=A("risk.misuse_governance_share"),
        misuse_max_mitigation=A("risk.misuse_max_mitigation"),
        transfer_scale=A("risk.transfer_scale"),
        transfer_trust_mitigation=A("risk.transfer_trust_mitigation"),
        st_weights=normalised(A("st.w_offer"), A("st.w_licensing"), A("st.w_trust"), A("st.w_governance")),  # type: ignore[arg-type]
        st_misuse_penalty=A("st.misuse_penalty"),
        st_transfer_penalty=A("st.transfer_penalty"),
        lic_base=A("lic.base"),
        lic_trust=A("lic.w_trust"),
        lic_governance=A("lic.w_governance"),
        lic_required={s: A(f"lic.required.{s}") for s in SCREEN_STATUSES},
        licence_delay_months=get("screen.licence_lead_time_months", 0.0),
        cont_delay_penalty=A("cont.licence_delay_penalty"),
        cont_weights=normalised(A("cont.w_resilience"), A("cont.w_infrastructure")),  # type: ignore[arg-type]
        delivery_share=A("deal.delivery_cost_share"),
        concession=column([f"deal.concession.{lv}" for lv in LEVERS]),
        min_margin=A("deal.min_margin"),
        fin_concession={k: (0.0 if k == "none" else A(f"fin.concession.{k}")) for k in FINANCING_KINDS},
        fin_cost={k: (0.0 if k == "none" else A(f"fin.exporter_cost.{k}")) for k in FINANCING_KINDS},
        fin_limited=A("fin.limited_share"),
        alt_concession=A("alt.concession"),
        affordable_share=A("market.affordable_share"),
        market_lo=A("market.log_gdp_low"),
        market_hi=A("market.log_gdp_high"),
        comm_base=A("comm.base"),
        comm_market=A("comm.market_weight"),
        comm_margin_slope=A("comm.margin_slope"),
        comm_trust_penalty=A("comm.trust_penalty"),
        comp_scale=A("comp.scale"),
        comp_price_points=A("comp.price_points"),
        acc_weights=normalised(A("acc.w_alignment"), A("acc.w_absorptive"), A("acc.w_continuity"), A("acc.w_trust")),  # type: ignore[arg-type]
        acc_alternative=A("acc.alternative_weight"),
        acc_afford_penalty=A("acc.afford_penalty"),
        acc_afford_cap=A("acc.afford_cap"),
        acc_price_penalty=A("acc.price_penalty"),
        asr_weights=normalised(A("asr.w_licensing"), A("asr.w_commercial"), A("asr.w_misuse"), A("asr.w_transfer")),  # type: ignore[arg-type]
        asr_margin_penalty=A("asr.margin_penalty"),
        asr_licensing_penalty=A("asr.licensing_penalty"),
        dim_weights=dim_weights,
        dim_weights_raw=raw_weights,
        bands=(float(a["band.at_risk"]), float(a["band.viable"]), float(a["band.ready"])),
        gate_rate=A("gate.penalty_rate"),
        gate_margin_points=A("gate.margin_points"),
        gate_licensing_points=A("gate.licensing_points"),
        acceptance_threshold=A("side.acceptance_threshold"),
        assurance_threshold=A("side.assurance_threshold"),
        gap_threshold=a["flag.gap_threshold"],
        high_gap_multiple=a["flag.high_multiple_gap"],
        high_risk_multiple=a["flag.high_multiple_risk"],
        misuse_threshold=a["flag.misuse_threshold"],
        transfer_threshold=a["flag.transfer_threshold"],
        strong_localization=a["flag.strong_localization"],
        localization_tolerance=a["flag.localization_tolerance"],
        credibility_gap=a["flag.credibility_gap"],
        alternative_margin=a["flag.alternative_margin"],
        lever_step=max(1, int(round(a["moves.lever_step"]))),
        price_step=max(0.01, round(float(a["moves.price_step"]), 2)),
        price_floor=float(a["moves.price_floor"]),
        price_ceiling=float(a["moves.price_ceiling"]),
        top_n=max(0, int(round(a["moves.top_n"]))),
        min_gain=a["moves.min_gain"],
        measure_size=float(a["moves.measure_size"]),
        pair_step=max(1, int(round(a["moves.pair_step"]))),
    )
