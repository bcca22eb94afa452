"""Child for the typing kill test: a real window that types into the notes box until it is killed.

    python typing_child.py DB INTERVAL_MS

Builds the main window on DB (offscreen unless a display is set), focuses the notes box and
types one character every INTERVAL_MS with real key events, printing "typed N T" after the
N-th key press (T: time.monotonic(), the same clock as the parent's). The parent kills it
with SIGKILL; what was typed more than a second before is on disk.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402


def main(db: str, interval_ms: int) -> None:
    app = QApplication(sys.argv[:1])
    store = open_store(db)
    window = build_window(store)
    window.show()
    notes = window.proposal_panel.notes
    notes.setFocus()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        QTest.keyClick(notes, Qt.Key.Key_K)
        typed += 1
        sys.stdout.write(f"typed {typed} {time.monotonic()}\n")
        sys.stdout.flush()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(type_one)
    timer.start(interval_ms)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
