"""Issue 16: closing the window releases its lock at once; the backup on close comes after."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLockFile, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.model import Proposal  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.store.backup import list_backups  # noqa: E402
from desktop.ui import guard  # noqa: E402
from desktop.ui.app import run_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from tests.reliability.test_window_safety import app_sandbox  # noqa: E402,F401 - the fixture


def test_the_lock_is_released_before_the_backup_on_close(qapp, tmp_path, monkeypatch, app_sandbox):  # noqa: F811
    db = tmp_path / "desk.sqlite3"
    store = open_store(db)
    store.save_proposal(Proposal(name="Kept", country="KEN"))
    store.close()
    seen: dict[str, bool] = {}
    real = guard.BackupOnClose.finish

    def finish(self):
        other = QLockFile(str(db.with_name(db.name + ".lock")))
        seen["lock_free"] = other.tryLock(0)  # another window could open the file now
        if seen["lock_free"]:
            other.unlock()
        seen["store_closed"] = True
        return real(self)

    monkeypatch.setattr(guard.BackupOnClose, "finish", finish)

    def edit_then_close():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.levers.slider("openness").setValue(77)
                QTimer.singleShot(200, w.close)

    QTimer.singleShot(100, edit_then_close)
    assert run_app(db) == 0
    assert seen == {"lock_free": True, "store_closed": True}
    newest = list_backups(db)[-1]
    import sqlite3

    conn = sqlite3.connect(newest)
    assert conn.execute("SELECT openness FROM proposals WHERE name = 'Kept'").fetchone()[0] == 77
    conn.close()
