"""Issue 16, bundles at scale: streamed export and import (schema 5), sealed in chunks, hostile entries refused."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest

from desktop.core import sealed
from desktop.core.bundle import dump_bundle
from desktop.core.bundle_stream import LIMITS, StreamReader
from desktop.core.evaluate import evaluate
from desktop.core.model import DomainError, Proposal
from desktop.core.safe_json import UnsafeFileError
from desktop.store import open_store
from desktop.store.exchange import export_bundle
from desktop.store.exchange_stream import import_bundle_file, write_bundle_file
from desktop.store.timeline import record_settled

PASS = "correct horse battery"


@pytest.fixture
def source(tmp_path):
    store = open_store(tmp_path / "source.sqlite3")
    for i, iso in enumerate(("KEN", "IND", "BRA")):
        p = store.save_proposal(Proposal(name=f"Offer {i}", country=iso, notes="our red line: 40", measures={"customer_keys"}))
        for level in (30, 50, 70):
            state = p.with_lever("openness", level)
            record_settled(store, state, evaluate(state, store.profiles(), store.assumption_set()).to_dict(), p)
    odd = store.save_proposal(Proposal(name="Kept as JSON", country="KEN"))
    record_settled(store, odd, dict(evaluate(odd, store.profiles(), store.assumption_set()).to_dict(), overall=3.0))
    yield store
    store.close()


def _states(store):
    return {p.name: [(s["created"], s["overall"], s["band"], s["result"]) for s in store.snapshots(p.id)]
            for p in store.proposals() if not p.example}


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_a_streamed_bundle_round_trips_every_state_and_stays_compact(source, tmp_path, passphrase):
    out = tmp_path / "all.zip"
    names = [p.name for p in source.proposals() if not p.example]
    write_bundle_file(source, names, out, passphrase=passphrase)
    if passphrase:
        assert out.read_bytes().startswith(sealed.MAGIC) and b"red line" not in out.read_bytes()
    else:
        with zipfile.ZipFile(out) as zf:
            assert "manifest.json" in zf.namelist() and sum(n.startswith("inputs/") for n in zf.namelist()) == 6
    target = open_store(tmp_path / "target.sqlite3")
    result = import_bundle_file(target, out, passphrase=passphrase)
    assert sorted(i["snapshots"] for i in result["imported"]) == [1, 3, 3, 3]
    assert _states(target) == _states(source)
    path = tmp_path / "target.sqlite3"
    target.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM snapshots WHERE result = ''").fetchone() == (9,)


def test_the_counterpart_edition_streams_the_offer_only(source, tmp_path):
    out = tmp_path / "theirs.zip"
    write_bundle_file(source, ["Offer 0"], out, counterpart=True)
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "proposals/000000.json"]
        entry = json.loads(zf.read("proposals/000000.json"))
        manifest = json.loads(zf.read("manifest.json"))
    assert "notes" not in entry and "snapshots" not in entry and manifest["assumption_sets"] == []
    assert b"red line" not in out.read_bytes()


def test_an_older_bundle_still_imports(source, tmp_path):
    old = tmp_path / "old.zip"
    old.write_bytes(dump_bundle(export_bundle(source, ["Offer 1"]), as_zip=True))
    target = open_store(tmp_path / "target.sqlite3")
    assert import_bundle_file(target, old)["imported"][0]["snapshots"] == 3
    assert _states(target)["Offer 1"] == _states(source)["Offer 1"]
    target.close()


def _rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)


@pytest.mark.parametrize("change, message", [
    (lambda n, d: d.replace(b'"name": "Offer', b'"name": "Other') if n.startswith("proposals/000002") else d, "holds a proposal named"),
    (lambda n, d: None if n.startswith("inputs/") else d, "lacks"),
    (lambda n, d: d.replace(b'"KEN"', b'"KEM"') if n.startswith("inputs/") else d, "digest"),
    (lambda n, d: d.replace(b'"notes"', b'"nodes"') if n.startswith("proposals/000001") else d, "not a valid proposal"),
])
def test_a_hostile_entry_anywhere_imports_nothing(source, tmp_path, change, message):
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    write_bundle_file(source, [p.name for p in source.proposals() if not p.example], good)
    _rewrite(good, bad, change)
    target = open_store(tmp_path / "target.sqlite3")
    before = list(target.db.conn.iterdump())
    with pytest.raises((DomainError, UnsafeFileError), match=message):
        import_bundle_file(target, bad)
    assert list(target.db.conn.iterdump()) == before
    target.close()


def test_a_streamed_bundle_refuses_unknown_entries_and_bombs(tmp_path):
    for entries in ({"manifest.json": b"{}", "../evil.json": b"{}"}, {"manifest.json": b"{}", "notes.txt": b"x"},
                    {"manifest.json": b"{}", "proposals/000001.json": b" " * (LIMITS.max_member_bytes + 1)}):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries.items():
                zf.writestr(name, data)
        buf.seek(0)
        with pytest.raises(UnsafeFileError):
            StreamReader(buf, "bundle")


def test_a_chunked_seal_detects_a_cut_or_a_swapped_chunk():
    data = bytes(range(256)) * 1000
    out = io.BytesIO()
    sealed.seal_stream(io.BytesIO(data), out, PASS, n=2**14, chunk=4096)
    blob = out.getvalue()
    assert sealed.unseal(blob, PASS) == data
    head = blob.index(b"\n", len(sealed.MAGIC)) + 1
    size = 4096 + 16
    swapped = blob[:head] + blob[head + size: head + 2 * size] + blob[head: head + size] + blob[head + 2 * size:]
    for altered in (blob[:-size], blob[:-1], swapped):
        with pytest.raises(sealed.WrongPassphrase):
            sealed.unseal(altered, PASS)
