"""Migration m008: the destination screen, regions and groups, the Program fields; on new and old databases."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.model import DomainError, Member, Program, Proposal
from desktop.paths import migration_file
from desktop.store import open_store
from desktop.store.destinations import destination_edits, edit_destination

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
OLD = sorted(p for p in FIXTURES.glob("schema_v*.sqlite3") if int(p.stem.split("_v")[1]) < 8)
SHEET = json.loads(migration_file("m008_destination_screen", "destination_screen.json").read_text(encoding="utf-8"))
NEW_KEYS = ("screen.licence_lead_time_months", "screen.status_max_age_months", "program.us_content_min_share")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "new.sqlite3")
    yield s
    s.close()


def test_every_economy_and_every_sheet_row_gets_a_status(store):
    destinations = store.destinations()
    profiles = store.profiles()
    assert set(profiles) <= set(destinations)
    outside = set(destinations) - set(profiles)
    assert outside == {"CUB", "PRK", "ERI", "TKM"}  # in the fact sheet, not among the 174 economies
    assert Counter(d.status for d in destinations.values()) == {"eligible": 131, "licence": 23, "denial": 21, "embargoed": 3}
    for row in SHEET["statuses"]:  # the sheet's own rows, as it states them
        d = destinations[row["iso3"]]
        assert (d.status, list(d.groups), d.financing, d.as_of) == (row["status"], row["groups"], row["financing"], row["as_of"])
        assert [s.key for s in d.sources] == row["sources"]
    for iso3, p in profiles.items():
        assert p.destination is destinations[iso3]


def test_economies_not_in_the_sheet_are_eligible_and_say_why(store):
    kenya_like = [d for iso, d in store.destinations().items() if iso not in {r["iso3"] for r in SHEET["statuses"]}]
    assert len(kenya_like) == 174 - 53
    for d in kenya_like:
        assert d.status == "eligible" and d.groups == () and d.verified
        assert "no D:1, D:4, D:5, E:1 or E:2 group membership in Supp. 1 to Part 740" in d.reason
        assert [s.key for s in d.sources][:2] == ["S1", "FS"]
    ukraine = store.destinations()["UKR"]
    assert "Crimea" in ukraine.caveat and "S37" in [s.key for s in ukraine.sources]


def test_rows_the_sheet_marks_unverified_stay_marked(store):
    d = store.destinations()
    assert not d["ISR"].verified and "A:6" in d["ISR"].unverified and d["ISR"].status == "eligible"
    assert not d["VNM"].verified and "Marxist-Leninist" in d["VNM"].financing_note and d["VNM"].financing == "yes"
    assert d["KEN"].verified and d["RUS"].verified
    assert d["HKG"].groups == ("D:1", "D:3", "D:4", "D:5") and "As China" in d["HKG"].groups_note
    assert {iso for iso, s in d.items() if s.country_of_concern} == {"CHN", "HKG", "MAC"}


def test_every_source_has_a_title_and_a_date(store):
    for d in store.destinations().values():
        assert d.sources, d.iso3
        for s in d.sources:
            assert s.title and s.date, (d.iso3, s.key)
    notice = store.destinations()["IRN"].notice()
    assert notice.startswith("Screening aid as of 2026-07-08, not a legal determination.") and "S12 EAR 746.1" in notice


def test_new_assumption_rows_are_documented(store):
    a = store.assumption_set()
    for key in NEW_KEYS:
        row = a.rows[key]
        assert row.description and row.source and row.low <= row.value <= row.high, key
    assert a["program.us_content_min_share"] == 0.51


@pytest.mark.parametrize("fixture", OLD, ids=lambda p: p.stem)
def test_an_old_database_upgrades_with_the_screen(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    conn = sqlite3.connect(path)
    snapshots = conn.execute("SELECT id, overall, band, result FROM snapshots ORDER BY id").fetchall()
    versions = [r[0] for r in conn.execute("SELECT version FROM assumption_sets")]
    conn.close()
    store = open_store(path)
    try:
        assert len(store.destinations()) == 178 and store.destinations()["RUS"].status == "denial"
        assert store.profile("KEN").classification.region == "Eastern Africa"
        for v in versions:  # every assumption set gains the rows; none of its values changes
            assert set(NEW_KEYS) <= set(store.assumption_set(v).rows)
        kenya = store.get_proposal("Kenya sovereign cloud")
        assert kenya.program == Program()
        saved = store.save_proposal(replace(kenya, program=Program(us_content=0.6, buyer_home="KEN")))
        assert store.get_proposal(saved.name).program.us_content == 0.6
        rows = store.db.execute("SELECT id, overall, band, result FROM snapshots ORDER BY id").fetchall()
        assert [tuple(r) for r in rows][: len(snapshots)] == [tuple(r) for r in snapshots]
    finally:
        store.close()


def test_a_destination_edit_needs_a_reason_and_is_recorded(store, tmp_path):
    before = (tmp_path / "new.sqlite3").read_bytes()
    with pytest.raises(DomainError, match="reason"):
        edit_destination(store, "ARE", {"status": "eligible"}, "  ")
    with pytest.raises(DomainError, match="status must be one of"):
        edit_destination(store, "ARE", {"status": "fine"}, "counsel")
    with pytest.raises(DomainError, match="group"):
        edit_destination(store, "ARE", {"groups": ["Z:9"]}, "counsel")
    with pytest.raises(DomainError, match="nothing to change"):
        edit_destination(store, "ARE", {"status": "licence"}, "counsel")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (tmp_path / "new.sqlite3").read_bytes() == before
    old_profile = store.profile("ARE")
    new = edit_destination(store, "are", {"status": "eligible", "reason": "A:5 per counsel"}, "Export-compliance review 2026-11")
    assert new.status == "eligible" and new.reason == "A:5 per counsel" and new.edit_reason == "Export-compliance review 2026-11"
    assert new.edited_at and f"Corrected by the user {new.edited_at[:10]}." in new.notice()
    assert "Export-compliance review" not in new.notice()  # the reason is ours: the notice reaches counterpart flags
    assert store.profile("ARE").destination is new and store.profile("ARE") is not old_profile
    [log] = destination_edits(store, "ARE")
    assert log["before"]["status"] == "licence" and log["after"]["status"] == "eligible" and log["reason"].startswith("Export")


def test_program_fields_are_checked_against_the_database(store):
    base = Proposal(name="Gulf", country="ARE")
    for program, message in (
        (Program(members=(Member("X", "ZZZ", ("compute",)),)), "unknown home country"),
        (Program(buyer_home="QQQ"), "buyer"),
        (Program(target_bloc="MERCOSUR"), "unknown bloc"),
        (Program(target_bloc="ASEAN"), "not a member of ASEAN"),
        (Program(us_content=1.5), "between 0 and 1"),
        (Program(members=(Member("X", "USA", ("gpu",)),)), "unknown layer"),
    ):
        with pytest.raises(DomainError, match=message):
            store.save_proposal(replace(base, program=program))
    assert store.find_proposal("Gulf") is None
    ok = Program(members=(Member("Acme", "USA", ("compute", "data"), True),), us_content=0.7, build="consortium",
                 own="partner", operate="joint", support=("exim",), buyer_home="ARE", target_bloc="GCC")
    saved = store.save_proposal(replace(base, program=ok))
    assert store.get_proposal("Gulf").program == ok and saved.program == ok


def test_outside_the_index_the_error_names_the_embargo(store):
    with pytest.raises(DomainError, match=r"Cuba \(CUB\) is under a comprehensive U.S. embargo"):
        store.profile("CUB")
    with pytest.raises(DomainError, match=r"Eritrea \(ERI\) is not among the economies with capacity data"):
        store.profile("ERI")


def test_m008_is_frozen_it_needs_no_seed_folder(tmp_path, monkeypatch):
    """The migration carries what it inserts (db/migrations/m008_destination_screen/), no live seed code."""
    import sys

    from sqlite_utils import Database

    from desktop import paths
    from desktop.store.migrations import migrations

    shipped = tmp_path / "db"
    shipped.mkdir()
    (shipped / "migrations").symlink_to(paths.db_dir() / "migrations")
    monkeypatch.setattr(paths, "db_dir", lambda: shipped)
    monkeypatch.setitem(sys.modules, "pycountry", None)
    db = Database(memory=True)
    migrations.apply(db)
    assert db["destinations"].count == 178 and db["country_regions"].count == 174 and db["country_groups"].count == 118
