"""Issue 16: many commands in one process (`batch`, `assess --batch`), one JSON result a line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.store import open_store


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "desk.sqlite3"
    open_store(path).close()
    return path


def _run(db: Path, argv: list[str], lines: list[str], tmp_path: Path, capsys) -> tuple[int, list[dict], str]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = cli.main(["--db", str(db), *argv, str(source)])
    captured = capsys.readouterr()
    return code, [json.loads(x) for x in captured.out.splitlines()], captured.err


def test_assess_batch_gives_what_one_assess_gives(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "assess", "--country", "KEN", "--openness", "70", "--json"]) == 0
    single = json.loads(capsys.readouterr().out)
    code, results, err = _run(
        db, ["assess", "--batch"],
        ['{"country": "KEN", "openness": 70}', '{"country": "BRA", "security": 90, "measure": []}'], tmp_path, capsys,
    )
    assert code == 0 and err == ""
    assert len(results) == 2
    assert results[0]["overall"] == single["overall"] and results[0]["band"] == single["band"]
    assert results[1]["country"] == "BRA"


def test_batch_runs_mixed_commands_with_per_line_errors(db, tmp_path, capsys):
    lines = [
        '{"cmd": "save", "name": "Kenya pilot", "country": "KEN", "openness": 60, "measure": ["customer_keys"]}',
        '{"cmd": "show", "name": "Kenya pilot"}',
        "not json at all",
        '{"cmd": "assess", "country": "XXX"}',
        '{"cmd": "assess", "country": "KEN", "openness": 101}',
        '{"cmd": "assess", "country": "KEN", "colour": "red"}',
        '{"cmd": "restore-backup"}',
        '{"cmd": "rank", "security": 80}',
        '["a list"]',
        '{"cmd": "proposals"}',
    ]
    code, results, err = _run(db, ["batch"], lines, tmp_path, capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert len(results) == len(lines)  # one result a line, in order; errors do not stop the batch
    errors = {i + 1: r["error"] for i, r in enumerate(results) if isinstance(r, dict) and "error" in r}
    assert sorted(errors) == [3, 4, 5, 6, 7, 9]
    assert all(results[n - 1]["line"] == n for n in errors)
    assert "not JSON" in errors[3]
    assert "XXX" in errors[4]
    assert "between 0 and 100" in errors[5]
    assert "colour" in errors[6]
    assert "cannot run in a batch" in errors[7]
    if "error" in results[0]:
        pytest.fail(results[0]["error"])
    assert results[1]["proposal"]["name"] == "Kenya pilot" and results[1]["proposal"]["levers"]["openness"] == 60
    assert isinstance(results[7], list) and len(results[7]) > 100  # the ranking
    assert any(r["name"] == "Kenya pilot" for r in results[9])
    store = open_store(db)
    assert store.get_proposal("Kenya pilot").levers["openness"] == 60  # the write is kept
    store.close()


def test_a_bad_line_leaves_the_database_as_it_was(db, tmp_path, capsys):
    before = db.read_bytes()
    code, results, _ = _run(db, ["batch"], ['{"cmd": "save", "name": "New", "country": "KEN", "price": 9}'], tmp_path, capsys)
    assert code == 2 and "error" in results[0]
    assert db.read_bytes() == before


def test_an_unreadable_batch_file_is_one_line_and_exit_2(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "batch", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err


def test_batch_from_stdin_in_a_real_process(db):
    lines = "\n".join(json.dumps({"country": iso, "security": 80}) for iso in ("KEN", "IND", "VNM")) + "\n"
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "assess", "--batch", "-"],
                          input=lines, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["country"] for x in proc.stdout.splitlines()] == ["KEN", "IND", "VNM"]
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "batch"],
                          input='{"cmd": "assess"}\n', capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--country" in json.loads(proc.stdout)["error"]


def test_assess_without_a_country_or_a_batch_is_refused(db, capsys):
    assert cli.main(["--db", str(db), "assess"]) == 2
    assert "--country" in capsys.readouterr().err
