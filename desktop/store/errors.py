"""Why the database cannot be used or written: errors whose message is fit to show a user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.i18n import _

# What a read raises when it meets a damaged page (or cannot read the file at all): the window
# catches it where a read outside the checks at open may find damage (ui.app.run_app).
DatabaseDamage = sqlite3.DatabaseError


class StoreError(Exception):
    """The database cannot be used; the message is fit to show a user."""


class SaveError(StoreError):
    """A write failed for a reason outside the app (disk full, read-only, busy); nothing was changed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class CorruptDatabaseError(StoreError):
    """The database file is damaged: a copy is set aside, the latest verified backup named."""

    def __init__(self, path: Path, detail: str, corrupt_copy: Path | None, backup: Path | None) -> None:
        detail = " ".join(detail.replace("*** in database main ***", "").split())[:200]
        self.path, self.detail, self.corrupt_copy, self.backup = path, detail, corrupt_copy, backup
        if corrupt_copy and backup:
            message = _("{path} is damaged ({detail}); a copy is kept as {copy}; latest verified backup: {backup} "
                        "(restore it with `export-desk restore-backup`)")
        elif corrupt_copy:
            message = _("{path} is damaged ({detail}); a copy is kept as {copy}; no backup of it exists")
        elif backup:
            message = _("{path} is damaged ({detail}); latest verified backup: {backup} (restore it with "
                        "`export-desk restore-backup`)")
        else:
            message = _("{path} is damaged ({detail}); no backup of it exists")
        super().__init__(message.format(path=path, detail=detail, copy=corrupt_copy, backup=backup))


class StaleWrite(StoreError):
    """The row changed on disk since it was read (another program wrote it): nothing was written."""
