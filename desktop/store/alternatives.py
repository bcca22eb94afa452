"""Each country's best alternative offer: read, and edited with a reason (like the profile)."""

from __future__ import annotations

import json
from typing import Any, Mapping

from sqlite_utils import Database

from ..core.model import LEVERS, AlternativeOffer, DomainError

EDITABLE: tuple[str, ...] = LEVERS + ("price", "financing_share")


def read_alternatives(db: Database) -> dict[str, AlternativeOffer]:
    """Every country's alternative offer, by ISO3 (none before migration m009)."""
    if "alternative_offers" not in db.table_names():
        return {}
    out = {}
    for r in db.query("SELECT * FROM alternative_offers"):
        out[r["iso3"]] = _offer(r)
    return out


def _offer(r: Mapping[str, Any]) -> AlternativeOffer:
    try:
        sources = tuple(json.loads(r["sources"] or "[]"))
    except ValueError:
        sources = ()
    return AlternativeOffer(
        provider=r["provider"],
        archetype=r["archetype"],
        positions={lv: float(r[lv]) for lv in LEVERS},
        price=float(r["price"]),
        financing_share=float(r["financing_share"]),
        financing=r["financing"],
        kind=r["kind"],
        rationale=r["rationale"],
        sources=tuple(s for s in sources if isinstance(s, dict)),
        edited_at=r["edited_at"],
        edit_reason=r["edit_reason"],
    )


def validate_edit(field: str, value: float, reason: str) -> float:
    """The value of an edit of one field of an alternative offer, checked; DomainError if wrong."""
    if field not in EDITABLE:
        raise DomainError(f"unknown field {field!r} of the alternative offer (fields: {', '.join(EDITABLE)})")
    if not (reason or "").strip():
        raise DomainError("say why you change the alternative offer (a reason is required and is recorded)")
    low, high = {"price": (0.5, 1.5), "financing_share": (0.0, 1.0)}.get(field, (0.0, 100.0))
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or not low <= value <= high:
        raise DomainError(f"alternative {field} must be between {low:g} and {high:g}, got {value!r}")
    return float(value)


def edit_alternative(db: Database, iso3: str, field: str, value: float, reason: str, stamp: str) -> None:
    """Set one field of a country's alternative offer, recording when and why (one statement)."""
    value = validate_edit(field, value, reason)
    cursor = db.execute(
        f"UPDATE alternative_offers SET {field} = ?, edited_at = ?, edit_reason = ? WHERE iso3 = ?",  # noqa: S608 - field is from EDITABLE
        [value, stamp, reason.strip(), iso3],
    )
    if cursor.rowcount != 1:
        raise DomainError(f"no alternative offer for {iso3!r}")
