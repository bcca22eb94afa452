"""Proposal bundles: round trip gives equal assessments; hostile bundles change nothing."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
import zipfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from desktop.core.bundle import MAX_BYTES, MAX_DEPTH, dump_bundle, parse_bundle
from desktop.core.engine import assess
from desktop.core.model import DomainError, Proposal
from desktop.store import StoreError, memory_store
from desktop.store.database import Store
from desktop.store.exchange import NameConflict, export_bundle, import_bundle

NAME = "Kenya <script>alert(1)</script> & co"


def _source_store() -> Store:
    store = memory_store()
    p = store.save_proposal(
        Proposal(name=NAME, country="KEN", levers={"security": 70, "resilience": 35, "openness": 80, "partnership": 60},
                 measures={"onshore_sensitive_tier", "customer_keys"}, red_lines={"openness": (20, 85)}, notes="private")
    )
    store.add_snapshot(p, assess(p, store.profile("KEN"), store.assumption_set()).to_dict())
    store.save_proposal(Proposal(name="Indonesia cloud", country="IDN"))
    return store


@pytest.fixture(scope="module")
def template():
    return memory_store()


def _fresh(template) -> Store:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    template.db.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return Store(Database(conn), None)


def dump(store: Store) -> list[str]:
    return list(store.db.conn.iterdump())


@pytest.fixture(scope="module")
def bundle_dict():
    return export_bundle(_source_store(), [NAME, "Indonesia cloud"])


def _assessment(store: Store, name: str) -> dict:
    p = store.get_proposal(name)
    return assess(p, store.profile(p.country), store.assumption_set()).to_dict()


def test_round_trip_gives_equal_assessments(template, bundle_dict):
    source = _source_store()
    target = _fresh(template)
    result = import_bundle(target, parse_bundle(dump_bundle(bundle_dict)))
    assert [NAME, "Indonesia cloud"] == [i["name"] for i in result["imported"]]
    for name in (NAME, "Indonesia cloud"):
        assert _assessment(source, name) == _assessment(target, name)
        a, b = source.get_proposal(name), target.get_proposal(name)
        assert (a.levers, a.measures, a.components, a.red_lines, a.notes) == (b.levers, b.measures, b.components, b.red_lines, b.notes)
    snaps = target.snapshots(target.get_proposal(NAME).id)
    assert [s["result"] for s in source.snapshots(source.get_proposal(NAME).id)] == [s["result"] for s in snaps]
    assert [] == result["assumption_sets_created"]  # identical set already here


def test_zip_round_trip(template, bundle_dict):
    target = _fresh(template)
    import_bundle(target, parse_bundle(dump_bundle(bundle_dict, as_zip=True)))
    assert target.find_proposal(NAME) is not None


def test_changed_assumptions_import_as_a_new_version_with_the_same_numbers(template):
    source = _source_store()
    source.derive_assumption_set({"weight.continuity": 0.4}, "test")
    p = source.get_proposal(NAME)
    source.add_snapshot(p, assess(p, source.profile("KEN"), source.assumption_set()).to_dict())
    bundle = export_bundle(source, [NAME])
    target = _fresh(template)
    result = import_bundle(target, parse_bundle(dump_bundle(bundle)))
    assert [3] == result["assumption_sets_created"]
    assert 0.4 == target.assumption_set(3)["weight.continuity"]
    assert _assessment(source, NAME) == _assessment(target, NAME)
    again = import_bundle(target, parse_bundle(dump_bundle(bundle)), rename=True)
    assert [] == again["assumption_sets_created"]  # matched by value this time


def test_name_clash_refused_unless_renamed(template, bundle_dict):
    target = _fresh(template)
    import_bundle(target, parse_bundle(dump_bundle(bundle_dict)))
    before = dump(target)
    with pytest.raises(NameConflict) as err:
        import_bundle(target, parse_bundle(dump_bundle(bundle_dict)))
    assert NAME in err.value.names
    assert before == dump(target)
    result = import_bundle(target, parse_bundle(dump_bundle(bundle_dict)), rename=True)
    assert f"{NAME} (imported)" == result["imported"][0]["name"]
    assert NAME == result["imported"][0]["renamed_from"]


def _mutated(bundle: dict, path: tuple, value) -> dict:
    b = copy.deepcopy(bundle)
    node = b
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return b


def _text(b: dict) -> bytes:
    return json.dumps(b).encode()


HOSTILE = {
    "lever above 100": lambda b: _text(_mutated(b, ("proposals", 0, "levers", "openness"), 101)),
    "lever below 0": lambda b: _text(_mutated(b, ("proposals", 0, "levers", "openness"), -1)),
    "lever as string": lambda b: _text(_mutated(b, ("proposals", 0, "levers", "openness"), "50")),
    "lever as bool": lambda b: _text(_mutated(b, ("proposals", 0, "levers", "openness"), True)),
    "lever as float": lambda b: _text(_mutated(b, ("proposals", 0, "levers", "openness"), 50.5)),
    "NaN": lambda b: _text(b).replace(b'"openness": 80', b'"openness": NaN'),
    "Infinity": lambda b: json.dumps(_mutated(b, ("assumption_sets", 0, "rows", 0, "value"), float("inf"))).encode(),
    "duplicate key": lambda b: _text(b).replace(b'"openness": 80', b'"openness": 80, "openness": 10'),
    "unknown country": lambda b: _text(_mutated(b, ("proposals", 0, "country"), "XXX")),
    "unknown measure": lambda b: _text(_mutated(b, ("proposals", 0, "measures"), ["teleportation"])),
    "unknown field": lambda b: _text(_mutated(b, ("proposals", 0, "owner"), "mallory")),
    "unknown assumption": lambda b: _text(_mutated(b, ("assumption_sets", 0, "rows", 0, "key"), "evil.key")),
    "newer schema": lambda b: _text(_mutated(b, ("schema_version",), 5)),
    "missing set": lambda b: _text(_mutated(b, ("proposals", 0, "assumptions_version"), 9)),
    "red line inverted": lambda b: _text(_mutated(b, ("proposals", 0, "red_lines"), {"openness": [80, 20]})),
    "component scale": lambda b: _text(_mutated(b, ("proposals", 0, "components", "compute"), 4)),
    "blank name": lambda b: _text(_mutated(b, ("proposals", 0, "name"), "   ")),
    "deep nesting": lambda b: b'{"format": "ai-export-desk-bundle", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "too big": lambda b: b" " * (MAX_BYTES + 1),
    "not json": lambda b: b"\x00\x01garbage",
    "not utf-8": lambda b: _text(b).decode().encode("utf-16"),
    "a list": lambda b: b"[]",
    "zip bomb": lambda b: _zip(b"{" + b" " * (MAX_BYTES + 10) + b"}"),
    "zip with two members": lambda b: _zip(_text(b), extra=True),
    "duplicate names": lambda b: _text(_mutated(b, ("proposals", 1, "name"), NAME)),
}


def _zip(payload: bytes, extra: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bundle.json", payload)
        if extra:
            zf.writestr("evil.sh", b"rm -rf /")
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundle_rejected_and_database_unchanged(template, bundle_dict, case):
    target = _fresh(template)
    before = dump(target)
    with pytest.raises(DomainError) as err:
        import_bundle(target, parse_bundle(HOSTILE[case](bundle_dict), "evil.json"))
    assert "\n" not in str(err.value)
    assert before == dump(target)


def test_newer_schema_says_which_is_needed(bundle_dict):
    with pytest.raises(DomainError, match="bundle schema 5; this app reads schema 4"):
        parse_bundle(HOSTILE["newer schema"](bundle_dict))


def test_depth_limit_ignores_brackets_in_strings(bundle_dict):
    # The bundle's depth limit is applied by the shared reader (safe_json); brackets inside text don't count.
    b = _mutated(bundle_dict, ("proposals", 0, "notes"), "[[[[{{{{" * (MAX_DEPTH + 1) + '\\"[[')
    assert parse_bundle(_text(b)).proposals[0].notes.startswith("[[[[{{{{")
    deep = _mutated(bundle_dict, ("proposals", 0, "snapshots"), [{"result": "x"}])
    text = _text(deep).replace(b'"x"', b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    with pytest.raises(DomainError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_bundle(text, "deep.json")


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):
            yield from _paths(v, prefix + (i,))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_bundles_import_whole_or_change_nothing(template, bundle_dict, data):
    paths = [p for p in _paths(bundle_dict) if p]
    b = copy.deepcopy(bundle_dict)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        node = b
        try:
            for key in path[:-1]:
                node = node[key]
            action = data.draw(st.sampled_from(["set", "delete", "add"]))
            if action == "set":
                node[path[-1]] = data.draw(_json)
            elif action == "delete" and isinstance(node, dict):
                del node[path[-1]]
            elif isinstance(node, dict):
                node[data.draw(st.text(max_size=6))] = data.draw(_json)
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(b, allow_nan=True).encode()
    target = _fresh(template)
    before = dump(target)
    try:
        result = import_bundle(target, parse_bundle(raw))
    except (DomainError, StoreError):
        assert before == dump(target)
        return
    for item in result["imported"]:
        p = target.get_proposal(item["name"])
        a = assess(p, target.profile(p.country), target.assumption_set(item["assumptions_version"])).to_dict()
        assert 0 <= a["overall"] <= 100


def test_deal_terms_travel_in_a_bundle_and_an_older_bundle_reads_with_the_defaults(template):
    from desktop.core.model import DEFAULT_DEAL, DealTerms

    source = _source_store()
    p = source.get_proposal(NAME)
    deal = DealTerms(value_musd=120.0, term_years=6, price=1.05, compute_mw=20.0, financing="exim_loan", financing_share=0.4)
    source.save_proposal(replace(p, deal=deal))
    bundle = export_bundle(source, [NAME])
    data = json.loads(dump_bundle(bundle))
    assert data["schema_version"] == 4 and data["proposals"][0]["deal"] == deal.to_dict()
    target = _fresh(template)
    import_bundle(target, parse_bundle(dump_bundle(bundle)))
    assert target.get_proposal(NAME).deal == deal
    # A schema-2 bundle (no deal terms) imports with the documented defaults.
    del data["proposals"][0]["deal"]
    data["schema_version"] = 2
    other = _fresh(template)
    import_bundle(other, parse_bundle(json.dumps(data).encode()))
    assert other.get_proposal(NAME).deal == DEFAULT_DEAL
