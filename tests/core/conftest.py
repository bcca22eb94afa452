"""Shared by the core tests: a seeded in-memory store, one per test module."""

from __future__ import annotations

import pytest

from desktop.store import memory_store


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    yield s
    s.close()
