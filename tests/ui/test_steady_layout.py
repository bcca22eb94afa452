"""A lever move never re-lays-out the assessment panel: the charts keep their size.

A row that comes or goes (a penalty line, a move, the next-band note growing a line, its Apply
button shown) used to change the panel's height, so the charts were resized and painted twice
per move (in the lever-to-repaint benchmark those moves were the whole p95).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.core.model import LEVERS
from desktop.ui.charts import LineItem, LineItemsView
from desktop.ui.widgets import HeldLabel

# The benchmark's spread of values (benchmarks/gui_latency.py): penalty lines, best moves and
# the next-band note come and go across them.
VALUES = [3, 97, 41, 68, 15, 84, 52, 29, 76, 9, 60, 35, 91, 22, 47]


def test_the_charts_keep_their_size_while_levers_move(window):
    panel = window.assessment
    sliders = [window.levers.slider(lv) for lv in LEVERS]
    app = QApplication.instance()
    sizes, rows_seen, offers = set(), set(), set()
    for i in range(60):
        sliders[i % 4].setValue(VALUES[(i * 7 + i % 4) % len(VALUES)])
        panel.settle()
        for _ in range(3):
            app.processEvents()
        sizes.add((panel.radar.size().toTuple(), panel.line_items.size().toTuple(), panel.height()))
        rows_seen.add(len(panel.line_items.items))
        offers.add(panel.next_band.rows[0].button.isVisible())
    # The moves varied what the panel shows (else the test proves nothing) ...
    assert len(rows_seen) > 1 and offers == {True, False}
    # ... and the charts and the panel never changed size.
    assert len(sizes) == 1, sizes


def test_an_empty_move_list_keeps_its_height(window):
    moves = window.assessment.moves
    QApplication.instance().processEvents()
    before = moves.sizeHint().height()
    moves.show_items([], "No single change improves the score.")
    assert moves.sizeHint().height() == before
    first = moves.rows[0]
    assert first.isVisibleTo(moves) and first.text.text() == "No single change improves the score."
    assert first.suggestion is None and not first.button.isVisibleTo(moves)
    assert not any(r.isVisibleTo(moves) for r in moves.rows[1:])


def test_line_items_keep_room_for_every_line(qtbot):
    view = LineItemsView()
    qtbot.addWidget(view)
    items = [LineItem("Sovereignty alignment", 15.4, 30), LineItem("Continuity", 4.1, 10)]
    view.set_items(items, 19.5, room=3)
    held = view.minimumSizeHint(), view.sizeHint()
    view.set_items([*items, LineItem("Both-sides shortfall", -8.0, 0)], 11.5, room=3)
    assert (view.minimumSizeHint(), view.sizeHint()) == held
    view.set_items(items, 19.5)  # no room asked: as many rows as items
    assert view.minimumSizeHint().height() < held[0].height()


def test_a_held_label_keeps_its_lines_and_only_grows(qtbot):
    label = HeldLabel(3)
    qtbot.addWidget(label)
    label.resize(200, label.height())
    three = label.height()
    assert three >= 3 * label.fontMetrics().lineSpacing()
    label.setText("short")
    assert label.height() == three
    label.setText("a much longer text " * 12)  # more than three lines at 200 px
    grown = label.height()
    assert grown > three
    label.setText("short again")
    assert label.height() == grown  # holds: no relayout back and forth while a lever is dragged
