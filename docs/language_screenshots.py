"""Screenshots of the main window in French and in Arabic (issue 19): the real app in a real X window,
maximised at 1366×768, the whole screen captured; Arabic is laid out right to left.

    python docs/language_screenshots.py       # writes docs/window_fr.png and docs/window_ar.png

Each language runs this file again as a child under `Xvfb :93 -screen 0 1366x768x24` with
QT_QPA_PLATFORM=xcb; the window's language is set as View ▸ Language sets it at start
(desktop/ui/language.py: the catalogues, Qt's own translations and the direction). Needs Xvfb and
nothing else (the screen is grabbed by Qt).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = (("window_fr.png", "fr"), ("window_ar.png", "ar"))
SCREEN = (1366, 768)
DISPLAY = os.environ.get("SHOT_DISPLAY", ":93")  # another with SHOT_DISPLAY=:94 when :93 is taken


def child(out: str, code: str) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.core import ops
    from desktop.store import open_store
    from desktop.ui import language
    from desktop.ui.app import build_window
    from desktop.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    language.apply(app, code)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXPORT_DESK_CONFIG"] = tmp  # no remembered state: the default placement
        store = open_store(Path(tmp) / "languages.sqlite3")
        window = build_window(store)
        s, editor = window.session, window.editor
        if "MAR" in s.profiles:  # a Moroccan proposal: a French- and Arabic-speaking counterpart
            editor.apply(ops.set_country(s.proposal, "MAR", s.profiles["MAR"].name))
        editor.apply(ops.rename(s.proposal, {"en": "Morocco proposal", "fr": "Proposition Maroc", "ar": "مقترح المغرب"}.get(code, "Morocco")))
        for lever, value in (("security", 65), ("resilience", 45), ("openness", 70), ("partnership", 60)):
            editor.apply(ops.set_lever(s.proposal, lever, value))
        window.showMaximized()

        def shoot() -> None:
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.primaryScreen().grabWindow(0).save(out)  # the whole screen, as `import -window root`
            window.close()
            app.quit()

        QTimer.singleShot(3000, shoot)
        app.exec()
        store.close()
    return 0


def main() -> int:
    w, h = SCREEN
    for name, code in SHOTS:
        xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.5)
            env = dict(os.environ, DISPLAY=DISPLAY, QT_QPA_PLATFORM="xcb")
            subprocess.run([sys.executable, __file__, "--child", str(ROOT / "docs" / name), code], env=env, check=True, timeout=300)
            print(f"wrote docs/{name} ({code}, {w}×{h})")
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(child(sys.argv[2], sys.argv[3]) if sys.argv[1:2] == ["--child"] else main())
