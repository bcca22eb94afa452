"""One offer, many countries: the ranking rows the Ranking panel shows (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .engine import rank
from .model import AssumptionSet, CountryProfile, Proposal
from .regions import classify


@dataclass(frozen=True)
class RankRow:
    """One country's result for the current offer."""

    position: int
    iso3: str
    country: str
    region: str
    continent: str
    groups: str
    overall: float
    band: str
    acceptance: float
    assurance: float


def ranking(proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet) -> list[RankRow]:
    """The offer assessed for every country, best first, with each country's region and groups."""
    rows = []
    for i, a in enumerate(rank(proposal, profiles.values(), assumptions), 1):
        where = classify(a.country)
        rows.append(
            RankRow(
                i,
                a.country,
                profiles[a.country].name,
                where.region,
                where.continent,
                where.groups_text,
                round(a.overall, 2),
                a.band,
                round(a.counterpart_acceptance, 2),
                round(a.exporter_assurance, 2),
            )
        )
    return rows
