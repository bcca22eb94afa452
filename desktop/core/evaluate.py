"""The assessment every front end shows, stores and prints: the engine's, with the data-age flags added.

The engine has no notion of today's date, so how old a country's figures are is judged here (once,
for the window, the CLI, snapshots and briefs alike) against the reference year.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .data_age import data_age_flags
from .engine import Assessment, assess
from .model import AssumptionSet, CountryProfile, Proposal


def evaluate(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, year: int | None = None) -> Assessment:
    """assess() plus a low-severity flag per source and year of figures older than data.max_age_years."""
    result = assess(proposal, profile, assumptions)
    dated = data_age_flags(profile, assumptions, year if year is not None else date.today().year)
    return replace(result, flags=[*result.flags, *dated]) if dated else result
