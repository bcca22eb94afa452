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
    COMPONENTS,
    DIMENSION_LABELS,
    DIMENSION_SIDES,
    DIMENSIONS,
    LEVER_LABELS,
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
from .moves import Rows, band_name, best_moves, next_band
from .params import Params, compile_params
from .results import GATE_LABEL, Assessment, Effect, Flag, LineItem, Move, Step
from .variants import Variants, variants

__all__ = [
    "GATE_LABEL", "GRID_METRICS", "Assessment", "CountryInputs", "Effect", "Flag", "LineItem", "Move", "Params",
    "Step", "Terms", "aggregate", "assess", "band_index", "band_name", "chosen_vector", "compile_params",
    "components_vector", "country_inputs", "evaluate", "grid", "rank", "terms",
]

GRID_METRICS: tuple[str, ...] = ("overall", "acceptance", "assurance") + DIMENSIONS
_RANK_CHUNK = 16  # countries per kernel pass when ranking: the working set stays in cache
_LINE_ITEM_KEYS = tuple((DIMENSION_LABELS[d], d, f"weight.{d}", DIMENSION_SIDES[d]) for d in DIMENSIONS)


def band_index(score: float | np.ndarray, p: Params) -> Any:
    """0 = Not ready … 3 = Ready, by the band boundaries of the assumption set."""
    return np.searchsorted(np.asarray(p.bands), score, side="right")


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
    """The folded country terms for this profile, the proposal's components and deal (cached)."""
    cache = p.cache.setdefault("terms", {})
    key = (id(profile), tuple(proposal.components.get(c, 0) for c in COMPONENTS), proposal.deal)
    hit = cache.get(key)
    if hit is None or hit[0] is not profile:
        if len(cache) >= 1024:
            cache.clear()
        hit = cache[key] = (profile, terms(expand(ci, 2), components_vector(proposal), p, proposal.deal))
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
    t = _terms(profile, ci, proposal, p)
    # A batch of one country: every output shaped (…, 1, V), as `_assemble` takes them.
    out = evaluate(var.levers[:, None, :], var.agg[:, None, :], t, p, var.price[None, :])
    result = _assemble(proposal, [(profile, ci)], assumptions, p, var, out, t, [t])[0]
    return _screen.screen_assessment(result, proposal, profile, assumptions)  # the destination screen, last


def rank(proposal: Proposal, profiles: Iterable[CountryProfile], assumptions: AssumptionSet) -> list[Assessment]:
    """The same offer assessed for every country, best first (vectorised, by chunks of countries).

    The two-step search for the smallest change to the next band runs only in `assess`."""
    p = compile_params(assumptions)
    profiles = list(profiles)
    if not profiles:
        return []
    proposal.validate(set(p.measure_ids))  # the offer is retargeted at each country in turn
    var = variants(proposal, p)
    comps = components_vector(proposal)
    levers, agg, price = var.levers[:, None, :], var.agg[:, None, :], var.price[None, :]
    results: list[Assessment] = []
    for lo in range(0, len(profiles), _RANK_CHUNK):
        chunk = [(prof, _country(prof, p)) for prof in profiles[lo : lo + _RANK_CHUNK]]
        t = terms(stack_countries([ci for _prof, ci in chunk]), comps, p, proposal.deal)
        singles = [_terms(prof, ci, proposal, p) for prof, ci in chunk]
        results.extend(_assemble(proposal, chunk, assumptions, p, var, evaluate(levers, agg, t, p, price), None, singles))
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
    t = terms(expand(country_inputs(profile, p), 2), components_vector(proposal), p, proposal.deal)
    out = evaluate(levers, agg, t, p, proposal.deal.price)
    if metric in DIMENSIONS:
        return np.array(out["dims"][DIMENSIONS.index(metric)], dtype=float)
    return np.array(np.broadcast_to(out[metric], (n, n)), dtype=float)


# ---------------------------------------------------------------------------- assembly


def _base(out: dict[str, np.ndarray], k_count: int) -> dict[str, list[Any]]:
    """Each output's base row (row 0) per country, as Python numbers: per-lever ones (K, 4)."""
    base = {}
    for name, values in out.items():
        row = values[..., 0]
        if row.shape[-1] != k_count:
            row = np.broadcast_to(row, row.shape[:-1] + (k_count,))
        base[name] = row.T.tolist()
    return base


def _comparison(fit: list[float], alt_fit: list[float], price: float, alt_price: float) -> dict[str, list[str]]:
    """Where our offer is ahead of, level with or behind the alternative (commitments and price)."""
    out: dict[str, list[str]] = {"ahead": [], "level": [], "behind": []}
    for lever, ours, theirs in zip(LEVERS, fit, alt_fit, strict=True):
        out["ahead" if ours - theirs > 2.0 else "behind" if theirs - ours > 2.0 else "level"].append(lever)
    out["ahead" if alt_price - price > 0.02 else "behind" if price - alt_price > 0.02 else "level"].append("price")
    return out


def _comparison_text(provider: str, comparison: dict[str, list[str]]) -> str:
    def names(keys: list[str]) -> str:
        words = [LEVER_LABELS.get(k, k).lower() for k in keys]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    parts = []
    if comparison["ahead"]:
        parts.append(f"beats {provider} on {names(comparison['ahead'])}")
    if comparison["behind"]:
        parts.append(f"behind on {names(comparison['behind'])}")
    if not parts:
        return f"level with {provider} on every commitment and on price"
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _assemble(
    proposal: Proposal,
    countries: Sequence[tuple[CountryProfile, CountryInputs]],
    a: AssumptionSet,
    p: Params,
    var: Variants,
    out: dict[str, np.ndarray],
    pair_terms: Terms | None,
    country_terms: Sequence[Terms],
) -> list[Assessment]:
    """Build the assessments of a batch of K countries from kernel outputs shaped (…, K, V).

    pair_terms (one country only) enables the two-step search for the next band."""
    k_count = len(countries)
    base = _base(out, k_count)
    max_points = (np.asarray(p.dim_weights) * 100.0).tolist()
    zero_weights = float(np.sum(p.dim_weights_raw)) <= 0
    results = []
    for k, (profile, ci) in enumerate(countries):
        rows = Rows(var, out, k, a, p)
        t = country_terms[k]
        score = base["overall"][k]
        fit, credited = base["fit"][k], base["credited"][k]
        alt_fit = np.broadcast_to(t.alt_fit, (4,) + np.shape(t.alt_fit)[1:]).reshape(4, -1)[:, 0].tolist()
        alt_positions = ci.alt_positions.reshape(4, -1)[:, 0].tolist()
        demand = ci.demand.reshape(4, -1)[:, 0].tolist()
        commitments = {
            lv.name: {"fit": fit[lv.i], "demand": demand[lv.i], "offer": credited[lv.i], "lever": lv.value,
                      "credited": credited[lv.i], "credibility": base["credibility"][k][lv.i],
                      "alternative": alt_positions[lv.i] if ci.has_alternative else None}
            for lv in var.levers_info
        }
        dims, items = base["dims"][k], base["items"][k]
        line_items = [
            LineItem(label, dim, pts, mp, s, key, side)
            for (label, dim, key, side), pts, mp, s in zip(_LINE_ITEM_KEYS, items[:-1], max_points, dims, strict=True)
        ]
        line_items.append(LineItem(GATE_LABEL, None, items[-1], 0.0, None, "gate.penalty_rate", "both"))
        per_lever, smallest, note = next_band(rows, proposal, pair_terms, pair_terms is not None)
        alt = profile.alternative
        r = {
            "demand": demand, "intensity": ci.intensity.reshape(4, -1)[:, 0].tolist(),
            "under": base["under"][k], "over": base["over"][k], "credited": credited,
            **{name: base[name][k] for name in ("misuse", "transfer", "acceptance", "assurance", "licensing", "margin",
                                                "burden", "advantage", "concession", "intrusion")},
            "lic_required": float(np.reshape(t.lic_required, -1)[0]),
            "alternative": alt.provider if alt is not None else "",
        }
        flag_list = _flags(rows, profile.name, ci, r, zero_weights)
        eff_price = base["effective_price"][k]
        alternative = None
        if alt is not None:
            alt_eff = float(np.reshape(t.alt_effective_price, -1)[0])
            comparison = _comparison(fit, alt_fit, eff_price, alt_eff)
            alternative = {
                "name": alt.provider, "archetype": alt.archetype, "kind": alt.kind,
                "offer": {lv: float(alt.positions[lv]) for lv in LEVERS}, "fit": dict(zip(LEVERS, alt_fit, strict=True)),
                "price": float(alt.price), "financing_share": float(alt.financing_share), "financing": alt.financing,
                "effective_price": alt_eff, "advantage": r["advantage"], "comparison": comparison,
                "summary": _comparison_text(alt.provider, comparison),
            }
        results.append(
            Assessment(
                country=profile.iso3,
                overall=score,
                band=band_name(score, p),
                commitments=commitments,
                dimensions=dict(zip(DIMENSIONS, dims, strict=True)),
                counterpart_acceptance=r["acceptance"],
                exporter_assurance=r["assurance"],
                risks={"misuse": r["misuse"], "technology_transfer": r["transfer"]},
                line_items=line_items,
                flags=flag_list,
                moves={"best": best_moves(rows), "next_band": per_lever, "smallest": smallest, "note": note},
                assumptions_version=a.version,
                deal=_deal_outcome(proposal, profile, ci, r, eff_price, t, p),
                alternative=alternative,
                security={"partner_control": credited[0], "licensing": r["licensing"],
                          "licensing_required": r["lic_required"], "monitoring_intrusion": r["intrusion"]},
            )
        )
    return results


def _deal_outcome(proposal: Proposal, profile: CountryProfile, ci: CountryInputs, r: dict[str, Any],
                  effective_price: float, t: Terms, p: Params) -> dict[str, Any]:
    """The money of the deal as both sides see it (US$ millions and shares of the value)."""
    d = proposal.deal
    value = d.value_musd
    revenue = value * d.price
    gdp = profile.gdp
    carry = None if np.isnan(ci.gdp_musd) else ci.gdp_musd * float(p.affordable_share)
    return {
        "value_musd": value, "term_years": d.term_years, "price": d.price,
        "compute_mw": d.compute_mw, "accelerators": d.accelerators,
        "revenue_musd": revenue,
        "delivery_cost_musd": value * float(p.delivery_share),
        "concession_cost_musd": value * r["concession"],
        "financing_cost_musd": value * float(np.reshape(t.fin_cost, -1)[0]),
        "margin": r["margin"], "margin_musd": revenue * r["margin"], "min_margin": float(p.min_margin),
        "financing": d.financing, "financing_share": d.financing_share, "financing_available": ci.financing,
        "effective_price": effective_price,
        "annual_cost_musd": value * effective_price / d.term_years,
        "burden": r["burden"] if carry is not None else None,
        "market": {
            "gdp_usd": None if gdp is None or gdp.missing else float(gdp.value),
            "year": None if gdp is None else gdp.year,
            "source": None if gdp is None else gdp.source,
            "affordable_musd_per_year": carry,
            "score": float(np.reshape(t.market, -1)[0]),
        },
    }


def retarget(proposal: Proposal, iso3: str) -> Proposal:
    """The same offer aimed at another country."""
    return replace(proposal, country=iso3)
