"""Refresh docs/blocking_panel.png and docs/program_checklist.png: the real app in a real window (run under xvfb-run).

    xvfb-run -a -s "-screen 0 1366x768x24" python docs/screen_screenshots.py [OUT_DIR]

The first shows an offer retargeted at Iran (an embargoed destination: the blocking panel in place
of the assessment); the second, Edit ▸ AI Exports Program… for a Gulf offer with a member from
China and 45% U.S. content, targeting the GCC (the checklist fails both, with the bloc's members).
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
from desktop.core.model import Member, Program  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.program_dialog import ProgramDialog  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402

GULF = Program(
    members=(Member("Acme Compute", "USA", ("compute", "data"), True), Member("Dragon AI", "CHN", ("models", "security", "applications"))),
    us_content=0.45, build="consortium", own="partner", operate="joint", support=("exim",), buyer_home="ARE", target_bloc="GCC",
)


def _save(widget, path: Path) -> None:
    screen = widget.screen()
    image = screen.grabWindow(widget.winId()) if screen is not None else widget.grab()
    if image.isNull() or image.width() < 100:
        image = widget.grab()
    image.save(str(path))
    print(f"wrote {path} ({image.width()}×{image.height()})")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "shot.sqlite3")
        window = build_window(store)
        s, editor = window.session, window.editor
        editor.apply(ops.rename(s.proposal, "Tehran data centre"))
        editor.apply(ops.set_country(s.proposal, "IRN", s.profiles["IRN"].name))
        window.resize(1366, 768)
        window.show()

        def program() -> None:
            _save(window, out / "blocking_panel.png")
            editor.apply(ops.rename(s.proposal, "Gulf sovereign stack"))
            editor.apply(ops.set_country(s.proposal, "ARE", s.profiles["ARE"].name))
            editor.apply(ops.set_program(s.proposal, GULF))
            dialog = ProgramDialog(store, s, editor, window)
            dialog.resize(1340, 740)
            dialog.show()

            def shoot() -> None:
                _save(dialog, out / "program_checklist.png")
                dialog.close()
                window.close()
                app.quit()

            QTimer.singleShot(900, shoot)

        QTimer.singleShot(1200, program)
        app.exec()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
