"""`export-desk assumptions`, `assumptions set` and `assess --uncertainty`, run for real in subprocesses."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "desktop", "--db", str(tmp_path / "desk.sqlite3"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={"EXPORT_DESK_DB": str(tmp_path / "unused.sqlite3"), "PATH": "/usr/bin:/bin"})


def test_assumptions_json_lists_every_row_with_provenance_and_range(tmp_path: Path) -> None:
    r = run(tmp_path, "assumptions", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["version"] == 2  # a fresh database: version 1 holds model v1's defaults, version 2 model v2's
    rows = {row["key"]: row for row in data["rows"]}
    assert {"key", "value", "description", "source", "range", "unit"} <= set(rows["weight.continuity"])
    assert rows["weight.continuity"]["range"] == [0.0, 0.5]
    assert rows["uncertainty.estimate_halfwidth"]["value"] == 10.0
    assert all(row["source"] and row["description"] for row in data["rows"])
    text = run(tmp_path, "assumptions")
    assert text.returncode == 0 and "weight.continuity" in text.stdout and "0–0.5 weight" in text.stdout


def test_set_creates_a_new_version_and_assess_uses_it(tmp_path: Path) -> None:
    r = run(tmp_path, "assumptions", "set", "weight.continuity", "0", "--reason", "not relevant", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["version"], out["parent_version"], out["old_value"], out["value"]) == (3, 2, 0.11, 0.0)
    conn = sqlite3.connect(tmp_path / "desk.sqlite3")
    assert conn.execute("SELECT value FROM assumptions WHERE version = 2 AND key = 'weight.continuity'").fetchone() == (0.11,)
    assert conn.execute("SELECT note FROM assumption_sets WHERE version = 3").fetchone() == ("weight.continuity = 0: not relevant",)
    conn.close()
    a = json.loads(run(tmp_path, "assess", "--country", "KEN", "--json").stdout)
    assert a["assumptions_version"] == 3
    assert next(li for li in a["line_items"] if li["dimension"] == "continuity")["points"] == 0.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope.key", "1"), "unknown assumption 'nope.key'"),
        (("comm.base", "lots"), "'lots' is not a number"),
        (("comm.base", "99"), "outside its plausible range 40–70"),
    ],
)
def test_set_refuses_bad_input_in_one_line_with_exit_2(tmp_path: Path, args, message) -> None:
    run(tmp_path, "assumptions")  # create the database
    r = run(tmp_path, "assumptions", "set", *args, "--reason", "x")
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    conn = sqlite3.connect(tmp_path / "desk.sqlite3")
    assert conn.execute("SELECT count(*) FROM assumption_sets").fetchone() == (2,)  # the shipped v1 and v2 sets only
    conn.close()


def test_force_accepts_out_of_range_and_reason_is_required(tmp_path: Path) -> None:
    r = run(tmp_path, "assumptions", "set", "comm.base", "99", "--reason", "stress test", "--force")
    assert r.returncode == 0 and "v3" in r.stdout
    r = run(tmp_path, "assumptions", "set", "comm.base", "50")
    assert r.returncode == 2 and "--reason" in r.stderr


def test_assess_uncertainty_adds_the_interval(tmp_path: Path) -> None:
    r = run(tmp_path, "assess", "--country", "ARE", "--openness", "70", "--uncertainty", "--json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert set(a["interval"]) == {"p10", "p50", "p90"}
    assert a["interval"]["p10"] <= a["overall"] <= a["interval"]["p90"]
    assert a["uncertainty"]["draws"] == 1000
    assert set(a["acceptance_interval"]) == set(a["assurance_interval"]) == {"p10", "p50", "p90"}
    again = json.loads(run(tmp_path, "assess", "--country", "ARE", "--openness", "70", "--uncertainty", "--json").stdout)
    assert again["interval"] == a["interval"]  # seeded
    plain = json.loads(run(tmp_path, "assess", "--country", "ARE", "--json").stdout)
    assert "interval" not in plain
    text = run(tmp_path, "assess", "--country", "ARE", "--uncertainty")
    assert "p10–p90:" in text.stdout and "% of draws" in text.stdout
