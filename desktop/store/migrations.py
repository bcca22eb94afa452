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


@migrations(name="m008_destination_screen")
def m008_destination_screen(db: Database) -> None:
    """The destination screen (issue 12), regions and group memberships, the proposal's Program fields.

    Frozen: everything it inserts comes from db/migrations/m008_destination_screen/, files dedicated
    to this migration and never edited (a correction is a later migration, or a user's edit with a reason).
    - destinations: one status per economy in `countries` (the fact sheet's row, else the sheet's
      default: eligible by absence from the D/E groups) plus the sheet's rows for destinations
      outside the index (Cuba, North Korea, Eritrea, Turkmenistan); screen_sources: S1-S37, FS;
      destination_edits: every user edit with its reason.
    - country_regions, country_groups, country_group_info: from the copied country_codes.csv and
      country_groups.csv (PDDL; memberships with the year joined and their source).
    - three assumption rows (licence lead time, status age, the Program's 51% U.S. content) added
      to every assumption set that lacks them: no value the engine reads changes.
    - proposals.program: the AI Exports Program fields as JSON ('{}': none stated).
    """
    import csv

    here = "m008_destination_screen"
    screen = frozen_data(here, "destination_screen.json")
    regions = frozen_data(here, "regions.json")
    for statement in _M008_SCHEMA:
        db.execute(statement)
    db["screen_sources"].insert_all(screen["sources"])
    listed = {r["iso3"]: r for r in screen["statuses"]}
    countries = {r[0]: r[1] for r in db.execute("SELECT iso3, name FROM countries").fetchall()}
    rows = []
    for iso3 in sorted(set(countries) | set(listed)):
        row = dict(listed.get(iso3) or screen["default"], iso3=iso3)
        row.update(screen["overrides"].get(iso3, {}))
        row["name"] = countries.get(iso3, row.get("name", iso3))  # the app's name for an economy in the index
        rows.append(
            dict(
                row,
                groups=",".join(row["groups"]),
                sources=",".join(row["sources"]),
                verified=int(row["verified"]),
                country_of_concern=int(row["country_of_concern"]),
                in_index=int(iso3 in countries),
            )
        )
    db["destinations"].insert_all(rows)

    existing = {r[0] for r in db.execute("SELECT id FROM sources").fetchall()}
    db["sources"].insert_all(s for s in regions["sources"] if s["id"] not in existing)
    with migration_file(here, "country_codes.csv").open(encoding="utf-8", newline="") as fh:
        codes = [
            {
                "iso3": r["iso3"],
                "m49": int(r["m49"]),
                "region": r["region"],
                "sub_region": r["sub_region"],
                "intermediate_region": r["intermediate_region"],
                "ldc": int(r["ldc"] == "x"),
                "lldc": int(r["lldc"] == "x"),
                "sids": int(r["sids"] == "x"),
            }
            for r in csv.DictReader(fh)
        ]
    db["country_regions"].insert_all(codes)
    db["country_group_info"].insert_all(
        {"grp": g["name"], "title": g["title"], "regional": int(g["regional"]), "position": i}
        for i, g in enumerate(regions["groups"])
    )
    with migration_file(here, "country_groups.csv").open(encoding="utf-8", newline="") as fh:
        db["country_groups"].insert_all(
            {"grp": r["group"], "iso3": r["iso3"], "since": int(r["since"]), "source": r["source"]}
            for r in csv.DictReader(fh)
        )

    for (version,) in db.execute("SELECT version FROM assumption_sets").fetchall():
        for a in screen["assumptions"]:
            db.execute(
                "INSERT OR IGNORE INTO assumptions (version, key, value, description, source, low, high, unit)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [version, a["key"], a["value"], a["description"], a["source"], a["low"], a["high"], a["unit"]],
            )
    db.execute("ALTER TABLE proposals ADD COLUMN program TEXT NOT NULL DEFAULT '{}'")


_M008_SCHEMA = [
    """CREATE TABLE screen_sources (
        key TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE destinations (
        iso3 TEXT PRIMARY KEY CHECK (length(iso3) = 3),
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('embargoed', 'denial', 'licence', 'eligible')),
        groups TEXT NOT NULL,
        groups_note TEXT NOT NULL DEFAULT '',
        ofac TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        financing TEXT NOT NULL CHECK (financing IN ('no', 'limited', 'yes')),
        financing_note TEXT NOT NULL DEFAULT '',
        sources TEXT NOT NULL,
        as_of TEXT NOT NULL,
        verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
        unverified TEXT NOT NULL DEFAULT '',
        caveat TEXT NOT NULL DEFAULT '',
        country_of_concern INTEGER NOT NULL DEFAULT 0 CHECK (country_of_concern IN (0, 1)),
        in_index INTEGER NOT NULL CHECK (in_index IN (0, 1)),
        edited_at TEXT,
        edit_reason TEXT
    )""",
    """CREATE TABLE destination_edits (
        id INTEGER PRIMARY KEY,
        iso3 TEXT NOT NULL REFERENCES destinations(iso3) ON DELETE CASCADE,
        time TEXT NOT NULL,
        reason TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL
    )""",
    "CREATE INDEX destination_edits_iso3 ON destination_edits(iso3, time)",
    """CREATE TABLE country_regions (
        iso3 TEXT PRIMARY KEY CHECK (length(iso3) = 3),
        m49 INTEGER NOT NULL,
        region TEXT NOT NULL,
        sub_region TEXT NOT NULL,
        intermediate_region TEXT NOT NULL,
        ldc INTEGER NOT NULL,
        lldc INTEGER NOT NULL,
        sids INTEGER NOT NULL
    )""",
    """CREATE TABLE country_group_info (
        grp TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        regional INTEGER NOT NULL CHECK (regional IN (0, 1)),
        position INTEGER NOT NULL
    )""",
    """CREATE TABLE country_groups (
        grp TEXT NOT NULL REFERENCES country_group_info(grp),
        iso3 TEXT NOT NULL,
        since INTEGER NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (grp, iso3)
    )""",
]



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


@migrations(name="m011_model_v2")
def m011_model_v2(db: Database) -> None:
    """Model v2: deal terms on proposals, market size (World Bank GDP), each country's best
    alternative offer, the exporter-side security measures and the v2 assumption set.

    Frozen: everything it inserts comes from db/migrations/m011_model_v2/. Proposals saved
    before it read with the documented default deal terms (`DealTerms()`, docs/method.md §3.16).
    The v2 set becomes the latest version; every older set gets the rows v2 added (with the v2
    defaults) so that the v2 engine can still evaluate it; no existing row changes.
    """
    from .model_v2_data import apply_m011

    apply_m011(db)


@migrations(name="m012_workshop_record")
def m012_workshop_record(db: Database) -> None:
    """The room (issue 20): each proposal's workshop — its teams and every round (predictions,
    the figures revealed, the vote and the move applied) — as one JSON document (core.room)."""
    db.execute(
        """CREATE TABLE workshops (
            proposal_id INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
            record TEXT NOT NULL,
            modified TEXT NOT NULL
        )"""
    )


@migrations(name="m013_country_knowledge")
def m013_country_knowledge(db: Database) -> None:
    """Country knowledge, current and calibrated (issue 17): the 2026 profile review with ranges,
    dated links and review dates; derived defaults by region and group; the outcome ledger.

    Frozen: everything it inserts comes from db/migrations/m013_country_knowledge/ (written by
    tools/country_knowledge.py). A value a user edited is never overwritten: its value, kind and
    reason stay, and what the review shipped for it is kept in profile_reviews (status kept_edit).
    """
    from .country_knowledge_data import apply_m013

    apply_m013(db)


@migrations(name="m014_store_state")
def m014_store_state(db: Database) -> None:
    """The file's own bookkeeping: a change counter (backups compare it instead of hashing the file).

    `changes` goes up once per committed write of the store (and after an upgrade or a restore): a
    backup whose counter equals the file's holds the same content, so none is made.
    """
    db.execute("CREATE TABLE store_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO store_state (key, value) VALUES ('changes', '1')")


@migrations(name="m015_compact_history")
def m015_compact_history(db: Database) -> None:
    """Compact history: a settled state keeps its recipe (store/history.py), not its assessment JSON.

    state_inputs holds immutable, content-addressed inputs (a country version, an offer's inputs);
    a snapshot points at two of them and says the day its dated flags were judged on (as_of; ''
    for a state kept as JSON, NULL for one stored before this migration and not yet looked at:
    the store compacts those at the next open, checking each). A file without history is done.
    """
    db.execute("CREATE TABLE state_inputs (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, body TEXT NOT NULL)")
    db.execute("ALTER TABLE snapshots ADD COLUMN offer_ref INTEGER REFERENCES state_inputs(id)")
    db.execute("ALTER TABLE snapshots ADD COLUMN country_ref INTEGER REFERENCES state_inputs(id)")
    db.execute("ALTER TABLE snapshots ADD COLUMN as_of TEXT")
    db.execute(
        "INSERT INTO store_state (key, value) SELECT 'history', 'compact' WHERE NOT EXISTS (SELECT 1 FROM snapshots)"
    )



@migrations(name="m016_trash")
def m016_trash(db: Database) -> None:
    """The trash (store/trash.py): a deleted proposal stays, hidden, with its rows, until purged.

    A row here puts its proposal in the trash under `name` (the proposal row's own name is freed
    meanwhile) since `deleted_at`; purging deletes the proposal row and everything cascades.
    """
    db.execute(
        """CREATE TABLE trash (
            proposal_id INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            deleted_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX trash_deleted ON trash(deleted_at)")

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
