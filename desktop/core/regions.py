"""Where a country sits: UN M49 region and the groups it belongs to (read by the store from the seeded tables).

The data come from db/migrations/m008_destination_screen/country_codes.csv (UN M49 via the datasets/country-codes data
package, PDDL 1.0) and country_groups.csv (memberships with the year joined and their source),
seeded by migration m008 and attached to each CountryProfile as `classification`.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "UN M49 regions (datasets/country-codes, PDDL 1.0); group memberships as of 2025 (each with its source)"


@dataclass(frozen=True)
class Classification:
    """Where a country sits: UN region (intermediate or sub-region), continent and its groups."""

    region: str
    continent: str
    groups: tuple[str, ...]

    @property
    def groups_text(self) -> str:
        return " · ".join(self.groups)


UNKNOWN = Classification("Unclassified", "Unclassified", ())


def classification(region: str, sub_region: str, intermediate_region: str, groups: tuple[str, ...]) -> Classification:
    """A Classification from UN M49's three levels: the most specific region names it (Eastern Africa)."""
    return Classification(intermediate_region or sub_region or region or UNKNOWN.region, region or UNKNOWN.continent, groups)


def classify(profile) -> Classification:
    """The classification of a profile (UNKNOWN when the store attached none)."""
    found = getattr(profile, "classification", None)
    return UNKNOWN if found is None else found
