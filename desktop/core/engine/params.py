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

from ..model import COMPONENTS, DIMENSIONS, LEVERS, AssumptionSet

# Targets a stack component can move (points per scale step).
COMPONENT_TARGETS: tuple[str, ...] = DIMENSIONS + ("acceptance", "assurance")

# Effects of a measure summed over the chosen set: per-lever offer bonus and overshoot relief,
# then the scalar effects. The kernel reads them by these row numbers.
MEASURE_EFFECTS: tuple[str, ...] = (
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
BONUS, RELIEF = slice(0, 4), slice(4, 8)
MIS_EXP, MIS_KEEP, TR_EXP, TR_KEEP, ABSORB, CONTINUITY, COST = range(8, 15)
N_EFFECTS = 15

Value = Any  # a float, or an ndarray of draws


@dataclass(frozen=True, eq=False)
class Params:
    """The compiled parameters; values are floats or arrays of draws (see the module doc)."""

    measure_ids: tuple[str, ...]
    measure_lever: tuple[int, ...]  # index into LEVERS
    measure_matrix: np.ndarray  # (M, 15) or (M, 15, N): per-measure effects, rows as above
    component_effects: np.ndarray  # (C, 7) or (C, 7, N)
    under_penalty: Value
    over_penalty: np.ndarray  # (4,) or (4, N)
    align_base_weight: Value
    pillar_max: Value
    partnership_uplift: Value
    misuse_scale: Value
    misuse_governance_share: Value
    misuse_max_mitigation: Value
    transfer_scale: Value
    transfer_trust_mitigation: Value
    st_weights: tuple[Value, Value, Value]  # offer, trust, governance (normalised)
    st_misuse_penalty: Value
    st_transfer_penalty: Value
    cont_weights: tuple[Value, Value]  # resilience offer, infrastructure (normalised)
    comm_base: Value
    comm_market: Value
    comm_cost: np.ndarray  # (4,) or (4, N): points at lever 100
    comm_competition: Value
    comm_trust_penalty: Value
    acc_weights: tuple[Value, Value, Value, Value]  # alignment, absorptive, continuity, trust
    acc_competition: Value
    asr_weights: tuple[Value, Value, Value, Value]  # security_trust, commercial, misuse, transfer
    dim_weights: np.ndarray  # (5,) or (5, N), normalised to sum 1 (all zero stays zero)
    dim_weights_raw: np.ndarray
    bands: tuple[float, float, float]
    gate_rate: Value
    acceptance_threshold: Value
    assurance_threshold: Value
    gap_threshold: float
    high_gap_multiple: float
    high_risk_multiple: float
    misuse_threshold: float
    transfer_threshold: float
    strong_localization: float
    localization_tolerance: float
    lever_step: int
    top_n: int
    min_gain: float
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
        return np.array(rows, dtype=float)
    return np.array([[np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in row] for row in rows])


def _compile(a: AssumptionSet, A: Callable[[str], Value], get: Callable[..., Value], n: int | None) -> Params:  # noqa: N803
    ids = tuple(m.id for m in a.measures)
    levers = tuple(LEVERS.index(m.lever) for m in a.measures)

    def effects(mid: str, lever: int) -> list[Value]:
        row: list[Value] = [0.0] * N_EFFECTS
        row[lever] = get(f"measure.{mid}.offer_bonus")
        row[4 + lever] = get(f"measure.{mid}.overshoot_relief")
        row[MIS_EXP] = get(f"measure.{mid}.misuse_exposure")
        row[MIS_KEEP] = np.log1p(-np.clip(get(f"measure.{mid}.misuse_reduction"), 0.0, 0.99))
        row[TR_EXP] = get(f"measure.{mid}.transfer_exposure")
        row[TR_KEEP] = np.log1p(-np.clip(get(f"measure.{mid}.transfer_reduction"), 0.0, 0.99))
        row[ABSORB] = get(f"measure.{mid}.absorptive_bonus")
        row[CONTINUITY] = get(f"measure.{mid}.continuity_bonus")
        row[COST] = get(f"measure.{mid}.cost")
        return row

    matrix = _stack([effects(mid, lv) for mid, lv in zip(ids, levers, strict=True)], n)
    if matrix.size == 0:
        matrix = matrix.reshape((0, N_EFFECTS) + ((n,) if n is not None and matrix.ndim == 3 else ()))
    components = _stack([[get(f"component.{c}.{t}") for t in COMPONENT_TARGETS] for c in COMPONENTS], n)
    per_lever = lambda prefix: _stack([[A(f"{prefix}.{lv}")] for lv in LEVERS], n)[:, 0]  # noqa: E731
    raw_weights = _stack([[A(f"weight.{d}")] for d in DIMENSIONS], n)[:, 0]
    return Params(
        measure_ids=ids,
        measure_lever=levers,
        measure_matrix=matrix,
        component_effects=components,
        under_penalty=A("fit.under_penalty"),
        over_penalty=per_lever("fit.over_penalty"),
        align_base_weight=A("align.base_weight"),
        pillar_max=A("capacity.pillar_max"),
        partnership_uplift=A("absorb.partnership_uplift"),
        misuse_scale=A("risk.misuse_scale"),
        misuse_governance_share=A("risk.misuse_governance_share"),
        misuse_max_mitigation=A("risk.misuse_max_mitigation"),
        transfer_scale=A("risk.transfer_scale"),
        transfer_trust_mitigation=A("risk.transfer_trust_mitigation"),
        st_weights=normalised(A("st.w_offer"), A("st.w_trust"), A("st.w_governance")),  # type: ignore[arg-type]
        st_misuse_penalty=A("st.misuse_penalty"),
        st_transfer_penalty=A("st.transfer_penalty"),
        cont_weights=normalised(A("cont.w_resilience"), A("cont.w_infrastructure")),  # type: ignore[arg-type]
        comm_base=A("comm.base"),
        comm_market=A("comm.market_weight"),
        comm_cost=per_lever("comm.cost"),
        comm_competition=A("comm.competition_penalty"),
        comm_trust_penalty=A("comm.trust_penalty"),
        acc_weights=normalised(A("acc.w_alignment"), A("acc.w_absorptive"), A("acc.w_continuity"), A("acc.w_trust")),  # type: ignore[arg-type]
        acc_competition=A("acc.competition_penalty"),
        asr_weights=normalised(A("asr.w_security_trust"), A("asr.w_commercial"), A("asr.w_misuse"), A("asr.w_transfer")),  # type: ignore[arg-type]
        dim_weights=np.stack(normalised(*raw_weights)) if raw_weights.ndim == 2 else np.array(normalised(*raw_weights)),
        dim_weights_raw=raw_weights,
        bands=(float(a["band.at_risk"]), float(a["band.viable"]), float(a["band.ready"])),
        gate_rate=A("gate.penalty_rate"),
        acceptance_threshold=A("side.acceptance_threshold"),
        assurance_threshold=A("side.assurance_threshold"),
        gap_threshold=a["flag.gap_threshold"],
        high_gap_multiple=a["flag.high_multiple_gap"],
        high_risk_multiple=a["flag.high_multiple_risk"],
        misuse_threshold=a["flag.misuse_threshold"],
        transfer_threshold=a["flag.transfer_threshold"],
        strong_localization=a["flag.strong_localization"],
        localization_tolerance=a["flag.localization_tolerance"],
        lever_step=max(1, int(round(a["moves.lever_step"]))),
        top_n=max(0, int(round(a["moves.top_n"]))),
        min_gain=a["moves.min_gain"],
    )
