"""The only code that speaks SQL: opens, migrates, reads and writes the app's database."""

from .connection import ENV_VAR, default_path, memory_store, open_store
from .database import Store
from .errors import CorruptDatabaseError, DatabaseDamage, StoreError

__all__ = ["ENV_VAR", "CorruptDatabaseError", "DatabaseDamage", "Store", "StoreError", "default_path", "memory_store", "open_store"]
