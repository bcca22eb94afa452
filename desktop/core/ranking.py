"""One offer, many countries: the ranking rows the Ranking panel shows (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .engine import rank
from .model import AssumptionSet, CountryProfile, Proposal
from .regions import classify
from .screen import group_of
from .uncertainty import rank_ranges


@dataclass(frozen=True)
class RankRow:
    """One country's result for the current offer.

    group: 0 = a deal can proceed (ranked: position 1, 2 …), 1 = blocked (denial), 2 = prohibited
    (embargoed: no score); blocked and prohibited rows have no position, never "best".
    """

    position: int | None
    iso3: str
    country: str
    region: str
    continent: str
    groups: str
    overall: float | None
    band: str
    acceptance: float | None
    assurance: float | None
    status: str = ""
    group: int = 0
    # The Monte Carlo percentiles of the overall score (ranking(..., ranges=True)); None otherwise
    # and for a destination without a score.
    p10: float | None = None
    p50: float | None = None
    p90: float | None = None


def ranking(
    proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet, ranges: bool = False
) -> list[RankRow]:
    """The offer assessed for every country: those where a deal can proceed best first, then the blocked ones.

    ranges: add each country's p10/p50/p90 of the overall score (its Monte Carlo, `rank_ranges`)."""
    intervals = rank_ranges(proposal, profiles.values(), assumptions) if ranges else {}
    rows = []
    position = 0
    for a in rank(proposal, profiles.values(), assumptions):
        profile = profiles[a.country]
        where = classify(profile)
        group = group_of(a)
        if group == 0:
            position += 1
        scored = a.scored
        mc = intervals.get(a.country) if scored else None
        p10, p50, p90 = (None, None, None) if mc is None else (round(mc.overall.p10, 2), round(mc.overall.p50, 2),
                                                               round(mc.overall.p90, 2))
        rows.append(
            RankRow(
                position if group == 0 else None,
                a.country,
                profile.name,
                where.region,
                where.continent,
                where.groups_text,
                round(a.overall, 2) if scored else None,
                a.band,
                round(a.counterpart_acceptance, 2) if scored else None,
                round(a.exporter_assurance, 2) if scored else None,
                "" if profile.destination is None else profile.destination.status,
                group,
                p10,
                p50,
                p90,
            )
        )
    return rows
