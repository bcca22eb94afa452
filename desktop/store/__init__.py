"""The only code that speaks SQL: opens, migrates, reads and writes the app's database."""

from .database import (
    ENV_VAR,
    CorruptDatabaseError,
    Store,
    StoreError,
    default_path,
    memory_store,
    open_store,
)

__all__ = ["ENV_VAR", "CorruptDatabaseError", "Store", "StoreError", "default_path", "memory_store", "open_store"]
