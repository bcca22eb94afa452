"""A lever move repaints the score, the sides, the charts and the line items first; the flags and
the moves (the costly part of an assessment: the next-band search) follow after that repaint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class PaintOrder(QObject):
    """Notes, in order, the paints of the watched widgets and when the flag list changes."""

    def __init__(self, widgets):
        super().__init__()
        self.seen: list[str] = []
        self.names = {id(w): n for n, w in widgets.items()}
        for w in widgets.values():
            w.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and id(watched) in self.names:
            self.seen.append(self.names[id(watched)])
        return False


def flag_texts(window) -> list[str]:
    return [r.text.text() for r in window.assessment.flags.rows if not r.isHidden()]


def test_score_first_then_flags_and_moves(window, qtbot):
    panel = window.assessment
    qtbot.waitUntil(lambda: not panel._lists_pending)
    before_flags = flag_texts(window)
    order = PaintOrder({"radar": panel.radar, "line_items": panel.line_items})
    show_lists = panel._show_lists

    def noted(*args):
        order.seen.append("lists")
        return show_lists(*args)

    panel._show_lists = noted
    window.levers.slider("partnership").setValue(5)  # far below the demand: the flags change
    # At once: the score and the line items are the new assessment's; the lists still wait.
    assert panel.score.text() == f"{window.session.assessment.overall:.1f}"
    assert panel._lists_pending and flag_texts(window) == before_flags
    qtbot.waitUntil(lambda: not panel._lists_pending)
    listed = flag_texts(window)
    assert listed != before_flags and any("artnership" in t for t in listed)
    # The charts painted the new assessment before the lists were filled.
    assert order.seen.index("radar") < order.seen.index("lists")
    assert order.seen.index("line_items") < order.seen.index("lists")


def test_settle_shows_the_lists_at_once(window):
    panel = window.assessment
    window.levers.slider("security").setValue(100)
    panel.settle()
    assert not panel._lists_pending
    shown = [r.suggestion for r in panel.moves.rows if not r.isHidden()]
    assert [m.label for m in shown] == [m.label for m in window.session.assessment.moves["best"]][: len(shown)]
