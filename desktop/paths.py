"""Where the shipped data lives: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped folder {name!r} not found next to {_PACKAGE}")


def db_dir() -> Path:
    """The shipped `db/` folder: migrations' seed data and default assumptions."""
    return _root("db")


def seed_file(name: str) -> Path:
    """A file under `db/seed/`."""
    return db_dir() / "seed" / name


def migration_file(migration: str, name: str) -> Path:
    """A data file a migration carries, under `db/migrations/<migration>/` (never edited once released)."""
    return db_dir() / "migrations" / migration / name


def resources_dir() -> Path:
    """The shipped `resources/` folder: the app icon."""
    return _root("resources")
