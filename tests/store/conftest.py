"""Fixtures the store tests share: a store opened on the test's database file (db_path, tests/conftest.py)."""

from __future__ import annotations

import pytest

from desktop.store import open_store


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()
