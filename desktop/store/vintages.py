"""Data vintages of country figures: apply an imported set as a new dated vintage; read profiles at a vintage."""

from __future__ import annotations

import hashlib
from typing import Any

from ..core.figures_csv import FigureRow
from ..core.model import CountryProfile
from .clock import now
from .database import Store


def vintages(store: Store) -> list[dict[str, Any]]:
    """Every data vintage, oldest first."""
    return list(store.db.query("SELECT * FROM vintages ORDER BY id"))


def latest_vintage(store: Store) -> int:
    return int(store.db.execute("SELECT max(id) FROM vintages").fetchone()[0])


def profiles_at(store: Store, vintage: int) -> dict[str, CountryProfile]:
    """Every country's profile as of a data vintage (figures from that vintage or earlier)."""
    return store.read_profiles(vintage)


def _source_id(text: str) -> str:
    return "import_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def apply_figures(store: Store, rows: list[FigureRow], label: str, note: str = "") -> int:
    """Store rows as a new data vintage in one transaction; returns its id."""
    stamp = now()
    with store.transaction():
        cursor = store.db.execute(
            "INSERT INTO vintages (label, created, note) VALUES (?, ?, ?)", [label, stamp, note]
        )
        vintage = int(cursor.lastrowid)
        for source in sorted({r.source for r in rows}):
            store.db.execute(
                "INSERT OR IGNORE INTO sources (id, title, publisher, year, attribution, terms) VALUES (?, ?, ?, ?, ?, ?)",
                [_source_id(source), source, "Imported by a user", None, source,
                 f"As stated by the file's source column; imported {stamp[:10]}."],
            )
        for r in rows:
            store.db.execute(
                "INSERT INTO country_figures (iso3, indicator, value, year, source_id, kind, rationale, vintage)"
                " VALUES (?, ?, ?, ?, ?, 'published', ?, ?)",
                [r.iso3, r.indicator, r.value, r.year, _source_id(r.source), f"Imported {stamp[:10]} ({label}).", vintage],
            )
    store.reference_changed()  # the next read sees the new vintage
    return vintage
