"""`delete NAME` (to the trash), `restore [NAME]` (the one deleted last by default) and `trash`, with --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.cli import main


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.sqlite3"
    for name, iso in (("Kenya pilot", "KEN"), ("Brazil models", "BRA")):
        assert main(["--db", str(path), "save", name, "--country", iso]) == 0
    return path


def run(capsys, db, *args):
    status = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out, err


def names(capsys, db):
    status, out, _ = run(capsys, db, "proposals", "--json")
    assert status == 0
    return {p["name"] for p in json.loads(out) if not p["example"]}


def test_delete_hides_the_proposal_and_restore_brings_it_back(db, capsys):
    status, out, _ = run(capsys, db, "delete", "Kenya pilot", "--json")
    assert status == 0
    result = json.loads(out)
    assert result["deleted"]["name"] == "Kenya pilot" and result["purge_after_days"] == 30
    assert names(capsys, db) == {"Brazil models"}
    status, out, _ = run(capsys, db, "show", "Kenya pilot")
    assert status == 2
    status, out, _ = run(capsys, db, "trash", "--json")
    assert [t["name"] for t in json.loads(out)] == ["Kenya pilot"]
    status, out, _ = run(capsys, db, "restore", "Kenya pilot")
    assert status == 0 and out.strip() == "Restored 'Kenya pilot'"
    assert names(capsys, db) == {"Kenya pilot", "Brazil models"}
    status, out, _ = run(capsys, db, "trash")
    assert out.strip() == "(the trash is empty)"


def test_restore_without_a_name_takes_the_one_deleted_last(db, capsys):
    assert run(capsys, db, "delete", "Kenya pilot")[0] == 0
    assert run(capsys, db, "delete", "Brazil models")[0] == 0
    status, out, _ = run(capsys, db, "restore", "--json")
    assert status == 0 and json.loads(out)["restored"]["name"] == "Brazil models"
    assert names(capsys, db) == {"Brazil models"}


def test_a_deleted_name_is_free_and_restoring_into_it_gives_name_2(db, capsys):
    assert run(capsys, db, "delete", "Kenya pilot")[0] == 0
    assert main(["--db", str(db), "save", "Kenya pilot", "--country", "KEN", "--openness", "70"]) == 0
    capsys.readouterr()
    status, out, _ = run(capsys, db, "restore", "--json")
    restored = json.loads(out)["restored"]
    assert status == 0 and restored["name"] == "Kenya pilot (2)" and restored["renamed"] and restored["deleted_as"] == "Kenya pilot"
    assert names(capsys, db) == {"Kenya pilot", "Kenya pilot (2)", "Brazil models"}


@pytest.mark.parametrize("args, message", [
    (("restore", "Nowhere"), "export-desk: no proposal named 'Nowhere' is in the trash\n"),
    (("restore",), "export-desk: the trash is empty\n"),
    (("delete", "Nowhere"), "export-desk: no proposal named 'Nowhere'\n"),
])
def test_an_unknown_name_is_one_line_and_exit_status_2(db, capsys, args, message):
    status, out, err = run(capsys, db, *args)
    assert (status, out, err) == (2, "", message)


def test_the_messages_are_translated(db, capsys):
    status = main(["--lang", "fr", "--db", str(db), "delete", "Kenya pilot"])
    out = capsys.readouterr().out
    assert status == 0 and "Kenya pilot" in out and "corbeille" in out


def test_delete_and_restore_run_as_a_real_process(db):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "delete", "Kenya pilot"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0 and done.stdout.startswith("Deleted 'Kenya pilot'"), done.stderr
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "restore", "Gone"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
