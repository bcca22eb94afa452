"""Defaults for economies without an analyst profile: a stated rule over the analysed countries.

The rule (issue 17), for each of the six profile fields of an economy with no analyst estimate:

1. Regional median: the median of the analysed countries in its UN M49 sub-region, if at least
   `MIN_POOL` are analysed there; else in its region (continent); else of every analysed country.
2. Group median: the median of the analysed countries that share at least one of its groups
   (G7, G20, EU, OECD, BRICS, ASEAN, GCC), counting only groups with at least `MIN_POOL`
   analysed members. If there is one, the default is the mean of the regional and group medians.
3. Destination screen: a `denial` destination's trust is capped at `DENIAL_TRUST_CAP` (a
   presumption of denial for U.S. AI exports says the exporter's government does not trust it);
   an `embargoed` one's at `EMBARGO_TRUST_CAP`.
4. Range: the 10th to 90th percentile of the values pooled in steps 1–2, widened to at least
   ± `MIN_HALF_WIDTH` around the default and clipped to 0–100 (a default is not a judgement
   about the country, so its range is wide).

The function is pure: the generator of migration m013 (tools/country_knowledge.py) applies it
to the shipped analyst estimates and freezes the result; tests check the frozen data against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Mapping, Sequence

import numpy as np

from .model import PROFILE_FIELDS

MIN_POOL = 3
MIN_HALF_WIDTH = 15.0
DENIAL_TRUST_CAP = 15.0
EMBARGO_TRUST_CAP = 5.0
GROUPS: tuple[str, ...] = ("G7", "EU", "OECD", "GCC", "ASEAN", "BRICS", "G20")


@dataclass(frozen=True)
class Place:
    """What the rule knows of an economy: UN region, sub-region, groups, screen status."""

    region: str
    sub_region: str
    groups: tuple[str, ...] = ()
    status: str = "eligible"


@dataclass(frozen=True)
class DefaultValue:
    value: float
    low: float
    high: float
    rationale: str


def _round(x: float) -> float:
    return float(round(x))


def default_value(
    field: str,
    place: Place,
    analysed: Mapping[str, float],
    places: Mapping[str, Place],
) -> DefaultValue:
    """The default of one field for an economy at `place`, from the analysed values {iso3: value}."""
    sub = [iso for iso in analysed if places[iso].sub_region == place.sub_region]
    reg = [iso for iso in analysed if places[iso].region == place.region]
    if len(sub) >= MIN_POOL:
        regional_pool, where = sub, f"{place.sub_region} ({len(sub)} analysed: {', '.join(sorted(sub))})"
    elif len(reg) >= MIN_POOL:
        regional_pool, where = reg, f"{place.region} ({len(reg)} analysed; fewer than {MIN_POOL} in {place.sub_region})"
    else:
        regional_pool, where = list(analysed), f"all {len(analysed)} analysed countries (fewer than {MIN_POOL} in {place.region})"
    regional = median(analysed[i] for i in regional_pool)
    groups = [g for g in GROUPS if g in place.groups and sum(g in places[i].groups for i in analysed) >= MIN_POOL]
    group_pool = sorted({i for i in analysed if any(g in places[i].groups for g in groups)})
    parts = [f"median of {where} = {regional:g}"]
    if group_pool:
        grouped = median(analysed[i] for i in group_pool)
        value = (regional + grouped) / 2
        parts.append(f"median of the {len(group_pool)} analysed members of {'/'.join(groups)} = {grouped:g}; mean of the two")
    else:
        value = regional
    value = _round(value)
    pool = [analysed[i] for i in sorted(set(regional_pool) | set(group_pool))]
    low, high = (float(x) for x in np.percentile(pool, [10, 90]))
    cap = {"denial": DENIAL_TRUST_CAP, "embargoed": EMBARGO_TRUST_CAP}.get(place.status)
    if field == "trust" and cap is not None and value > cap:
        value = cap
        low, high = 0.0, cap + MIN_HALF_WIDTH
        parts.append(f"capped at {cap:g}: a {place.status} destination in the U.S. screen")
    low = _round(max(0.0, min(low, value - MIN_HALF_WIDTH)))
    high = _round(min(100.0, max(high, value + MIN_HALF_WIDTH)))
    rationale = (f"No analyst profile: {'; '.join(parts)} → {value:g}; "
                 f"range {low:g}–{high:g} (10th–90th percentile of those countries, at least ±{MIN_HALF_WIDTH:g}). "
                 "An analyst estimate for this country would replace it.")
    return DefaultValue(value, low, high, rationale)


def default_profiles(
    targets: Sequence[str],
    estimates: Mapping[str, Mapping[str, float]],
    places: Mapping[str, Place],
) -> dict[str, dict[str, DefaultValue]]:
    """Defaults for every field each target lacks in `estimates` ({iso3: {field: value}}).

    The pool of field f is every economy with an analyst estimate of f (a partly profiled
    country lends the fields it has). A target with an estimate of f gets no default for it.
    """
    out: dict[str, dict[str, DefaultValue]] = {}
    for field in PROFILE_FIELDS:
        analysed = {iso: float(v[field]) for iso, v in estimates.items() if field in v}
        for iso in targets:
            if field in estimates.get(iso, {}):
                continue
            out.setdefault(iso, {})[field] = default_value(field, places[iso], analysed, places)
    return out
