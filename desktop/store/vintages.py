"""Data vintages of country figures: apply an imported set as a new dated vintage; read profiles at a vintage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Mapping

from ..core.figures_csv import (
    FigureChange,
    FigureRow,
    compare_overall,
    diff_figures,
    parse_figures_csv,
    profiles_with,
)
from ..core.model import AssumptionSet, CountryProfile, Proposal
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


@dataclass(frozen=True)
class FiguresPreview:
    """A figures file checked against the current figures: every row, how each differs, what it does to proposals."""

    rows: list[FigureRow]
    changes: list[FigureChange]
    comparison: list[dict[str, Any]]  # each saved proposal's overall on the current and on the new figures

    @property
    def changed(self) -> list[FigureChange]:
        return [c for c in self.changes if c.changed]


def preview_figures(
    store: Store, data: bytes, name: str, assumptions: AssumptionSet | None = None,
    proposals: list[Proposal] | None = None, profiles: Mapping[str, CountryProfile] | None = None,
) -> FiguresPreview:
    """Check a figures file (all of it) and what it would change; nothing is written.

    assumptions, proposals, profiles: what to judge it by (default: the store's latest set, every
    saved proposal and the current figures).
    """
    assumptions = assumptions or store.assumption_set()
    profiles = profiles if profiles is not None else store.profiles()
    rows = parse_figures_csv(data, set(profiles), assumptions["capacity.pillar_max"], name)
    changes = diff_figures(rows, profiles)
    new = profiles_with(profiles, [c for c in changes if c.changed])
    comparison = compare_overall(store.proposals() if proposals is None else proposals, profiles, new, assumptions)
    return FiguresPreview(rows, changes, comparison)


def apply_preview(store: Store, preview: FiguresPreview, label: str) -> int | None:
    """Store the changed figures of a preview as a new data vintage; None when nothing changes."""
    changed = [r for r, c in zip(preview.rows, preview.changes, strict=True) if c.changed]
    return apply_figures(store, changed, label) if changed else None
