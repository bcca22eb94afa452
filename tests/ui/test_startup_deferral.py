"""What the first paint does not need waits: the ranking, timeline and trade-off panels are built
when their dock is first shown, and the first Monte Carlo starts once the window has painted."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.store import open_store  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "desk.sqlite3")
    w = build_window(store)
    qtbot.addWidget(w)
    yield w
    w.assessment.uncertainty.wait()
    w.autosaver.flush_all()
    store.close()


def test_dock_panels_are_built_when_their_dock_is_first_shown(window, qtbot):
    scenarios, workshop = window.scenarios, window.workshop
    assert scenarios._ranking is None and scenarios._timeline is None and workshop._tradeoff is None
    assert scenarios.ranking_dock.widget() is None and workshop.dock.widget() is None
    window.show()
    qtbot.waitExposed(window)
    scenarios.ranking_action.trigger()
    qtbot.waitUntil(lambda: scenarios.ranking_dock.isVisible())
    assert scenarios.ranking_dock.widget() is scenarios._ranking is not None
    scenarios.timeline_action.trigger()
    qtbot.waitUntil(lambda: scenarios.timeline_dock.isVisible())
    assert scenarios.timeline_dock.widget() is scenarios._timeline is not None
    workshop.map_action.trigger()
    qtbot.waitUntil(lambda: workshop.dock.isVisible())
    assert workshop.dock.widget() is workshop._tradeoff is not None
    assert scenarios.ranking is scenarios._ranking  # built once


def test_a_panel_asked_for_before_its_dock_is_shown_is_built_then(window):
    panel = window.scenarios.timeline
    assert window.scenarios.timeline_dock.widget() is panel
    assert window.workshop.tradeoff is window.workshop.dock.widget()


def test_the_first_monte_carlo_starts_after_the_first_paint(window, qtbot):
    runner = window.assessment.uncertainty
    qtbot.wait(50)  # event-loop passes without the window on screen: no run yet
    assert runner.generation == 0 and runner.result is None
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: runner.result is not None, timeout=5000)
    assert "% of draws" in window.assessment.interval.text()


def test_the_locale_number_data_is_read_on_the_monte_carlo_worker_not_the_gui_thread(tmp_path):
    # Babel reads a locale's data from disk on first use (~25 ms): on the GUI thread it froze the
    # window when the first interval was shown.
    code = f"""
import threading
import babel.localedata as data
from PySide6.QtWidgets import QApplication
from desktop.store import open_store
from desktop.ui.app import build_window
readers = []
real = data.load
def load(name, merge_inherited=True):
    if name not in data._cache:
        readers.append(threading.current_thread() is threading.main_thread())
    return real(name, merge_inherited)
data.load = load
app = QApplication([])
store = open_store({str(tmp_path / "desk.sqlite3")!r})
window = build_window(store)
runner = window.assessment.uncertainty
runner.run_now()
runner.wait()
while runner.result is None:
    app.processEvents()
print(readers, "% of draws" in window.assessment.interval.text())
store.close()
"""
    assert _run(code) == "[False, False] True"  # root and en, both read off the GUI thread


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_ui_package_loads_numpy_psygnal_and_sqlite_utils_before_pyside6():
    # After PySide6, every import goes through its __feature_import__ hook (slower): see desktop/ui/__init__.py.
    code = "import sys, desktop.ui\nprint([m in sys.modules for m in ('numpy', 'psygnal', 'sqlite_utils', 'PySide6')])"
    assert _run(code) == "[True, True, True, False]"


def test_a_plain_window_start_skips_the_command_line_parser():
    code = (
        "import sys, desktop.__main__ as m\n"
        "m.window_db(['--db', 'x.sqlite3'])\n"
        "print('desktop.cli' in sys.modules, 'argparse' in sys.modules)"
    )
    assert _run(code) == "False False"


@pytest.mark.parametrize(
    ("argv", "db"),
    [([], None), (["--db", "a.sqlite3"], "a.sqlite3"), (["--db=b.sqlite3"], "b.sqlite3"), (["--db", "~/c d.db"], "~/c d.db")],
)
def test_window_starts_are_recognised_without_the_parser(argv, db):
    from desktop.__main__ import window_db

    assert window_db(argv) == db


@pytest.mark.parametrize(
    "argv",
    [["assess", "--country", "KEN"], ["--db"], ["--db", "--help"], ["--db="], ["--help"], ["--version"],
     ["--db", "a", "countries"], ["--d", "a"]],
)
def test_everything_else_goes_to_the_cli_parser(argv):
    from desktop.__main__ import _NOT_THE_WINDOW, window_db

    assert window_db(argv) is _NOT_THE_WINDOW


def test_importing_the_entry_point_leaves_the_garbage_collector_alone():
    code = "import gc, desktop.__main__\nprint(gc.isenabled())"
    assert _run(code) == "True"


@pytest.mark.parametrize("enabled", [True, False])
def test_a_window_start_gives_the_collector_back_as_it_found_it(enabled):
    # run_app is replaced by one that reports whether the collector was off while it ran.
    code = (
        "import gc, sys, types\n"
        "fake = types.ModuleType('desktop.ui.app')\n"
        "fake.run_app = lambda db: print('during', gc.isenabled()) or 0\n"
        "sys.modules['desktop.ui.app'] = fake\n"
        "import desktop.__main__ as m\n"
        f"{'gc.enable()' if enabled else 'gc.disable()'}\n"
        "m.main(['--db', 'x.sqlite3'])\n"
        "print('after', gc.isenabled())\n"
    )
    assert _run(code).splitlines() == ["during False", f"after {enabled}"]
