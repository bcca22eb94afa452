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
from .engine import Assessment, Flag, amend, assess
from .i18n import _, current_language
from .model import AssumptionSet, CountryProfile, DomainError, Proposal
from .screen import stale_flags


class DatedFlags:
    """The dated flags of the countries, assumption sets, day and language last asked for, kept.

    They do not depend on the offer: a session re-assessing on every lever move asks for the same
    ones each time, a batch for those of a few countries in turn (a bounded memo, compared by
    identity: profiles and assumption sets are immutable, an edit makes a new one)."""

    __slots__ = ("_kept",)
    _KEEP = 256  # entries; past it the memo starts afresh

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[CountryProfile, AssumptionSet, tuple[list[Flag], list[Flag]]]] = {}

    def __call__(self, profile: CountryProfile, assumptions: AssumptionSet, today: date) -> tuple[list[Flag], list[Flag]]:
        """(every dated flag, the stale-status ones among them)."""
        key = (id(profile), id(assumptions), today, current_language())
        hit = self._kept.get(key)
        if hit is None or hit[0] is not profile or hit[1] is not assumptions:  # an id reused by a new object
            if len(self._kept) >= self._KEEP:
                self._kept.clear()
            hit = self._kept[key] = (profile, assumptions, _dated_flags(profile, assumptions, today))
        return hit[2]


def evaluate(
    proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet, today: date | None = None,
    dated: DatedFlags | None = None,
) -> Assessment:
    """assess() plus a low-severity flag per source and year of dated figures, and one for a stale status.

    `dated` keeps the dated flags from one call to the next (a session's)."""
    profile = profiles.get(proposal.country)
    if profile is None:
        raise DomainError(_("unknown country {iso3!r}").format(iso3=proposal.country))
    return with_dated_flags(assess(proposal, profile, assumptions), profile, assumptions, today, dated)


def _dated_flags(profile: CountryProfile, assumptions: AssumptionSet, today: date) -> tuple[list[Flag], list[Flag]]:
    stale = stale_flags(profile.destination, assumptions, today)
    return [*data_age_flags(profile, assumptions, today.year), *review_age_flags(profile, assumptions, today), *stale], stale


def with_dated_flags(
    result: Assessment, profile: CountryProfile, assumptions: AssumptionSet, today: date | None = None,
    dated_flags: DatedFlags | None = None,
) -> Assessment:
    """An engine assessment (one of a ranking, say) with the dated flags of its country added."""
    today = today or date.today()
    dated, stale = (dated_flags or _dated_flags)(profile, assumptions, today)
    screen = result.screen
    if screen is not None:
        screen = replace(screen, stale=stale[0].message if stale else None)
    if not dated and screen is result.screen:
        return result
    return amend(result, append=dated, screen=screen)  # the engine's flags may not be computed yet
