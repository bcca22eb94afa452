"""The schema as numbered migrations (sqlite-utils Migrations); PRAGMA user_version follows."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import seed

migrations = Migrations("export_desk")


@migrations(name="m001_schema")
def m001_schema(db: Database) -> None:
    for statement in _SCHEMA:
        db.execute(statement)


@migrations(name="m002_seed_reference_data")
def m002_seed_reference_data(db: Database) -> None:
    seed.seed_reference_data(db)


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
    from .examples import seed_examples

    seed_examples(db)


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
    """Add the uncertainty.* and data.* assumption rows (issue 7) to the latest assumption set.

    New rows only (INSERT OR IGNORE): no value the engine reads changes, so every stored
    snapshot stays reproducible. A fresh database already has them from the seed.
    """
    seed.add_missing_assumption_rows(db, ("uncertainty.", "data."))



@migrations(name="m009_model_v2")
def m009_model_v2(db: Database) -> None:
    """Model v2: deal terms on proposals, market size (World Bank GDP), each country's best
    alternative offer, the exporter-side security measures and the v2 assumption set.

    Frozen: everything it inserts comes from db/migrations/m009_model_v2/. Proposals saved
    before it read with the documented default deal terms (`DealTerms()`, docs/method.md §3.16).
    The v2 set becomes the latest version; every older set gets the rows v2 added (with the v2
    defaults) so that the v2 engine can still evaluate it; no existing row changes.
    """
    from .model_v2_data import apply_m009

    apply_m009(db)


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
