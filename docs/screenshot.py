"""Refresh docs/screenshot.png: the real app in a real window (run under xvfb-run), at 1280×800.

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import ops  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--dark"]
    out = Path(args[0]) if args else ROOT / "docs" / "screenshot.png"
    app = QApplication([])
    apply_theme(app, dark="--dark" in sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "shot.sqlite3")
        window = build_window(store)
        session, editor = window.session, window.editor
        editor.apply(ops.rename(session.proposal, "Kenya health pilot"))  # "Kenya health cloud" is a shipped example
        for lever, value in (("security", 65), ("resilience", 45), ("openness", 70), ("partnership", 60)):
            editor.apply(ops.set_lever(session.proposal, lever, value))
        for measure in ("customer_keys", "workforce_program", "red_team_reports"):
            editor.apply(ops.set_measure(session.proposal, measure, True, session.assumptions))
        window.resize(1280, 800)
        window.show()

        def shoot() -> None:
            screen = window.screen()
            image = screen.grabWindow(window.winId()) if screen is not None else window.grab()
            if image.isNull() or image.width() < 100:
                image = window.grab()
            image.save(str(out))
            print(f"wrote {out} ({image.width()}×{image.height()})")
            window.close()
            app.quit()

        QTimer.singleShot(1200, shoot)
        app.exec()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
