"""The assessment engine: a pure function of (proposal, country profile, assumption set).

Every number comes from the assumption set (see docs/method.md); the engine evaluates many
variants of an offer at once with numpy so that the moves, the next-band search, the trade-off
grid and the ranking over all countries cost one vectorised pass each.

Performance notes (benchmarks/engine.py measures them; tests/core/test_engine_golden.py locks
the outputs): one assessment evaluates ~430 variants, where numpy's fixed cost per call
weighs as much as the arithmetic. So `_evaluate` works in place in one workspace with few,
cheap calls; whatever depends only on the assumption set, a measure set, a country or the
batch layout (never on the lever values) is cached on the compiled Params (`_Derived`); and
`_assemble` reads the base row, ranks the moves and searches the next band for a whole batch
of countries at once, building Python dicts only for what the result holds. `rank` evaluates
the countries in chunks that stay in cache. None of this changes a number: every element goes
through the same floating-point operations in the same order as the plain formulas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import screen as _screen
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
    high_gap_multiple: float
    high_risk_multiple: float
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
        for i, (mid, lever) in enumerate(zip(ids, levers, strict=True)):
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
        high_gap_multiple=a["flag.high_multiple_gap"],
        high_risk_multiple=a["flag.high_multiple_risk"],
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


# ---------------------------------------------------------------------------- derived data and caches
#
# Evaluating ~430 variants costs about as much in fixed per-call overhead of numpy as in
# arithmetic, so the engine keeps what depends only on the assumption set, a measure set, a
# country or a batch layout (never on the lever values) in small caches hung on the compiled
# Params. None of them changes a number: they hold the same values the formulas would compute.


class _Layout:
    """Where each kind of row sits in the variant batch, for a given number of lever steps."""

    def __init__(self, n_steps: int, n_measures: int) -> None:
        self.toggle_start = 1 + n_steps
        self.sweep_start = self.toggle_start + n_measures
        self.total = self.sweep_start + 4 * 101
        # The sweep block: lever i runs over 0..100 in its own 101 rows; elsewhere (keep) every
        # lever stays at the proposal's value.
        self.sweep_values = np.zeros((4, self.total))
        self.keep = np.ones((4, self.total), dtype=bool)
        for i in range(4):
            cols = slice(self.sweep_start + 101 * i, self.sweep_start + 101 * (i + 1))
            self.sweep_values[i, cols] = _SWEEP
            self.keep[i, cols] = False
        # Row -> column of the measure-variant table: 0 the base set, 1 + j measure j toggled.
        self.agg_index = np.zeros(self.total, dtype=np.intp)
        self.agg_index[self.toggle_start : self.sweep_start] = np.arange(1, n_measures + 1)


class _MeasureSet:
    """Everything that depends only on the chosen measure set (cached per set)."""

    def __init__(self, measures: frozenset[str], p: Params) -> None:
        self.chosen = np.array([1.0 if mid in measures else 0.0 for mid in p.measure_ids])
        m = len(self.chosen)
        toggled = np.where(np.eye(m, dtype=bool), 1.0 - self.chosen, self.chosen)
        # Summed effects (15, 1+M) of the base set and of each single toggle.
        self.agg_unique = np.ascontiguousarray(aggregate(np.vstack([self.chosen[None, :], toggled]), p))
        self.base_agg = self.agg_unique[:, 0]
        self.bonus = self.base_agg[0:4].tolist()
        self.relief = self.base_agg[4:8].tolist()
        self.adds = [not c for c in self.chosen.tolist()]
        self.measures = measures
        self._best: dict[tuple[str, int], int | None] = {}
        self._labels: dict[int, str] = {}

    def best(self, p: Params, effect: str, lever: int = -1) -> int | None:
        """The unchosen measure (under one lever, if given) that helps most with a problem a
        flag reports: effect "bonus", "relief" (per lever), "misuse" or "transfer"; memoised."""
        key = (effect, lever)
        if key not in self._best:
            values = _derived(p).effect_values[effect]
            if lever >= 0:
                self._best[key] = _best_measure(p, self.measures, values[lever], LEVERS[lever])
            else:
                self._best[key] = _best_measure(p, self.measures, values)
        return self._best[key]

    def rows(self, layout: _Layout, p: Params) -> tuple[np.ndarray, list[tuple[int, str, bool]]]:
        """The (15, V) effects of every variant row (read-only), and the toggle rows (row,
        measure, add?); cached on the Params per measure set and layout."""
        cache = _derived(p).rows
        key = (self.measures, layout.toggle_start)
        hit = cache.get(key)
        if hit is None:
            agg = np.ascontiguousarray(self.agg_unique[:, layout.agg_index])
            agg.flags.writeable = False
            toggles = [(layout.toggle_start + j, mid, add) for j, (mid, add) in enumerate(zip(p.measure_ids, self.adds, strict=True))]
            if len(cache) >= 32:  # ~50 kB each
                cache.clear()
            hit = cache[key] = (agg, toggles)
        return hit

    def label(self, j: int, a: AssumptionSet, p: Params) -> str:
        """The label of toggling measure j ("Add …" / "Drop …"); memoised."""
        text = self._labels.get(j)
        if text is None:
            text = self._labels[j] = f"{'Add' if self.adds[j] else 'Drop'} {a.measure(p.measure_ids[j]).name}"
        return text


class _Country:
    """A profile's engine inputs, and its folded terms per set of components (cached per profile)."""

    __slots__ = ("profile", "inputs", "scalars", "demand", "intensity", "terms")

    def __init__(self, profile: CountryProfile, p: Params) -> None:
        self.profile = profile  # held so that its id() cannot be reused while cached
        self.inputs = country_inputs(profile, p)
        self.scalars = _country_scalars(self.inputs, 2)
        self.demand = self.inputs.demand.tolist()
        self.intensity = self.inputs.intensity.tolist()
        self.terms: dict[tuple[float, ...], _Terms] = {}


class _Derived:
    """Data derived once from a Params, and the engine's bounded caches (kept on the Params)."""

    _LIMIT = 128

    def __init__(self, p: Params) -> None:
        self.measure_id_set = frozenset(p.measure_ids)
        # Per measure, what it does about each problem a flag reports (Python floats).
        self.effect_values: dict[str, Any] = {
            "bonus": p.bonus.T.tolist(),
            "relief": p.relief.T.tolist(),
            "misuse": (-p.misuse_keep_log).tolist(),
            "transfer": (-p.transfer_keep_log).tolist(),
        }
        self.comm_cost_pct = p.comm_cost / 100.0
        self.max_points = (p.dim_weights * 100.0).tolist()
        self.zero_weights = float(p.dim_weights_raw.sum()) <= 0
        # Scalars of the formulas as 0-d arrays: the same doubles, and numpy applies a 0-d
        # array faster than a Python float (no conversion per call).
        self.w0, self.cw0 = _scalar(p.st_weights[0]), _scalar(p.cont_weights[0])
        self.aw = [_scalar(v) for v in p.acc_weights]
        self.sw = [_scalar(v) for v in p.asr_weights]
        self.under_penalty = _scalar(p.under_penalty)
        self.st_misuse_penalty = _scalar(p.st_misuse_penalty)
        self.st_transfer_penalty = _scalar(p.st_transfer_penalty)
        self.acceptance_threshold = _scalar(p.acceptance_threshold)
        self.assurance_threshold = _scalar(p.assurance_threshold)
        self.gate_rate = _scalar(p.gate_rate)
        self.layouts: dict[int, _Layout] = {}
        self.measure_sets: dict[frozenset[str], _MeasureSet] = {}
        self.countries: dict[int, _Country] = {}
        self.batches: dict[tuple[int, ...], _Batches] = {}
        self.inside: dict[tuple[tuple[int, int], ...], np.ndarray] = {}
        self.rows: dict[tuple[frozenset[str], int], tuple[np.ndarray, list[tuple[int, str, bool]]]] = {}
        self._full: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}
        self._full_terms: dict[tuple[int, tuple[int, ...]], tuple[_Terms, np.ndarray, np.ndarray]] = {}
        self._over_penalty = p.over_penalty
        self._dim_weights = p.dim_weights

    def full(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A per-lever or per-dimension parameter column broadcast to a full batch shape.

        Same-shaped contiguous operands take numpy's fastest loops (a (4, 1) column against a
        (4, V) array costs several times more per call).
        """
        hit = self._full.get((name, shape))
        if hit is None:
            column = self._over_penalty if name == "over_penalty" else self._dim_weights
            if len(self._full) >= 16:
                self._full.clear()
            hit = np.ascontiguousarray(np.broadcast_to(column.reshape((len(column),) + (1,) * (len(shape) - 1)), shape))
            hit.flags.writeable = False
            self._full[(name, shape)] = hit
        return hit

    def full_terms(self, t: _Terms, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """A country's demand and weight columns broadcast to a full (4, …) batch shape."""
        key = (id(t), shape)
        hit = self._full_terms.get(key)
        if hit is None or hit[0] is not t:
            if len(self._full_terms) >= 32:  # ~30 kB each
                self._full_terms.clear()
            demand, weight = np.empty(shape), np.empty(shape)
            demand[...], weight[...] = t.demand, t.weight
            demand.flags.writeable = weight.flags.writeable = False
            hit = self._full_terms[key] = (t, demand, weight)  # t pins its id
        return hit[1], hit[2]

    def layout(self, n_steps: int, n_measures: int) -> _Layout:
        hit = self.layouts.get(n_steps)
        if hit is None:
            hit = self.layouts[n_steps] = _Layout(n_steps, n_measures)
        return hit

    def measure_set(self, measures: frozenset[str], p: Params) -> _MeasureSet:
        hit = self.measure_sets.get(measures)
        if hit is None:
            if len(self.measure_sets) >= self._LIMIT:
                self.measure_sets.clear()
            hit = self.measure_sets[measures] = _MeasureSet(measures, p)
        return hit

    def country(self, profile: CountryProfile, p: Params) -> _Country:
        """The cached inputs of a profile (by identity: profiles are immutable)."""
        hit = self.countries.get(id(profile))
        if hit is None or hit.profile is not profile:
            if len(self.countries) >= 8 * self._LIMIT:
                self.countries.clear()
            hit = self.countries[id(profile)] = _Country(profile, p)
        return hit

    def country_batches(self, profiles: Sequence[CountryProfile], countries: Sequence[_Country]) -> _Batches:
        """The chunks of a ranking over these profiles, cached per list of profiles."""
        key = tuple(map(id, profiles))
        hit = self.batches.get(key)
        if hit is None:
            if len(self.batches) >= 8:
                self.batches.clear()
            hit = self.batches[key] = _Batches(profiles, countries)
        return hit

    def inside_red_lines(self, bounds: tuple[tuple[int, int], ...]) -> np.ndarray:
        """(4, 101): which levels of each lever lie inside the red lines."""
        hit = self.inside.get(bounds)
        if hit is None:
            if len(self.inside) >= self._LIMIT:
                self.inside.clear()
            arr = np.array(bounds)
            hit = (_LEVEL_GRID >= arr[:, 0:1]) & (_LEVEL_GRID <= arr[:, 1:2])
            hit.flags.writeable = False
            self.inside[bounds] = hit
        return hit


class _Batches:
    """A ranking's countries cut into chunks, with each chunk's `_country_arrays` and terms."""

    def __init__(self, profiles: Sequence[CountryProfile], countries: Sequence[_Country]) -> None:
        self.profiles = tuple(profiles)  # held so that their ids cannot be reused while cached
        inputs = [c.inputs for c in countries]
        self.bounds = _chunks(len(inputs))
        self.arrays = [_country_arrays(inputs[lo:hi]) for lo, hi in self.bounds]
        self.terms: dict[tuple[float, ...], list[_Terms]] = {}

    def chunk_terms(self, components: np.ndarray, p: Params) -> list[_Terms]:
        key = tuple(components.tolist())
        hit = self.terms.get(key)
        if hit is None:
            if len(self.terms) >= 64:
                self.terms.clear()
            hit = self.terms[key] = [_country_terms(components, arrays, p) for arrays in self.arrays]
        return hit


def _scalar(value: Any) -> np.ndarray:
    """A number as a read-only 0-d float64 array."""
    arr = np.array(float(value))
    arr.flags.writeable = False
    return arr


_ZERO, _ONE, _HUNDRED = _scalar(0.0), _scalar(1.0), _scalar(100.0)


def _derived(p: Params) -> _Derived:
    """The derived data and caches of a Params (created on first use)."""
    d = p.__dict__.get("_derived")
    if d is None:
        d = p.__dict__["_derived"] = _Derived(p)
    return d


# Countries evaluated per numpy pass when ranking: small enough for the working set to stay in
# cache. The reductions in `evaluate` run the same way for any chunk of two or more countries.
_RANK_CHUNK = 16


def _chunks(n: int) -> list[tuple[int, int]]:
    """Bounds of the chunks of a ranking over n countries (no chunk of one unless n == 1)."""
    bounds = [(lo, min(lo + _RANK_CHUNK, n)) for lo in range(0, n, _RANK_CHUNK)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2:] = [(bounds[-2][0], n)]
    return bounds


# ---------------------------------------------------------------------------- the model


class _Terms:
    """The terms of the formulas that depend only on the country and the components.

    Scalars (as 0-d arrays) for one country, arrays (K, 1) over a batch of countries;
    demand and weight are per-lever columns (4, …).
    """

    __slots__ = (
        "scalar", "shape", "unit", "demand", "weight", "cx0", "abs_slope", "abs_const", "mis_factor", "tr_factor",
        "st_const", "cont_const", "comm_const", "comm_compet", "acc_compet", "acc_const", "asr_const",
    )


_TERM_SCALARS = (
    "cx0", "abs_slope", "abs_const", "mis_factor", "tr_factor", "st_const", "cont_const", "comm_const",
    "comm_compet", "acc_compet", "acc_const", "asr_const",
)


def _country_terms(components: np.ndarray, country: Mapping[str, Any], p: Params) -> _Terms:
    """Fold the country-only terms of every formula (see `evaluate`)."""
    t = _Terms()
    cx = components @ p.component_effects  # (7,) points per target
    cap = country["capacity"]
    trust = country["trust"] / 100.0
    gov = country["governance"]
    competition = country["competition"] / 100.0
    weight = p.align_base_weight + country["intensity"] / 100.0
    t.demand = country["demand"]
    t.weight = weight / weight.sum(0)
    w, cw, aw, sw = p.st_weights, p.cont_weights, p.acc_weights, p.asr_weights
    g_share = p.misuse_governance_share
    t.cx0 = cx[0]
    t.abs_slope = (p.partnership_uplift / 100.0) * (1.0 - cap / 100.0)
    t.abs_const = cap + cx[1]
    t.mis_factor = p.misuse_scale / 100.0 * (1.0 - p.misuse_max_mitigation * (g_share * gov / 100.0 + (1.0 - g_share) * trust))
    t.tr_factor = p.transfer_scale / 100.0 * (1.0 - p.transfer_trust_mitigation * trust)
    t.st_const = w[1] * trust * 100.0 + w[2] * gov + cx[2]
    t.cont_const = cw[1] * country["infrastructure"] + cx[3]
    t.comm_const = p.comm_base + p.comm_market * cap / 100.0 - p.comm_trust_penalty * (1.0 - trust) + cx[4]
    t.comm_compet = p.comm_competition * competition
    t.acc_compet = p.acc_competition * competition
    t.acc_const = aw[3] * trust * 100.0 + cx[5]
    t.asr_const = 100.0 * (sw[2] + sw[3]) + cx[6]
    values = [getattr(t, name) for name in _TERM_SCALARS]
    t.scalar = not any(isinstance(v, np.ndarray) and v.ndim for v in values)
    if t.scalar:
        # The same doubles as read-only 0-d arrays (views of one array).
        arr = np.array(values, dtype=float)
        arr.flags.writeable = False
        for i, name in enumerate(_TERM_SCALARS):
            setattr(t, name, arr[i, ...])
        t.shape = np.shape(t.demand)[1:]
    else:
        t.shape = _broadcast([np.shape(t.demand)[1:]] + [np.shape(v) for v in values])
    t.unit = all(n == 1 for n in t.shape)
    return t


def _broadcast(shapes: Sequence[tuple[int, ...]]) -> tuple[int, ...]:
    """The broadcast of several array shapes (assumed compatible; numpy checks them on use)."""
    nd = max(map(len, shapes))
    out = [1] * nd
    for shape in shapes:
        for i, n in enumerate(shape, nd - len(shape)):
            if n != 1:
                out[i] = n
    return tuple(out)


# Rows of the workspace of `_evaluate`, each shaped like the batch. The first _BASE_ROWS are
# what an assessment reports for the offer as it stands.
_FIT, _UNDER, _OVER = slice(0, 4), slice(4, 8), slice(8, 12)
_DIMS, _ITEMS = slice(12, 17), slice(17, 23)
_ACC, _ASR, _MISUSE, _TRANSFER, _OVERALL = 23, 24, 25, 26, 27
_BASE_ROWS = 28
_ALIGNMENT, _MISFIT, _TMP = 28, 29, 30
_WORK_ROWS = 31


def evaluate(levers: np.ndarray, agg: np.ndarray, components: np.ndarray, country: Mapping[str, Any], p: Params) -> dict[str, np.ndarray]:
    """Evaluate a batch of offers, feature axis first.

    levers (4, …) 0–100; agg (15, …) the summed effects of each offer's measures (see
    `aggregate`); components (C,) scales; country values as scalars or arrays that broadcast
    against the batch (per-lever ones with the lever axis first). Returns every intermediate
    the assessment reports: per-lever results (4, …), dims and items (5, …) and (6, …), the
    rest (…). The formulas are in `_country_terms` (the terms that depend only on the country)
    and `_evaluate` (the batch); docs/method.md gives them unfolded.
    """
    return _evaluate(levers, agg, _country_terms(components, country, p), p)[0]


def _evaluate(
    levers: np.ndarray, agg: np.ndarray, t: _Terms, p: Params, full: bool = False
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The batch part of `evaluate`, given the folded country terms.

    Returns the outputs of `evaluate` and the workspace they are views of (rows as laid out
    by the _FIT … _OVERALL constants), so that `_assemble` can read every output of the base
    row in one step.

    For one assessment the cost is the number of numpy calls more than the arithmetic, so
    results are written in place into one workspace, scalars are 0-d arrays and, with full
    (cached terms of one country, levers of the full batch shape), the per-lever and
    per-dimension columns are pre-broadcast: numpy's loops are several times cheaper when
    every operand is contiguous and of one shape. Each element still goes through the same
    operations in the same order as the unfolded formulas (sums over levers and dimensions
    run in index order, as numpy's reduction over the first axis does), and maxima with 0 run
    over arrays of the same lengths as the plain formulas' (numpy's SIMD and scalar loops may
    disagree on the sign of a zero), so the results are bit for bit the same.
    """
    d = _derived(p)
    mn, mx, add, sub, mul = np.minimum, np.maximum, np.add, np.subtract, np.multiply
    batch = levers.shape[1:]
    if agg.shape[1:] != batch or not t.unit or len(t.shape) > len(batch):
        batch = _broadcast([batch, agg.shape[1:], t.shape])
    shape4 = (4,) + batch
    if full and t.scalar and levers.shape == shape4:
        demand, weight = d.full_terms(t, shape4)
        over_penalty = d.full("over_penalty", shape4)
        dim_weights = d.full("dim_weights", (5,) + batch)
    else:
        demand, weight = t.demand, t.weight
        over_penalty = p.over_penalty.reshape((4,) + (1,) * len(batch))
        dim_weights = p.dim_weights.reshape((5,) + (1,) * len(batch))
    work = np.empty((_WORK_ROWS,) + batch)
    fit, under, over = work[_FIT], work[_UNDER], work[_OVER]
    dims, items = work[_DIMS], work[_ITEMS]
    acceptance, assurance, misuse, transfer = work[_ACC], work[_ASR], work[_MISUSE], work[_TRANSFER]
    overall, alignment, misfit, tmp = work[_OVERALL], work[_ALIGNMENT], work[_MISFIT], work[_TMP]

    # Per lever: what the offer reaches, shortfall (under) and overshoot (over), fit.
    reach = levers + agg[0:4]
    offer = mn(reach, _HUNDRED)
    sub(demand, reach, out=under)
    mx(under, _ZERO, out=under)
    sub(levers, demand, out=over)
    over -= agg[4:8]
    mx(over, _ZERO, out=over)
    mul(under, d.under_penalty, out=fit)
    sub(_HUNDRED, fit, out=fit)
    fit -= mul(over, over_penalty)
    mn(fit, _HUNDRED, out=fit)
    mx(fit, _ZERO, out=fit)
    weighted = mul(fit, weight)
    add(weighted[0], weighted[1], out=alignment)  # the sum over levers, in order
    alignment += weighted[2]
    alignment += weighted[3]
    np.divide(alignment, _HUNDRED, out=misfit)
    sub(_ONE, misfit, out=misfit)  # 1 - alignment / 100
    par = levers[3]

    # Risks: exposure (capped), times the country's factor and the share the measures keep.
    add(levers[2], agg[_MIS_EXP], out=misuse)
    add(par, agg[_TR_EXP], out=transfer)
    risks = work[_MISUSE : _TRANSFER + 1]
    mn(risks, _HUNDRED, out=risks)
    misuse *= t.mis_factor
    misuse *= np.exp(agg[_MIS_KEEP])
    transfer *= t.tr_factor
    transfer *= np.exp(agg[_TR_KEEP])
    mn(risks, _HUNDRED, out=risks)

    # The five dimensions, each clamped to 0–100.
    add(alignment, t.cx0, out=dims[0])
    absorptive = dims[1]
    mul(par, t.abs_slope, out=absorptive)
    absorptive += agg[_ABS]
    absorptive += t.abs_const
    security_trust = dims[2]
    mul(offer[0], d.w0, out=security_trust)
    security_trust += t.st_const
    security_trust -= mul(misuse, d.st_misuse_penalty, out=tmp)
    security_trust -= mul(transfer, d.st_transfer_penalty, out=tmp)
    continuity = dims[3]
    mul(offer[1], d.cw0, out=continuity)
    continuity += agg[_CONT]
    continuity += t.cont_const
    commercial = dims[4]
    lever_cost = (d.comm_cost_pct @ levers.reshape(4, -1)).reshape(levers.shape[1:])
    sub(t.comm_const, lever_cost, out=commercial)
    commercial -= agg[_COST]
    commercial -= mul(misfit, t.comm_compet, out=tmp)
    mn(dims, _HUNDRED, out=dims)
    for row in dims:  # max with 0 row by row: the array lengths the sign of a zero may depend on
        mx(row, _ZERO, out=row)

    # Both sides: counterpart acceptance and exporter assurance, clamped to 0–100.
    aw, sw = d.aw, d.sw
    mul(alignment, aw[0], out=acceptance)
    acceptance += mul(absorptive, aw[1], out=tmp)
    acceptance += mul(continuity, aw[2], out=tmp)
    acceptance -= mul(misfit, t.acc_compet, out=tmp)
    acceptance += t.acc_const
    mul(security_trust, sw[0], out=assurance)
    assurance += mul(commercial, sw[1], out=tmp)
    assurance -= mul(misuse, sw[2], out=tmp)
    assurance -= mul(transfer, sw[3], out=tmp)
    assurance += t.asr_const
    sides = work[_ACC : _ASR + 1]
    mn(sides, _HUNDRED, out=sides)
    mx(acceptance, _ZERO, out=acceptance)
    mx(assurance, _ZERO, out=assurance)

    # Line items: each dimension's weighted points, then the both-sides gate (<= 0).
    mul(dims, dim_weights, out=items[0:5])
    subtotal = add(items[0], items[1], out=overall)  # the sum over dimensions, in order
    subtotal += items[2]
    subtotal += items[3]
    subtotal += items[4]
    gate = items[5]
    sub(d.acceptance_threshold, acceptance, out=gate)
    mx(gate, sub(d.assurance_threshold, assurance, out=tmp), out=gate)
    mx(gate, _ZERO, out=gate)  # the shortfall
    gate *= d.gate_rate
    mn(gate, subtotal, out=gate)
    sub(_ZERO, gate, out=gate)
    overall += gate
    out = {
        "offer": offer,
        "fit": fit,
        "under": under,
        "over": over,
        "dims": dims,
        "items": items,
        "overall": overall,
        "acceptance": acceptance,
        "assurance": assurance,
        "misuse": misuse,
        "transfer": transfer,
    }
    return out, work


_HALF_CENT = 0.005  # scores are shown to 0.01; band boundaries are judged on the shown score


def band_index(score: float | np.ndarray, p: Params) -> Any:
    """0 = Not ready … 3 = Ready, by the band boundaries of the assumption set."""
    return np.searchsorted(np.asarray(p.bands), score, side="right")


def band_name(score: float, p: Params) -> str:
    """The band a score falls in, judged on the score as shown (two decimals)."""
    b = p.bands
    shown = round(float(score), 2)
    return BANDS[(shown >= b[0]) + (shown >= b[1]) + (shown >= b[2])]


# ---------------------------------------------------------------------------- variants


class _Lever:
    """One lever of a proposal, as the flags and moves of every country need it."""

    __slots__ = ("i", "name", "label", "value", "cur", "lo", "hi", "bonus", "relief")

    def __init__(self, i: int, name: str, value: Any, lo: int, hi: int, ms: _MeasureSet) -> None:
        self.i, self.name, self.label = i, name, LEVER_LABELS[name]
        self.value, self.cur = float(value), int(value)
        self.lo, self.hi = lo, hi
        self.bonus, self.relief = ms.bonus[i], ms.relief[i]


@dataclass(slots=True)
class _Variants:
    """The batch evaluated for one assessment: base, lever steps, measure toggles, sweeps."""

    levers: np.ndarray  # (4, V)
    agg: np.ndarray  # (15, V) summed measure effects per row (cached, read-only)
    base_agg: np.ndarray  # (15,)
    steps: list[tuple[int, str, int, int]]  # row, lever, from, to
    toggles: list[tuple[int, str, bool]]  # row, measure, add?
    sweep_start: int
    measures: _MeasureSet
    lever_info: tuple[_Lever, ...]
    bounds: tuple[tuple[int, int], ...]  # each lever's red line (lo, hi)


_LEVEL_GRID = np.arange(101)[None, :]


def chosen_vector(proposal: Proposal, p: Params) -> np.ndarray:
    """The proposal's measures as a 0/1 vector in catalog order."""
    return np.array([1.0 if mid in proposal.measures else 0.0 for mid in p.measure_ids])


def _variants(proposal: Proposal, p: Params) -> _Variants:
    """The rows of one assessment: base, ±step per lever, each measure toggled, 4×101 sweeps.

    Only the lever values are built per call; the measure effects of every row come from the
    cache of the measure set.
    """
    d = _derived(p)
    ms = d.measure_set(proposal.measures, p)
    step = p.lever_step
    steps: list[tuple[int, str, int, int]] = []
    moved: list[tuple[int, int, int]] = []  # lever index, row, level
    info = []
    base = []
    bounds = []
    for i, lever in enumerate(LEVERS):
        lo, hi = bound = proposal.red_line(lever)
        value = proposal.levers[lever]
        cur = int(value)
        base.append(float(value))
        bounds.append(bound)
        info.append(_Lever(i, lever, value, lo, hi, ms))
        for sign in (-1, 1):
            to = min(max(cur + sign * step, lo, 0), hi, 100)
            if to != cur:
                steps.append((1 + len(steps), lever, cur, to))
                moved.append((i, len(steps), to))
    layout = d.layout(len(steps), len(p.measure_ids))
    levers = layout.sweep_values.copy()
    np.copyto(levers, np.array(base)[:, None], where=layout.keep)
    for i, row, to in moved:
        levers[i, row] = to
    agg, toggles = ms.rows(layout, p)
    return _Variants(levers, agg, ms.base_agg, steps, toggles, layout.sweep_start, ms, tuple(info), tuple(bounds))


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
    screen: Any = None  # the destination screen's ScreenResult (desktop/core/screen.py), None if unscreened

    @property
    def scored(self) -> bool:
        """False for an embargoed destination: no readiness score exists."""
        return self.screen is None or self.screen.scored

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data, numbers rounded to 0.01.

        `overall` is the score rounded to 0.01, and the line items are rounded so that they add
        up to it exactly (largest-remainder rounding in hundredths).
        """
        points = _round_to_total([li["points"] for li in self.line_items], round(self.overall, 2))
        items = [
            dict(li, points=pts, score=None if li["score"] is None else round(li["score"], 2))
            for li, pts in zip(self.line_items, points, strict=True)
        ]
        return {
            "country": self.country,
            "overall": round(self.overall, 2),
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
            "screen": None if self.screen is None else self.screen.to_dict(),
        } if self.scored else _screen.unscored_dict(self._screened_dict())

    def _screened_dict(self) -> dict[str, Any]:
        return {"country": self.country, "band": self.band, "flags": self.flags,
                "assumptions_version": self.assumptions_version, "screen": self.screen.to_dict()}


def _round_to_total(values: list[float], total: float) -> list[float]:
    """Round values to hundredths so that they add up exactly to total (in hundredths)."""
    cents = [v * 100.0 for v in values]
    floors = [math.floor(c) for c in cents]
    short = int(round(total * 100.0)) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: cents[i] - floors[i], reverse=short > 0)
    step = 1 if short > 0 else -1
    for i in order[: abs(short)]:
        floors[i] += step
    return [f / 100.0 for f in floors]


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
    c = _derived(p).country(profile, p)
    var = _variants(proposal, p)
    key = tuple(proposal.components.get(comp, 0) for comp in COMPONENTS)
    terms = c.terms.get(key)
    if terms is None:
        if len(c.terms) >= 8:
            c.terms.clear()
        terms = c.terms[key] = _country_terms(_components(proposal), c.scalars, p)
    # A batch of one country: every output shaped (…, 1, V), as `_assemble` takes them.
    out, work = _evaluate(var.levers[:, None, :], var.agg[:, None, :], terms, p, full=True)
    return _screen.screen_assessment(_assemble(proposal, [c], assumptions, p, var, out, work)[0], proposal, profile, assumptions)


def rank(proposal: Proposal, profiles: Iterable[CountryProfile], assumptions: AssumptionSet) -> list[Assessment]:
    """The same offer assessed for every country, best first (vectorised, by chunks of countries)."""
    p = compile_params(assumptions)
    profiles = list(profiles)
    if not profiles:
        return []
    d = _derived(p)
    proposal.validate(d.measure_id_set)  # the offer is retargeted at each country in turn
    countries = [d.country(prof, p) for prof in profiles]
    var = _variants(proposal, p)
    batches = d.country_batches(profiles, countries)
    levers, agg = var.levers[:, None, :], var.agg[:, None, :]
    results: list[Assessment] = []
    for (lo, hi), terms in zip(batches.bounds, batches.chunk_terms(_components(proposal), p), strict=True):
        out, work = _evaluate(levers, agg, terms, p)
        results.extend(_assemble(proposal, countries[lo:hi], assumptions, p, var, out, work))
    # The destination screen: countries where a deal can proceed first, then denial, then embargoed.
    results = [_screen.screen_assessment(a, proposal, prof, assumptions) for a, prof in zip(results, profiles, strict=True)]
    results.sort(key=_screen.rank_key)
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
    # A copy: the outputs of `evaluate` are views of one larger workspace.
    if metric in DIMENSIONS:
        return out["dims"][DIMENSIONS.index(metric)].copy()
    return out[metric].copy()


def _check(proposal: Proposal, profile: CountryProfile, p: Params) -> None:
    if proposal.country != profile.iso3:
        raise DomainError(f"proposal is for {proposal.country}, profile is {profile.iso3}")
    proposal.validate(_derived(p).measure_id_set)


# ---------------------------------------------------------------------------- assembly


_LINE_ITEM_KEYS = tuple((DIMENSION_LABELS[d], d, f"weight.{d}") for d in DIMENSIONS)


class _Context:
    """What the assessments of one batch of countries share: proposal, variants, labels."""

    __slots__ = ("a", "p", "var", "ms", "levers", "n_steps")

    def __init__(self, a: AssumptionSet, p: Params, var: _Variants) -> None:
        self.a, self.p, self.var = a, p, var
        self.ms = var.measures
        self.levers = var.lever_info
        self.n_steps = len(var.steps)

    def move(self, k: int) -> dict[str, Any]:
        """A fresh dict describing single-change row 1 + k as a move (before its scores)."""
        if k < self.n_steps:
            _row, lever, frm, to = self.var.steps[k]
            return {"kind": "lever", "lever": lever, "from": frm, "to": to,
                    "label": f"{'Raise' if to > frm else 'Lower'} {lever} {frm} → {to}"}
        j = k - self.n_steps
        _row, mid, add = self.var.toggles[j]
        return {"kind": "measure", "measure": mid, "action": "add" if add else "remove",
                "label": self.ms.label(j, self.a, self.p)}

    def fix(self, k: int) -> dict[str, Any]:
        """A fresh dict of single-change row 1 + k as the fix of a flag."""
        if k < self.n_steps:
            _row, lever, _frm, to = self.var.steps[k]
            return _lever_fix(lever, to)
        j = k - self.n_steps
        _row, mid, add = self.var.toggles[j]
        return {"kind": "measure", "measure": mid, "action": "add" if add else "remove",
                "label": self.ms.label(j, self.a, self.p)}


def _best_rows(overall: np.ndarray, sweep_start: int, top_n: int) -> tuple[list[list[int]], list[list[float]]]:
    """Per country, the top_n single-change rows by gain over the base row (0-based after the
    base; highest first, ties in row order) and their gains."""
    n = overall.shape[0]
    if top_n <= 0 or sweep_start <= 1:
        return [[]] * n, [[]] * n
    gains = overall[:, 1:sweep_start] - overall[:, :1]
    if n == 1:
        g = gains[0].tolist()
        total = sum(g)
        if total == total:  # no NaN: Python's stable sort orders as numpy's stable argsort does
            order = sorted(range(len(g)), key=g.__getitem__, reverse=True)[:top_n]
            return [order], [[g[k] for k in order]]
    order = np.argsort(-gains, axis=1, kind="stable")[:, :top_n]
    return order.tolist(), np.take_along_axis(gains, order, 1).tolist()


def _side_fixes(side: np.ndarray, sweep_start: int) -> list[int | None]:
    """Per country, the single-change row (0-based after the base) that raises a side most."""
    gains = side[:, 1:sweep_start] - side[:, :1]
    if gains.shape[1] == 0:
        return [None] * side.shape[0]
    return [None if g <= 0 else k for g, k in zip(gains.max(1).tolist(), gains.argmax(1).tolist(), strict=True)]


def _assemble(
    proposal: Proposal,
    countries: Sequence[_Country],
    a: AssumptionSet,
    p: Params,
    var: _Variants,
    out: Mapping[str, np.ndarray],
    work: np.ndarray,
) -> list[Assessment]:
    """Build the assessments of a batch of K countries from `_evaluate` outputs shaped (…, K, V).

    Whatever can be is done for the whole batch with numpy (reading the base row, ranking
    the moves, the next-band search, the side fixes); Python builds only the result dicts, and
    describes only the winning moves.
    """
    n = len(countries)
    ctx = _Context(a, p, var)
    ss = var.sweep_start
    overall = out["overall"]
    rows = work[:_BASE_ROWS, :, 0].T.tolist()  # per country, the base row as laid out in work
    offers = out["offer"][:, :, 0].T.tolist()
    if len(offers) != n:
        offers = offers * n
    bands = p.bands
    base_band = [BANDS.index(band_name(r[_OVERALL], p)) for r in rows]

    # Best moves: rank the single-change rows by gain (stable: ties keep the row order).
    best_k, best_gain = _best_rows(overall, ss, p.top_n)

    # Next band: per lever, the nearest level inside the red lines whose sweep row reaches it.
    threshold = [bands[b] if b < len(bands) else np.inf for b in base_band]
    sweep = overall[:, ss:].reshape(n, 4, 101)
    # A level counts when its score, as shown to two decimals, reaches the boundary.
    ok = sweep >= (threshold[0] if n == 1 else np.array(threshold)[:, None, None]) - _HALF_CENT
    ok &= _derived(p).inside_red_lines(var.bounds)
    distance = np.where(ok, np.abs(_LEVEL_GRID - var.levers[:, 0:1]), np.inf)
    nearest = distance.argmin(2).tolist()
    found = ok.any(2).tolist()

    # Side fixes, only where some country needs them.
    acc_fix = asr_fix = None
    if any(r[_ACC] < p.acceptance_threshold for r in rows):
        acc_fix = _side_fixes(out["acceptance"], ss)
    if any(r[_ASR] < p.assurance_threshold for r in rows):
        asr_fix = _side_fixes(out["assurance"], ss)

    results = []
    version = a.version
    max_points = _derived(p).max_points
    min_gain = p.min_gain
    for k, (c, r) in enumerate(zip(countries, rows, strict=True)):
        base_overall = r[_OVERALL]
        fit, offer, demand = r[_FIT], offers[k], c.demand
        dims, items = r[_DIMS], r[_ITEMS]
        commitments = {
            lv.name: {"fit": fit[lv.i], "demand": demand[lv.i], "offer": offer[lv.i], "lever": lv.value} for lv in ctx.levers
        }
        line_items = [
            {"label": label, "dimension": dim, "points": pts, "max_points": mp, "score": score, "weight_key": key}
            for (label, dim, key), pts, mp, score in zip(_LINE_ITEM_KEYS, items[:5], max_points, dims, strict=True)
        ]
        line_items.append(
            {"label": GATE_LABEL, "dimension": None, "points": items[5], "max_points": 0.0, "score": None,
             "weight_key": "gate.penalty_rate"}
        )
        best: list[dict[str, Any]] = []
        for j, gain in zip(best_k[k], best_gain[k], strict=True):
            if gain < min_gain:
                break
            score = base_overall + gain
            move = ctx.move(j)
            move.update(gain=gain, overall=score, band=band_name(score, p))
            best.append(move)
        next_band: dict[str, dict[str, Any] | None] = {}
        for lv, ok, to in zip(ctx.levers, found[k], nearest[k], strict=True):
            if ok:
                score = float(sweep[k, lv.i, to])
                next_band[lv.name] = {"lever": lv.name, "from": lv.cur, "to": to, "delta": to - lv.cur,
                                      "overall": score, "band": band_name(score, p)}
            else:
                next_band[lv.name] = None
        flags = _flags(ctx, c, r, offer, None if acc_fix is None else acc_fix[k], None if asr_fix is None else asr_fix[k])
        results.append(
            Assessment(
                country=c.profile.iso3,
                overall=base_overall,
                band=BANDS[base_band[k]],
                commitments=commitments,
                dimensions=dict(zip(DIMENSIONS, dims, strict=True)),
                counterpart_acceptance=r[_ACC],
                exporter_assurance=r[_ASR],
                risks={"misuse": r[_MISUSE], "technology_transfer": r[_TRANSFER]},
                line_items=line_items,
                flags=flags,
                moves={"best": best, "next_band": next_band},
                assumptions_version=version,
            )
        )
    return results


def _best_measure(p: Params, measures: frozenset[str], values: Sequence[float], lever: str | None = None) -> int | None:
    """Index of the unchosen measure (optionally under one lever) with the largest value."""
    best, best_val = None, 0.0
    for j, mid in enumerate(p.measure_ids):
        if mid in measures or (lever is not None and p.measure_lever[j] != lever):
            continue
        if values[j] > best_val:
            best, best_val = j, float(values[j])
    return best


def _measure_fix(a: AssumptionSet, mid: str, action: str = "add") -> dict[str, Any]:
    verb = "Add" if action == "add" else "Drop"
    return {"kind": "measure", "measure": mid, "action": action, "label": f"{verb} {a.measure(mid).name}"}


def _lever_fix(lever: str, to: int) -> dict[str, Any]:
    return {"kind": "lever", "lever": lever, "to": int(to), "label": f"Set {lever} to {int(to)}"}


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _flags(
    ctx: _Context, c: _Country, r: list[Any], offer: list[float], acc_fix: int | None, asr_fix: int | None
) -> list[dict[str, Any]]:
    """The flags of one country; r is its base row as laid out in the workspace of `_evaluate`."""
    p, a, ms = ctx.p, ctx.a, ctx.ms
    ci = c.inputs
    flags: list[dict[str, Any]] = []
    country = c.profile.name
    gap = p.gap_threshold
    unders, overs = r[_UNDER], r[_OVER]

    def add(severity: str, kind: str, message: str, fix: dict[str, Any] | None) -> None:
        flags.append({"severity": severity, "type": kind, "message": message, "fix": fix})

    def relief_fix(lv: _Lever) -> dict[str, Any]:
        j = ms.best(p, "relief", lv.i)
        if j is not None:
            return _measure_fix(a, p.measure_ids[j])
        return _lever_fix(lv.name, max(lv.lo, math.floor(c.demand[lv.i] + lv.relief)))

    for lv in ctx.levers:
        i, lever, label, cur, lo, hi = lv.i, lv.name, lv.label, lv.cur, lv.lo, lv.hi
        if not lo <= cur <= hi:
            add("high", "risk", f"{label} lever {cur} breaks your red line {lo}–{hi}", _lever_fix(lever, min(max(cur, lo), hi)))
        under, over, demand = unders[i], overs[i], c.demand[i]
        if under >= gap:
            severity = "high" if under >= p.high_gap_multiple * gap else "medium"
            target = math.ceil(demand - lv.bonus)
            fix: dict[str, Any] | None
            if target <= hi:
                fix = _lever_fix(lever, min(max(target, lo), 100))
            else:
                j = ms.best(p, "bonus", i)
                fix = _measure_fix(a, p.measure_ids[j]) if j is not None else None
            what = "accepts" if lever == "resilience" else "demands"
            add(severity, "friction", f"{label} offer {offer[i]:.0f} is {under:.0f} below what {country} {what} ({demand:.0f})", fix)
        elif lever == "resilience" and c.intensity[i] >= p.strong_localization and over > p.localization_tolerance:
            add(
                "high" if over >= gap else "medium",
                "friction",
                f"Multi-site resilience {cur} goes {over:.0f} beyond what {country} accepts under its "
                f"localization demand ({c.intensity[i]:.0f}/100)",
                relief_fix(lv),
            )
        elif over >= gap:
            add("low", "friction", f"{label} offer {cur} overshoots what {country} asks for ({demand:.0f}): cost without credit",
                relief_fix(lv))

    for value, threshold, effect, lv, message in (
        (r[_MISUSE], p.misuse_threshold, "misuse", ctx.levers[2],
         "Misuse risk {value:.0f}/100: open weights where governance is {ci.governance:.0f}/100"),
        (r[_TRANSFER], p.transfer_threshold, "transfer", ctx.levers[3],
         "Technology-transfer risk {value:.0f}/100 at trust {ci.trust:.0f}/100"),
    ):
        if value < threshold:
            continue
        j = ms.best(p, effect)
        fix = _measure_fix(a, p.measure_ids[j]) if j is not None else _lever_fix(lv.name, max(lv.lo, lv.cur - p.lever_step))
        add("high" if value >= p.high_risk_multiple * threshold else "medium", "risk", message.format(value=value, ci=ci), fix)
    acceptance, assurance = r[_ACC], r[_ASR]
    if acceptance < p.acceptance_threshold:
        add("medium", "friction",
            f"Counterpart acceptance {acceptance:.0f} is below {p.acceptance_threshold:.0f}: {country} may take a competing offer",
            None if acc_fix is None else ctx.fix(acc_fix))
    if assurance < p.assurance_threshold:
        add("medium", "risk",
            f"Exporter assurance {assurance:.0f} is below {p.assurance_threshold:.0f}: hard to stand behind this offer",
            None if asr_fix is None else ctx.fix(asr_fix))
    if ci.missing_pillars:
        names = ", ".join(PILLAR_LABELS[k] for k in ci.missing_pillars)
        add("low", "data", f"IMF does not publish {names} for {country}; capacity uses the mean of the other pillars", None)
    if _derived(p).zero_weights:
        add("high", "data", "All dimension weights are zero in this assumption set", None)
    flags.sort(key=lambda f: _SEVERITY_ORDER[f["severity"]])
    return flags
