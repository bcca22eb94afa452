"""The store on real SQLite files: create + seed, pragmas, reopen, profiles, catalog, assumptions,
proposals, snapshots, assumption versions, and refusing files it must not touch."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pycountry
import pytest

from desktop.core.engine import assess
from desktop.core.model import LEVERS, PILLARS, PROFILE_FIELDS, DomainError, Proposal
from desktop.paths import seed_file
from desktop.store import StoreError, memory_store, open_store
from desktop.store.migrations import SCHEMA_VERSION

N_COUNTRIES = 174
FOCUS_REQUIRED = {"IND", "IDN", "BRA", "SAU", "ARE", "KEN", "NGA"}
TABLES = (
    "sources",
    "countries",
    "vintages",
    "country_figures",
    "sovereignty_profiles",
    "measures",
    "assumption_sets",
    "assumptions",
    "proposals",
    "proposal_measures",
    "snapshots",
    "_sqlite_migrations",
)


# ---------------------------------------------------------------------------- helpers


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the file with the sqlite3 module directly (a second, independent connection)."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(path))
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
    finally:
        conn.close()


def tiers() -> dict[str, list[str]]:
    with seed_file("sources.json").open(encoding="utf-8") as fh:
        return json.load(fh)["diffusion_tiers"]


def focus_iso3() -> set[str]:
    with seed_file("sovereignty_profiles.json").open(encoding="utf-8") as fh:
        return {p["iso3"] for p in json.load(fh)["profiles"]}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A freshly created and seeded database file, closed."""
    path = tmp_path / "desk.sqlite3"
    open_store(path).close()
    return path


@pytest.fixture
def store(db_path: Path):
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def mem():
    s = memory_store()
    yield s
    s.close()


def full_proposal(name: str = "Kenya pilot", country: str = "KEN") -> Proposal:
    return Proposal(
        name=name,
        country=country,
        levers={"security": 70, "resilience": 35, "openness": 80, "partnership": 65},
        measures=frozenset({"customer_keys", "red_team_reports", "workforce_program"}),
        components={
            "compute": 3,
            "data": 2,
            "models": 1,
            "security_services": 0,
            "applications": 2,
            "skills": 3,
            "financing": 1,
        },
        red_lines={"openness": (20, 85), "security": (60, 100)},
        notes="Concede openness before partnership.\nSecond line — ünïcode.",
    )


def same_content(a: Proposal, b: Proposal) -> None:
    assert a.name == b.name
    assert a.country == b.country
    assert dict(a.levers) == dict(b.levers)
    assert a.measures == b.measures
    assert dict(a.components) == dict(b.components)
    assert {k: tuple(v) for k, v in a.red_lines.items()} == {
        k: tuple(v) for k, v in b.red_lines.items()
    }
    assert a.notes == b.notes


# ---------------------------------------------------------------------------- create and seed


def test_missing_path_is_created_and_seeded(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "folder" / "new.sqlite3"
    assert not path.exists()
    s = open_store(path)
    try:
        assert path.is_file()
        assert len(s.profiles()) == N_COUNTRIES
    finally:
        s.close()
    # On disk, read by an independent connection.
    assert raw(path, "SELECT count(*) FROM countries") == [(N_COUNTRIES,)]
    assert raw(path, "SELECT count(DISTINCT iso3) FROM country_figures") == [(N_COUNTRIES,)]
    # The IMF index and pillars for every economy, and World Bank GDP for all but Taiwan.
    assert raw(path, "SELECT count(*) FROM country_figures") == [
        (N_COUNTRIES * (1 + len(PILLARS)) + N_COUNTRIES - 1,)
    ]
    assert raw(path, "SELECT iso3 FROM countries WHERE iso3 NOT IN"
                     " (SELECT iso3 FROM country_figures WHERE indicator = 'gdp_usd')") == [("TWN",)]


def test_every_imf_figure_is_published_and_sourced(db_path: Path) -> None:
    bad = raw(
        db_path,
        "SELECT iso3, indicator, source_id, kind, year FROM country_figures"
        " WHERE indicator != 'gdp_usd' AND (source_id != 'imf_aipi_2023' OR kind != 'published' OR year != 2023)",
    )
    assert bad == []
    indicators = {r[0] for r in raw(db_path, "SELECT DISTINCT indicator FROM country_figures")}
    assert indicators == {"aipi", "gdp_usd", *PILLARS}
    gdp = raw(db_path, "SELECT DISTINCT source_id, kind FROM country_figures WHERE indicator = 'gdp_usd'")
    assert gdp == [("world_bank_gdp", "published")]
    years = {r[0] for r in raw(db_path, "SELECT DISTINCT year FROM country_figures WHERE indicator = 'gdp_usd'")}
    assert years and all(2010 <= y <= 2025 for y in years)  # the latest year the World Bank has, per economy


def test_missing_pillars_stay_null(db_path: Path, store) -> None:
    # On disk: the row exists and its value is NULL, not 0.
    assert raw(
        db_path,
        "SELECT value FROM country_figures WHERE iso3 = 'AFG' AND indicator = 'innovation_economic_integration'",
    ) == [(None,)]
    assert raw(
        db_path, "SELECT value FROM country_figures WHERE iso3 = 'TWN' AND indicator = 'aipi'"
    ) == [(None,)]
    # Through the store.
    afg = store.profile("AFG")
    assert afg.pillars["innovation_economic_integration"].value is None
    assert afg.pillars["innovation_economic_integration"].missing
    assert afg.pillars["digital_infrastructure"].value == pytest.approx(0.0454)
    twn = store.profile("TWN")
    assert twn.aipi.value is None and twn.aipi.missing
    assert twn.aipi.kind == "published"
    # Published values are kept exactly (a sample).
    assert (
        raw(db_path, "SELECT value FROM country_figures WHERE iso3 = 'KEN' AND indicator = 'aipi'")[
            0
        ][0]
        is not None
    )


@pytest.mark.parametrize("iso3", ["TUR", "KOR", "KEN", "TWN", "VEN"])
def test_country_names_come_from_pycountry(store, iso3: str) -> None:
    found = pycountry.countries.get(alpha_3=iso3)
    assert found is not None
    expected = getattr(found, "common_name", None) or found.name
    assert store.profile(iso3).name == expected
    assert store.profile(iso3.lower()).iso3 == iso3


def test_names_differ_from_imf_labels_where_pycountry_says_so(db_path: Path) -> None:
    rows = dict(
        (r[0], (r[1], r[2])) for r in raw(db_path, "SELECT iso3, name, imf_name FROM countries")
    )
    assert rows["TUR"] == ("Türkiye", "Turkey")
    assert rows["KOR"][0] == "South Korea"


def test_pragmas(store, db_path: Path) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # user_version and WAL mode are persistent: an independent connection sees them.
    assert raw(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_reopen_does_not_reseed_or_rerun_migrations(db_path: Path) -> None:
    before = counts(db_path)
    applied = raw(
        db_path, "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY rowid"
    )
    stamps = raw(db_path, "SELECT version, created FROM assumption_sets") + raw(
        db_path, "SELECT id, created FROM vintages"
    )
    from desktop.store.migrations import migrations

    # Released migrations first, in order; then whatever later ones this code appends.
    assert [a[1] for a in applied][:2] == ["m001_schema", "m002_seed_reference_data"]
    assert [a[1] for a in applied] == [m.name for m in migrations._migrations]
    for _ in range(2):
        s = open_store(db_path)
        assert len(s.profiles()) == N_COUNTRIES
        s.close()
    assert counts(db_path) == before
    assert (
        raw(
            db_path, "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY rowid"
        )
        == applied
    )
    assert (
        raw(db_path, "SELECT version, created FROM assumption_sets")
        + raw(db_path, "SELECT id, created FROM vintages")
        == stamps
    )


def test_reopen_of_a_closed_database_leaves_the_file_unchanged(db_path: Path) -> None:
    digest = sha(db_path)
    s = open_store(db_path)
    s.profiles()
    s.assumption_set()
    s.proposals()
    s.close()
    assert sha(db_path) == digest


# ---------------------------------------------------------------------------- sovereignty profiles


def test_focus_profiles_are_estimates(store) -> None:
    profiles = store.profiles()
    estimates = {iso for iso, p in profiles.items() if p.profile_kind == "estimate"}
    assert len(estimates) >= 30
    assert FOCUS_REQUIRED <= estimates
    assert estimates == focus_iso3() & set(profiles)
    for iso in estimates:
        for field in PROFILE_FIELDS:
            fig = profiles[iso].sovereignty[field]
            assert fig.kind == "estimate", (iso, field)
            assert 0 <= fig.value <= 100
            assert len(fig.rationale) >= 20, (iso, field, fig.rationale)


def test_other_countries_get_defaults_with_a_derivation(store, db_path: Path) -> None:
    profiles = store.profiles()
    focus = focus_iso3()
    defaults = [p for iso, p in profiles.items() if iso not in focus]
    assert len(defaults) == N_COUNTRIES - len(focus & set(profiles))
    for p in defaults:
        assert p.profile_kind == "default", p.iso3
        assert set(p.sovereignty) == set(PROFILE_FIELDS), p.iso3
        for field, fig in p.sovereignty.items():
            assert fig.kind == "default", (p.iso3, field)
            text = fig.rationale
            assert text.startswith("No analyst profile"), (p.iso3, field, text)
            assert "median" in text and "range" in text, (p.iso3, field, text)
            assert fig.low is not None and fig.low <= fig.value <= fig.high and fig.high - fig.low >= 15
    # Every country has every field on disk, and every row carries a rationale.
    assert raw(db_path, "SELECT count(*) FROM sovereignty_profiles") == [
        (N_COUNTRIES * len(PROFILE_FIELDS),)
    ]
    assert raw(db_path, "SELECT count(*) FROM sovereignty_profiles WHERE trim(rationale) = ''") == [
        (0,)
    ]


def test_defaults_follow_region_groups_and_the_screen_not_one_median(store) -> None:
    """Issue 17: the default is built from the region, the groups and the screen (was: one global
    median, with the rescinded diffusion-rule tiers for trust)."""
    profiles = store.profiles()
    afg, aut = profiles["AFG"].sovereignty, profiles["AUT"].sovereignty
    assert afg["trust"].value != aut["trust"].value
    assert afg["trust"].value <= 15 and "denial" in afg["trust"].rationale  # a denial destination
    assert "Southern Asia" in afg["trust"].rationale
    assert "EU" in aut["trust"].rationale and aut["trust"].value >= 70
    assert profiles["IRN"].sovereignty["trust"].value <= 5  # embargoed
    distinct = {tuple(p.sovereignty[f].value for f in PROFILE_FIELDS) for p in profiles.values() if p.profile_kind == "default"}
    assert len(distinct) >= 10


# ---------------------------------------------------------------------------- catalog and assumptions


def test_measures_catalog_has_at_least_four_per_lever(mem) -> None:
    measures = mem.measures()
    ids = [m.id for m in measures]
    assert len(ids) == len(set(ids))
    for lever in LEVERS:
        under = [m for m in measures if m.lever == lever]
        assert len(under) >= 4, lever
        for m in under:
            assert m.name.strip() and m.description.strip() and m.effect.strip(), m.id


def test_assumption_rows_are_documented_and_in_range(mem) -> None:
    a = mem.assumption_set()
    assert a.version == mem.defaults_version() == 2  # model v2's shipped set is the latest on a fresh database
    assert len(a.rows) > 50
    for key, row in a.rows.items():
        assert row.key == key
        assert row.description.strip(), key
        assert row.source.strip(), key
        assert row.low <= row.value <= row.high, (key, row.low, row.value, row.high)


def test_measure_assumption_keys_name_real_measures(mem) -> None:
    ids = {m.id for m in mem.measures()}
    keys = [k for k in mem.assumption_set().rows if k.startswith("measure.")]
    assert keys
    for key in keys:
        parts = key.split(".")
        assert len(parts) == 3, key
        assert parts[1] in ids, key
        assert parts[2], key


# ---------------------------------------------------------------------------- proposals


def test_proposal_round_trip_update_rename_delete(store, db_path: Path) -> None:
    saved = store.save_proposal(full_proposal())
    assert saved.id is not None and saved.created and saved.modified
    same_content(saved, full_proposal())
    # A fresh store on the same file reads back exactly what was saved.
    other = open_store(db_path)
    try:
        same_content(other.get_proposal("Kenya pilot"), full_proposal())
    finally:
        other.close()

    # Update every part.
    changed = replace(
        saved,
        country="NGA",
        levers={"security": 10, "resilience": 90, "openness": 0, "partnership": 100},
        measures=frozenset({"multi_region_failover"}),
        components={
            "compute": 1,
            "data": 0,
            "models": 3,
            "security_services": 3,
            "applications": 0,
            "skills": 0,
            "financing": 2,
        },
        red_lines={"partnership": (50, 100)},
        notes="",
    )
    updated = store.save_proposal(changed)
    assert updated.id == saved.id
    assert updated.created == saved.created
    assert updated.modified > saved.modified
    same_content(updated, changed)
    assert raw(
        db_path, "SELECT measure_id FROM proposal_measures WHERE proposal_id = ?", (saved.id,)
    ) == [("multi_region_failover",)]
    assert raw(db_path, "SELECT count(*) FROM proposals WHERE example = 0") == [(1,)]

    # Rename keeps the id.
    renamed = store.save_proposal(replace(updated, name="Nigeria flagship"))
    assert renamed.id == saved.id
    assert store.find_proposal("Kenya pilot") is None
    same_content(store.get_proposal("Nigeria flagship"), replace(changed, name="Nigeria flagship"))

    store.delete_proposal(renamed.id)
    assert store.find_proposal("Nigeria flagship") is None
    assert [p for p in store.proposals() if not p.example] == []
    assert raw(db_path, "SELECT count(*) FROM proposals WHERE example = 0") == [(0,)]
    assert raw(
        db_path, "SELECT count(*) FROM proposal_measures JOIN proposals ON proposals.id = proposal_id WHERE example = 0"
    ) == [(0,)]
    with pytest.raises(DomainError):
        store.get_proposal("Nigeria flagship")


def test_latest_proposal_is_the_last_saved(store) -> None:
    assert store.latest_proposal().example  # a fresh database holds only the shipped examples
    a = store.save_proposal(Proposal(name="A", country="KEN"))
    b = store.save_proposal(Proposal(name="B", country="IND"))
    assert store.latest_proposal().name == "B"
    assert [p.name for p in store.proposals() if not p.example] == ["B", "A"]
    store.save_proposal(a.with_lever("security", 90))
    assert store.latest_proposal().name == "A"
    assert store.latest_proposal().levers["security"] == 90
    assert [p.name for p in store.proposals() if not p.example] == ["A", "B"]
    assert b.id != a.id


def test_duplicate_names_raise_domain_error_and_change_nothing(store, db_path: Path) -> None:
    store.save_proposal(Proposal(name="Same", country="KEN"))
    other = store.save_proposal(Proposal(name="Other", country="BRA", notes="keep"))
    before = counts(db_path)
    with pytest.raises(DomainError, match="already exists"):
        store.save_proposal(Proposal(name="Same", country="IND"))
    # Renaming onto a taken name is refused too, and the row is untouched.
    with pytest.raises(DomainError, match="already exists"):
        store.save_proposal(replace(other, name="Same", notes="changed"))
    assert counts(db_path) == before
    kept = store.get_proposal("Other")
    assert (kept.country, kept.notes) == ("BRA", "keep")
    assert store.get_proposal("Same").country == "KEN"


@pytest.mark.parametrize(
    "bad",
    [
        Proposal(name="Bad country", country="XXX"),
        Proposal(
            name="Bad measure",
            country="KEN",
            measures=frozenset({"customer_keys", "no_such_measure"}),
        ),
    ],
    ids=["unknown-country", "unknown-measure"],
)
def test_unknown_country_or_measure_write_nothing(store, db_path: Path, bad: Proposal) -> None:
    existing = store.save_proposal(full_proposal())
    before = counts(db_path)
    digest_rows = raw(db_path, "SELECT * FROM proposals")
    with pytest.raises(DomainError):
        store.save_proposal(bad)
    # The same bad data as an update of an existing proposal.
    with pytest.raises(DomainError):
        store.save_proposal(
            replace(existing, country=bad.country, measures=bad.measures or existing.measures)
        )
    assert counts(db_path) == before
    assert raw(db_path, "SELECT * FROM proposals") == digest_rows
    assert store.get_proposal(existing.name).measures == existing.measures


def test_deleting_a_proposal_cascades(store, db_path: Path) -> None:
    keep = store.save_proposal(
        Proposal(name="Keep", country="IND", measures=frozenset({"customer_keys"}))
    )
    gone = store.save_proposal(full_proposal())
    a = store.assumption_set()
    for p in (keep, gone, gone):
        store.add_snapshot(p, assess(p, store.profile(p.country), a).to_dict())
    assert raw(db_path, "SELECT count(*) FROM snapshots WHERE proposal_id = ?", (gone.id,)) == [
        (2,)
    ]
    assert raw(
        db_path, "SELECT count(*) FROM proposal_measures WHERE proposal_id = ?", (gone.id,)
    ) == [(3,)]
    store.delete_proposal(gone.id)
    assert raw(db_path, "SELECT count(*) FROM snapshots WHERE proposal_id = ?", (gone.id,)) == [
        (0,)
    ]
    assert raw(
        db_path, "SELECT count(*) FROM proposal_measures WHERE proposal_id = ?", (gone.id,)
    ) == [(0,)]
    assert raw(db_path, "SELECT count(*) FROM snapshots WHERE proposal_id = ?", (keep.id,)) == [
        (1,)
    ]
    assert raw(
        db_path, "SELECT count(*) FROM proposal_measures WHERE proposal_id = ?", (keep.id,)
    ) == [(1,)]
    assert raw(db_path, "PRAGMA foreign_key_check") == []


def test_snapshot_stores_version_and_its_recipe_not_its_json(store, db_path: Path) -> None:
    saved = store.save_proposal(full_proposal())
    result = assess(saved, store.profile("KEN"), store.assumption_set()).to_dict()
    sid = store.add_snapshot(saved, result)
    [snap] = store.snapshots(saved.id)
    assert snap["id"] == sid
    assert snap["assumptions_version"] == result["assumptions_version"] == 2
    assert snap["result"] == json.loads(json.dumps(result))
    assert snap["levers"] == dict(saved.levers)
    assert snap["overall"] == result["overall"] and snap["band"] == result["band"]
    on_disk = raw(db_path, "SELECT assumptions_version, result, offer_ref, country_ref FROM snapshots WHERE id = ?", (sid,))
    assert on_disk[0][:2] == (2, "")  # compact history: the recipe reproduces it, so no JSON is kept
    assert None not in on_disk[0][2:]
    with pytest.raises(DomainError):
        store.add_snapshot(full_proposal("never saved"), result)


def test_snapshot_under_a_derived_assumption_set_records_that_version(store) -> None:
    saved = store.save_proposal(full_proposal())
    v2 = store.derive_assumption_set({"weight.continuity": 0.0}, "no continuity")
    result = assess(saved, store.profile("KEN"), v2).to_dict()
    store.add_snapshot(saved, result)
    assert store.snapshots(saved.id)[0]["assumptions_version"] == v2.version == 3


def test_derive_assumption_set_creates_a_new_version_and_keeps_the_old(
    store, db_path: Path
) -> None:
    v1_rows = raw(db_path, "SELECT * FROM assumptions WHERE version = 2 ORDER BY key")
    v1_head = raw(db_path, "SELECT * FROM assumption_sets WHERE version = 2")
    old = store.assumption_set(2)
    key = "weight.continuity"
    new_value = old[key] / 2
    v2 = store.derive_assumption_set({key: new_value}, "halve continuity")
    assert v2.version == 3
    assert v2[key] == new_value
    assert store.assumption_set()[key] == new_value  # latest
    assert old[key] != new_value
    for k, row in old.rows.items():
        if k != key:
            assert v2.rows[k] == row
    # Version 2 (the shipped model v2 set) is untouched on disk; version 3 records its parent.
    assert raw(db_path, "SELECT * FROM assumptions WHERE version = 2 ORDER BY key") == v1_rows
    assert raw(db_path, "SELECT * FROM assumption_sets WHERE version = 2") == v1_head
    assert raw(db_path, "SELECT parent_version, note FROM assumption_sets WHERE version = 3") == [
        (2, "halve continuity")
    ]
    assert raw(db_path, "SELECT value FROM assumptions WHERE version = 3 AND key = ?", (key,)) == [
        (new_value,)
    ]
    # A fresh store reads version 2 as it was.
    other = open_store(db_path)
    try:
        assert other.assumption_set(2)[key] == old[key]
        assert [v["version"] for v in other.assumption_versions()] == [1, 2, 3]
    finally:
        other.close()
    # Unknown keys are refused and no version is created.
    with pytest.raises(DomainError):
        store.derive_assumption_set({"no.such.key": 1.0}, "bad")
    assert raw(db_path, "SELECT max(version) FROM assumption_sets") == [(3,)]


# ---------------------------------------------------------------------------- files it must refuse


def _sidecars(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(str(db_path))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    digest = sha(db_path)
    with pytest.raises(StoreError, match="newer"):
        open_store(db_path)
    assert sha(db_path) == digest
    assert raw(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"name,value\nthis is a plain text file, not a database\n" * 40, b"hi\n"],
    ids=["random-bytes", "text-file", "tiny-text"],
)
def test_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError):
        open_store(path)
    assert path.read_bytes() == content
    assert _sidecars(path) == set()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError, match="folder"):
        open_store(folder)
    assert list(folder.iterdir()) == []


def test_env_var_names_the_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("EXPORT_DESK_DB", str(target))
    s = open_store()
    try:
        assert s.path == target
    finally:
        s.close()
    assert raw(target, "SELECT count(*) FROM countries") == [(N_COUNTRIES,)]


def _foreign_db(path: Path, table: str) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute(f"CREATE TABLE {table} (x TEXT)")
    conn.execute(f"INSERT INTO {table} VALUES ('someone else''s data')")  # noqa: S608
    conn.commit()
    conn.close()


def test_foreign_database_with_clashing_table_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "someone-else.db"
    _foreign_db(path, "sources")
    digest = sha(path)
    with pytest.raises(StoreError):
        open_store(path)
    assert sha(path) == digest


def test_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "someone-else.db"
    _foreign_db(path, "notes")
    digest = sha(path)
    with pytest.raises(StoreError):
        open_store(path)
    assert sha(path) == digest


def test_memory_store_is_seeded_like_a_file(mem) -> None:
    assert mem.path is None
    assert mem.schema_version == SCHEMA_VERSION
    assert mem.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert mem.count("countries") == N_COUNTRIES
    with pytest.raises(DomainError):
        mem.count("no_such_table")
    assert mem.unique_name("Fresh") == "Fresh"
