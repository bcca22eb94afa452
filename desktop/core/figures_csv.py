"""Country figures from a CSV file (iso3, indicator, value, year, source): parse, check every row, diff.

Pure: no Qt, no SQL. The file is read through `safe_csv` (the shared hardened reader); all bad rows are reported with their line numbers; a file with any bad row
is refused whole, so nothing partial is ever applied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from .i18n import _
from .model import PILLAR_LABELS, PILLARS, CountryProfile, DomainError, Figure
from .safe_csv import CsvLimits, read_table

COLUMNS = ("iso3", "indicator", "value", "year", "source")
INDICATORS = ("aipi",) + PILLARS
INDICATOR_LABELS = {"aipi": "AI Preparedness Index (overall)", **PILLAR_LABELS}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Size, encoding, NUL bytes, field length, row count and quoting are checked by safe_csv (one
# implementation for every outside CSV); this module checks what the rows mean.
LIMITS = CsvLimits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=50, max_field=10_000)


class CsvErrors(DomainError):
    """Every bad row of a figures file, by line number."""

    def __init__(self, name: str, errors: list[str]) -> None:
        self.errors = errors
        shown = "; ".join(errors[:20]) + (f"; … and {len(errors) - 20} more" if len(errors) > 20 else "")
        super().__init__(f"{name}: {len(errors)} bad row{'s' if len(errors) != 1 else ''}, nothing imported — {shown}")


@dataclass(frozen=True)
class FigureRow:
    """One figure from the file."""

    line: int
    iso3: str
    indicator: str
    value: float
    year: int
    source: str


@dataclass(frozen=True)
class FigureChange:
    """One figure of the file next to the current one."""

    iso3: str
    country: str
    indicator: str
    old: float | None
    new: float
    old_year: int | None
    new_year: int
    source: str

    @property
    def changed(self) -> bool:
        return self.old is None or abs(self.old - self.new) > 1e-12 or self.old_year != self.new_year


def parse_figures_csv(data: bytes, countries: set[str], pillar_max: float, name: str = "figures.csv") -> list[FigureRow]:
    """Every row of a figures CSV, or CsvErrors listing all bad rows by line number."""
    header, records = read_table(data, LIMITS, name)
    header = [h.strip().lower() for h in header]
    if sorted(header) != sorted(COLUMNS):
        raise DomainError(_("{name} line 1: the columns must be {columns} (got {header})").format(
            name=name, columns=", ".join(COLUMNS), header=", ".join(header)[:200] or _("none")))
    idx = {c: header.index(c) for c in COLUMNS}
    limits = {"aipi": 4 * pillar_max, **{p: pillar_max for p in PILLARS}}
    rows: list[FigureRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            errors.append(f"line {line}: expected {len(COLUMNS)} fields, got {len(cells)}")
            continue
        get = {c: cells[i].strip() for c, i in idx.items()}
        problems = []
        iso3 = get["iso3"].upper()
        if iso3 not in countries:
            problems.append(f"unknown country {get['iso3']!r}")
        indicator = get["indicator"]
        if indicator not in INDICATORS:
            problems.append(f"unknown indicator {indicator!r} (one of {', '.join(INDICATORS)})")
        try:
            value = float(get["value"])
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            value = None
            problems.append(f"value {get['value'][:40]!r} is not a number")
        if value is not None and indicator in limits and not 0 <= value <= limits[indicator]:
            problems.append(f"{indicator} must be between 0 and {limits[indicator]:g}, got {value:g}")
        try:
            year = int(get["year"])
            if not 1990 <= year <= 2100:
                raise ValueError
        except ValueError:
            year = 0
            problems.append(f"year {get['year'][:40]!r} is not a year between 1990 and 2100")
        source = get["source"]
        if not source:
            problems.append("the source is empty (every figure needs one)")
        elif len(source) > 300:
            problems.append("the source is longer than 300 characters")
        key = (iso3, indicator)
        if key in seen and not problems:
            problems.append(f"{iso3} {indicator} already given on line {seen[key]}")
        if problems:
            errors.append(f"line {line}: " + ", ".join(problems))
            continue
        seen[key] = line
        rows.append(FigureRow(line, iso3, indicator, float(value), year, source))
    if errors:
        raise CsvErrors(name, errors)
    if not rows:
        raise DomainError(_("{name} has no figures").format(name=name))
    return rows


def diff_figures(rows: list[FigureRow], profiles: Mapping[str, CountryProfile]) -> list[FigureChange]:
    """Each row next to the current figure it would replace."""
    out = []
    for r in rows:
        prof = profiles[r.iso3]
        current = prof.aipi if r.indicator == "aipi" else prof.pillars[r.indicator]
        out.append(
            FigureChange(r.iso3, prof.name, r.indicator, None if current.missing else float(current.value), r.value,
                         current.year, r.year, r.source)
        )
    return out


def compare_overall(proposals, old: Mapping[str, CountryProfile], new: Mapping[str, CountryProfile], assumptions) -> list[dict]:
    """Each proposal's overall score on the old and the new figures (only those whose country changed)."""
    from .engine import assess

    out = []
    for p in proposals:
        if p.country not in old or old[p.country] == new.get(p.country):
            continue
        before = assess(p, old[p.country], assumptions).to_dict()
        after = assess(p, new[p.country], assumptions).to_dict()
        out.append({"name": p.name, "country": p.country, "old": before["overall"], "new": after["overall"],
                    "old_band": before["band"], "new_band": after["band"]})
    return out


def profiles_with(profiles: Mapping[str, CountryProfile], changed: list[FigureChange]) -> dict[str, CountryProfile]:
    """Profiles as they would be with the changed figures applied (a preview; nothing stored)."""
    out = dict(profiles)
    for c in changed:
        prof = out[c.iso3]
        fig = Figure(c.new, "published", c.source, c.new_year, "")
        if c.indicator == "aipi":
            out[c.iso3] = replace(prof, aipi=fig)
        else:
            out[c.iso3] = replace(prof, pillars=MappingProxyType(dict(prof.pillars, **{c.indicator: fig})))
    return out
