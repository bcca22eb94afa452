"""The room (issue 20) run as a facilitator would, by keyboard, with screenshots of each screen.

    Xvfb :96 -screen 0 1920x1080x24 &
    DISPLAY=:96 QT_QPA_PLATFORM=xcb python docs/room_screenshots.py OUT_DIR [TAG]

Four tables over five rounds: T and the team names, then per round R (hide), each team's number
with Tab to the next and Enter, R (reveal); L the leaderboard, V a vote (tallies by Tab, Enter
applies the winner), H the record, exported as CSV and JSON; then the model page (M: promised vs
credited and the offer to beat, internal, then room-safe after S) and the destination screen when
it blocks (Iran: embargoed, the blocking panel; Russia: denial, the Blocked band). Each screen is
shot from the X server (`import -window root`, or Qt's grab of the root window without ImageMagick) into OUT_DIR/room_<screen>_<TAG>.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import ops  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui import room_panel  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402

TEAMS = "Table 1-Nairobi, Table 2-Mombasa, Table 3-Kisumu, Table 4-Eldoret"
ROUNDS = [("48", "55 v", "61", "40 n"), ("52", "47", "58.5 v", "50"), ("60", "57", "49", "63 v"),
          ("55", "66", "58", "51"), ("62 v", "59", "64", "57")]
MOVES = {2: ("partnership", 75), 3: ("openness", 65), 4: ("security", 70), 5: ("resilience", 55)}


def main() -> int:
    out = Path(sys.argv[1])
    tag = sys.argv[2] if len(sys.argv) > 2 else "1920"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    apply_theme(app, dark=False)
    tmp = tempfile.TemporaryDirectory()
    store = open_store(Path(tmp.name) / "room.sqlite3")
    window = build_window(store)
    session, editor = window.session, window.editor
    editor.apply(ops.rename(session.proposal, "Kenya health pilot"))
    window.show()
    window.workshop.presentation_action.trigger()
    pres = window.workshop.presentation.window
    pres.set_room_safe(False)  # the prediction game is an internal workshop (it reveals the overall score)
    room = pres.room
    steps: list = []

    def shot(name: str) -> None:
        app.processEvents()
        path = out / f"room_{name}_{tag}.png"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:  # no ImageMagick: the X server's root window through Qt (the same pixels)
            app.primaryScreen().grabWindow(0).save(str(path))

    def key(widget, k, mod=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, k, mod)

    def type_text(widget, text: str) -> None:
        QTest.keyClicks(widget, text)

    def teams() -> None:
        key(pres, Qt.Key.Key_T)
        type_text(pres.focusWidget(), TEAMS)
        key(pres.focusWidget(), Qt.Key.Key_Return)
        pres.setFocus()

    def play(n: int, values, shoot: bool) -> None:
        key(pres, Qt.Key.Key_R)  # hide
        if n in MOVES:
            editor.apply(ops.set_lever(session.proposal, *MOVES[n]))
        for i, v in enumerate(values):
            type_text(pres.focusWidget(), v)
            key(pres.focusWidget(), Qt.Key.Key_Return if i == len(values) - 1 else Qt.Key.Key_Tab)
        if shoot:
            shot("predict")
        key(pres, Qt.Key.Key_R)  # reveal
        if shoot:
            shot("reveal")

    def vote() -> None:
        key(pres, Qt.Key.Key_V)
        page = room.vote_page
        page.typed.setFocus()
        type_text(page.typed, "openness +10")
        key(page.typed, Qt.Key.Key_Return)
        for i, t in enumerate(("7", "4", "2", "9")[: len(page.tallies)]):
            key(pres.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_text(pres.focusWidget(), t)
            if i < len(page.tallies) - 1:
                key(pres.focusWidget(), Qt.Key.Key_Tab)
        shot("vote")
        key(pres.focusWidget(), Qt.Key.Key_Return)  # apply the winner
        shot("voted")
        pres.setFocus()
        key(pres, Qt.Key.Key_V)

    def finish() -> None:
        key(pres, Qt.Key.Key_L)
        shot("leaderboard")
        key(pres, Qt.Key.Key_L)
        key(pres, Qt.Key.Key_H)
        room_panel.ask_export_path = lambda parent, kind, suggested: str(out / f"room_record_{tag}.{kind}")
        room.record_page.csv_button.click()
        room.record_page.json_button.click()
        shot("record")
        key(pres, Qt.Key.Key_H)

    def model() -> None:  # item 7: promised vs credited and the offer to beat, internal then room-safe
        pres.setFocus()
        key(pres, Qt.Key.Key_M)
        shot("model_internal")
        key(pres, Qt.Key.Key_S)
        shot("model_roomsafe")
        key(pres, Qt.Key.Key_M)

    def destination(iso3: str, name: str, model_too: bool) -> None:  # the destination screen when it blocks
        def run() -> None:
            editor.apply(ops.set_country(session.proposal, iso3, session.profiles[iso3].name))
            editor.apply(ops.rename(session.proposal, name))
            shot(f"screen_{iso3.lower()}")
            if model_too:
                key(pres, Qt.Key.Key_M)
                shot(f"model_{iso3.lower()}")
                key(pres, Qt.Key.Key_M)
        return run

    steps = [teams] + [lambda n=n, v=v: play(n, v, n == 5) for n, v in enumerate(ROUNDS, start=1)] + [
        vote, finish, model, destination("IRN", "Tehran data centre", False),
        destination("RUS", "Moscow cloud region", True), app.quit]

    def run_next() -> None:
        if steps:
            steps.pop(0)()
            QTimer.singleShot(700, run_next)

    QTimer.singleShot(1500, run_next)
    app.exec()
    store.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
