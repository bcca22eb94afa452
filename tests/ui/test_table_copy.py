"""Copy on the tables: the ranking, the timeline and the comparison copy their selected rows (or all)
as tab-separated text with the header, marked internal, by Ctrl+C and by their context menu; the
real widgets and the real clipboard (offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from desktop.core.assessment_text import INTERNAL  # noqa: E402
from desktop.ui import dialogs  # noqa: E402
from desktop.ui.clipboard import TableCopy  # noqa: E402
from desktop.ui.ranking import COLUMNS  # noqa: E402


def lines() -> list[str]:
    return QGuiApplication.clipboard().text().splitlines()


def ctrl_c(view, qtbot) -> None:
    view.window().activateWindow()
    qtbot.waitActive(view.window())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def select_rows(view, *rows: int) -> None:
    """Click the first row, Ctrl+click the others (as a user picks rows)."""
    for k, r in enumerate(rows):
        where = view.visualRect(view.model().index(r, 0)).center()
        mod = Qt.KeyboardModifier.ControlModifier if k else Qt.KeyboardModifier.NoModifier
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mod, where)


def open_ranking(window, qtbot):
    window.scenarios.ranking_action.trigger()
    panel = window.scenarios.ranking
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    return panel


def test_ctrl_c_on_the_ranking_copies_the_selected_rows_with_the_header_marked_internal(window, qtbot):
    panel = open_ranking(window, qtbot)
    table, proxy = panel.table, panel.proxy
    select_rows(table, 0, 2)
    QApplication.clipboard().clear()
    ctrl_c(table, qtbot)
    got = lines()
    assert got[0] == INTERNAL  # confidential by default, as the assessment's copy
    assert got[1].split("\t") == [h for h, _field in COLUMNS]
    rows = [r.split("\t") for r in got[2:]]
    assert [r[1] for r in rows] == [proxy.index(0, 1).data(), proxy.index(2, 1).data()]
    assert rows[0] == [proxy.index(0, c).data() for c in range(len(COLUMNS))]
    mime = QGuiApplication.clipboard().mimeData()
    assert bytes(mime.data("text/tab-separated-values")).decode() == mime.text()  # a spreadsheet's paste
    assert "Copied 2 rows" in window.statusBar().currentMessage()


def test_the_ranking_menu_copies_all_visible_rows_in_their_sorted_order_and_retargets(window, qtbot):
    panel = open_ranking(window, qtbot)
    panel.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # by overall
    panel.search.setText("an")  # the filtered rows only
    shown = panel.proxy.rowCount()
    assert 0 < shown < panel.model.rowCount()
    menu = panel.copier.menu_for(panel.proxy.index(0, 0))
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Copy", "Copy &all", "Retarget the proposal at the selected country"]
    next(a for a in menu.actions() if a.text() == "Copy &all").trigger()
    got = lines()
    assert got[0] == INTERNAL and len(got) == 2 + shown
    assert [r.split("\t")[2] for r in got[2:]] == [panel.proxy.index(r, 2).data() for r in range(shown)]
    target = panel.proxy.index(0, 2).data()
    next(a for a in menu.actions() if a.text().startswith("Retarget")).trigger()
    assert window.session.proposal.country == target


def test_a_right_click_on_a_ranking_row_opens_the_menu_on_that_row(window, qtbot):
    panel = open_ranking(window, qtbot)
    table = panel.table
    where = table.visualRect(panel.proxy.index(3, 1)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), event)
    menu = panel.copier.last_menu
    assert menu is not None and menu.isVisible()
    assert table.currentIndex().row() == 3
    next(a for a in menu.actions() if a.text() == "&Copy").trigger()
    menu.close()
    assert lines()[2].split("\t")[1] == panel.proxy.index(3, 1).data()


def test_ctrl_c_elsewhere_still_copies_the_assessment(window, qtbot):
    open_ranking(window, qtbot)
    slider = window.levers.slider("security")
    window.activateWindow()
    qtbot.waitActive(window)
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert lines()[0] == INTERNAL and "Overall" in QGuiApplication.clipboard().text()
    assert not lines()[1].startswith("#\t")


def test_the_timeline_copies_a_change_and_its_reason_and_all_states_in_order(window, qtbot):
    window.scenarios.timeline_action.trigger()
    panel = window.scenarios.timeline
    window.levers.slider("openness").setValue(80)
    assert window.autosaver.flush_all()
    window.levers.slider("security").setValue(30)
    assert window.autosaver.flush_all()
    newest, oldest = panel.tree.topLevelItem(0), panel.tree.topLevelItem(1)
    oldest.child(0).setText(1, "Asked for open weights")
    panel.tree.setCurrentItem(oldest.child(0))
    QApplication.clipboard().clear()
    ctrl_c(panel.tree, qtbot)
    assert lines() == [INTERNAL, "Settled state / lever change\tReason (private)", "Openness 50 → 80\tAsked for open weights"]

    menu = panel.copier.menu_for(panel.tree.currentIndex())
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["&Copy", "Copy &all", "&Restore this state"]
    next(a for a in menu.actions() if a.text() == "Copy &all").trigger()
    assert lines()[2:] == [newest.text(0) + "\t", "Security 50 → 30\t", oldest.text(0) + "\t", "Openness 50 → 80\tAsked for open weights"]


def test_the_comparison_copies_the_selected_rows(window, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Secure variant")
    window.scenarios.new_scenario()
    window.levers.slider("security").setValue(90)
    window.scenarios.compare_action.trigger()
    dialog = window.scenarios.compare_dialog
    model = dialog.model
    security = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "Security")
    select_rows(dialog.table, security)
    QApplication.clipboard().clear()
    ctrl_c(dialog.table, qtbot)
    assert lines() == [INTERNAL, "Item\tSecure variant\tKenya proposal", "Security\t90\t50"]
    assert [a.text() for a in dialog.copier.menu_for(model.index(0, 0)).actions()] == ["&Copy", "Copy &all"]
    dialog.close()


def test_a_view_declared_counterpart_safe_copies_without_the_marking(qtbot):
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Country", "Fit"])
    for r, (name, fit) in enumerate((("Kenya", "62.5"), ("Ghana\tline", "58.0"))):
        model.setItem(r, 0, QStandardItem(name))
        model.setItem(r, 1, QStandardItem(fit))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setColumnHidden(1, False)
    copier = TableCopy(view, internal=False)
    assert copier.copy(selected_only=False) == 2
    assert lines() == ["Country\tFit", "Kenya\t62.5", "Ghana line\t58.0"]  # a tab inside a cell would split it
    view.horizontalHeader().moveSection(1, 0)
    view.setCurrentIndex(model.index(0, 0))
    assert TableCopy(view).copy() == 1
    assert lines() == [INTERNAL, "Fit\tCountry", "62.5\tKenya"]  # the columns as shown


def test_a_table_left_on_the_clipboard_does_not_crash_the_exit(tmp_path):
    """A QMimeData made in Python and still on the clipboard at exit crashed the interpreter
    (SIGSEGV under offscreen, so the whole test run exited 139 after passing)."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.ui.clipboard import put_table\n"
        "app = QApplication([])\n"
        "put_table('Country\\tFit\\nKenya\\t62.5\\n')\n"
        "assert app.clipboard().mimeData().hasFormat('text/tab-separated-values')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
