"""The frozen app (packaging/build-linux.sh) runs with no Python on PATH: the CLI answers and the
window opens offscreen. Skipped until dist/export-desk/export-desk is built (CI builds it first)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "export-desk" / "export-desk"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not FROZEN.exists(), reason="build it first: packaging/build-linux.sh"),
]


def bare_env(tmp_path: Path) -> dict[str, str]:
    """No Python anywhere: PATH is an empty folder, no PYTHON* variables, no virtualenv."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CONDA"))}
    env.update(PATH=str(empty), HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               EXPORT_DESK_CONFIG=str(tmp_path / "config"))
    return env


def test_no_python_is_reachable_from_the_bare_environment(tmp_path):
    env = bare_env(tmp_path)
    with pytest.raises(FileNotFoundError):
        subprocess.run(["python3", "--version"], env=env, capture_output=True)


def test_the_frozen_cli_assesses_kenya_as_json(tmp_path):
    proc = subprocess.run([str(FROZEN), "--db", str(tmp_path / "f.sqlite3"), "assess", "--country", "KEN", "--json"],
                          env=bare_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert 0 <= result["overall"] <= 100 and result["country"] == "KEN"


def test_the_frozen_window_opens_offscreen_and_answers_a_second_launch(tmp_path):
    db = tmp_path / "w.sqlite3"
    env = bare_env(tmp_path)
    log = tmp_path / "logs" / "export-desk.log"
    first = subprocess.Popen([str(FROZEN), "--db", str(db)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (log.exists() and "listening for a second launch" in log.read_text()):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the frozen window did not come up"
            time.sleep(0.3)
        second = subprocess.run([str(FROZEN), "--db", str(db)], env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert "a second launch asked for this window" in log.read_text()
    finally:
        first.terminate()
        first.communicate(timeout=60)
