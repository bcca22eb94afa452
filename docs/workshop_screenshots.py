"""Refresh docs/tradeoff_map.png and docs/presentation.png: the real app in real windows (run under xvfb-run).

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/workshop_screenshots.py [OUT_DIR]

The trade-off map is shown with a pinned baseline, a red line on openness and the zone of
possible agreement; presentation mode is shot twice: results revealed, and hidden for the
room to predict (docs/presentation.png holds both, side by side).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import ops  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402


def _grab(widget) -> QImage:
    screen = widget.screen()
    image = screen.grabWindow(0).toImage() if screen is not None else QImage()
    if image.isNull() or image.width() < 100:
        image = widget.grab().toImage()
    return image


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication([])
    apply_theme(app, dark=False)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "shots.sqlite3")
        window = build_window(store)
        session, editor = window.session, window.editor
        editor.apply(ops.rename(session.proposal, "Kenya health pilot"))
        window.workshop.pin_current()  # the neutral opening offer is the baseline
        for lever, value in (("security", 65), ("resilience", 40), ("openness", 55), ("partnership", 70)):
            editor.apply(ops.set_lever(session.proposal, lever, value))
        for measure in ("customer_keys", "workforce_program"):
            editor.apply(ops.set_measure(session.proposal, measure, True, session.assumptions))
        editor.apply(ops.set_red_lines(session.proposal, {"openness": (20, 70)}))
        window.resize(1280, 800)
        window.move(0, 0)
        window.show()
        window.workshop.map_action.trigger()
        shots: dict[str, QImage] = {}

        def map_shot() -> None:
            shots["map"] = _grab(window)
            window.workshop.dock.hide()
            window.workshop.presentation_action.trigger()
            QTimer.singleShot(900, revealed_shot)

        def revealed_shot() -> None:
            shots["revealed"] = _grab(window.workshop.presentation.window)
            window.workshop.presentation.window.toggle_reveal()
            QTimer.singleShot(500, hidden_shot)

        def hidden_shot() -> None:
            shots["hidden"] = _grab(window.workshop.presentation.window)
            shots["map"].save(str(out / "tradeoff_map.png"))
            a, b = shots["revealed"], shots["hidden"]
            both = QImage(a.width() + b.width() + 16, max(a.height(), b.height()), QImage.Format.Format_RGB32)
            both.fill(0x333333)
            painter = QPainter(both)
            painter.drawImage(QPoint(0, 0), a)
            painter.drawImage(QPoint(a.width() + 16, 0), b)
            painter.end()
            both.scaledToWidth(min(both.width(), 2000)).save(str(out / "presentation.png"))
            print(f"wrote {out / 'tradeoff_map.png'} and {out / 'presentation.png'}")
            window.workshop.presentation.leave()
            window.close()
            app.quit()

        QTimer.singleShot(1200, map_shot)
        app.exec()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
