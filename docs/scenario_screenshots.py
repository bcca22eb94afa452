"""Refresh docs/compare.png, docs/ranking.png and docs/timeline.png: the real app under Xvfb, at 1280×800 (the ranking and the timeline in the window they dock in).

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/scenario_screenshots.py [OUT_DIR]

A facilitator's path: open the Kenya health-cloud example, branch two scenarios, compare them,
then rank the offer across every country and look at the timeline of settled states.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# A first launch's layout, not the one this machine's user left (the window remembers its docks).
os.environ.setdefault("EXPORT_DESK_CONFIG", tempfile.mkdtemp(prefix="export-desk-shots-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import ops  # noqa: E402
from desktop.store import open_store, scenarios  # noqa: E402
from desktop.store import timeline as timeline_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402


def grab(widget: QWidget, out: Path) -> None:
    if not widget.isWindow():
        widget = widget.window()  # a docked panel is shown in the window it sits in
    screen = widget.screen()
    image = screen.grabWindow(widget.winId()) if screen is not None else widget.grab()
    if image.isNull() or image.width() < 100:
        image = widget.grab()
    image.save(str(out))
    print(f"wrote {out} ({image.width()}×{image.height()})")


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--dark"]
    out_dir = Path(args[0]) if args else ROOT / "docs"
    app = QApplication([])
    apply_theme(app, dark="--dark" in sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "shots.sqlite3")
        window = build_window(store)
        workshop, session, editor = window.scenarios, window.session, window.editor
        example = store.find_proposal("Kenya health cloud")
        workshop.open_example(example.id)
        window.autosaver.flush_all()
        demo = session.proposal

        # Scenario 1: more openness, with evaluated open weights.
        scenario = scenarios.create_scenario(store, demo, "Kenya — open weights")
        session.load(scenario)
        editor.apply(ops.set_lever(session.proposal, "openness", 75))
        editor.apply(ops.set_measure(session.proposal, "open_weight_option", True, session.assumptions))
        editor.apply(ops.set_measure(session.proposal, "red_team_reports", True, session.assumptions))
        window.autosaver.flush_all()
        # Scenario 2: a lean, cheaper offer.
        lean = scenarios.create_scenario(store, demo, "Kenya — lean package")
        session.load(lean)
        window.autosaver.flush_all()
        for lever, value in (("security", 45), ("partnership", 40)):
            editor.apply(ops.set_lever(session.proposal, lever, value))
            window.autosaver.flush_all()
        changes = timeline_store.changes(store, lean.id)
        if changes:
            timeline_store.set_reason(store, changes[0]["id"], "Treasury wants a lower price")
        window.resize(1280, 800)
        window.show()

        def shoot_compare() -> None:
            session.load(store.proposal_by_id(demo.id))
            dialog = workshop.compare()
            dialog.resize(1000, 720)
            dialog.only_differences.setChecked(False)
            QTimer.singleShot(700, lambda: (grab(dialog, out_dir / "compare.png"), dialog.close(), shoot_ranking()))

        def shoot_ranking() -> None:
            workshop.ranking_action.trigger()
            workshop.ranking.region.setCurrentText("Eastern Africa")
            QTimer.singleShot(700, lambda: (grab(workshop.ranking_dock, out_dir / "ranking.png"), shoot_timeline()))

        def shoot_timeline() -> None:
            workshop.ranking_dock.hide()
            session.load(store.proposal_by_id(lean.id))
            workshop.timeline_action.trigger()
            QTimer.singleShot(700, lambda: (grab(workshop.timeline_dock, out_dir / "timeline.png"), window.close(), app.quit()))

        QTimer.singleShot(1000, shoot_compare)
        app.exec()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
