"""Refresh docs/assumptions.png, sensitivity.png, uncertainty.png and method_page.png from the real app.

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/analysis_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import ops  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402


def _grab(widget: QWidget, out: Path) -> None:
    screen = widget.screen()
    image = screen.grabWindow(widget.winId()) if screen is not None else widget.grab()
    if image.isNull() or image.width() < 100:
        image = widget.grab()
    image.save(str(out))
    print(f"wrote {out} ({image.width()}×{image.height()})")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out_dir = Path(args[0]) if args else ROOT / "docs"
    app = QApplication([])
    apply_theme(app, dark="--dark" in sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "shot.sqlite3")
        window = build_window(store)
        session, editor = window.session, window.editor
        editor.apply(ops.rename(session.proposal, "Kenya health pilot"))
        for lever, value in (("security", 65), ("resilience", 45), ("openness", 70), ("partnership", 60)):
            editor.apply(ops.set_lever(session.proposal, lever, value))
        for measure in ("customer_keys", "workforce_program", "red_team_reports"):
            editor.apply(ops.set_measure(session.proposal, measure, True, session.assumptions))
        window.resize(1280, 800)
        window.show()
        tools = window.analysis
        steps = []

        def shot_window() -> None:
            window.assessment.uncertainty.wait()
            app.processEvents()
            _grab(window, out_dir / "uncertainty.png")

        def open_assumptions() -> None:
            dlg = tools.show_assumptions()
            dlg.move(60, 20)
            dlg.resize(1150, 760)
            dlg.search.setText("weight.")
            dlg.model.setData(dlg.model.index(dlg.model.row_of("weight.sovereignty_alignment"), 1), "0.35")
            dlg.version_b.setCurrentIndex(dlg.version_b.count() - 1)
            dlg.compare()
            dlg.select_key("weight.sovereignty_alignment")
            dlg.search.setText("weight.")

        def shot_assumptions() -> None:
            _grab(tools.assumptions, out_dir / "assumptions.png")
            tools.assumptions.close()
            dlg = tools.show_sensitivity()
            dlg.move(100, 20)
            dlg.resize(900, 760)

        def shot_sensitivity() -> None:
            _grab(tools.sensitivity, out_dir / "sensitivity.png")
            tools.sensitivity.close()
            dlg = tools.show_method()
            dlg.move(100, 20)
            dlg.resize(900, 760)

        def shot_method() -> None:
            _grab(tools.method, out_dir / "method_page.png")
            app.quit()

        steps = [(1200, shot_window), (1400, open_assumptions), (2400, shot_assumptions), (3400, shot_sensitivity),
                 (4400, shot_method)]
        for delay, fn in steps:
            QTimer.singleShot(delay, fn)
        app.exec()
        window.assessment.uncertainty.wait()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
