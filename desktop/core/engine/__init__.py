"""The assessment engine: a pure function of (proposal, country profile, assumption set).

Modules: `params` compiles an assumption set into numbers (or arrays of draws); `kernel` holds
every formula of the model, evaluated for whole batches; `variants` lays out the batch of one
assessment (the offer, each single change, each lever's sweep); `flags` and `moves` read that
batch; `results` types what comes out. This module assembles them: `assess` one proposal,
`rank` one offer over many countries, `grid` a metric over two levers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Sequence

import numpy as np

from .. import screen as _screen
from ..model import (
    BANDS,
    COMPONENTS,
    DIMENSION_LABELS,
    DIMENSIONS,
    LEVERS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)
from .flags import flags as _flags
from .kernel import (
    CountryInputs,
    Terms,
    aggregate,
    chosen_vector,
    country_inputs,
    evaluate,
    expand,
    stack_countries,
    terms,
)
from .params import Params, compile_params
from .results import GATE_LABEL, Assessment, Flag, LineItem
from .variants import Variants, single_change, variants

__all__ = [
    "GATE_LABEL", "GRID_METRICS", "Assessment", "CountryInputs", "Flag", "LineItem", "Params", "Terms",
    "aggregate", "assess", "band_index", "band_name", "chosen_vector", "compile_params", "components_vector",
    "country_inputs", "evaluate", "grid", "rank", "terms",
]

GRID_METRICS: tuple[str, ...] = ("overall", "acceptance", "assurance") + DIMENSIONS
_HALF_CENT = 0.005  # scores are shown to 0.01; band boundaries are judged on the shown score
_RANK_CHUNK = 16  # countries per kernel pass when ranking: the working set stays in cache
_LINE_ITEM_KEYS = tuple((DIMENSION_LABELS[d], d, f"weight.{d}") for d in DIMENSIONS)


def band_index(score: float | np.ndarray, p: Params) -> Any:
    """0 = Not ready … 3 = Ready, by the band boundaries of the assumption set."""
    return np.searchsorted(np.asarray(p.bands), score, side="right")


def band_name(score: float, p: Params) -> str:
    """The band a score falls in, judged on the score as shown (two decimals)."""
    b = p.bands
    shown = round(float(score), 2)
    return BANDS[(shown >= b[0]) + (shown >= b[1]) + (shown >= b[2])]


def components_vector(proposal: Proposal) -> np.ndarray:
    """The proposal's component scales in COMPONENTS order."""
    return np.array([float(proposal.components.get(c, 0)) for c in COMPONENTS])


def _country(profile: CountryProfile, p: Params) -> CountryInputs:
    """A profile's kernel inputs, cached by identity on the Params (profiles are immutable)."""
    cache = p.cache.setdefault("countries", {})
    hit = cache.get(id(profile))
    if hit is None or hit[0] is not profile:
        if len(cache) >= 1024:
            cache.clear()
        hit = cache[id(profile)] = (profile, country_inputs(profile, p))
    return hit[1]


def _terms(profile: CountryProfile, ci: CountryInputs, proposal: Proposal, p: Params) -> Terms:
    """The folded country terms for this profile and the proposal's components (cached)."""
    cache = p.cache.setdefault("terms", {})
    key = (id(profile), tuple(proposal.components.get(c, 0) for c in COMPONENTS))
    hit = cache.get(key)
    if hit is None or hit[0] is not profile:
        if len(cache) >= 1024:
            cache.clear()
        hit = cache[key] = (profile, terms(expand(ci, 2), components_vector(proposal), p))
    return hit[1]


def _check(proposal: Proposal, profile: CountryProfile, p: Params) -> None:
    if proposal.country != profile.iso3:
        raise DomainError(f"proposal is for {proposal.country}, profile is {profile.iso3}")
    proposal.validate(set(p.measure_ids))


def assess(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> Assessment:
    """Assess a proposal for a country under an assumption set (pure, deterministic)."""
    p = compile_params(assumptions)
    _check(proposal, profile, p)
    ci = _country(profile, p)
    var = variants(proposal, p)
    # A batch of one country: every output shaped (…, 1, V), as `_assemble` takes them.
    out = evaluate(var.levers[:, None, :], var.agg[:, None, :], _terms(profile, ci, proposal, p), p)
    result = _assemble(proposal, [(profile, ci)], assumptions, p, var, out)[0]
    return _screen.screen_assessment(result, proposal, profile, assumptions)  # the destination screen, last


def rank(proposal: Proposal, profiles: Iterable[CountryProfile], assumptions: AssumptionSet) -> list[Assessment]:
    """The same offer assessed for every country, best first (vectorised, by chunks of countries)."""
    p = compile_params(assumptions)
    profiles = list(profiles)
    if not profiles:
        return []
    proposal.validate(set(p.measure_ids))  # the offer is retargeted at each country in turn
    var = variants(proposal, p)
    comps = components_vector(proposal)
    levers, agg = var.levers[:, None, :], var.agg[:, None, :]
    results: list[Assessment] = []
    for lo in range(0, len(profiles), _RANK_CHUNK):
        chunk = [(prof, _country(prof, p)) for prof in profiles[lo : lo + _RANK_CHUNK]]
        t = terms(stack_countries([ci for _prof, ci in chunk]), comps, p)
        results.extend(_assemble(proposal, chunk, assumptions, p, var, evaluate(levers, agg, t, p)))
    # The destination screen: countries where a deal can proceed first, then denial, then embargoed.
    results = [_screen.screen_assessment(a, proposal, prof, assumptions) for a, prof in zip(results, profiles, strict=True)]
    results.sort(key=_screen.rank_key)
    return results


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
    axis = np.linspace(0.0, 100.0, n)
    levers = np.empty((4, n, n))
    levers[:] = np.array([float(proposal.levers[lv]) for lv in LEVERS])[:, None, None]
    levers[LEVERS.index(lever_x)] = axis[None, :]
    levers[LEVERS.index(lever_y)] = axis[:, None]
    agg = aggregate(chosen_vector(proposal.measures, p), p)[:, None, None]
    t = terms(expand(country_inputs(profile, p), 2), components_vector(proposal), p)
    out = evaluate(levers, agg, t, p)
    if metric in DIMENSIONS:
        return np.array(out["dims"][DIMENSIONS.index(metric)], dtype=float)
    return np.array(np.broadcast_to(out[metric], (n, n)), dtype=float)


# ---------------------------------------------------------------------------- assembly


def _best_rows(overall: np.ndarray, n_single: int, top_n: int) -> tuple[list[list[int]], list[list[float]]]:
    """Per country, the top_n single-change rows by gain over the base row (0-based after the
    base; highest first, ties in row order) and their gains."""
    k = overall.shape[0]
    if top_n <= 0 or n_single <= 0:
        return [[]] * k, [[]] * k
    gains = overall[:, 1 : 1 + n_single] - overall[:, :1]
    order = np.argsort(-gains, axis=1, kind="stable")[:, :top_n]
    return order.tolist(), np.take_along_axis(gains, order, 1).tolist()


def _side_fixes(side: np.ndarray, n_single: int) -> list[int | None]:
    """Per country, the single-change row (0-based after the base) that raises a side most."""
    gains = side[:, 1 : 1 + n_single] - side[:, :1]
    if gains.shape[1] == 0:
        return [None] * side.shape[0]
    return [None if g <= 0 else k for g, k in zip(gains.max(1).tolist(), gains.argmax(1).tolist(), strict=True)]


_LEVEL_GRID = np.arange(101)[None, :]


def _inside_red_lines(bounds: tuple[tuple[int, int], ...]) -> np.ndarray:
    arr = np.array(bounds)
    return (_LEVEL_GRID >= arr[:, 0:1]) & (_LEVEL_GRID <= arr[:, 1:2])


def _assemble(
    proposal: Proposal,
    countries: Sequence[tuple[CountryProfile, CountryInputs]],
    a: AssumptionSet,
    p: Params,
    var: Variants,
    out: dict[str, np.ndarray],
) -> list[Assessment]:
    """Build the assessments of a batch of K countries from kernel outputs shaped (…, K, V)."""
    k_count = len(countries)
    ss, n_single = var.sweep_start, var.n_single
    overall = out["overall"]  # (K, V); per-lever outputs that do not depend on the country are (4, 1, V)
    base = {}
    for name, values in out.items():
        row = values[..., 0]
        base[name] = row if row.shape[-1] == k_count else np.broadcast_to(row, row.shape[:-1] + (k_count,))
    demand = np.stack([ci.demand for _prof, ci in countries], axis=1).T.tolist()
    intensity = np.stack([ci.intensity for _prof, ci in countries], axis=1).T.tolist()
    per_lever = {name: base[name].T.tolist() for name in ("offer", "fit", "under", "over")}
    dims, items = base["dims"].T.tolist(), base["items"].T.tolist()
    scalars = {name: base[name].tolist() for name in ("overall", "acceptance", "assurance", "misuse", "transfer")}
    bands = p.bands
    base_band = [BANDS.index(band_name(s, p)) for s in scalars["overall"]]
    best_k, best_gain = _best_rows(overall, n_single, p.top_n)

    # Next band: per lever, the nearest level inside the red lines whose sweep row reaches it.
    threshold = np.array([bands[b] if b < len(bands) else np.inf for b in base_band])[:, None, None]
    sweep = overall[:, ss:].reshape(k_count, 4, 101)
    ok = (sweep >= threshold - _HALF_CENT) & _inside_red_lines(var.bounds)
    cur = np.array([lv.value for lv in var.levers_info])[:, None]
    distance = np.where(ok, np.abs(_LEVEL_GRID - cur), np.inf)
    nearest, found = distance.argmin(2).tolist(), ok.any(2).tolist()

    acc_fix = asr_fix = None
    if any(v < p.acceptance_threshold for v in scalars["acceptance"]):
        acc_fix = _side_fixes(out["acceptance"], n_single)
    if any(v < p.assurance_threshold for v in scalars["assurance"]):
        asr_fix = _side_fixes(out["assurance"], n_single)

    max_points = (np.asarray(p.dim_weights) * 100.0).tolist()
    zero_weights = float(np.sum(p.dim_weights_raw)) <= 0
    results = []
    for k, (profile, ci) in enumerate(countries):
        score = scalars["overall"][k]
        fit, offer = per_lever["fit"][k], per_lever["offer"][k]
        commitments = {
            lv.name: {"fit": fit[lv.i], "demand": demand[k][lv.i], "offer": offer[lv.i], "lever": lv.value}
            for lv in var.levers_info
        }
        line_items = [
            LineItem(label, dim, pts, mp, s, key)
            for (label, dim, key), pts, mp, s in zip(_LINE_ITEM_KEYS, items[k][:5], max_points, dims[k], strict=True)
        ]
        line_items.append(LineItem(GATE_LABEL, None, items[k][5], 0.0, None, "gate.penalty_rate"))
        best: list[dict[str, Any]] = []
        for j, gain in zip(best_k[k], best_gain[k], strict=True):
            if gain < p.min_gain:
                break
            move = single_change(var, j, a, p)
            move.update(gain=gain, overall=score + gain, band=band_name(score + gain, p))
            best.append(move)
        next_band: dict[str, dict[str, Any] | None] = {}
        for lv, hit, to in zip(var.levers_info, found[k], nearest[k], strict=True):
            if hit:
                s = float(sweep[k, lv.i, to])
                next_band[lv.name] = {"lever": lv.name, "from": lv.cur, "to": to, "delta": to - lv.cur,
                                      "overall": s, "band": band_name(s, p)}
            else:
                next_band[lv.name] = None
        row = {
            "demand": demand[k], "intensity": intensity[k], "under": per_lever["under"][k], "over": per_lever["over"][k],
            "offer": offer, "misuse": scalars["misuse"][k], "transfer": scalars["transfer"][k],
            "acceptance": scalars["acceptance"][k], "assurance": scalars["assurance"][k],
        }
        flag_list = _flags(var, profile.name, ci, row, a, p,
                           None if acc_fix is None else acc_fix[k], None if asr_fix is None else asr_fix[k], zero_weights)
        results.append(
            Assessment(
                country=profile.iso3,
                overall=score,
                band=BANDS[base_band[k]],
                commitments=commitments,
                dimensions=dict(zip(DIMENSIONS, dims[k], strict=True)),
                counterpart_acceptance=scalars["acceptance"][k],
                exporter_assurance=scalars["assurance"][k],
                risks={"misuse": scalars["misuse"][k], "technology_transfer": scalars["transfer"][k]},
                line_items=line_items,
                flags=flag_list,
                moves={"best": best, "next_band": next_band},
                assumptions_version=a.version,
            )
        )
    return results


def retarget(proposal: Proposal, iso3: str) -> Proposal:
    """The same offer aimed at another country."""
    return replace(proposal, country=iso3)
