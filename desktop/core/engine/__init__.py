"""The assessment engine: a pure function of (proposal, country profile, assumption set).

Modules: `params` compiles an assumption set into numbers (or arrays of draws); `kernel` holds
every formula of the model, evaluated for whole batches; `variants` lays out the batch of one
assessment (the offer, each single change, each lever's sweep); `flags` and `moves` read that
batch; `results` types what comes out. This module assembles them: `assess` one proposal,
`rank` one offer over many countries, `grid` a metric over two levers.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any, Iterable

import numpy as np

from .. import screen as _screen
from ..i18n import _
from ..model import (
    COMPONENTS,
    DIMENSIONS,
    LEVERS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)
from .assemble import assemble, details, offer_fields, zero_weighted
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
from .moves import Rows, band_name
from .params import Params, compile_params
from .results import (
    GATE_LABEL,
    Assessment,
    DeferredAssessment,
    Effect,
    Flag,
    LineItem,
    Move,
    Step,
    amend,
)
from .scalar import evaluate_one, offer_values
from .variants import Variants, measure_set, variants

__all__ = [
    "GATE_LABEL", "GRID_METRICS", "Assessment", "CountryInputs", "DeferredAssessment", "Effect", "Flag", "LineItem", "Move", "Params",
    "Step", "Terms", "aggregate", "amend", "assess", "band_index", "band_name", "chosen_vector", "compile_params",
    "components_vector", "country_inputs", "evaluate", "grid", "rank", "terms",
]

GRID_METRICS: tuple[str, ...] = ("overall", "acceptance", "assurance") + DIMENSIONS
_RANK_CHUNK = 16  # ranked countries whose details are computed in one kernel pass (the working set stays in cache)


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
        raise DomainError(_("the proposal is for {iso3}, the profile is {profile}").format(iso3=proposal.country, profile=profile.iso3))
    known = p.cache.get("measure_id_set")
    if known is None:
        known = p.cache["measure_id_set"] = frozenset(p.measure_ids)
    proposal.validate(known)


def assess(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> Assessment:
    """Assess a proposal for a country under an assumption set (pure, deterministic)."""
    p = compile_params(assumptions)
    _check(proposal, profile, p)
    ci = _country(profile, p)
    t = _terms(profile, ci, proposal, p)
    # The offer's row alone (a batch of one offer for one country, shaped (…, 1, 1)): the score,
    # band, sides, commitments, line items, deal and alternative now. The flags and the moves
    # read the whole batch (each single change, each lever's sweep) and search for the next band:
    # they are computed when first read, so a lever move repaints the score and the charts first.
    agg = measure_set(proposal.measures, p).agg[:, 0].tolist()
    out = evaluate_one([float(proposal.levers[lv]) for lv in LEVERS], agg, t, p, float(proposal.deal.price))
    fields, r = offer_fields(proposal, profile, ci, assumptions, p, offer_values(out), 0, t)
    # The destination screen, last (as `screened` applies it to any assessment).
    hit = _screen.screen_result(proposal, profile, assumptions)
    if hit is not None:
        fields["band"], fields["screen"] = hit.band or fields["band"], hit
        if not hit.scored:
            return Assessment(**fields, flags=list(hit.flags), moves={"best": [], "next_band": {}})
    first = () if hit is None else hit.flags

    def complete() -> Assessment:
        var = variants(proposal, p)
        batch = evaluate(var.levers[:, None, :], var.agg[:, None, :], t, p, var.price[None, :])
        rest = details(Rows(var, batch, 0, assumptions, p), proposal, t, (profile.iso3, profile.name), ci, r, zero_weighted(p))
        if first:
            rest["flags"] = [*first, *rest["flags"]]
        return Assessment(**fields, **rest)

    return DeferredAssessment.of(fields, complete)


def screened(assessment: Assessment, proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> Assessment:
    """The assessment with the destination screen applied (the engine's last step); unchanged
    without a status. `amend`, not `replace`: its flags and moves may not be computed yet."""
    hit = _screen.screen_result(proposal, profile, assumptions)
    if hit is None:
        return assessment
    if not hit.scored:
        return amend(assessment, band=hit.band, flags=list(hit.flags), moves={"best": [], "next_band": {}}, screen=hit)
    return amend(assessment, prepend=hit.flags, band=hit.band or assessment.band, screen=hit)


def rank(proposal: Proposal, profiles: Iterable[CountryProfile], assumptions: AssumptionSet) -> list[Assessment]:
    """The same offer assessed for every country, best first.

    Every country's score, band and sides come from one kernel pass over all of them (the
    offer's row only); the details of each (flags, moves, line items, the deal …) are computed
    when first read, as `assess` would give them without the two-step search for the next band
    (`DeferredAssessment`), by chunks of countries that share one kernel pass."""
    p = compile_params(assumptions)
    profiles = list(profiles)
    if not profiles:
        return []
    proposal.validate(set(p.measure_ids))  # the offer is retargeted at each country in turn
    var = variants(proposal, p)
    cis = [_country(prof, p) for prof in profiles]
    t = terms(stack_countries(cis), components_vector(proposal), p, proposal.deal)
    out = evaluate(var.levers[:, None, :1], var.agg[:, None, :1], t, p, var.price[None, :1])
    overall = out["overall"][:, 0].tolist()
    acceptance = np.broadcast_to(out["acceptance"], (len(profiles), 1))[:, 0].tolist()
    assurance = np.broadcast_to(out["assurance"], (len(profiles), 1))[:, 0].tolist()
    results: list[Assessment] = []
    chunks = [_RankChunk(proposal, list(zip(profiles[lo : lo + _RANK_CHUNK], cis[lo : lo + _RANK_CHUNK], strict=True)),
                         assumptions, p, var) for lo in range(0, len(profiles), _RANK_CHUNK)]
    for k, prof in enumerate(profiles):
        score = overall[k]
        # The destination screen sets the band and the group (a deal can proceed, denial, embargoed).
        hit = _screen.screen_result(proposal, prof, assumptions)
        band = hit.band if hit is not None and hit.band else band_name(score, p)
        eager = {"country": prof.iso3, "overall": score, "band": band, "counterpart_acceptance": acceptance[k],
                 "exporter_assurance": assurance[k], "assumptions_version": assumptions.version, "screen": hit}
        results.append(DeferredAssessment.of(eager, partial(chunks[k // _RANK_CHUNK].details, k % _RANK_CHUNK)))
    results.sort(key=_screen.rank_key)
    return results


class _RankChunk:
    """Up to _RANK_CHUNK ranked countries whose details are computed together, the first time
    one of them is read: one kernel pass of their batches, then their assessments."""

    def __init__(self, proposal: Proposal, members: list[tuple[CountryProfile, CountryInputs]],
                 assumptions: AssumptionSet, p: Params, var: Variants) -> None:
        self.proposal, self.members, self.assumptions, self.p, self.var = proposal, members, assumptions, p, var
        self.done: list[Assessment] | None = None

    def details(self, k: int) -> Assessment:
        if self.done is None:
            proposal, members, a, p, var = self.proposal, self.members, self.assumptions, self.p, self.var
            t = terms(stack_countries([ci for _prof, ci in members]), components_vector(proposal), p, proposal.deal)
            singles = [_terms(prof, ci, proposal, p) for prof, ci in members]
            out = evaluate(var.levers[:, None, :], var.agg[:, None, :], t, p, var.price[None, :])
            results = assemble(proposal, members, a, p, var, out, None, singles)
            self.done = [screened(r, proposal, prof, a) for r, (prof, _ci) in zip(results, members, strict=True)]
        return self.done[k]


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
        raise DomainError(_("unknown metric {metric!r}").format(metric=metric))
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



def retarget(proposal: Proposal, iso3: str) -> Proposal:
    """The same offer aimed at another country."""
    return replace(proposal, country=iso3)
