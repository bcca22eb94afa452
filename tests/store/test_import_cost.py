"""Importing the store keeps pandas out of the process (sqlite_utils would load it), yet pandas
still imports normally afterwards."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest


def _run(code: str) -> subprocess.CompletedProcess[str]:
    # A fresh interpreter: this test session may already have pandas loaded.
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_the_store_does_not_load_pandas() -> None:
    done = _run(
        "import sys, desktop.store, sqlite_utils.db\n"
        "print('pandas' in sys.modules, sqlite_utils.db.pd is None)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_pandas_still_imports_after_the_store() -> None:
    if importlib.util.find_spec("pandas") is None:
        pytest.skip("pandas is not installed")
    done = _run(
        "import sys, desktop.store\n"
        "assert sys.modules.get('pandas', 'absent') == 'absent', 'a None entry was left behind'\n"
        "import pandas\n"
        "print(type(pandas.DataFrame({'a': [1]})).__name__)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "DataFrame"


def test_the_store_works_when_pandas_was_imported_first(tmp_path) -> None:
    if importlib.util.find_spec("pandas") is None:
        pytest.skip("pandas is not installed")
    done = _run(
        "import pandas, sqlite_utils.db, desktop.store\n"
        "assert sqlite_utils.db.pd is pandas\n"
        f"s = desktop.store.open_store({str(tmp_path / 'x.sqlite3')!r})\n"
        "print(len(s.profiles()))\n"
        "s.close()\n"
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 100
