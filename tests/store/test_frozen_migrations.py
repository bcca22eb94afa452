"""Frozen migrations: each carries the data it inserts, so its effect never changes with the seed code.

tests/fixtures/old_chain.json holds what the chain wrote before m002, m004 and m007 were frozen
(when they called the live seed code): a fresh database, and the oldest fixture upgraded.
The frozen chain must write the same, row for row.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop import paths
from desktop.store.migrations import migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES))
from migration_digest import digest  # noqa: E402

OLD_CHAIN = json.loads((FIXTURES / "old_chain.json").read_text(encoding="utf-8"))
LAST_OLD = "m007_uncertainty_rows"  # the last migration the old chain had


def _apply_up_to_m007(path: Path) -> dict:
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    names = [m.name for m in migrations.pending(Database(memory=True))]
    later = names[names.index(LAST_OLD) + 1:]
    migrations.apply(db, stop_before=later or None)
    result = digest(conn)
    conn.close()
    return result


@pytest.fixture
def no_live_seed(monkeypatch, tmp_path):
    """A shipped db/ folder without seed/ (and no pycountry): a frozen migration needs neither."""
    shipped = tmp_path / "db"
    shipped.mkdir()
    (shipped / "migrations").symlink_to(paths.db_dir() / "migrations")
    monkeypatch.setattr(paths, "db_dir", lambda: shipped)
    monkeypatch.setitem(sys.modules, "pycountry", None)


def test_a_fresh_database_is_the_old_chains_row_for_row(tmp_path, no_live_seed):
    assert _apply_up_to_m007(tmp_path / "fresh.sqlite3") == OLD_CHAIN["fresh"]


def test_the_oldest_fixture_upgrades_to_the_old_chains_result_row_for_row(tmp_path, no_live_seed):
    target = tmp_path / "v2.sqlite3"
    shutil.copy(FIXTURES / "db" / "schema_v2.sqlite3", target)
    assert _apply_up_to_m007(target) == OLD_CHAIN["from_v2"]


def test_every_migration_that_inserts_data_carries_it():
    carried = {p.name for p in (paths.db_dir() / "migrations").iterdir() if p.is_dir()}
    assert not (paths.db_dir() / "migrations" / "seed").exists()
    assert {"m002_seed_reference_data", "m004_example_proposals", "m007_uncertainty_rows"} <= carried
    names = {m.name for m in migrations.pending(Database(memory=True))}
    assert carried <= names, "a data folder for a migration that does not exist"
