"""Fixtures shared by the reliability tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.model import Proposal
from desktop.store import open_store


@pytest.fixture
def db(tmp_path) -> Path:
    """A real database file holding one proposal, "Kept" (Kenya, notes "first"), closed."""
    path = tmp_path / "desk.sqlite3"
    store = open_store(path)
    store.save_proposal(Proposal(name="Kept", country="KEN", notes="first"))
    store.close()
    return path
