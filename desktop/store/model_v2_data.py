"""The data migration m011 inserts (model v2), read from its own frozen folder db/migrations/m011_model_v2/."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from ..paths import migration_file

_FOLDER = "m011_model_v2"

SOURCES = [
    {
        "id": "world_bank_gdp",
        "title": "GDP (current US$), World Development Indicators NY.GDP.MKTP.CD, latest year per economy",
        "publisher": "World Bank (as packaged by the datasets/gdp data package)",
        "year": 2023,
        "attribution": "Source: World Bank, GDP (current US$)",
        "terms": "Public Domain Dedication and License (PDDL) 1.0.",
    },
    {
        "id": "alternative_offers",
        "title": "Best alternative offer per country (who, its position on the four commitments, price, financing)",
        "publisher": "AI Export Desk analysts",
        "year": 2026,
        "attribution": "Analyst estimate (AI Export Desk)",
        "terms": "Analyst estimates and stated default rules built on the dated facts cited in each rationale; editable in the app.",
    },
]


def _load(name: str) -> Any:
    with migration_file(_FOLDER, name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def apply_m011(db: Database) -> None:
    db.execute("ALTER TABLE proposals ADD COLUMN deal TEXT NOT NULL DEFAULT '{}'")
    db.execute(
        """CREATE TABLE alternative_offers (
            iso3 TEXT PRIMARY KEY REFERENCES countries(iso3) ON DELETE CASCADE,
            provider TEXT NOT NULL,
            archetype TEXT NOT NULL,
            security REAL NOT NULL CHECK (security BETWEEN 0 AND 100),
            resilience REAL NOT NULL CHECK (resilience BETWEEN 0 AND 100),
            openness REAL NOT NULL CHECK (openness BETWEEN 0 AND 100),
            partnership REAL NOT NULL CHECK (partnership BETWEEN 0 AND 100),
            price REAL NOT NULL CHECK (price BETWEEN 0.5 AND 1.5),
            financing_share REAL NOT NULL CHECK (financing_share BETWEEN 0 AND 1),
            financing TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('estimate', 'default')),
            rationale TEXT NOT NULL,
            sources TEXT NOT NULL,
            edited_at TEXT,
            edit_reason TEXT
        )"""
    )
    existing_sources = {r["id"] for r in db.query("SELECT id FROM sources")}
    db["sources"].insert_all(s for s in SOURCES if s["id"] not in existing_sources)

    countries = {r["iso3"] for r in db.query("SELECT iso3 FROM countries")}
    with migration_file(_FOLDER, "world_bank_gdp.csv").open(encoding="utf-8", newline="") as fh:
        gdp = [r for r in csv.DictReader(fh) if r["iso3"] in countries]
    db["country_figures"].insert_all(
        {"iso3": r["iso3"], "indicator": "gdp_usd", "value": float(r["gdp_current_usd"]), "year": int(r["year"]),
         "source_id": "world_bank_gdp", "kind": "published", "rationale": "", "vintage": 1}
        for r in gdp
    )

    offers = _load("alternatives.json")["offers"]
    db["alternative_offers"].insert_all(
        {"iso3": o["iso3"], "provider": o["provider"], "archetype": o["archetype"],
         **{lv: float(o["positions"][lv]) for lv in ("security", "resilience", "openness", "partnership")},
         "price": float(o["price"]), "financing_share": float(o["financing_share"]), "financing": o["financing"],
         "kind": o["kind"], "rationale": o["rationale"], "sources": json.dumps(o["sources"], ensure_ascii=False)}
        for o in offers if o["iso3"] in countries
    )

    catalog = _load("measures.json")["measures"]
    known = {r["id"] for r in db.query("SELECT id FROM measures")}
    start = db.execute("SELECT coalesce(max(position), -1) + 1 FROM measures").fetchone()[0]
    db["measures"].insert_all(dict(m, position=start + i) for i, m in enumerate(m for m in catalog if m["id"] not in known))

    assumptions = _load("assumptions.json")
    latest = db.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]
    for (version,) in db.execute("SELECT version FROM assumption_sets").fetchall():
        for row in assumptions["rows"]:
            db.execute(
                "INSERT OR IGNORE INTO assumptions (version, key, value, description, source, low, high, unit)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [version, row["key"], row["value"], row["description"], row["source"], row["low"], row["high"], row["unit"]],
            )
    version = (latest or 0) + 1
    db["assumption_sets"].insert(
        {"version": version, "name": assumptions["name"], "created": _now(), "parent_version": latest, "note": assumptions["note"]}
    )
    db["assumptions"].insert_all(dict(row, version=version) for row in assumptions["rows"])
    # Which versions are the shipped defaults of each model ("Reset to defaults" goes to the newest).
    db.execute("CREATE TABLE shipped_defaults (version INTEGER PRIMARY KEY REFERENCES assumption_sets(version), model TEXT NOT NULL)")
    db.execute("INSERT INTO shipped_defaults (version, model) VALUES (1, 'v1'), (?, 'v2')", [version])
