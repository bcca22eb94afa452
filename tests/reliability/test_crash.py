"""Pulling the plug: 50 rounds of SIGKILL on a child that autosaves in a loop lose nothing committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.model import Proposal
from desktop.store import open_store

from .crash_child import levers_for

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 50

pytestmark = pytest.mark.slow


def _stored(db: Path) -> tuple[int, dict[str, int]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        row = conn.execute(
            "SELECT notes, security, resilience, openness, partnership FROM proposals WHERE name = 'Crash test'"
        ).fetchone()
    finally:
        conn.close()
    n = int(row[0].split()[1]) if row[0] else 0
    return n, dict(zip(("security", "resilience", "openness", "partnership"), row[1:], strict=True))


def test_kill_9_mid_autosave_never_loses_a_reported_commit(tmp_path):
    db = tmp_path / "crash.sqlite3"
    store = open_store(db)
    store.save_proposal(Proposal(name="Crash test", country="KEN"))
    store.close()
    rng = random.Random(6)
    state = 0
    commits_seen = 0
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for round_no in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db), str(state)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        target = rng.randint(1, 40)
        last_commit, last_begin = state, state
        while last_commit < state + target:
            line = child.stdout.readline().split()
            if line[0] == "commit":
                last_commit = int(line[1])
            else:
                last_begin = int(line[1])
        time.sleep(rng.random() * 0.004)  # land anywhere: between writes, mid-transaction, mid-fsync
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        for raw in child.stdout.read().splitlines():  # what it reported before dying
            kind, n = raw.split()
            if kind == "commit":
                last_commit = int(n)
            else:
                last_begin = int(n)
        child.stdout.close()
        child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        stored, levers = _stored(db)
        assert stored in (last_commit, last_begin), f"round {round_no}: stored {stored}, reported {last_commit}"
        assert stored >= last_commit
        assert levers == levers_for(stored)
        commits_seen += last_commit - state
        state = stored
    # The app itself opens it cleanly afterwards (quick_check at open).
    store = open_store(db)
    assert store.get_proposal("Crash test").notes == f"state {state}"
    store.close()
    assert commits_seen >= ROUNDS
