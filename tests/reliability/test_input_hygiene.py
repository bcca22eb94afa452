"""Input hygiene and limits (issue 15, §6, §7): numbers with a comma are refused, names are cleaned,
look-alike names refused with the existing one shown, the terminal never gets raw control characters,
and notes have a stated limit enforced at input."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import cli
from desktop.core import ops
from desktop.core.assumptions import parse_number
from desktop.core.model import DomainError, Proposal
from desktop.core.text import NOTES_MAX, clean_name, printable, skeleton


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert cli.main(["--db", str(path), "save", "Kenya", "--country", "KEN"]) == 0
    return path


def names(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM proposals WHERE example = 0 ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("text", ["1,5", "1,000", " 2,5 "])
def test_a_number_with_a_comma_is_refused_not_guessed(text):
    with pytest.raises(DomainError, match="decimal point"):
        parse_number(text)


def test_cli_assumptions_set_with_a_comma_exits_2(db, capsys):
    capsys.readouterr()
    assert cli.main(["--db", str(db), "assumptions", "set", "comm.base", "1,5", "--reason", "x"]) == 2
    assert "decimal point" in capsys.readouterr().err


def test_a_cyrillic_look_alike_name_is_refused_naming_the_existing_one(db, capsys):
    capsys.readouterr()
    assert cli.main(["--db", str(db), "save", "K\u0435nya", "--country", "KEN"]) == 2
    err = capsys.readouterr().err
    assert "looks the same" in err and "“Kenya”" in err and err.count("\n") == 1
    assert names(db) == ["Kenya"]


def test_nfc_and_nfd_spellings_are_one_proposal(db):
    assert cli.main(["--db", str(db), "save", "Cafe\u0301", "--country", "KEN", "--notes", "nfd"]) == 0
    assert cli.main(["--db", str(db), "save", "Caf\u00e9", "--notes", "nfc"]) == 0
    assert names(db) == ["Kenya", "Caf\u00e9"]


def test_invisible_and_bidi_characters_are_stripped_from_names(db):
    assert cli.main(["--db", str(db), "save", "Ghana\u200b \u202edraft", "--country", "GHA"]) == 0
    assert names(db)[-1] == "Ghana draft"


def test_terminal_output_never_carries_raw_control_characters(db, capsys):
    conn = sqlite3.connect(db)  # a name written by something else, escape sequence and all
    conn.execute("UPDATE proposals SET name = 'Evil\x1b[2J\u202eeman' WHERE name = 'Kenya'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert cli.main(["--db", str(db), "proposals"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "Evil\\x1b[2J\\u202eeman" in out
    assert cli.main(["--db", str(db), "proposals", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert any(p.get("name") == "Evil\x1b[2J\u202eeman" for p in json.loads(out))  # JSON still says the same
    assert cli.main(["--db", str(db), "show", "Evil\x1b[2J\u202eeman"]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_notes_over_the_limit_are_refused_at_input(db, capsys):
    capsys.readouterr()
    assert cli.main(["--db", str(db), "save", "Kenya", "--notes", "x" * (NOTES_MAX + 1)]) == 2
    assert "limited to 100,000 characters" in capsys.readouterr().err
    with pytest.raises(DomainError, match="100,000"):
        ops.set_notes(Proposal(name="n", country="KEN"), "x" * (NOTES_MAX + 1))
    ops.set_notes(Proposal(name="n", country="KEN"), "x" * NOTES_MAX)


def test_the_window_refuses_notes_over_the_limit_and_keeps_the_text(open_window, qtbot):
    window = open_window()
    told = []
    window.proposal_panel.message.connect(told.append)
    window.proposal_panel.notes.setPlainText("y" * (NOTES_MAX + 5))
    window.proposal_panel.flush()
    assert told and "100,000" in told[-1]
    assert len(window.proposal_panel.notes.toPlainText()) == NOTES_MAX + 5
    assert len(window.session.proposal.notes) <= NOTES_MAX


@given(st.text(max_size=60))
def test_a_cleaned_name_is_stable_and_printable(text):
    try:
        name = clean_name(text)
    except DomainError:
        return
    assert clean_name(name) == name
    assert printable(name) == name
    assert skeleton(name) == skeleton(clean_name(name))


# ---------------------------------------------------------------------------- an imported assumption set


def _bundle_with(tmp_path, changes):
    src = tmp_path / "src.sqlite3"
    assert cli.main(["--db", str(src), "save", "Sent", "--country", "KEN"]) == 0
    conn = sqlite3.connect(src)
    version = conn.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]
    for key, value in changes.items():
        conn.execute("UPDATE assumptions SET value = ? WHERE version = ? AND key = ?", [value, version, key])
    conn.commit()
    conn.close()
    out = tmp_path / "sent.json"
    assert cli.main(["--db", str(src), "export", "Sent", "--out", str(out), "--plain"]) == 0
    return out


def _in_use(db):
    from desktop.store import open_store

    store = open_store(db)
    try:
        return {k: r.value for k, r in store.assumption_set().rows.items()}
    finally:
        store.close()


def test_an_imported_assumption_set_is_not_used_unless_asked(db, tmp_path, capsys):
    before = _in_use(db)
    key = next(k for k in before if k.startswith("weight."))
    bundle = _bundle_with(tmp_path, {key: before[key] * 0.9})
    assert cli.main(["--db", str(db), "import", str(bundle)]) == 0
    assert "Still in use: your assumption set" in capsys.readouterr().out
    assert _in_use(db) == before  # no local proposal re-scored
    assert cli.main(["--db", str(db), "import", str(bundle), "--rename", "--use-assumptions"]) == 0
    assert _in_use(db)[key] == pytest.approx(before[key] * 0.9)


def test_an_imported_assumption_set_outside_the_local_ranges_is_refused(db, tmp_path, capsys):
    from desktop.store import open_store

    store = open_store(db)
    rows = store.assumption_set().rows
    store.close()
    key = next(k for k, r in rows.items() if r.low > 0)  # e.g. a band threshold: 0 would re-band everything
    bundle = _bundle_with(tmp_path, {key: 0})
    capsys.readouterr()
    assert cli.main(["--db", str(db), "import", str(bundle), "--use-assumptions"]) == 2
    err = capsys.readouterr().err
    assert "outside the plausible range" in err and key in err
    assert names(db) == ["Kenya"]


# ---------------------------------------------------------------------------- never write a bundle import refuses


def test_export_never_writes_a_bundle_import_would_refuse(tmp_path, capsys):
    from desktop.store import open_store

    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    names_ = []
    for i in range(60):  # 60 × 90,000 characters of notes: over the 5 MB an import reads
        names_.append(store.save_proposal(Proposal(name=f"Long {i}", country="KEN", notes="n" * 90_000)).name)
    store.close()
    out = tmp_path / "big.json"
    capsys.readouterr()
    assert cli.main(["--db", str(db), "export", *names_, "--out", str(out), "--plain"]) == 2
    err = capsys.readouterr().err
    assert "not written" in err and "5.2 MB" in err and err.count("\n") == 1
    assert not out.exists()
    # Within the limits, what is written imports (notes up to the 100,000 the app allows).
    assert cli.main(["--db", str(db), "export", names_[0], "--out", str(out), "--plain"]) == 0
    other = tmp_path / "other.sqlite3"
    assert cli.main(["--db", str(other), "import", str(out)]) == 0
