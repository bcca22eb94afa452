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
    """The dated flags of the last country, assumption set, day and language asked for, kept.

    They do not depend on the offer: a session re-assessing on every lever move asks for the same
    ones each time (a one-entry memo, compared by identity: profiles and assumption sets are
    immutable, an edit makes a new one)."""

    __slots__ = ("_key", "_flags")

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._flags: tuple[list[Flag], list[Flag]] = ([], [])

    def __call__(self, profile: CountryProfile, assumptions: AssumptionSet, today: date) -> tuple[list[Flag], list[Flag]]:
        """(every dated flag, the stale-status ones among them)."""
        key = self._key
        language = current_language()
        if key is None or key[0] is not profile or key[1] is not assumptions or key[2:] != (today, language):
            self._flags = _dated_flags(profile, assumptions, today)
            self._key = (profile, assumptions, today, language)
        return self._flags


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
