"""The data migration m013 inserts (issue 17), read from its own frozen folder db/migrations/m013_country_knowledge/.

- sovereignty_profiles gains low, high (the plausible range), sources (JSON list of dated links)
  and reviewed (YYYY-MM-DD). Every row no user has edited takes the 2026 review's value, range,
  kind, rationale and sources. A row a user edited (edited_at set) keeps its value, kind, reason
  and edit date: its range stays empty (the uncertainty model then uses the assumption
  half-width around the user's value) and its reviewed date is the edit's date. The old rationale
  text loses its repeated "(Analyst estimate.)" (the kind is shown once, by the app).
- profile_reviews: what the 2026 review shipped for each row (value, range, previous value,
  rationale, sources) and its status: 'applied', 'kept_edit' (the user's edit was kept) or
  'held' (a suggested start for a country without a full analyst profile; shown, not applied).
- outcomes: the observed outcome ledger (public record seeded from the fact sheet; the user's
  own entries marked private).
- assumption data.profile_review_months added to every set that lacks it (no value the engine reads).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from ..paths import migration_file
from .clock import now

FOLDER = "m013_country_knowledge"

SOURCES = [
    {
        "id": "analyst_profiles_2026",
        "title": "Sovereignty profile estimates, reviewed 2026-12-02 against the 2025–2026 fact sheet (as of 2026-12-01)",
        "publisher": "AI Export Desk analysts",
        "year": 2026,
        "attribution": "Analyst estimate (AI Export Desk)",
        "terms": "Analyst estimates with a range, built on the dated, linked facts each value cites (mostly news and "
                 "law-firm sources, paraphrased); editable in the app.",
    },
    {
        "id": "default_profile_rule_2026",
        "title": "Derived default profile for economies without an analyst profile: UN M49 sub-region and group medians "
                 "of the analysed countries, capped by the destination screen",
        "publisher": "AI Export Desk",
        "year": 2026,
        "attribution": "Derived default (AI Export Desk rule)",
        "terms": "Derived by a stated rule (docs/method.md; each rationale states it); not a judgement about the country.",
    },
]

ASSUMPTION = {
    "key": "data.profile_review_months",
    "value": 12.0,
    "description": "A sovereignty-profile value not reviewed for more than this many months is flagged in the "
                   "country panel and the brief (\"reviewed 14 months ago\").",
    "source": "Model design (analyst estimate): 2025–2026 moved many profiles by 5–20 points within a year.",
    "low": 3.0,
    "high": 36.0,
    "unit": "months",
}

_SCHEMA = [
    "ALTER TABLE sovereignty_profiles ADD COLUMN low REAL CHECK (low BETWEEN 0 AND 100)",
    "ALTER TABLE sovereignty_profiles ADD COLUMN high REAL CHECK (high BETWEEN 0 AND 100)",
    "ALTER TABLE sovereignty_profiles ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE sovereignty_profiles ADD COLUMN reviewed TEXT",
    """CREATE TABLE profile_reviews (
        iso3 TEXT NOT NULL,
        field TEXT NOT NULL,
        reviewed TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('estimate', 'default')),
        value REAL NOT NULL,
        low REAL NOT NULL,
        high REAL NOT NULL,
        previous REAL,
        rationale TEXT NOT NULL,
        sources TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'kept_edit', 'held')),
        PRIMARY KEY (iso3, field, reviewed, kind)
    )""",
    """CREATE TABLE outcomes (
        id INTEGER PRIMARY KEY,
        iso3 TEXT NOT NULL CHECK (length(iso3) = 3),
        date TEXT NOT NULL,
        kind TEXT NOT NULL,
        positive INTEGER NOT NULL CHECK (positive IN (0, 1)),
        summary TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
        private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
        created TEXT NOT NULL
    )""",
    "CREATE INDEX outcomes_iso3 ON outcomes(iso3, date)",
]


def load() -> dict[str, Any]:
    with migration_file(FOLDER, "profiles.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def apply_m013(db: Database) -> None:
    data = load()
    for statement in _SCHEMA:
        db.execute(statement)
    known = {r["id"] for r in db.query("SELECT id FROM sources")}
    db["sources"].insert_all(s for s in SOURCES if s["id"] not in known)
    countries = {r["iso3"] for r in db.query("SELECT iso3 FROM countries")}
    db.execute("UPDATE sovereignty_profiles SET rationale = replace(rationale, ' (Analyst estimate.)', '')")
    source_of = {"estimate": "analyst_profiles_2026", "default": "default_profile_rule_2026"}
    for r in data["rows"]:
        if r["iso3"] not in countries:
            continue
        current = db.execute(
            "SELECT edited_at FROM sovereignty_profiles WHERE iso3 = ? AND field = ?", [r["iso3"], r["field"]]
        ).fetchone()
        edited = current is not None and current[0] is not None
        db["profile_reviews"].insert(_review(r, "kept_edit" if edited else "applied"))
        if edited:  # the user's value, kind and reason stay; the edit is the latest review
            db.execute(
                "UPDATE sovereignty_profiles SET reviewed = substr(edited_at, 1, 10) WHERE iso3 = ? AND field = ?",
                [r["iso3"], r["field"]],
            )
            continue
        row = [r["value"], r["low"], r["high"], r["kind"], source_of[r["kind"]], 2026, r["rationale"],
               json.dumps(r["sources"], ensure_ascii=False), r["reviewed"]]
        if current is None:
            db.execute(
                "INSERT INTO sovereignty_profiles (value, low, high, kind, source_id, year, rationale, sources, reviewed,"
                " iso3, field) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*row, r["iso3"], r["field"]],
            )
        else:
            db.execute(
                "UPDATE sovereignty_profiles SET value = ?, low = ?, high = ?, kind = ?, source_id = ?, year = ?,"
                " rationale = ?, sources = ?, reviewed = ? WHERE iso3 = ? AND field = ?",
                [*row, r["iso3"], r["field"]],
            )
    db["profile_reviews"].insert_all(_review(r, "held") for r in data["held"] if r["iso3"] in countries)
    stamp = now()
    db["outcomes"].insert_all(
        {"iso3": o["iso3"], "date": o["date"], "kind": o["kind"], "positive": int(o["positive"]), "summary": o["summary"],
         "url": o["url"], "verified": int(o["verified"]), "private": 0, "created": stamp}
        for o in data["outcomes"]
    )
    a = ASSUMPTION
    for (version,) in db.execute("SELECT version FROM assumption_sets").fetchall():
        db.execute(
            "INSERT OR IGNORE INTO assumptions (version, key, value, description, source, low, high, unit)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [version, a["key"], a["value"], a["description"], a["source"], a["low"], a["high"], a["unit"]],
        )


def _review(r: dict[str, Any], status: str) -> dict[str, Any]:
    return {"iso3": r["iso3"], "field": r["field"], "reviewed": r["reviewed"], "kind": r["kind"], "value": r["value"],
            "low": r["low"], "high": r["high"], "previous": r["previous"], "rationale": r["rationale"],
            "sources": json.dumps(r["sources"], ensure_ascii=False), "status": status}
