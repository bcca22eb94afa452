"""How sure is a score: plausible ranges of every input and a seeded Monte Carlo over them.

Inputs (see `uncertain_inputs`):
- every assumption that moves the overall score of this proposal, over its plausible range
  [low, high] (rows that only label, flag or search: band.*, flag.*, moves.*, data.*,
  uncertainty.* are not drawn; measure and component rows only for the measures chosen and
  the components included, the only ones that enter the score);
- every sovereignty-profile figure that is not a published fact, over its own stated range
  [low, high] (each estimate and default carries one since migration m013: a structured
  judgement whose rationale says what would move it); a figure without one (a user's edit,
  a profile built by hand) over its value ± the assumption `uncertainty.estimate_halfwidth`
  (estimates) or `uncertainty.default_halfwidth` (defaults), clipped to 0–100.
The IMF pillars are published facts and are not varied.

Distribution: triangular(low, value, high) per input, independent, drawn by inverse CDF from
one matrix of uniforms of a seeded numpy Generator (column j is input j), so that the same
seed gives the same draws and collapsing one input's range changes only its own column.

`evaluate_draws` evaluates the base offer for a whole array of parameter draws in one
vectorised pass of the engine's kernel (array-valued parameters broadcast through the same
formulas as a point assessment); the tests check it against `engine.assess` draw by draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np

from .engine import (
    aggregate,
    chosen_vector,
    compile_params,
    components_vector,
    country_inputs,
    evaluate,
    terms,
)
from .engine.kernel import expand, stack_countries
from .engine.params import COMPONENT_TARGETS, MEASURE_EFFECTS
from .i18n import _, format_number
from .model import (
    BANDS,
    LEVERS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    AssumptionSet,
    CountryProfile,
    Figure,
    Proposal,
)
from .vocabulary import band_label

NOT_DRAWN_PREFIXES: tuple[str, ...] = ("band.", "flag.", "moves.", "data.", "uncertainty.")


@dataclass(frozen=True)
class UncertainInput:
    """One input of the score with its plausible range: an assumption row or a profile figure."""

    kind: str  # "assumption" or "profile"
    key: str  # assumption key, or profile field
    label: str
    value: float
    low: float
    high: float
    source: str = ""


def _relevant(key: str, proposal: Proposal) -> bool:
    if key.startswith(NOT_DRAWN_PREFIXES):
        return False
    parts = key.split(".")
    if parts[0] == "measure":
        return len(parts) == 3 and parts[1] in proposal.measures and parts[2] in MEASURE_EFFECTS
    if parts[0] == "component":
        return len(parts) == 3 and proposal.components.get(parts[1], 0) != 0 and parts[2] in COMPONENT_TARGETS
    return True


def profile_range(value: float, kind: str, assumptions: AssumptionSet) -> tuple[float, float]:
    """The plausible range of a profile figure: value ± the half-width for its kind, in 0–100."""
    if kind == "published":
        return value, value
    key = "uncertainty.default_halfwidth" if kind == "default" else "uncertainty.estimate_halfwidth"
    half = max(0.0, assumptions.get(key, 0.0))
    return max(0.0, value - half), min(100.0, value + half)


def figure_range(fig: Figure, assumptions: AssumptionSet) -> tuple[float, float]:
    """The plausible range of a profile figure: its stated [low, high] when it has one that holds
    its value (see Figure.has_range), else the half-width rule of `profile_range`."""
    if fig.kind == "published":
        return float(fig.value), float(fig.value)
    if fig.has_range:
        return float(fig.low), float(fig.high)
    return profile_range(float(fig.value), fig.kind, assumptions)


def uncertain_inputs(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> list[UncertainInput]:
    """The inputs of this proposal's score with their plausible ranges, in a fixed order."""
    return assumption_inputs(proposal, assumptions) + profile_inputs(profile, assumptions)


def assumption_inputs(proposal: Proposal, assumptions: AssumptionSet) -> list[UncertainInput]:
    """The assumption rows of `uncertain_inputs` (the same for every country), in key order."""
    out = []
    for key in sorted(assumptions.rows):
        if not _relevant(key, proposal):
            continue
        row = assumptions.rows[key]
        low, high = min(row.low, row.value), max(row.high, row.value)  # a forced value widens its range
        out.append(UncertainInput("assumption", key, key, row.value, low, high, row.source))
    return out


def profile_inputs(profile: CountryProfile, assumptions: AssumptionSet) -> list[UncertainInput]:
    """The profile figures of `uncertain_inputs`: estimates and defaults, then the alternative offer."""
    out = []
    for field in PROFILE_FIELDS:
        fig = profile.sovereignty[field]
        if fig.kind == "published":
            continue
        low, high = figure_range(fig, assumptions)
        out.append(UncertainInput("profile", field, f"{PROFILE_LABELS[field]} ({profile.iso3})", float(fig.value), low, high,
                                  fig.source))
    alt = profile.alternative
    if alt is not None:  # the rival offer is an estimate or a default: its positions, price and financing
        half = max(0.0, assumptions.get("uncertainty.alternative_halfwidth", 0.0))
        half_price = max(0.0, assumptions.get("uncertainty.alternative_price_halfwidth", 0.0))
        source = f"{alt.kind}: {alt.provider}"
        for lever in LEVERS:
            v = float(alt.positions[lever])
            out.append(UncertainInput("profile", f"alternative.{lever}", f"Alternative offer: {lever} ({profile.iso3})",
                                      v, max(0.0, v - half), min(100.0, v + half), source))
        v = float(alt.price)
        out.append(UncertainInput("profile", "alternative.price", f"Alternative offer: price ({profile.iso3})",
                                  v, max(0.5, v - half_price), min(1.5, v + half_price), source))
        v = float(alt.financing_share)
        out.append(UncertainInput("profile", "alternative.financing_share",
                                  f"Alternative offer: financing share ({profile.iso3})",
                                  v, max(0.0, v - half_price), min(1.0, v + half_price), source))
    return out


def _triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of triangular(low, mode, high) at u in [0, 1); constant when low == high."""
    if high <= low:
        return np.full_like(u, mode)
    width = high - low
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def draw(inputs: list[UncertainInput], n: int, seed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """n draws of every input: (assumption overrides by key, profile overrides by field)."""
    u = np.random.default_rng(int(seed)).random((n, len(inputs)))
    a_over: dict[str, np.ndarray] = {}
    p_over: dict[str, np.ndarray] = {}
    for j, inp in enumerate(inputs):
        values = _triangular_ppf(u[:, j], inp.low, inp.value, inp.high)
        (a_over if inp.kind == "assumption" else p_over)[inp.key] = values
    return a_over, p_over


def evaluate_draws(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    assumption_values: Mapping[str, np.ndarray] | None = None,
    profile_values: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The base offer's scores for arrays of parameter values (one element per draw).

    Parameters not given keep their value in the set or profile. Returns "overall",
    "acceptance", "assurance" (N,) and "dims" (5, N), evaluated by the engine's kernel with
    array-valued parameters (the same formulas as `engine.assess`).
    """
    p = compile_params(assumptions, assumption_values or None)
    ci = country_inputs(profile, p, profile_values or None)
    if ci.demand.ndim == 1:
        ci = expand(ci, 1)
    agg = aggregate(chosen_vector(proposal.measures, p), p)
    if agg.ndim == 1:
        agg = agg[:, None]
    levers = np.array([float(proposal.levers[lv]) for lv in LEVERS])[:, None]
    out = evaluate(levers, agg, terms(ci, components_vector(proposal), p, proposal.deal), p, proposal.deal.price)
    n = max(np.size(out[k]) for k in ("overall", "acceptance", "assurance"))
    return {
        "overall": np.broadcast_to(out["overall"].reshape(-1), (n,)).astype(float),
        "acceptance": np.broadcast_to(out["acceptance"].reshape(-1), (n,)).astype(float),
        "assurance": np.broadcast_to(out["assurance"].reshape(-1), (n,)).astype(float),
        "dims": np.stack([np.broadcast_to(d.reshape(-1), (n,)) for d in out["dims"]]).astype(float),
    }


@dataclass(frozen=True)
class Interval:
    """The 10th, 50th and 90th percentiles of a score over the draws."""

    p10: float
    p50: float
    p90: float

    def to_dict(self) -> dict[str, float]:
        return {"p10": round(self.p10, 2), "p50": round(self.p50, 2), "p90": round(self.p90, 2)}


@dataclass(frozen=True)
class UncertaintyResult:
    """What the Monte Carlo says about one proposal: intervals and the share of draws in its band."""

    draws: int
    seed: int
    overall: Interval
    acceptance: Interval
    assurance: Interval
    point: float
    band: str
    band_share: float  # share of draws whose overall is in the point estimate's band
    inputs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "overall": self.overall.to_dict(),
            "acceptance": self.acceptance.to_dict(),
            "assurance": self.assurance.to_dict(),
            "band": self.band,
            "band_share": round(self.band_share, 4),
            "inputs": self.inputs,
            "distribution": "triangular(low, value, high) per input, independent",
        }


def _interval(values: np.ndarray) -> Interval:
    p10, p50, p90 = np.percentile(values, [10, 50, 90]).tolist()
    return Interval(p10, p50, p90)


def band_indices(scores: np.ndarray, assumptions: AssumptionSet) -> np.ndarray:
    """Band index (0 Not ready … 3 Ready) of each score, judged on the score as shown (0.01)."""
    shown = np.round(scores, 2)
    bounds = [assumptions["band.at_risk"], assumptions["band.viable"], assumptions["band.ready"]]
    return sum((shown >= b).astype(int) for b in bounds)


def monte_carlo(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    draws: int | None = None,
    seed: int | None = None,
) -> UncertaintyResult:
    """p10/p50/p90 of the overall score and both sides over seeded draws of every uncertain input.

    draws and seed default to the assumptions uncertainty.draws and uncertainty.seed. The band
    boundaries are not drawn: the share is of draws that land in the band the point estimate is in.
    """
    n, s = _draws_and_seed(assumptions, draws, seed)
    inputs = uncertain_inputs(proposal, profile, assumptions)
    a_over, p_over = draw(inputs, n, s)
    out = evaluate_draws(proposal, profile, assumptions, a_over, p_over)
    point = float(evaluate_draws(proposal, profile, assumptions)["overall"][0])
    point_band = int(band_indices(np.array([point]), assumptions)[0])
    share = float(np.mean(band_indices(out["overall"], assumptions) == point_band))
    return UncertaintyResult(
        draws=n,
        seed=s,
        overall=_interval(out["overall"]),
        acceptance=_interval(out["acceptance"]),
        assurance=_interval(out["assurance"]),
        point=point,
        band=BANDS[point_band],
        band_share=share,
        inputs=len(inputs),
    )


def _draws_and_seed(assumptions: AssumptionSet, draws: int | None, seed: int | None) -> tuple[int, int]:
    n = int(round(draws if draws is not None else assumptions.get("uncertainty.draws", 1000.0)))
    s = int(round(seed if seed is not None else assumptions.get("uncertainty.seed", 0.0)))
    if n < 1:
        raise ValueError("draws must be at least 1")
    return n, s


_RANGE_CHUNK = 24  # countries per kernel pass of their draws (the working set stays in cache)


def rank_ranges(
    proposal: Proposal,
    profiles: Iterable[CountryProfile],
    assumptions: AssumptionSet,
    draws: int | None = None,
    seed: int | None = None,
) -> dict[str, UncertaintyResult]:
    """`monte_carlo` of one offer for every country at once, by ISO3: each country's result is
    the one `monte_carlo` gives for the offer aimed at it (the same seeded draws, the same kernel).

    Each country draws its inputs as `monte_carlo` does (one matrix of uniforms from the seed,
    its assumption rows first, then its own profile figures), so countries with as many inputs
    share their assumption draws: their parameters are compiled once and their draws run in
    batches of countries through one kernel pass each.
    """
    n, s = _draws_and_seed(assumptions, draws, seed)
    profiles = list(profiles)
    if not profiles:
        return {}
    a_inputs = assumption_inputs(proposal, assumptions)
    na = len(a_inputs)
    groups: dict[int, list[tuple[CountryProfile, list[UncertainInput]]]] = {}
    for prof in profiles:
        own = profile_inputs(prof, assumptions)
        groups.setdefault(na + len(own), []).append((prof, own))
    p0 = compile_params(assumptions)
    levers = np.array([float(proposal.levers[lv]) for lv in LEVERS])[:, None, None]
    comps, deal = components_vector(proposal), proposal.deal
    chosen = chosen_vector(proposal.measures, p0)
    # The point estimates: every country's offer row, undrawn, in one pass.
    t0 = terms(stack_countries([country_inputs(prof, p0) for prof in profiles]), comps, p0, deal)
    points = evaluate(levers, aggregate(chosen, p0)[:, None, None], t0, p0, deal.price)["overall"][:, 0]
    point_bands = band_indices(points, assumptions)
    where = {prof.iso3: k for k, prof in enumerate(profiles)}
    results: dict[str, UncertaintyResult] = {}
    for m, members in groups.items():
        u = np.random.default_rng(s).random((n, m))
        a_over = {inp.key: _triangular_ppf(u[:, j], inp.low, inp.value, inp.high) for j, inp in enumerate(a_inputs)}
        p = compile_params(assumptions, a_over or None)
        agg = aggregate(chosen, p)
        agg = agg.reshape(agg.shape[0], 1, -1)
        for lo in range(0, len(members), _RANGE_CHUNK):
            chunk = members[lo : lo + _RANGE_CHUNK]
            cis = []
            for prof, own in chunk:
                p_over = {inp.key: _triangular_ppf(u[:, na + j], inp.low, inp.value, inp.high) for j, inp in enumerate(own)}
                cis.append(country_inputs(prof, p, p_over or None))
            out = evaluate(levers, agg, terms(stack_countries(cis, n), comps, p, deal), p, deal.price)
            values = {k: np.broadcast_to(out[k], (len(chunk), n)) for k in ("overall", "acceptance", "assurance")}
            pct = {k: np.percentile(v, [10, 50, 90], axis=1).T.tolist() for k, v in values.items()}
            bands = band_indices(values["overall"], assumptions)
            for i, (prof, _own) in enumerate(chunk):
                k = where[prof.iso3]
                results[prof.iso3] = UncertaintyResult(
                    draws=n, seed=s,
                    overall=Interval(*pct["overall"][i]), acceptance=Interval(*pct["acceptance"][i]),
                    assurance=Interval(*pct["assurance"][i]),
                    point=float(points[k]), band=BANDS[int(point_bands[k])],
                    band_share=float(np.mean(bands[i] == point_bands[k])), inputs=m,
                )
    return {prof.iso3: results[prof.iso3] for prof in profiles}


def summary(result: UncertaintyResult) -> dict[str, Any]:
    """What a report shows (the PDF brief uses this): interval, band share and their texts."""
    o = result.overall
    return {
        "interval": o.to_dict(),
        "interval_text": _("p10–p90: {low:.1f}–{high:.1f}").format(low=o.p10, high=o.p90),
        "band": result.band,
        "band_share": result.band_share,
        "band_text": _("{band} in {share:.0f}% of draws").format(band=band_label(result.band), share=result.band_share * 100),
        "acceptance": result.acceptance.to_dict(),
        "assurance": result.assurance.to_dict(),
        "draws": result.draws,
        "note": _("{draws} draws of {inputs} uncertain inputs, each triangular(low, value, high) over its plausible range; "
                  "published IMF figures are not varied.").format(draws=format_number(result.draws, 0), inputs=result.inputs),
    }


def uncertainty_summary(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> dict[str, Any]:
    """Run the Monte Carlo with the set's draws and seed and return `summary` of it (for the brief)."""
    return summary(monte_carlo(proposal, profile, assumptions))
