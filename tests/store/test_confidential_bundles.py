"""Sealed and counterpart bundles (issue 14): unreadable without the passphrase, tamper-evident,
round-trip with it; a counterpart bundle carries no planted secret and refuses internal fields."""

from __future__ import annotations

import json

import pytest

from desktop.core.bundle import counterpart_bundle, dump_bundle, parse_bundle
from desktop.core.model import DomainError, Proposal
from desktop.core.sealed import MAGIC, PassphraseNeeded, WrongPassphrase, seal, unseal
from desktop.store import memory_store
from desktop.store.exchange import export_bundle, import_bundle

SECRETS = ("QZXnotesQ", "QZXdescQ")
PASS = "correct horse battery"


@pytest.fixture(scope="module")
def source():
    s = memory_store()
    p = s.save_proposal(Proposal(name="Kenya offer", country="KEN", notes=f"Walk away below 35 {SECRETS[0]}",
                                 red_lines={"openness": (23, 77), "security": (41, 99)},
                                 levers={"security": 70, "resilience": 40, "openness": 85, "partnership": 30}))
    from desktop.core.engine import assess

    s.add_snapshot(p, assess(p, s.profile("KEN"), s.assumption_set()).to_dict())
    yield s
    s.close()


def test_seal_round_trips_and_hides_everything():
    data = b'{"format": "ai-export-desk-bundle", "secret": "QZXnotesQ"}'
    sealed = seal(data, PASS, n=2**14)
    assert sealed.startswith(MAGIC) and b"QZXnotesQ" not in sealed and b"ai-export-desk-bundle" not in sealed
    assert unseal(sealed, PASS) == data
    assert seal(data, PASS, n=2**14) != sealed  # a fresh salt and nonce each time


def test_wrong_missing_or_tampered_is_a_clear_error():
    sealed = seal(b"plain bundle bytes", PASS, n=2**14)
    with pytest.raises(PassphraseNeeded, match="is encrypted"):
        unseal(sealed, None, "b.json")
    with pytest.raises(WrongPassphrase, match="wrong passphrase for b.json"):
        unseal(sealed, "not the passphrase", "b.json")
    flipped = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(WrongPassphrase):
        unseal(flipped, PASS, "b.json")
    head_end = sealed.index(b"\n", len(MAGIC))
    header = json.loads(sealed[len(MAGIC):head_end])
    header["n"] = 2**30  # a header that would make the key derivation take forever is refused
    evil = MAGIC + json.dumps(header).encode() + sealed[head_end:]
    with pytest.raises(DomainError, match="damaged or unknown seal header"):
        unseal(evil, PASS, "b.json")
    with pytest.raises(DomainError, match="at least 8"):
        seal(b"x", "short")


def test_a_sealed_bundle_imports_with_its_passphrase_and_a_wrong_one_changes_nothing(source):
    sealed = dump_bundle(export_bundle(source, ["Kenya offer"]), passphrase=PASS)
    target = memory_store()
    before = list(target.db.conn.iterdump())
    with pytest.raises(WrongPassphrase):
        import_bundle(target, parse_bundle(sealed, "b.json", "wrong one!"))
    with pytest.raises(PassphraseNeeded):
        parse_bundle(sealed, "b.json")
    assert before == list(target.db.conn.iterdump())
    import_bundle(target, parse_bundle(sealed, "b.json", PASS))
    got = target.get_proposal("Kenya offer")
    assert SECRETS[0] in got.notes and got.red_lines["openness"] == (23, 77)
    zipped = dump_bundle(export_bundle(source, ["Kenya offer"]), as_zip=True, passphrase=PASS)
    assert parse_bundle(zipped, "b.zip", PASS).proposals[0].notes == got.notes


def test_the_counterpart_bundle_carries_the_offer_and_nothing_internal(source):
    bundle = export_bundle(source, ["Kenya offer"], counterpart=True)
    text = dump_bundle(bundle).decode("utf-8")
    for secret in (SECRETS[0], "Walk away", "red_lines", "snapshots", "notes", "change_log", "program",
                   "assumption_sets\": [{", "Default assumptions"):
        assert secret not in text, secret
    [p] = json.loads(text)["proposals"]
    assert p["levers"] == {"security": 70, "resilience": 40, "openness": 85, "partnership": 30}
    assert set(p) == {"name", "country", "levers", "measures", "components", "description", "screen", "deal"}
    target = memory_store()
    [item] = import_bundle(target, parse_bundle(text.encode()))["imported"]
    assert item["assumptions_version"] == target.assumption_set().version  # assessed under the recipient's own set
    assert target.get_proposal("Kenya offer").notes == "" and target.get_proposal("Kenya offer").red_lines == {}


def test_a_counterpart_bundle_that_carries_internal_fields_is_refused(source):
    bundle = counterpart_bundle(export_bundle(source, ["Kenya offer"]))
    bundle["proposals"][0]["notes"] = "smuggled"
    with pytest.raises(DomainError, match="counterpart bundle carries internal fields"):
        parse_bundle(json.dumps(bundle).encode())
