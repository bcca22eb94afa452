"""The trash (issue 18, item 4): a delete is soft and undoable; deleted proposals are hidden from
every reader, free their name, come back as "NAME (2)" into a clash, and are purged after 30 days."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop.core import ops
from desktop.core.model import DomainError, Proposal
from desktop.store import clock, open_store, scenarios, trash
from desktop.store.database import Store
from desktop.store.errors import SaveError
from desktop.store.exchange import export_bundle
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.persister import open_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def at(monkeypatch, when: datetime) -> None:
    """Set the store's clock (desktop/store/clock.py) to `when`."""
    monkeypatch.setattr(clock, "now", lambda: when.isoformat(timespec="microseconds"))


def test_a_deleted_proposal_keeps_its_rows_and_comes_back_whole(store):
    p = store.save_proposal(Proposal(name="Kenya cloud", country="KEN", notes="keys in Nairobi", measures=frozenset()))
    session, persister = open_session(store, p)
    session.apply(ops.set_lever(session.proposal, "security", 77))
    persister.save_now()
    snapshots = len(store.snapshots(p.id))
    deleted = persister.delete_current()
    assert deleted.id == p.id and session.proposal.id != p.id
    assert trash.in_trash(store, p.id) and store.find_proposal("Kenya cloud") is None
    assert len(store.snapshots(p.id)) == snapshots  # kept while in the trash
    session.undo()
    assert session.proposal.id == p.id and session.proposal.name == "Kenya cloud"
    assert session.proposal.levers["security"] == 77 and session.proposal.notes == "keys in Nairobi"
    assert not trash.in_trash(store, p.id) and store.find_proposal("Kenya cloud").id == p.id
    session.redo()
    assert trash.in_trash(store, p.id) and session.proposal.id != p.id


def test_the_delete_is_one_undo_step_named_after_the_proposal(store):
    session, persister = open_session(store, store.save_proposal(Proposal(name="Gulf deal", country="SAU")))
    session.apply(ops.set_lever(session.proposal, "openness", 10))
    persister.delete_current()
    assert len(session.history) == 1 and session.history.undo_text == "Delete “Gulf deal”"
    assert session.undo() and not session.history.can_undo and session.history.redo_text == "Delete “Gulf deal”"


def test_deleting_the_last_proposal_opens_a_new_one(store):
    for p in store.proposals():
        trash.trash_proposal(store, p.id)
    only = store.save_proposal(Proposal(name="Only", country="IDN"))
    session, persister = open_session(store, only)
    persister.delete_current()
    assert session.proposal.id not in (None, only.id) and session.proposal.name == "Kenya proposal"
    session.undo()
    assert session.proposal.id == only.id


def test_a_deleted_proposal_appears_in_no_reader(store, db_path):
    """Open…, Compare's pickers, the examples and scenarios menus, search, CLI `proposals`,
    the ranking of a data vintage's changes (store.proposals()), bundles export: none shows a proposal in the trash."""
    kept = store.save_proposal(Proposal(name="Kept offer", country="KEN"))
    gone = scenarios.create_scenario(store, kept, "Gone scenario")
    example = next(p for p in store.proposals() if p.example)
    for p in (gone, example):
        trash.trash_proposal(store, p.id)
    hidden = {gone.id, example.id}
    hidden_names = {gone.name, example.name}

    def ids(items):
        return {getattr(i, "id", None) for i in items}

    assert not ids(store.proposals()) & hidden  # CLI `proposals`, Compare's and the baseline pickers
    assert not ids(store.proposal_summaries()) & hidden  # Open…
    assert not ids(store.proposal_summaries(example=True)) & hidden  # the examples menu
    for needle in ("Gone", "scenario", example.name[:6], "KEN"):  # search
        assert not ids(store.proposal_summaries(needle)) & hidden
    assert ids(scenarios.family(store, kept.id)) == {kept.id}  # the scenarios menu
    assert store.latest_proposal().id not in hidden and store.latest_own_proposal().id not in hidden
    for pid in hidden:
        assert store.proposal_by_id(pid) is None and store.proposal_by_id(pid, trashed=True) is not None
    for name in hidden_names:  # Compare, `show`, export … find proposals by name
        assert store.find_proposal(name) is None
        with pytest.raises(DomainError, match="no proposal named"):
            store.get_proposal(name)
        with pytest.raises(DomainError, match="no proposal named"):
            export_bundle(store, [name], counterpart=True)
    # The listing SQL itself: every row of proposals the store reads is live.
    shown = {r[0] for r in rows(db_path, "SELECT id FROM proposals WHERE id NOT IN (SELECT proposal_id FROM trash)")}
    assert ids(store.proposals()) == shown


def test_a_deleted_name_is_free_and_a_clash_restores_as_name_2(store):
    first = store.save_proposal(Proposal(name="Brazil open models", country="BRA"))
    trash.trash_proposal(store, first.id)
    second = store.save_proposal(Proposal(name="Brazil open models", country="BRA"))  # the name is free
    assert second.id != first.id
    restored = trash.restore_proposal(store, first.id)
    assert restored.name == "Brazil open models (2)" and store.find_proposal("Brazil open models").id == second.id


def test_undo_into_a_clash_restores_as_name_2_in_the_session(store):
    session, persister = open_session(store, store.save_proposal(Proposal(name="Clash", country="KEN")))
    persister.delete_current()
    store.save_proposal(Proposal(name="Clash", country="BRA"))  # another program takes the name meanwhile
    session.undo()
    assert session.proposal.name == "Clash (2)"
    assert store.proposal_by_id(session.proposal.id).name == "Clash (2)"


def test_a_trashed_name_does_not_count_as_a_look_alike(store):
    p = store.save_proposal(Proposal(name="trash1", country="KEN"))
    trash.trash_proposal(store, p.id)
    assert store.save_proposal(Proposal(name="trash1", country="KEN")).name == "trash1"


def test_a_write_to_a_trashed_proposal_is_refused_not_resurrected(store):
    p = store.save_proposal(Proposal(name="Old", country="KEN"))
    trash.trash_proposal(store, p.id)
    with pytest.raises(DomainError, match="no longer exists"):
        store.save_proposal(ops.set_lever(p, "security", 5).after, expected=p.modified)
    assert trash.in_trash(store, p.id) and store.find_proposal("Old") is None


def test_purge_removes_what_is_older_than_30_days_with_its_rows(db_path, monkeypatch):
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    at(monkeypatch, start)
    store = open_store(db_path)
    old = store.save_proposal(Proposal(name="Old", country="KEN"))
    store.add_snapshot(old, {"assumptions_version": 1, "overall": 50.0, "band": "x"})
    trash.trash_proposal(store, old.id)
    at(monkeypatch, start + timedelta(days=20))
    recent = store.save_proposal(Proposal(name="Recent", country="KEN"))
    trash.trash_proposal(store, recent.id)
    store.close()

    at(monkeypatch, start + timedelta(days=29, hours=23))  # not yet 30 days: both kept
    open_store(db_path).close()
    assert {r[0] for r in rows(db_path, "SELECT name FROM trash")} == {"Old", "Recent"}

    at(monkeypatch, start + timedelta(days=30, seconds=1))
    open_store(db_path).close()
    assert [r[0] for r in rows(db_path, "SELECT name FROM trash")] == ["Recent"]
    assert rows(db_path, "SELECT count(*) FROM proposals WHERE id = ?", [old.id]) == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM snapshots WHERE proposal_id = ?", [old.id]) == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM proposals WHERE id = ?", [recent.id]) == [(1,)]


def test_a_read_only_file_opens_without_purging(db_path, monkeypatch):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    at(monkeypatch, start)
    store = open_store(db_path)
    trash.trash_proposal(store, store.save_proposal(Proposal(name="Old", country="KEN")).id)
    store.close()
    at(monkeypatch, start + timedelta(days=90))

    def refuse(*_a, **_k):
        raise SaveError("the database is read-only", "cannot save: the database is read-only")

    monkeypatch.setattr(Store, "transaction", refuse)
    open_store(db_path).close()  # opens all the same
    assert [r[0] for r in rows(db_path, "SELECT name FROM trash")] == ["Old"]


def test_the_newest_old_fixture_upgrades_to_an_empty_trash(tmp_path):
    newest = max(FIXTURES.glob("schema_v*.sqlite3"), key=lambda p: int(p.stem.split("_v")[1]))
    older = max((p for p in FIXTURES.glob("schema_v*.sqlite3") if p != newest and int(p.stem.split("_v")[1]) < SCHEMA_VERSION),
                key=lambda p: int(p.stem.split("_v")[1]))
    for fixture in {older, newest}:
        path = tmp_path / fixture.name
        shutil.copyfile(fixture, path)
        store = open_store(path)
        try:
            assert store.schema_version == SCHEMA_VERSION and "trash" in store.table_names()
            assert trash.trashed(store) == []
            mine = store.get_proposal("Kenya sovereign cloud")
            trash.trash_proposal(store, mine.id)
            assert "Kenya sovereign cloud" not in {p.name for p in store.proposals()}
            assert trash.find_trashed(store).name == "Kenya sovereign cloud"
        finally:
            store.close()
