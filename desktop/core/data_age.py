"""How old each country figure is, and flags for figures older than `data.max_age_years` (pure).

The reference year is not an input of the engine, so the data-age flag is computed here and
appended to the engine's flags by core.evaluate (and shown by the country panel).
"""

from __future__ import annotations

from .engine.results import Flag
from .model import (
    PILLAR_LABELS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    AssumptionSet,
    CountryProfile,
    Figure,
)


def figures(profile: CountryProfile) -> list[tuple[str, str, Figure]]:
    """Every figure of a profile as (field, label, figure), capacity first."""
    out = [("aipi", "AI Preparedness Index", profile.aipi)]
    out += [(k, PILLAR_LABELS[k], profile.pillars[k]) for k in PILLARS if k in profile.pillars]
    out += [(k, PROFILE_LABELS[k], profile.sovereignty[k]) for k in PROFILE_FIELDS if k in profile.sovereignty]
    return out


def age(fig: Figure, reference_year: int) -> int | None:
    """Years between the figure's year and the reference year (None without a year)."""
    return None if fig.year is None else int(reference_year) - int(fig.year)


def is_dated(fig: Figure, assumptions: AssumptionSet, reference_year: int) -> bool:
    """True when the figure is older than data.max_age_years (a missing figure is not dated)."""
    years = age(fig, reference_year)
    return not fig.missing and years is not None and years > assumptions.get("data.max_age_years", float("inf"))


def data_age_flags(profile: CountryProfile, assumptions: AssumptionSet, reference_year: int) -> list[Flag]:
    """Low-severity "data" flags, one per source and year whose figures are older than the threshold."""
    groups: dict[tuple[str, int], list[str]] = {}
    for _field, label, fig in figures(profile):
        if is_dated(fig, assumptions, reference_year):
            groups.setdefault((fig.source, int(fig.year)), []).append(label)  # type: ignore[arg-type]
    limit = assumptions.get("data.max_age_years", 0.0)
    flags = []
    for (source, year), labels in groups.items():
        names = ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
        flags.append(Flag(
            "low",
            "data",
            f"{names} for {profile.name}: figures from {year}, {reference_year - year} years old "
            f"(more than {limit:g}); check {source} for newer data",
            None,
            "both",
            "safe",
        ))
    return flags


def review_age_flags(profile: CountryProfile, assumptions: AssumptionSet, today) -> list[Flag]:
    """One low-severity, internal "data" flag when sovereignty-profile values were last reviewed more than
    `data.profile_review_months` ago ("reviewed 14 months ago"); none without review dates."""
    from .profile_text import review_age

    limit = assumptions.get("data.profile_review_months", float("inf"))
    old = [(label, review_age(fig, today)) for k, label, fig in figures(profile) if k in profile.sovereignty]
    old = [(label, months) for label, months in old if months is not None and months > limit]
    if not old:
        return []
    oldest = max(m for _l, m in old)
    names = ", ".join(label for label, _m in old[:3]) + (f" and {len(old) - 3} more" if len(old) > 3 else "")
    return [Flag("low", "data", f"{names} for {profile.name}: reviewed {oldest} months ago (more than {limit:g}); "
                 "review the profile against newer facts", None, "both", "internal")]
