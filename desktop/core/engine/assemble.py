"""Assessments built from kernel outputs: commitments, line items, flags, moves, the deal, the alternative.

`assemble` reads the outputs of one batch (…, K, V) for K countries and builds their typed
`Assessment`s; the flags and moves it calls read the same rows, so nothing is evaluated twice.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Sequence

import numpy as np

from ..i18n import _, catalogue, current_language
from ..languages import local_name
from ..model import (
    DIMENSION_LABELS,
    DIMENSION_SIDES,
    DIMENSIONS,
    LEVER_LABELS,
    LEVERS,
    AssumptionSet,
    CountryProfile,
    Proposal,
)
from .flags import flags as _flags
from .kernel import CountryInputs, Terms
from .moves import Rows, band_name, best_moves, next_band
from .params import Params
from .results import GATE_LABEL, Assessment, LineItem
from .variants import Variants

_LINE_ITEM_KEYS: dict[str, tuple[tuple[str, str, str, str], ...]] = {}  # per language: the labels are text


def _line_item_keys() -> tuple[tuple[str, str, str, str], ...]:
    """Each dimension's line item (label in the current language, dimension, weight key, side)."""
    lang = current_language()
    hit = _LINE_ITEM_KEYS.get(lang)
    if hit is None:
        hit = _LINE_ITEM_KEYS[lang] = tuple((DIMENSION_LABELS[d], d, f"weight.{d}", DIMENSION_SIDES[d]) for d in DIMENSIONS)
    return hit


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


_COMPARISON_TEXTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], tuple[Any, str]] = {}


def _comparison_text(provider: str, comparison: dict[str, list[str]]) -> str:
    """The comparison in words, in the current language (kept: a lever move seldom changes it,
    and it takes a dozen lookups and formats)."""
    lang = current_language()
    key = (lang, provider, tuple(comparison["ahead"]), tuple(comparison["behind"]))
    hit = _COMPARISON_TEXTS.get(key)
    cat = catalogue(lang)
    if hit is None or hit[0] is not cat:  # a catalogue put in place of another (a test's) starts afresh
        if len(_COMPARISON_TEXTS) >= 4096:
            _COMPARISON_TEXTS.clear()
        hit = _COMPARISON_TEXTS[key] = (cat, _compare_in_words(provider, comparison))
    return hit[1]


def _compare_in_words(provider: str, comparison: dict[str, list[str]]) -> str:
    def names(keys: list[str]) -> str:
        words = [LEVER_LABELS[k].lower() if k in LEVER_LABELS else _("price") for k in keys]
        if len(words) == 1:
            return words[0]
        return _("{items} and {last}").format(items=_(", ").join(words[:-1]), last=words[-1])

    ahead, behind = comparison["ahead"], comparison["behind"]
    if ahead and behind:
        return _("Beats {provider} on {ahead}; behind on {behind}").format(provider=provider, ahead=names(ahead),
                                                                          behind=names(behind))
    if ahead:
        return _("Beats {provider} on {ahead}").format(provider=provider, ahead=names(ahead))
    if behind:
        return _("Behind on {behind}").format(behind=names(behind))
    return _("Level with {provider} on every commitment and on price").format(provider=provider)


def assemble(
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
    return [Assessment(**fields, **details()) for fields, details in parts(proposal, countries, a, p, var, out, pair_terms, country_terms)]


def parts(
    proposal: Proposal,
    countries: Sequence[tuple[CountryProfile, CountryInputs]],
    a: AssumptionSet,
    p: Params,
    var: Variants,
    out: dict[str, np.ndarray],
    pair_terms: Terms | None,
    country_terms: Sequence[Terms],
) -> list[tuple[dict[str, Any], Callable[[], dict[str, Any]]]]:
    """Per country of a batch, the assessment's fields read from the offer's row (`offer_fields`)
    and a function giving the rest, the flags and the moves, which read the batch's other rows
    (single changes, lever sweeps) and may search two-step routes."""
    base = _base(out, len(countries))
    zero_weights = zero_weighted(p)
    results = []
    for k, (profile, ci) in enumerate(countries):
        fields, r = offer_fields(proposal, profile, ci, a, p, base, k, country_terms[k])
        results.append((fields, partial(details, Rows(var, out, k, a, p), proposal, pair_terms, (profile.iso3, profile.name), ci, r,
                                        zero_weights)))
    return results


def zero_weighted(p: Params) -> bool:
    return float(np.sum(p.dim_weights_raw)) <= 0


def offer_fields(proposal: Proposal, profile: CountryProfile, ci: CountryInputs, a: AssumptionSet, p: Params,
                 base: dict[str, list[Any]], k: int, t: Terms) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the offer's own row says, for country k of a batch: the assessment's fields but the
    flags and the moves (score, band, commitments, line items, the deal, the alternative …), and
    the row's outputs as Python numbers, which the flags read."""
    max_points, country = _constants(p, ci, t)
    score = base["overall"][k]
    fit, credited = base["fit"][k], base["credited"][k]
    alt_fit, alt_positions, demand = country["alt_fit"], country["alt_positions"], country["demand"]
    commitments = {
        lever: {"fit": fit[i], "demand": demand[i], "offer": credited[i], "lever": float(proposal.levers[lever]),
                "credited": credited[i], "credibility": base["credibility"][k][i],
                "alternative": alt_positions[i] if ci.has_alternative else None}
        for i, lever in enumerate(LEVERS)
    }
    dims, items = base["dims"][k], base["items"][k]
    line_items = [
        LineItem(label, dim, pts, mp, s, key, side)
        for (label, dim, key, side), pts, mp, s in zip(_line_item_keys(), items[:-1], max_points, dims, strict=True)
    ]
    line_items.append(LineItem(_(GATE_LABEL), None, items[-1], 0.0, None, "gate.penalty_rate", "both"))
    alt = profile.alternative
    r = {
        "demand": demand, "intensity": country["intensity"],
        "under": base["under"][k], "over": base["over"][k], "credited": credited,
        **{name: base[name][k] for name in ("misuse", "transfer", "acceptance", "assurance", "licensing", "margin",
                                            "burden", "advantage", "concession", "intrusion")},
        "lic_required": country["lic_required"],
        "alternative": alt.provider if alt is not None else "",
    }
    eff_price = base["effective_price"][k]
    alternative = None
    if alt is not None:
        alt_eff = country["alt_effective_price"]
        comparison = _comparison(fit, alt_fit, eff_price, alt_eff)
        alternative = {
            "name": alt.provider, "archetype": alt.archetype, "kind": alt.kind,
            "offer": {lv: float(alt.positions[lv]) for lv in LEVERS}, "fit": dict(zip(LEVERS, alt_fit, strict=True)),
            "price": float(alt.price), "financing_share": float(alt.financing_share), "financing": alt.financing,
            "effective_price": alt_eff, "advantage": r["advantage"], "comparison": comparison,
            "summary": _comparison_text(alt.provider, comparison),
        }
    fields = {
        "country": profile.iso3,
        "overall": score,
        "band": band_name(score, p),
        "commitments": commitments,
        "dimensions": dict(zip(DIMENSIONS, dims, strict=True)),
        "counterpart_acceptance": r["acceptance"],
        "exporter_assurance": r["assurance"],
        "risks": {"misuse": r["misuse"], "technology_transfer": r["transfer"]},
        "line_items": line_items,
        "assumptions_version": a.version,
        "deal": _deal_outcome(proposal, profile, ci, r, eff_price, country, p),
        "alternative": alternative,
        "security": {"partner_control": credited[0], "licensing": r["licensing"],
                     "licensing_required": r["lic_required"], "monitoring_intrusion": r["intrusion"]},
    }
    return fields, r


def details(rows: Rows, proposal: Proposal, pair_terms: Terms | None, country: tuple[str, str], ci: CountryInputs,
             r: dict[str, Any], zero_weights: bool) -> dict[str, Any]:
    """The flags and the moves of one country of a batch (they read the batch's variant rows), in the
    language current when they are read; country is (iso3, English name)."""
    per_lever, smallest, note = next_band(rows, proposal, pair_terms, pair_terms is not None)
    return {"flags": _flags(rows, local_name(*country), ci, r, zero_weights),
            "moves": {"best": best_moves(rows), "next_band": per_lever, "smallest": smallest, "note": note}}


def _constants(p: Params, ci: CountryInputs, t: Terms) -> tuple[list[float], dict[str, Any]]:
    """What the offer's fields read of one country's terms, as Python numbers (cached per terms,
    which are immutable and cached per country, components and deal: a lever move reuses them)."""
    cache = p.cache.setdefault("offer_constants", {})
    hit = cache.get(id(t))
    if hit is None or hit[0] is not t:
        if len(cache) >= 256:
            cache.clear()
        country = {
            "alt_fit": np.broadcast_to(t.alt_fit, (4,) + np.shape(t.alt_fit)[1:]).reshape(4, -1)[:, 0].tolist(),
            "alt_positions": ci.alt_positions.reshape(4, -1)[:, 0].tolist(),
            "demand": ci.demand.reshape(4, -1)[:, 0].tolist(),
            "intensity": ci.intensity.reshape(4, -1)[:, 0].tolist(),
            "lic_required": float(np.reshape(t.lic_required, -1)[0]),
            "alt_effective_price": float(np.reshape(t.alt_effective_price, -1)[0]),
            "fin_cost": float(np.reshape(t.fin_cost, -1)[0]),
            "market": float(np.reshape(t.market, -1)[0]),
        }
        hit = cache[id(t)] = (t, (np.asarray(p.dim_weights) * 100.0).tolist(), country)
    return hit[1], hit[2]


def _deal_outcome(proposal: Proposal, profile: CountryProfile, ci: CountryInputs, r: dict[str, Any],
                  effective_price: float, country: dict[str, Any], p: Params) -> dict[str, Any]:
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
        "financing_cost_musd": value * country["fin_cost"],
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
            "score": country["market"],
        },
    }
