"""Pure helpers for editing assumption sets: validation, defaults, and comparing two versions."""

from __future__ import annotations

import math
from typing import Any

from .engine import assess
from .i18n import _
from .model import (
    DIMENSION_LABELS,
    DIMENSIONS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)


class OutOfRange(DomainError):
    """A value outside an assumption's plausible range (accepted only when forced/confirmed)."""


def parse_number(text: object) -> float:
    """A finite number from user input, or DomainError saying what is wrong."""
    if isinstance(text, str) and "," in text:  # "1,5" is 1.5 to some and 15 to others: never guessed
        raise DomainError(_("{text!r}: write the number with a decimal point and no separators (1.5, 1500)").format(text=text))
    try:
        number = float(str(text).strip()) if not isinstance(text, int | float) else float(text)
    except ValueError:
        raise DomainError(_("{text!r} is not a number").format(text=text)) from None
    if not math.isfinite(number):
        raise DomainError(_("{text!r} is not a finite number").format(text=text))
    return number


def check_value(assumptions: AssumptionSet, key: str, value: object, force: bool = False) -> float:
    """The value as a float if it may be set for key; DomainError (OutOfRange if only the range is
    the problem) otherwise. Out-of-range values pass when force is True."""
    row = assumptions.rows.get(key)
    if row is None:
        raise DomainError(_("unknown assumption {key!r} (see `export-desk assumptions`)").format(key=key))
    number = parse_number(value)
    if not row.low <= number <= row.high and not force:
        raise OutOfRange(
            f"{key} = {number:g} is outside its plausible range {row.low:g}–{row.high:g}"
            + (f" {row.unit}" if row.unit else "")
            + " (confirm, or use --force, to set it anyway)"
        )
    return number


def default_changes(current: AssumptionSet, defaults: AssumptionSet) -> dict[str, float]:
    """The changes that bring current back to the default values (keys missing in defaults stay)."""
    return {k: defaults.rows[k].value for k, row in current.rows.items() if k in defaults.rows and row.value != defaults.rows[k].value}


def prefix(key: str) -> str:
    """The group of a key: its first dotted part (fit, weight, measure, …)."""
    return key.split(".", 1)[0]


def changed_keys(a: AssumptionSet, b: AssumptionSet) -> list[str]:
    """Keys whose value differs between two sets (or exist in only one), sorted."""
    keys = set(a.rows) | set(b.rows)
    return sorted(k for k in keys if a.rows.get(k) is None or b.rows.get(k) is None or a.rows[k].value != b.rows[k].value)


def compare_versions(proposal: Proposal, profile: CountryProfile, a: AssumptionSet, b: AssumptionSet) -> dict[str, Any]:
    """Assess one proposal under versions a and b: overall, band, sides and dimensions side by side."""
    ra, rb = assess(proposal, profile, a).to_dict(), assess(proposal, profile, b).to_dict()
    rows = [
        {"label": "Overall", "key": "overall", "a": ra["overall"], "b": rb["overall"]},
        {"label": "Counterpart acceptance", "key": "counterpart_acceptance", "a": ra["counterpart_acceptance"], "b": rb["counterpart_acceptance"]},
        {"label": "Exporter assurance", "key": "exporter_assurance", "a": ra["exporter_assurance"], "b": rb["exporter_assurance"]},
    ] + [{"label": DIMENSION_LABELS[d], "key": d, "a": ra["dimensions"][d], "b": rb["dimensions"][d]} for d in DIMENSIONS]
    for r in rows:
        r["delta"] = round(r["b"] - r["a"], 2)
    return {
        "version_a": a.version,
        "version_b": b.version,
        "band_a": ra["band"],
        "band_b": rb["band"],
        "rows": rows,
        "changed_keys": changed_keys(a, b),
    }
