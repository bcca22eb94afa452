"""`export-desk optimize`: prints the proposed package without saving; --apply saves it with a snapshot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_cli import LEVERS, ok, run, sha


def _snapshots(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]


def test_optimize_prints_a_better_package_within_the_red_lines_without_saving(tmp_path: Path) -> None:
    db = tmp_path / "o.sqlite3"
    ok(tmp_path, "save", "Deal", "--country", "KEN", "--limit", "openness=20:60", "--json", db=db)
    digest, snapshots = sha(db), _snapshots(db)
    data = ok(tmp_path, "optimize", "Deal", "--json", db=db)
    assert set(data) >= {"levers", "measures", "overall", "before", "changes", "applied"}
    assert set(data["levers"]) == set(LEVERS)
    assert 20 <= data["levers"]["openness"] <= 60
    assert data["overall"] > data["before"]
    assert data["applied"] is False
    assert all({"kind", "target", "from", "to", "gain", "why"} <= set(c) for c in data["changes"])
    assert sha(db) == digest and _snapshots(db) == snapshots
    shown = ok(tmp_path, "show", "Deal", "--json", db=db)
    assert shown["proposal"]["levers"] == {lv: 50 for lv in LEVERS}


def test_optimize_apply_saves_the_package_and_a_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "o.sqlite3"
    ok(tmp_path, "save", "Deal", "--country", "KEN", "--limit", "security=0:40", "--json", db=db)
    snapshots = _snapshots(db)
    data = ok(tmp_path, "optimize", "Deal", "--objective", "weaker-side", "--apply", "--json", db=db)
    assert data["applied"] is True
    assert data["objective"] == "weaker-side"
    assert data["levers"]["security"] <= 40
    shown = ok(tmp_path, "show", "Deal", "--json", db=db)
    assert shown["proposal"]["levers"] == data["levers"]
    assert shown["proposal"]["measures"] == data["measures"]
    assert shown["assessment"]["overall"] == data["overall"]
    assert _snapshots(db) == snapshots + 1
    again = ok(tmp_path, "optimize", "Deal", "--objective", "weaker-side", "--json", db=db)
    assert again["changes"] == [] and again["after"] == data["after"]


def test_optimize_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "o.sqlite3"
    proc = run(tmp_path, "optimize", "Nobody", db=db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no proposal named" in proc.stderr
    proc = run(tmp_path, "optimize", "Nobody", "--objective", "best", db=db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
