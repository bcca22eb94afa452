"""Seed the reference data shipped in db/seed/: sources, countries, figures, profiles, catalog, assumptions."""

from __future__ import annotations

import csv
import json
import statistics
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from ..core.model import PILLARS, PROFILE_FIELDS
from ..paths import seed_file

IMF_INDICATORS = ("aipi",) + PILLARS
IMF_YEAR = 2023


def now() -> str:
    """UTC timestamp with microseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _load(name: str) -> Any:
    with seed_file(name).open(encoding="utf-8") as fh:
        return json.load(fh)


def country_name(iso3: str, fallback: str) -> str:
    """The country's common name from pycountry (ISO 3166), or the IMF's label if unknown."""
    import pycountry  # only when seeding: not on an existing database's start-up path

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return fallback
    return getattr(found, "common_name", None) or found.name


def seed_reference_data(db: Database) -> None:
    """Insert every shipped reference table (runs inside the migration's transaction)."""
    sources = _load("sources.json")
    db["sources"].insert_all(sources["sources"])
    db["vintages"].insert({"id": 1, "label": "IMF AIPI 2023 (seed)", "created": now(), "note": "Shipped with the app"})

    with seed_file("imf_aipi_2023.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    db["countries"].insert_all(
        {"iso3": r["iso3"], "name": country_name(r["iso3"], r["name"]), "imf_name": r["name"]} for r in rows
    )
    figures = []
    for r in rows:
        for ind in IMF_INDICATORS:
            raw = r[ind].strip()
            figures.append(
                {
                    "iso3": r["iso3"],
                    "indicator": ind,
                    "value": float(raw) if raw else None,  # missing stays missing
                    "year": IMF_YEAR,
                    "source_id": "imf_aipi_2023",
                    "kind": "published",
                    "rationale": "" if raw else "Not published by the IMF for this economy.",
                    "vintage": 1,
                }
            )
    db["country_figures"].insert_all(figures)

    measures = _load("measures.json")["measures"]
    db["measures"].insert_all(dict(m, position=i) for i, m in enumerate(measures))

    assumptions = _load("assumptions.json")
    db["assumption_sets"].insert(
        {"version": 1, "name": assumptions["name"], "created": now(), "parent_version": None, "note": assumptions["note"]}
    )
    db["assumptions"].insert_all(dict(row, version=1) for row in assumptions["rows"])

    _seed_profiles(db, [r["iso3"] for r in rows], sources["diffusion_tiers"])


def _seed_profiles(db: Database, all_iso3: list[str], tiers: dict[str, Any]) -> None:
    doc = _load("sovereignty_profiles.json")
    year = int(doc["as_of"][:4])
    focus = {p["iso3"]: p for p in doc["profiles"]}
    rows = []
    for iso3, prof in focus.items():
        for field in PROFILE_FIELDS:
            entry = prof["values"][field]
            rows.append(
                {
                    "iso3": iso3,
                    "field": field,
                    "value": float(entry["value"]),
                    "kind": "estimate",
                    "source_id": "analyst_profiles",
                    "year": year,
                    "rationale": f"{entry['rationale']} (Analyst estimate.)",
                }
            )
    medians = {f: statistics.median(p["values"][f]["value"] for p in focus.values()) for f in PROFILE_FIELDS}
    tier1, tier3 = set(tiers["tier1"]), set(tiers["tier3"])
    n = len(focus)
    for iso3 in all_iso3:
        if iso3 in focus:
            continue
        for field in PROFILE_FIELDS:
            value = medians[field]
            why = (
                f"Default: no analyst profile for this country, so the median of the {n} "
                f"analyst-estimated focus profiles for this field ({value:g})."
            )
            source = "default_profile_rule"
            if field == "trust" and iso3 in tier1:
                value = float(tiers["tier1_trust"])
                why = f"Default from data: Tier 1 (close U.S. partner) in the January 2025 AI diffusion rule (rescinded May 2025; a historical signal only) -> {value:g}."
                source = "diffusion_rule_2025"
            elif field == "trust" and iso3 in tier3:
                value = float(tiers["tier3_trust"])
                why = f"Default from data: Tier 3 (arms-embargoed) in the January 2025 AI diffusion rule (rescinded May 2025; a historical signal only) -> {value:g}."
                source = "diffusion_rule_2025"
            rows.append(
                {
                    "iso3": iso3,
                    "field": field,
                    "value": float(value),
                    "kind": "default",
                    "source_id": source,
                    "year": year,
                    "rationale": why,
                }
            )
    db["sovereignty_profiles"].insert_all(rows)


def add_missing_assumption_rows(db: Database, prefixes: tuple[str, ...]) -> None:
    """Insert the seed's assumption rows whose key starts with one of prefixes into the latest
    assumption set, where that set lacks them (existing rows are never changed)."""
    version = db.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]
    if version is None:
        return
    for row in _load("assumptions.json")["rows"]:
        if row["key"].startswith(prefixes):
            db.execute(
                "INSERT OR IGNORE INTO assumptions (version, key, value, description, source, low, high, unit)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [version, row["key"], row["value"], row["description"], row["source"], row["low"], row["high"], row["unit"]],
            )
