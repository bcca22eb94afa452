"""Region and country groupings per ISO3 from country_converter's shipped classification table (read offline)."""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

# country_converter membership columns shown as groups (its column → label), in this order.
GROUP_COLUMNS: tuple[tuple[str, str], ...] = (("G7", "G7"), ("G20", "G20"), ("OECD", "OECD"), ("EU", "EU"), ("BRIC", "BRICS"))

SOURCE = "country_converter (coco) classification table: UN M49 regions and memberships"


@dataclass(frozen=True)
class Classification:
    """Where a country sits: UN region, continent and the groups it belongs to."""

    region: str
    continent: str
    groups: tuple[str, ...]

    @property
    def groups_text(self) -> str:
        return " · ".join(self.groups)


UNKNOWN = Classification("Unclassified", "Unclassified", ())


def _data_file() -> Path:
    # Found without importing the package (its __init__ loads pandas, which this table does not need).
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("country_converter is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


@lru_cache(maxsize=1)
def classifications() -> Mapping[str, Classification]:
    """Every ISO3 code in country_converter's table with its classification (cached)."""
    out: dict[str, Classification] = {}
    with _data_file().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iso3 = (row.get("ISO3") or "").strip()
            if len(iso3) != 3 or (row.get("obsolete") or "").strip():
                continue
            groups = tuple(label for column, label in GROUP_COLUMNS if (row.get(column) or "").strip())
            out[iso3] = Classification(
                (row.get("UNregion") or "").strip() or UNKNOWN.region,
                (row.get("continent") or "").strip() or UNKNOWN.continent,
                groups,
            )
    return out


def classify(iso3: str) -> Classification:
    """The classification of one ISO3 code (UNKNOWN if country_converter does not list it)."""
    return classifications().get(iso3, UNKNOWN)
