"""Each country's best alternative offer: read, and edited with a reason (like the profile)."""

from __future__ import annotations

import json
from typing import Any, Mapping

from sqlite_utils import Database

from ..core.model import LEVERS, AlternativeOffer


def read_alternatives(db: Database) -> dict[str, AlternativeOffer]:
    """Every country's alternative offer, by ISO3 (none before migration m011)."""
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


def write_alternative(db: Database, iso3: str, alt: AlternativeOffer) -> None:
    """Store a country's alternative offer as it is (the persister writes a user's edit through it)."""
    db.execute(
        "UPDATE alternative_offers SET security = ?, resilience = ?, openness = ?, partnership = ?, price = ?,"
        " financing_share = ?, kind = ?, edited_at = ?, edit_reason = ? WHERE iso3 = ?",
        [*(float(alt.positions[lv]) for lv in LEVERS), float(alt.price), float(alt.financing_share), alt.kind,
         alt.edited_at, alt.edit_reason, iso3],
    )
