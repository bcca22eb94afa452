"""The assessment every front end shows, stores and prints: the engine's, with the dated flags added.

The engine has no notion of today's date, so how old a country's figures are (data.max_age_years)
and how old its destination status is (screen.status_max_age_months) are judged here, once, for
the window, the CLI, snapshots and briefs alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Mapping

from .data_age import data_age_flags, review_age_flags
from .engine import Assessment, amend, assess
from .i18n import _
from .model import AssumptionSet, CountryProfile, DomainError, Proposal
from .screen import stale_flags


def evaluate(
    proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet, today: date | None = None
) -> Assessment:
    """assess() plus a low-severity flag per source and year of dated figures, and one for a stale status."""
    profile = profiles.get(proposal.country)
    if profile is None:
        raise DomainError(_("unknown country {iso3!r}").format(iso3=proposal.country))
    return with_dated_flags(assess(proposal, profile, assumptions), profile, assumptions, today)


def with_dated_flags(
    result: Assessment, profile: CountryProfile, assumptions: AssumptionSet, today: date | None = None
) -> Assessment:
    """An engine assessment (one of a ranking, say) with the dated flags of its country added."""
    today = today or date.today()
    stale = stale_flags(profile.destination, assumptions, today)
    dated = [*data_age_flags(profile, assumptions, today.year), *review_age_flags(profile, assumptions, today), *stale]
    screen = result.screen
    if screen is not None:
        screen = replace(screen, stale=stale[0].message if stale else None)
    if not dated and screen is result.screen:
        return result
    return amend(result, append=dated, screen=screen)  # the engine's flags may not be computed yet
