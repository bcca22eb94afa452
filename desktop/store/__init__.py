"""The only code that speaks SQL: opens, migrates, reads and writes the app's database."""

import sys


def _import_sqlite_utils_without_pandas() -> None:
    """Import sqlite_utils while hiding pandas from it, so it does not load pandas (~0.25 s).

    sqlite_utils.db does ``importlib.import_module("pandas")`` at import time when pandas is
    installed (it is here: country_converter depends on it) only to map ``pd.Timestamp`` columns
    to TEXT; this app never inserts pandas objects.  A ``None`` entry in sys.modules makes that
    import raise ImportError, which sqlite_utils handles as "pandas absent".  The entry is removed
    straight after, so a later ``import pandas`` (by us or a library) works as usual.  When pandas
    is already loaded there is nothing to save and sqlite_utils sees it as normal.
    """
    if "sqlite_utils.db" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]


_import_sqlite_utils_without_pandas()

from .connection import ENV_VAR, default_path, memory_store, open_store  # noqa: E402 - after the import above, on purpose
from .database import Store  # noqa: E402
from .errors import CorruptDatabaseError, StoreError  # noqa: E402

__all__ = ["ENV_VAR", "CorruptDatabaseError", "Store", "StoreError", "default_path", "memory_store", "open_store"]
