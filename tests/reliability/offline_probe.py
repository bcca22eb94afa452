"""Start the app's window, edit, export and back up, then print which networking modules got loaded.

    QT_QPA_PLATFORM=offscreen python offline_probe.py DB OUT_DIR

Run in its own process so no other test's imports are counted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

NETWORK_MODULES = ("PySide6.QtNetwork", "http.client", "urllib.request", "ssl", "socketserver", "ftplib", "smtplib")
# QtNetwork is loaded for one thing: the local server a second launch hands over through
# (desktop/ui/desktop_integration.py). What must never exist is a network socket: the probe lists
# the process's sockets by family (from /proc) after using that server.
INET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6")


def socket_families() -> dict[str, int]:
    """How many of this process's open sockets are in each /proc/net table (Linux)."""
    import os

    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    counts = {}
    for table in INET_TABLES + ("unix",):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        column = 6 if table == "unix" else 9
        counts[table] = sum(1 for line in lines if len(line.split()) > column and line.split()[column] in inodes)
    return counts


def main(db: str, out: str) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.store import open_store
    from desktop.store.backup import make_backup
    from desktop.ui.app import build_window

    app = QApplication.instance() or QApplication([])
    store = open_store(db)
    window = build_window(store)
    window.show()
    app.processEvents()
    from PySide6.QtNetwork import QLocalSocket

    from desktop.ui.desktop_integration import Handoff, server_name

    handoff = Handoff(window, db, lambda _path: None)  # what run_app starts, and a second launch's call
    client = QLocalSocket()
    client.connectToServer(server_name(db))
    for _ in range(200):
        app.processEvents()
        if client.state() == QLocalSocket.LocalSocketState.ConnectedState:
            break
    client.write(b'{"raise": true, "open": null}\n')
    client.flush()
    for _ in range(200):
        app.processEvents()
        if handoff.requests:
            break
    sockets = socket_families()
    window.levers.slider("openness").setValue(80)
    window.autosaver.flush()
    store.add_snapshot(window.session.proposal, window.session.assessment.to_dict())
    shot = Path(out) / "window.png"
    assert window.grab().save(str(shot)), "export failed"
    backup = make_backup(store.db.conn, store.path)
    window.close()
    store.close()
    loaded = sorted(m for m in NETWORK_MODULES if m in sys.modules)
    handoff.close()
    print(json.dumps({"loaded": loaded, "export": shot.stat().st_size, "backup": str(backup.path),
                      "sockets": sockets, "handoffs": handoff.requests}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
