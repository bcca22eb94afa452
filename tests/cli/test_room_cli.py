"""`round add` and `rounds` run for real in subprocesses against a database under tmp_path."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from desktop.core.engine import assess
from desktop.store import open_store

NAME = "Kenya workshop"


def cli(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("room") / "desk.sqlite3"
    done = cli(path, "save", NAME, "--country", "KEN", "--security", "60", "--openness", "40")
    assert done.returncode == 0, done.stderr
    return path


def test_round_add_scores_the_current_state_and_rounds_lists_it(db):
    done = cli(db, "round", "add", NAME, "--prediction", "Team A=62", "--prediction", "Team B=55", "--json")
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    store = open_store(db)
    try:
        p = store.get_proposal(NAME)
        actual = round(assess(p, store.profile("KEN"), store.assumption_set()).overall, 2)
    finally:
        store.close()
    assert added["actual"] == actual
    errors = {q["team"]: q["error"] for q in added["predictions"]}
    assert errors == {"Team A": round(abs(62 - actual), 2), "Team B": round(abs(55 - actual), 2)}
    assert added["closest"] == [min(errors, key=errors.get)]

    assert cli(db, "save", NAME, "--openness", "70").returncode == 0
    assert cli(db, "round", "add", NAME, "--prediction", "team a=70").returncode == 0
    listed = json.loads(cli(db, "rounds", NAME, "--json").stdout)
    assert [r["round"] for r in listed] == [1, 2]
    for r in listed:
        assert {"when", "actual", "predictions", "closest", "vote"} <= set(r)
        assert all({"team", "value", "error"} <= set(q) for q in r["predictions"])
    assert listed[1]["state"]["levers"]["openness"] == 70 and listed[1]["predictions"][0]["team"] == "Team A"
    assert listed[1]["actual"] != listed[0]["actual"]

    rows = list(csv.DictReader(io.StringIO(cli(db, "rounds", NAME, "--csv").stdout)))
    assert [(r["round"], r["team"]) for r in rows] == [("1", "Team A"), ("1", "Team B"), ("2", "Team A")]
    text = cli(db, "rounds", NAME).stdout
    assert "Leaderboard" in text and "Team A" in text


@pytest.mark.parametrize("args", [
    ("round", "add", "No such proposal", "--prediction", "A=50"),
    ("round", "add", NAME, "--prediction", "A=101"),
    ("round", "add", NAME, "--prediction", "A=-3"),
    ("round", "add", NAME, "--prediction", "A50"),
    ("round", "add", NAME, "--prediction", "=50"),
    ("round", "add", NAME, "--prediction", "A=fifty"),
    ("round", "add", NAME),
    ("round", "add", NAME, "--prediction", "A=50", "--prediction", "a=60"),
    ("rounds", "No such proposal"),
])
def test_bad_input_is_one_line_and_exit_2(db, args):
    done = cli(db, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
