"""The schema as numbered migrations (sqlite-utils Migrations); PRAGMA user_version follows.

Every migration is frozen: what it inserts is the data it carries under db/migrations/<its name>/
(written once, when it was released), never a call to code or seed files that may change later,
so a migration does the same to every database whenever it runs. Append migrations; never edit a
released one or its data.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..paths import migration_file
from .clock import now

migrations = Migrations("export_desk")


def frozen_data(migration: str, name: str) -> Any:
    """A JSON data file that a migration carries."""
    with migration_file(migration, name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _records(table: dict[str, Any], **extra: Any) -> list[dict[str, Any]]:
    """A frozen table ({"columns", "rows"}) as row dicts, with extra columns added to each."""
    columns = table["columns"]
    return [dict(zip(columns, row, strict=True), **extra) for row in table["rows"]]


@migrations(name="m001_schema")
def m001_schema(db: Database) -> None:
    for statement in _SCHEMA:
        db.execute(statement)


@migrations(name="m002_seed_reference_data")
def m002_seed_reference_data(db: Database) -> None:
    """Sources, countries, IMF figures (vintage 1), measures, assumption set v1, sovereignty profiles."""
    stamp = now()
    for table in frozen_data("m002_seed_reference_data", "tables.json"):
        stamped = {"created": stamp} if table["table"] in ("vintages", "assumption_sets") else {}
        db[table["table"]].insert_all(_records(table, **stamped))


@migrations(name="m003_baselines")
def m003_baselines(db: Database) -> None:
    # The baseline pinned for each proposal: a frozen copy of the pinned state (see store/baselines.py).
    db.execute(
        """CREATE TABLE baselines (
            proposal_id INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            source_proposal_id INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
            pinned TEXT NOT NULL,
            created TEXT NOT NULL
        )"""
    )


@migrations(name="m004_example_proposals")
def m004_example_proposals(db: Database) -> None:
    """The shipped example proposals; an example whose name a user's proposal already has is skipped."""
    stamp = now()
    for record in _records(frozen_data("m004_example_proposals", "examples.json")):
        if db.execute("SELECT 1 FROM proposals WHERE name = ?", [record["name"]]).fetchone():
            continue
        measures = record.pop("measures")
        proposals = db["proposals"].insert(dict(record, example=1, created=stamp, modified=stamp))
        db["proposal_measures"].insert_all({"proposal_id": proposals.last_rowid, "measure_id": m} for m in measures)


@migrations(name="m005_scenarios")
def m005_scenarios(db: Database) -> None:
    # A scenario is a proposal with a parent: the proposal it was branched from.
    db.execute("ALTER TABLE proposals ADD COLUMN parent_id INTEGER REFERENCES proposals(id) ON DELETE SET NULL")
    db.execute("CREATE INDEX proposals_parent ON proposals(parent_id)")


@migrations(name="m006_change_log")
def m006_change_log(db: Database) -> None:
    # Settled lever changes, recorded with each snapshot; `reason` is the negotiator's private note.
    db.execute(
        """CREATE TABLE lever_changes (
            id INTEGER PRIMARY KEY,
            proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            snapshot_id INTEGER REFERENCES snapshots(id) ON DELETE CASCADE,
            time TEXT NOT NULL,
            lever TEXT NOT NULL CHECK (lever IN ('security', 'resilience', 'openness', 'partnership')),
            from_value INTEGER NOT NULL,
            to_value INTEGER NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX lever_changes_proposal ON lever_changes(proposal_id, time)")


@migrations(name="m007_uncertainty_rows")
def m007_uncertainty_rows(db: Database) -> None:
    """Add the uncertainty.* and data.* assumption rows to the latest assumption set.

    New rows only (INSERT OR IGNORE): no value the engine reads changes, so every stored
    snapshot stays reproducible. A database created with them already (m002) is left as it is.
    """
    version = db.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]
    if version is None:
        return
    rows = _records(frozen_data("m007_uncertainty_rows", "assumptions.json"), version=version)
    db["assumptions"].insert_all(rows, ignore=True)


@migrations(name="m010_settled_changes")
def m010_settled_changes(db: Database) -> None:
    """The change log records measures added and dropped as well as lever moves, with one id space.

    Snapshots record their measures (NULL in those stored before: their measure changes are
    unknown, never guessed); lever_changes' rows move to settled_changes with their ids and reasons.
    """
    db.execute("ALTER TABLE snapshots ADD COLUMN measures TEXT")
    db.execute(
        """CREATE TABLE settled_changes (
            id INTEGER PRIMARY KEY,
            proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            snapshot_id INTEGER REFERENCES snapshots(id) ON DELETE CASCADE,
            time TEXT NOT NULL,
            kind TEXT NOT NULL,
            item TEXT NOT NULL,
            from_value INTEGER NOT NULL,
            to_value INTEGER NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        "INSERT INTO settled_changes (id, proposal_id, snapshot_id, time, kind, item, from_value, to_value, reason)"
        " SELECT id, proposal_id, snapshot_id, time, 'lever', lever, from_value, to_value, reason FROM lever_changes"
    )
    db.execute("DROP TABLE lever_changes")
    db.execute("CREATE INDEX settled_changes_proposal ON settled_changes(proposal_id, time)")


_SCHEMA = [
    """CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        publisher TEXT NOT NULL,
        year INTEGER,
        attribution TEXT NOT NULL,
        terms TEXT NOT NULL
    )""",
    """CREATE TABLE countries (
        iso3 TEXT PRIMARY KEY CHECK (length(iso3) = 3),
        name TEXT NOT NULL,
        imf_name TEXT NOT NULL
    )""",
    """CREATE TABLE vintages (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        created TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE country_figures (
        id INTEGER PRIMARY KEY,
        iso3 TEXT NOT NULL REFERENCES countries(iso3) ON DELETE CASCADE,
        indicator TEXT NOT NULL,
        value REAL,
        year INTEGER,
        source_id TEXT NOT NULL REFERENCES sources(id),
        kind TEXT NOT NULL CHECK (kind IN ('published', 'estimate', 'default')),
        rationale TEXT NOT NULL DEFAULT '',
        vintage INTEGER NOT NULL REFERENCES vintages(id),
        UNIQUE (iso3, indicator, vintage)
    )""",
    """CREATE TABLE sovereignty_profiles (
        iso3 TEXT NOT NULL REFERENCES countries(iso3) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value REAL NOT NULL CHECK (value BETWEEN 0 AND 100),
        kind TEXT NOT NULL CHECK (kind IN ('published', 'estimate', 'default')),
        source_id TEXT NOT NULL REFERENCES sources(id),
        year INTEGER,
        rationale TEXT NOT NULL,
        edited_at TEXT,
        edit_reason TEXT,
        PRIMARY KEY (iso3, field)
    )""",
    """CREATE TABLE measures (
        id TEXT PRIMARY KEY,
        lever TEXT NOT NULL CHECK (lever IN ('security', 'resilience', 'openness', 'partnership')),
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        effect TEXT NOT NULL,
        position INTEGER NOT NULL
    )""",
    """CREATE TABLE assumption_sets (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created TEXT NOT NULL,
        parent_version INTEGER REFERENCES assumption_sets(version),
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE assumptions (
        version INTEGER NOT NULL REFERENCES assumption_sets(version) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value REAL NOT NULL,
        description TEXT NOT NULL,
        source TEXT NOT NULL,
        low REAL NOT NULL,
        high REAL NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (version, key)
    )""",
    """CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        country TEXT NOT NULL REFERENCES countries(iso3),
        security INTEGER NOT NULL CHECK (security BETWEEN 0 AND 100),
        resilience INTEGER NOT NULL CHECK (resilience BETWEEN 0 AND 100),
        openness INTEGER NOT NULL CHECK (openness BETWEEN 0 AND 100),
        partnership INTEGER NOT NULL CHECK (partnership BETWEEN 0 AND 100),
        components TEXT NOT NULL,
        red_lines TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        example INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    """CREATE TABLE proposal_measures (
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        measure_id TEXT NOT NULL REFERENCES measures(id),
        PRIMARY KEY (proposal_id, measure_id)
    )""",
    """CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        created TEXT NOT NULL,
        assumptions_version INTEGER NOT NULL REFERENCES assumption_sets(version),
        levers TEXT NOT NULL,
        overall REAL NOT NULL,
        band TEXT NOT NULL,
        result TEXT NOT NULL
    )""",
    "CREATE INDEX snapshots_proposal ON snapshots(proposal_id, created)",
    "CREATE INDEX proposals_modified ON proposals(modified)",
]


# The schema version this code writes (PRAGMA user_version): one per migration, in order.
# Released versions so far: 2 (first release). Append migrations; never edit a released one.
SCHEMA_VERSION = len(migrations._migrations)
