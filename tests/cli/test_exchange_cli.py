"""`brief`, `export`, `import` and `import-figures`, run for real (`python -m desktop`) on files under tmp_path."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

NAME = "Kenya <script>alert(1)</script> & co"


def run(tmp_path: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EXPORT_DESK_DB=str(tmp_path / "env-default.sqlite3"))
    env.pop("DISPLAY", None)  # the brief needs no display
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=120)


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_brief_export_import_round_trip(tmp_path):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert 0 == run(tmp_path, a, "save", NAME, "--country", "KEN", "--openness", "80", "--notes", "secret").returncode
    proc = run(tmp_path, a, "brief", NAME, "--out", "out.pdf", "--html", "--counterpart", "--json")
    assert 0 == proc.returncode, proc.stderr
    result = json.loads(proc.stdout)
    assert result["counterpart"] and result["pages"] >= 4
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out.html").exists()

    assert 0 == run(tmp_path, a, "export", NAME, "--out", "bundle.zip", "--plain").returncode
    proc = run(tmp_path, b, "import", "bundle.zip", "--json")
    assert 0 == proc.returncode, proc.stderr
    shown = [json.loads(run(tmp_path, db, "show", NAME, "--json").stdout)["assessment"] for db in (a, b)]
    assert shown[0] == shown[1]

    before = dump(b)
    proc = run(tmp_path, b, "import", "bundle.zip")
    assert 2 == proc.returncode
    assert 1 == len(proc.stderr.strip().splitlines()) and "--rename" in proc.stderr
    assert before == dump(b)
    assert 0 == run(tmp_path, b, "import", "bundle.zip", "--rename").returncode
    assert f"{NAME} (imported)" in [p["name"] for p in json.loads(run(tmp_path, b, "proposals", "--json").stdout)]


def test_bad_input_exits_2_with_one_line_and_changes_nothing(tmp_path):
    db = tmp_path / "d.sqlite3"
    assert 0 == run(tmp_path, db, "save", "P", "--country", "KEN").returncode
    (tmp_path / "evil.json").write_text('{"format": "ai-export-desk-bundle", "schema_version": 1, "a": 1, "a": 2}')
    (tmp_path / "bad.csv").write_text("iso3,indicator,value,year,source\nKEN,aipi,9,2024,a\nZZZ,aipi,0.1,2024,b\n")
    (tmp_path / "old.pdf").write_bytes(b"old")
    before = dump(db)
    for args in (
        ("import", "evil.json"),
        ("import", "missing.json"),
        ("import-figures", "bad.csv"),
        ("brief", "No such proposal", "--out", "old.pdf"),
        ("brief", "P", "--out", "x.txt"),
        ("export", "No such proposal", "--out", "x.json", "--plain"),
        ("export", "P", "--out", "x.json"),  # an internal bundle needs --encrypt, --counterpart or --plain
    ):
        proc = run(tmp_path, db, *args)
        assert 2 == proc.returncode, args
        assert 1 == len(proc.stderr.strip().splitlines()), proc.stderr
        assert "Traceback" not in proc.stderr
    assert before == dump(db)
    assert b"old" == (tmp_path / "old.pdf").read_bytes()
    assert not (tmp_path / "x.json").exists()
    proc = run(tmp_path, db, "import-figures", "bad.csv")
    assert "line 2:" in proc.stderr and "line 3:" in proc.stderr


def test_import_figures_dry_run_then_apply(tmp_path):
    db = tmp_path / "f.sqlite3"
    assert 0 == run(tmp_path, db, "save", "P", "--country", "KEN").returncode
    (tmp_path / "f.csv").write_text("iso3,indicator,value,year,source\nKEN,aipi,0.52,2024,IMF AIPI 2024\nKEN,digital_infrastructure,0.13,2024,IMF AIPI 2024\n")
    before = dump(db)
    dry = json.loads(run(tmp_path, db, "import-figures", "f.csv", "--dry-run", "--json").stdout)
    assert before == dump(db)
    assert dry["vintage"] is None and 2 == len(dry["changes"])
    done = json.loads(run(tmp_path, db, "import-figures", "f.csv", "--json").stdout)
    assert 2 == done["vintage"]
    assert dry["proposals"] == done["proposals"]
    [row] = [r for r in done["proposals"] if r["name"] == "P"]  # seeded examples for KEN are listed too
    assert row["new"] == json.loads(run(tmp_path, db, "show", "P", "--json").stdout)["assessment"]["overall"]
    assert row["old"] != row["new"]


def test_sealed_and_counterpart_bundles_from_the_cli(tmp_path):
    """Issue 14: an encrypted bundle is unreadable without its passphrase, a wrong one changes nothing,
    the right one round-trips; a counterpart bundle carries the offer and nothing internal."""
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    secret = "QZXwalkawayQ below 35"
    assert 0 == run(tmp_path, a, "save", NAME, "--country", "KEN", "--openness", "80", "--notes", secret).returncode
    (tmp_path / "pass.txt").write_text("correct horse battery\n")
    (tmp_path / "wrong.txt").write_text("incorrect horse battery\n")
    proc = run(tmp_path, a, "export", NAME, "--out", "sealed.json", "--encrypt", "--passphrase-file", "pass.txt", "--json")
    assert 0 == proc.returncode, proc.stderr
    assert json.loads(proc.stdout)["encrypted"]
    sealed = (tmp_path / "sealed.json").read_bytes()
    assert b"QZXwalkawayQ" not in sealed and NAME.encode() not in sealed and b"\"KEN\"" not in sealed  # (quoted: three random bytes match "KEN" in ~1 of 300 sealed files)
    b_before = dump(b) if b.exists() else None
    for args in (("import", "sealed.json"), ("import", "sealed.json", "--passphrase-file", "wrong.txt")):
        proc = run(tmp_path, b, *args)
        assert 2 == proc.returncode and 1 == len(proc.stderr.strip().splitlines()), proc.stderr
        assert "passphrase" in proc.stderr and "Traceback" not in proc.stderr
    assert "wrong passphrase" in proc.stderr
    if b_before is not None:
        assert b_before == dump(b)
    proc = run(tmp_path, b, "import", "sealed.json", "--passphrase-file", "pass.txt", "--json")
    assert 0 == proc.returncode, proc.stderr
    assert NAME in [p["name"] for p in json.loads(run(tmp_path, b, "proposals", "--json").stdout)]

    proc = run(tmp_path, a, "export", NAME, "--out", "cp.json", "--counterpart", "--json")
    assert 0 == proc.returncode, proc.stderr
    text = (tmp_path / "cp.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["edition"] == "counterpart" and data["assumption_sets"] == []
    assert "QZXwalkawayQ" not in text and "red_lines" not in text and "snapshots" not in text and "notes" not in text
    assert data["proposals"][0]["levers"]["openness"] == 80
    c = tmp_path / "c.sqlite3"
    assert 0 == run(tmp_path, c, "import", "cp.json").returncode  # the counterpart can open the offer
