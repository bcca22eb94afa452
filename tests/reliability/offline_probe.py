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
    window.levers.slider("openness").setValue(80)
    window.autosaver.flush()
    store.add_snapshot(window.session.proposal, window.session.assessment.to_dict())
    shot = Path(out) / "window.png"
    assert window.grab().save(str(shot)), "export failed"
    backup = make_backup(store.db.conn, store.path)
    window.close()
    store.close()
    loaded = sorted(m for m in NETWORK_MODULES if m in sys.modules)
    print(json.dumps({"loaded": loaded, "export": shot.stat().st_size, "backup": str(backup.path)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
