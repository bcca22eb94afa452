"""Read-only recovery (issue 15, §5): a file read-only when the window opened is saved once it is writable.

SQLite opens a file it may not write read-only, and that connection stays read-only after the
file becomes writable. The suite runs as root (whom file modes do not stop, and the interpreter
lives under /root, so no child can run as another user), so the window here is given exactly
such a connection: a read-only open of the same file. The edit is "Not saved"; the file being
writable, the failed write reconnects, and the autosaver's retry saves with no restart.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from desktop.core import ops


def test_a_window_opened_read_only_saves_once_the_file_is_writable(open_window, qtbot, db_path):
    window = open_window()
    store, session, autosaver = window.store, window.session, window.autosaver
    autosaver.retry_delays_ms = (300,)
    writable = store.db.conn
    store.db = Database(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False))
    writable.close()
    session.apply(ops.set_levers(session.proposal, {"resilience": 7}, "Levers"))
    qtbot.waitUntil(lambda: window.save_state.text() == "Not saved", timeout=3000)
    assert "read-only" in window.save_state.toolTip()
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved", timeout=5000)  # the retry, reconnected
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT resilience FROM proposals WHERE id = ?", [session.proposal.id]).fetchone()[0] == 7
    conn.close()
    # The new connection is the app's own: checked and bounded as at open.
    assert store.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
