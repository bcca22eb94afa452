"""A database from elsewhere is inert: its triggers, views and foreign tables never run (issue 15, §3).

The hostile corpus: each case is a real file the app made, then changed by a stranger with raw SQL.
Every one is refused at open (CLI: one line, exit 2; window: a dialog) and left byte-identical,
and `restore-backup PATH` refuses to install it. Bad rows in an honest schema are skipped and
reported, and the window still opens. Every statement has a deadline, every value a size bound.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.model import Proposal
from desktop.store import StoreError, open_store
from desktop.store.connection import restore_backup
from desktop.store.persister import initial_proposal, open_session
from desktop.store.trust import ForeignSchemaError, apply_bounds

from .test_window_safety import app_sandbox  # noqa: F401 - a fixture (run_app's log handler undone)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"

# name → (SQL a stranger adds, words the refusal must contain)
HOSTILE: dict[str, tuple[str, str]] = {
    "trigger deletes every other proposal": (
        "CREATE TRIGGER wipe AFTER INSERT ON snapshots BEGIN DELETE FROM proposals WHERE id != NEW.proposal_id; END",
        "trigger 'wipe' on snapshots",
    ),
    "trigger leaks notes into the description": (
        "CREATE TRIGGER leak AFTER UPDATE ON proposals BEGIN "
        "UPDATE proposals SET description = NEW.notes WHERE id = NEW.id AND description != NEW.notes; END",
        "trigger 'leak' on proposals",
    ),
    "countries replaced by a view over a recursive CTE": (
        "ALTER TABLE countries RENAME TO countries_old; "
        "CREATE VIEW countries AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT c.iso3, c.name FROM countries_old c, r",
        "view 'countries'",
    ),
    "a view with a zeroblob column": (
        "CREATE VIEW proposal_list AS SELECT id, zeroblob(1000000000) AS big FROM proposals",
        "view 'proposal_list'",
    ),
    "an extra table": ("CREATE TABLE payload (x TEXT)", "table 'payload'"),
    "a missing table": ("DROP TABLE baselines", "lacks the table 'baselines'"),
    "an extra column": ("ALTER TABLE proposals ADD COLUMN owner TEXT", "proposals' has a column 'owner'"),
    "a generated column": (
        "ALTER TABLE proposals ADD COLUMN big BLOB GENERATED ALWAYS AS (zeroblob(900000000)) VIRTUAL",
        "has a column 'big'",
    ),
    "an extra index": ("CREATE INDEX sneaky ON proposals(notes)", "index 'sneaky'"),
    "wrong tables with the right version": (
        "DROP TABLE proposal_measures; CREATE TABLE proposal_measures (anything TEXT)",
        "proposal_measures' has a column 'anything'",
    ),
    "a virtual table": ("CREATE VIRTUAL TABLE notes_fts USING fts5(body)", "virtual table 'notes_fts'"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "desk.sqlite3"
    store = open_store(path)
    store.save_proposal(Proposal(name="Ours", country="KEN", notes="private: walk away below 40"))
    store.save_proposal(Proposal(name="Theirs", country="GHA"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def hostile(template: Path, where: Path, sql: str) -> Path:
    shutil.copyfile(template, where)
    conn = sqlite3.connect(where)
    conn.executescript(sql)
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, as it would arrive
    conn.close()
    return where


def files(path: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-journal"):
        p = path.with_name(path.name + suffix)
        out[suffix] = p.read_bytes() if p.exists() else None
    return out


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_at_open_naming_the_difference_and_left_as_it_was(case, template, tmp_path):
    sql, words = HOSTILE[case]
    path = hostile(template, tmp_path / "colleague.sqlite3", sql)
    before = files(path)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert words in message, message
    assert "\n" not in message and "did not create" in message
    assert files(path) == before
    assert not (tmp_path / "colleague.sqlite3.backups").exists()  # refused before any backup or upgrade


@pytest.mark.parametrize(("case", "words"), [
    ("an extra table", "il a une table 'payload'"),
    ("an extra column", "sa table 'proposals' a une colonne 'owner'"),
    ("trigger deletes every other proposal", "il contient un déclencheur"),
])
def test_the_refusal_is_one_french_sentence_in_french(case, words, template, tmp_path):
    from desktop.core.i18n import use_language

    path = hostile(template, tmp_path / "colleague.sqlite3", HOSTILE[case][0])
    with use_language("fr"), pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert words in message and "did not create" not in message and "\n" not in message, message


@pytest.mark.parametrize("case", ["trigger deletes every other proposal", "countries replaced by a view over a recursive CTE"])
def test_cli_refuses_a_hostile_db_in_one_line_with_exit_2(case, template, tmp_path, capsys):
    path = hostile(template, tmp_path / "colleague.sqlite3", HOSTILE[case][0])
    before = files(path)
    for argv in (["--db", str(path), "show", "Ours"], ["--db", str(path), "save", "Ours", "--security", "77"],
                 ["--db", str(path), "proposals"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "refusing" in err and "Traceback" not in err
    assert files(path) == before


def test_a_real_cli_process_refuses_a_hostile_db_without_a_traceback(template, tmp_path):
    path = hostile(template, tmp_path / "colleague.sqlite3", HOSTILE["trigger deletes every other proposal"][0])
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(path), "proposals"], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "trigger 'wipe'" in done.stderr and done.stdout == ""


def test_restore_backup_refuses_to_install_a_hostile_file(template, tmp_path):
    db = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, db)
    before = files(db)
    bad = hostile(template, tmp_path / "sent-to-me.sqlite3", HOSTILE["trigger deletes every other proposal"][0])
    with pytest.raises(StoreError, match="trigger 'wipe'"):
        restore_backup(db, bad)
    assert files(db) == before
    store = open_store(db)
    assert {p.name for p in store.proposals() if not p.example} == {"Ours", "Theirs"}
    store.close()


def test_cli_restore_backup_of_a_hostile_file_exits_2(template, tmp_path, capsys):
    db = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, db)
    bad = hostile(template, tmp_path / "sent-to-me.sqlite3", HOSTILE["a view with a zeroblob column"][0])
    assert cli.main(["--db", str(db), "restore-backup", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "view 'proposal_list'" in err


def test_an_old_file_with_a_trigger_is_refused_before_it_is_upgraded(tmp_path):
    old = sorted(FIXTURES.glob("schema_v*.sqlite3"), key=lambda p: int(p.stem.split("_v")[1]))[0]
    path = hostile(old, tmp_path / "old.sqlite3", HOSTILE["trigger deletes every other proposal"][0])
    before = files(path)
    with pytest.raises(ForeignSchemaError):
        open_store(path)
    assert files(path) == before


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.sqlite3")), ids=lambda p: p.stem)
def test_every_released_schema_is_recognised_as_ours(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    open_store(path).close()


def test_the_app_accepts_the_statistics_tables_sqlite_adds(template, tmp_path):
    path = tmp_path / "analysed.sqlite3"
    shutil.copyfile(template, path)
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.close()
    open_store(path).close()


# ---------------------------------------------------------------------------- bounds on any statement


def test_a_statement_past_its_deadline_is_interrupted(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    apply_bounds(conn, seconds=0.3)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r").fetchone()
    assert time.monotonic() - started < 2
    # The deadline is per statement: the next one runs.
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.close()


def test_the_integrity_check_runs_past_the_statement_deadline(tmp_path, monkeypatch):
    """quick_check reads every page: on a heavy user's cold file it takes a minute, and the
    deadline (meant for queries) refused the file at the open that checked it. The check runs
    without it; the connection is bounded again afterwards."""
    from desktop.store import trust
    from desktop.store.integrity import quick_check

    path = tmp_path / "desk.sqlite3"
    open_store(path).close()  # seeded: the check has thousands of pages' worth of steps
    conn = sqlite3.connect(path)
    monkeypatch.setattr(trust, "STATEMENT_SECONDS", 1e-9)  # every statement is "past its deadline"
    apply_bounds(conn)
    assert quick_check(conn) == ["ok"] and quick_check(conn, full=True) == ["ok"]
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):  # bounded again
        conn.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r").fetchone()
    conn.close()


def test_a_huge_value_is_refused_not_read_into_memory(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    apply_bounds(conn)
    with pytest.raises(sqlite3.DataError):
        conn.execute("SELECT zeroblob(1000000000)").fetchone()
    conn.close()


def test_the_open_store_connection_is_bounded(template, tmp_path):
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, path)
    store = open_store(path)
    try:
        with pytest.raises(sqlite3.DataError):
            store.db.execute("SELECT zeroblob(200000000)").fetchone()
    finally:
        store.close()


# ---------------------------------------------------------------------------- bad rows in an honest schema

BAD_ROWS = {
    "unknown country": "UPDATE proposals SET country = 'XXX' WHERE name = 'Ours'",
    "malformed JSON": "UPDATE proposals SET components = '{not json' WHERE name = 'Ours'",
    # (a lever out of range breaks the table's CHECK: quick_check at open reports it as damage)
    "bad deal terms": "UPDATE proposals SET deal = '{\"nonsense\": 1}' WHERE name = 'Ours'",
    "red line inverted": "UPDATE proposals SET red_lines = '{\"security\": [90, 10]}' WHERE name = 'Ours'",
    "huge notes": "UPDATE proposals SET notes = zeroblob(40000000) WHERE name = 'Ours'",
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_is_skipped_and_reported_and_the_rest_still_open(case, template, tmp_path):
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, path)
    conn = sqlite3.connect(path)
    conn.execute(BAD_ROWS[case])
    conn.execute("UPDATE proposals SET modified = '2999-01-01' WHERE name = 'Ours'")  # the newest: opened first
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        names = {p.name for p in store.proposals()}
        assert "Theirs" in names and "Ours" not in names
        assert any("Ours" in why for why in store.skipped.values())
        assert initial_proposal(store).name == "Theirs"
        session, persister = open_session(store)
        assert session.proposal.name == "Theirs"
    finally:
        store.close()


def test_the_window_opens_on_the_rest_when_a_proposal_has_an_unknown_country(template, db_path, qtbot):
    from desktop.ui.app import build_window

    shutil.copyfile(template, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE proposals SET country = 'XXX', modified = '2999-01-01' WHERE name = 'Ours'")
    conn.commit()
    conn.close()
    store = open_store(db_path)
    window = build_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.session.proposal.name == "Theirs"
    window.close()
    store.close()


@pytest.mark.usefixtures("app_sandbox")
def test_the_window_refuses_a_hostile_file_with_a_dialog_and_exit_2(template, tmp_path, monkeypatch, qapp):
    from desktop.ui import dialogs
    from desktop.ui.app import run_app

    path = hostile(template, tmp_path / "colleague.sqlite3", HOSTILE["trigger leaks notes into the description"][0])
    before = files(path)
    shown = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append((title, text)))
    assert run_app(path) == 2
    assert len(shown) == 1 and "trigger 'leak'" in shown[0][1] and "Traceback" not in shown[0][1]
    assert files(path) == before


def test_the_shipped_schema_is_what_the_migrations_make():
    """db/schema.json spares each open a replay of the migrations; regenerate: python -m desktop.store.trust."""
    from desktop.store import trust
    from desktop.store.migrations import migrations

    names = tuple(m.name for m in migrations._migrations)
    shipped = trust._shipped()
    assert shipped is not None and tuple(shipped["migrations"]) == names, "run: python -m desktop.store.trust"
    assert shipped["schema"] == trust.build_schema(names), "run: python -m desktop.store.trust"
