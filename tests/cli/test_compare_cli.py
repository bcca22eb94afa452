"""`export-desk compare` and the examples in `export-desk proposals`, run for real in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = {
    "Kenya health cloud": "KEN",
    "Indonesian sovereign language model": "IDN",
    "Saudi gigawatt AI campus": "SAU",
    "Brazil Portuguese-language models": "BRA",
    "Nigeria fintech stack": "NGA",
}


def run(tmp_path: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EXPORT_DESK_DB=str(tmp_path / "env-default.sqlite3"))
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        timeout=120,
    )


def ok_json(tmp_path: Path, db: Path, *args: str):
    proc = run(tmp_path, db, *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


def test_proposals_lists_the_examples_flagged_with_descriptions(tmp_path, db):
    rows = ok_json(tmp_path, db, "proposals")
    examples = {r["name"]: r for r in rows if r["example"] is True}
    assert {name: r["country"] for name, r in examples.items()} == EXAMPLES
    assert all(r["description"] for r in examples.values())
    text = run(tmp_path, db, "proposals").stdout
    assert text.count("(example)") == len(EXAMPLES)


def test_compare_two_to_four_by_name(tmp_path, db):
    data = ok_json(tmp_path, db, "compare", "Kenya health cloud", "Nigeria fintech stack")
    assert data["proposals"] == ["Kenya health cloud", "Nigeria fintech stack"]
    rows = {(r["section"], r["key"]): r for r in data["rows"]}
    assert rows[("Proposal", "country")]["values"] == ["Kenya", "Nigeria"]
    assert rows[("Levers", "security")]["values"] == [70, 70] and not rows[("Levers", "security")]["differs"]
    assert rows[("Measures", "independent_audits")]["values"] == [False, True]
    assert rows[("Measures", "independent_audits")]["differs"]
    assert rows[("Scores", "overall")]["differs"]
    shown = ok_json(tmp_path, db, "show", "Kenya health cloud")
    assert rows[("Scores", "overall")]["values"][0] == shown["assessment"]["overall"]
    assert data["differences"] == sum(r["differs"] for r in data["rows"])

    four = ok_json(tmp_path, db, "compare", *list(EXAMPLES)[:4])
    assert len(four["proposals"]) == 4 and all(len(r["values"]) == 4 for r in four["rows"])
    text = run(tmp_path, db, "compare", "Kenya health cloud", "Saudi gigawatt AI campus")
    assert text.returncode == 0 and "* = differs" in text.stdout and "Overall" in text.stdout


@pytest.mark.parametrize(
    "names, message",
    [
        (["Kenya health cloud"], "two to four"),
        (list(EXAMPLES), "two to four"),
        (["Kenya health cloud", "No such proposal"], "no proposal named 'No such proposal'"),
    ],
)
def test_compare_refuses_bad_input_in_one_line(tmp_path, db, names, message):
    proc = run(tmp_path, db, "compare", *names, "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_compare_with_no_names_is_a_usage_error(tmp_path, db):
    proc = run(tmp_path, db, "compare")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
