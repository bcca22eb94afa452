"""Screenshots of the window filling common screens (issue 18, "fits"): the real app, maximised,
in a real X window, the whole screen captured.

    python docs/fit_screenshots.py            # all sizes, each under its own Xvfb; writes docs/fit_*.png
    python docs/fit_screenshots.py 1366 _200  # only the names containing one of these

Each size runs this file again as a child under `Xvfb :N -screen 0 WxHx24` with QT_QPA_PLATFORM=xcb
(and QT_SCALE_FACTOR for the scaled laptop), maximises the window and saves the screen with
ImageMagick's `import -window root`. Needs Xvfb and ImageMagick.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (  # name, screen, scale
    ("fit_1024x768.png", (1024, 768), 1.0),
    ("fit_1280x800.png", (1280, 800), 1.0),
    ("fit_1366x768.png", (1366, 768), 1.0),
    ("fit_1920x1080_150.png", (1920, 1080), 1.5),  # logical 1280×720
    ("fit_1920x1080_200.png", (1920, 1080), 2.0),  # logical 960×540
)


def child(out: str) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.core import ops
    from desktop.store import open_store
    from desktop.ui.app import build_window
    from desktop.ui.fit import clipped_widgets
    from desktop.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXPORT_DESK_CONFIG"] = tmp  # no remembered state: the default placement
        store = open_store(Path(tmp) / "fit.sqlite3")
        window = build_window(store)
        s, editor = window.session, window.editor
        editor.apply(ops.rename(s.proposal, "Kenya health pilot"))
        for lever, value in (("security", 65), ("resilience", 45), ("openness", 70), ("partnership", 60)):
            editor.apply(ops.set_lever(s.proposal, lever, value))
        window.showMaximized()

        def shoot() -> None:
            subprocess.run(["import", "-window", "root", out], check=True)
            for line in clipped_widgets(window):  # the same check as tests/ui/test_fit.py
                print(f"clipped in {Path(out).name}: {line}")
            window.close()
            app.quit()

        QTimer.singleShot(2500, shoot)
        app.exec()
        store.close()
    return 0


def main(only: list[str]) -> int:
    for name, (w, h), scale in SIZES:
        if only and not any(o in name for o in only):
            continue
        # -displayfd: Xvfb picks a free display and writes its number (another Xvfb may hold any fixed one).
        read, write = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,))
        os.close(write)
        try:
            with os.fdopen(read) as pipe:
                display = ":" + pipe.readline().strip()
            time.sleep(0.5)
            env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=str(scale))
            subprocess.run([sys.executable, __file__, "--child", str(ROOT / "docs" / name)], env=env, check=True, timeout=300)
            print(f"wrote docs/{name} ({w}×{h} at {int(scale * 100)}%)")
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(child(sys.argv[2]) if sys.argv[1:2] == ["--child"] else main(sys.argv[1:]))
