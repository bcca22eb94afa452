"""Bundles (schema 2) carry the Program fields and the destination status a proposal was assessed under."""

from __future__ import annotations

import copy
import sqlite3

import pytest
from sqlite_utils import Database

from desktop.core.bundle import dump_bundle, parse_bundle
from desktop.core.engine import assess
from desktop.core.model import DomainError, Member, Program, Proposal
from desktop.store import memory_store
from desktop.store.database import Store
from desktop.store.destinations import edit_destination
from desktop.store.exchange import export_bundle, import_bundle

PROGRAM = Program(members=(Member("Acme", "USA", ("compute", "data", "models", "security", "applications"), True),),
                  us_content=0.62, build="consortium", own="host", operate="joint", support=("dfc",), buyer_home="ARE",
                  target_bloc="GCC")


@pytest.fixture(scope="module")
def template():
    return memory_store()


def _fresh(template) -> Store:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    template.db.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return Store(Database(conn), None)


def _source(template) -> Store:
    store = _fresh(template)
    for name, iso3, program in (("Gulf", "ARE", PROGRAM), ("Moscow", "RUS", Program())):
        p = store.save_proposal(Proposal(name=name, country=iso3, program=program))
        store.add_snapshot(p, assess(p, store.profile(iso3), store.assumption_set()).to_dict())
    return store


def test_program_and_screen_travel_and_denial_snapshots_export(template):
    source = _source(template)
    bundle = export_bundle(source, ["Gulf", "Moscow"])
    assert bundle["schema_version"] == 4
    gulf, moscow = bundle["proposals"]
    assert gulf["program"] == PROGRAM.to_dict() and gulf["screen"]["status"] == "licence"
    assert moscow["screen"]["status"] == "denial" and moscow["snapshots"][0]["band"] == "Blocked"
    assert moscow["snapshots"][0]["result"]["screen"]["status"] == "denial"  # the status it was assessed under
    target = _fresh(template)
    result = import_bundle(target, parse_bundle(dump_bundle(bundle)))
    assert target.get_proposal("Gulf").program == PROGRAM
    assert [(i["screen_then"], i["screen_now"]) for i in result["imported"]] == [("licence", "licence"), ("denial", "denial")]


def test_an_import_reports_a_status_that_changed_since_export(template):
    bundle = export_bundle(_source(template), ["Gulf"])
    target = _fresh(template)
    edit_destination(target, "ARE", {"status": "eligible"}, "A:5 confirmed by counsel")
    [item] = import_bundle(target, parse_bundle(dump_bundle(bundle)))["imported"]
    assert (item["screen_then"], item["screen_now"]) == ("licence", "eligible")
    assert target.destinations()["ARE"].status == "eligible"  # a bundle never changes our own screen


def test_a_schema_1_bundle_still_imports(template):
    bundle = export_bundle(_source(template), ["Gulf"])
    old = copy.deepcopy(bundle)
    old["schema_version"] = 1
    for p in old["proposals"]:
        del p["program"], p["screen"]
    target = _fresh(template)
    import_bundle(target, parse_bundle(dump_bundle(old)))
    assert target.get_proposal("Gulf").program == Program()


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("program", "us_content"), 1.5, "us_content"),
        (("program", "members", 0, "layers"), ["gpus"], "layers"),
        (("program", "members", 0, "home"), "usa", "home"),
        (("program", "build"), "nobody", "build"),
        (("screen", "status"), "fine", "status"),
    ],
)
def test_malformed_program_or_screen_is_refused(template, path, value, words):
    bundle = copy.deepcopy(export_bundle(_source(template), ["Gulf"]))
    node = bundle["proposals"][0]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    import json

    with pytest.raises(DomainError, match=words):
        parse_bundle(json.dumps(bundle).encode())


def test_an_unknown_member_home_refuses_the_whole_import(template):
    bundle = copy.deepcopy(export_bundle(_source(template), ["Gulf", "Moscow"]))
    bundle["proposals"][0]["program"]["members"][0]["home"] = "ZZZ"
    target = _fresh(template)
    before = list(target.db.conn.iterdump())
    with pytest.raises(DomainError, match="unknown home country"):
        import_bundle(target, parse_bundle(dump_bundle(bundle)))
    assert list(target.db.conn.iterdump()) == before
