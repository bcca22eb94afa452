"""One offer, many countries: the ranking rows the Ranking panel shows (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .engine import rank
from .model import AssumptionSet, CountryProfile, Proposal
from .regions import classify
from .screen import group_of


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


def ranking(proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet) -> list[RankRow]:
    """The offer assessed for every country: those where a deal can proceed best first, then the blocked ones."""
    rows = []
    position = 0
    for a in rank(proposal, profiles.values(), assumptions):
        profile = profiles[a.country]
        where = classify(profile)
        group = group_of(a)
        if group == 0:
            position += 1
        scored = a.scored
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
            )
        )
    return rows
