"""The room's pages in presentation mode: the leaderboard, the vote and the record (room_panel.Room drives them).

Room-safe, the leaderboard and the record's timeline are not shown (they are scored on the overall
score, which is internal), and the vote offers typed moves only (Best moves are ranked on it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import N_, _, ngettext
from ..core.model import DomainError
from ..core.room import MAX_CANDIDATES, Candidate, Vote, Workshop, typed_candidate

INTERNAL_BOARD = N_("The leaderboard is internal: it is scored on the overall score. Press S for an internal workshop.")
INTERNAL_RECORD = N_("The record is internal: its scores and errors come from the overall score. "
                     "Press S to show it; the exports work either way.")
TYPED_ONLY = N_("Best moves are internal (ranked on the overall score): type the moves to put to the room, "
                "or press S for an internal workshop.")
from .theme import GREEN, text_colour
from .widgets import ElidingLabel, plain_label


def _discard(widget: QWidget) -> None:
    """Off the page now: hidden at once (a widget only deleted later is still shown until the event loop runs)."""
    widget.hide()
    widget.deleteLater()


class _TeamName(ElidingLabel):
    """A team's name on the board: asks for its whole width (elided only when the board has less)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + 4, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("Tab…"), super().minimumSizeHint().height())


class LeaderboardPage(QWidget):
    """Teams ranked by rounds won, then mean error."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(_("Leaderboard"))
        self.title = plain_label(_("Leaderboard"), "roomPageTitle", wrap=True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setColumnStretch(1, 1)
        self.note = plain_label(_("Ranked by rounds won (closest), then mean error, then name."), "muted", wrap=True)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(self.grid)
        box.addStretch(1)
        box.addWidget(self.note)
        self.rows: list[tuple[str, ...]] = []

    def set_workshop(self, w: Workshop, room_safe: bool = False) -> None:
        """The board of w's revealed rounds; room-safe: only a line saying it is internal."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                _discard(item.widget())
        self.note.setVisible(not room_safe)
        if room_safe:
            self.rows = []
            self.title.setText(_("Leaderboard"))
            self.grid.addWidget(plain_label(_(INTERNAL_BOARD), "roomBoard", wrap=True), 0, 0, 1, 4)
            return
        board = w.leaderboard()
        revealed = sum(r.reveal is not None and bool(r.predictions) for r in w.rounds)
        self.title.setText(ngettext("Leaderboard — after {revealed} round", "Leaderboard — after {revealed} rounds", revealed).format(revealed=revealed))
        # No "Rounds" column: the title says how many, and the team's name gets the width (read from the back)
        heads = ("", _("Team"), _("Won"), _("Mean error"))
        for col, head in enumerate(heads):
            self.grid.addWidget(plain_label(head, "roomBoardHead", wrap=True), 0, col, Qt.AlignmentFlag.AlignBottom)  # "Mean error" may wrap at 1024
        self.rows = [(f"{s.rank}.", s.team, str(s.wins), f"{s.mean_error:.1f}") for s in board]
        for r, row in enumerate(self.rows, start=1):
            for col, text in enumerate(row):
                if col == 1:  # a long name elides (its tooltip is the whole name), never widens
                    label = _TeamName(text, whole_tooltip=True)
                    label.setObjectName("roomBoard")
                else:
                    label = plain_label(text, "roomBoard")
                if col != 1:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == 1:
                    label.setStyleSheet(f"font-weight: 800; color: {text_colour(GREEN)};")
                self.grid.addWidget(label, r, col)
        if not board:
            self.grid.addWidget(plain_label(_("No round revealed yet."), "roomBoard", wrap=True), 1, 1)


class _Tally(QSpinBox):
    """One option's votes: Tab to the next; Enter applies the winner."""

    def __init__(self, page: Any) -> None:
        super().__init__()
        self._page = page

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.KeyPress:
            if e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._page.step_focus(self, -1 if e.key() == Qt.Key.Key_Backtab else 1)
                return True
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._page.apply_requested()
                return True
        return super().event(e)


class VotePage(QWidget):
    """Two to four candidate moves, the tally per option and the winner."""

    def __init__(self, room: Any) -> None:
        super().__init__()
        self.room = room
        self.setAccessibleName(_("Vote"))
        self.candidates: list[Candidate] = []
        self.tallies: list[QSpinBox] = []
        self.option_rows: list[QFrame] = []
        self.title = plain_label(_("Vote: which move next?"), "roomPageTitle", wrap=True)
        self.options = QVBoxLayout()
        self.typed = QLineEdit()
        self.typed.setObjectName("roomTyped")
        self.typed.setAccessibleName(_("Type a candidate move"))
        self.typed.setPlaceholderText(_("Add a move: e.g. openness 70, security +10 — Enter"))
        self.typed.returnPressed.connect(self._add_typed)
        self.apply_button = QPushButton(_("Apply the winner (Enter)"))
        self.apply_button.setAccessibleName(_("Apply the winning move"))
        self.apply_button.clicked.connect(self.apply_requested)
        self.status = plain_label("", "roomStatus", wrap=True)
        self.status.setAccessibleName(_("Vote status"))
        self.note = plain_label(_(TYPED_ONLY), "roomStatus", wrap=True)
        self.note.setAccessibleName(_("Room-safe vote"))
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.note)
        box.addLayout(self.options)
        box.addWidget(self.typed)
        box.addWidget(self.apply_button)
        box.addWidget(self.status)
        box.addStretch(1)

    def set_candidates(self, candidates: list[Candidate]) -> None:
        while self.options.count():
            item = self.options.takeAt(0)
            if item.widget() is not None:
                _discard(item.widget())
        self.candidates, self.tallies, self.option_rows, self.option_labels = list(candidates), [], [], []
        for i, c in enumerate(self.candidates, start=1):
            row = QFrame()
            row.setObjectName("roomOptionRow")
            line = QHBoxLayout(row)
            line.setContentsMargins(6, 2, 6, 2)
            label = ElidingLabel(f"{i}.  {c.label}", whole_tooltip=True)  # a long move elides; the tooltip has it all
            label.setObjectName("roomOption")
            tally = _Tally(self)
            tally.setObjectName("roomTally")
            tally.setRange(0, 9999)
            tally.setAccessibleName(_("Votes for option {i}: {label}").format(i=i, label=c.label))
            tally.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            tally.valueChanged.connect(self._show_winner)
            line.addWidget(label, 1)
            line.addWidget(tally)
            self.options.addWidget(row)
            self.tallies.append(tally)
            self.option_rows.append(row)
            self.option_labels.append(label)
        for a, b in zip(self.tallies, self.tallies[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._show_winner()

    def set_room_safe(self, on: bool) -> None:
        """Room-safe: say the Best moves are internal and drop any offered (the typed moves stay)."""
        self.note.setVisible(on)
        if on and any(c.source == "best" for c in self.candidates):
            self.set_candidates([c for c in self.candidates if c.source != "best"])

    def vote(self) -> Vote:
        return Vote(tuple(self.candidates)).with_tallies([t.value() for t in self.tallies])

    def _show_winner(self, *_args) -> None:
        try:
            vote = self.vote()
        except DomainError as exc:
            self.status.setText(_("{exc}: add a typed move below.").format(exc=exc))
            self.apply_button.setEnabled(False)
            return
        i = vote.winner_index()
        for j, row in enumerate(self.option_rows):
            row.setProperty("winner", "true" if j == i else "false")
            row.style().unpolish(row)
            row.style().polish(row)
        self.apply_button.setEnabled(i is not None)
        if i is None:
            self.status.setText(_("Type each option's votes (Tab to the next); Enter applies the winner."))
        else:
            tie = _(" (a tie: the option listed first wins)") if vote.tied else ""
            self.status.setText(_("Winner: {label} — {tally} of {total} votes{tie}.").format(label=vote.winner.label, tally=vote.winner.tally, total=vote.total, tie=tie))

    def _add_typed(self) -> None:
        try:
            c = typed_candidate(self.typed.text(), self.room.session.proposal.levers)
        except DomainError as exc:
            self.status.setText(_("Not a move: {exc}.").format(exc=exc))
            return
        kept = [x for x in self.candidates if x.label.casefold() != c.label.casefold()]
        kept = ([*kept[: MAX_CANDIDATES - 1], c]) if len(kept) >= MAX_CANDIDATES else [*kept, c]
        self.typed.clear()
        self.set_candidates(kept)
        self.tallies[0].setFocus()

    def step_focus(self, tally: QSpinBox, step: int) -> None:
        i = (self.tallies.index(tally) + step) % len(self.tallies)
        self.tallies[i].setFocus()
        self.tallies[i].selectAll()

    def focus_first(self) -> None:
        if self.tallies:
            self.tallies[0].setFocus()
            self.tallies[0].selectAll()

    def apply_requested(self) -> None:
        self.room.apply_vote()


class RecordPage(QWidget):
    """The workshop record as a timeline, with CSV and JSON export."""

    def __init__(self, room: Any) -> None:
        super().__init__()
        self.room = room
        self.setAccessibleName(_("Workshop record"))
        self.title = plain_label(_("Workshop record"), "roomPageTitle", wrap=True)
        self.notice = plain_label(_(INTERNAL_RECORD), "roomBoard", wrap=True)
        self.notice.setAccessibleName(_("Room-safe record"))
        self.list = QListWidget()
        self.list.setObjectName("roomRecord")
        self.list.setAccessibleName(_("Rounds, oldest first"))
        self.list.setWordWrap(True)
        self.list.setSpacing(4)  # one round apart from the next, read from the back of the room
        self.list.setAlternatingRowColors(True)
        self.csv_button = QPushButton(_("Export CSV…"))
        self.csv_button.setAccessibleName(_("Export the record as CSV"))
        self.csv_button.clicked.connect(lambda: self.room.export("csv"))
        self.json_button = QPushButton(_("Export JSON…"))
        self.json_button.setAccessibleName(_("Export the record as JSON"))
        self.json_button.clicked.connect(lambda: self.room.export("json"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.json_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.notice)
        box.addWidget(self.list, 1)
        box.addLayout(buttons)

    def set_workshop(self, w: Workshop, room_safe: bool = False) -> None:
        """w's rounds as a timeline; room-safe: a notice in its place (how many rounds are kept)."""
        self.list.clear()
        self.list.setVisible(not room_safe)
        self.notice.setVisible(room_safe)
        if room_safe:
            self.title.setText(ngettext("Workshop record — {n} round kept", "Workshop record — {n} rounds kept",
                                        len(w.rounds)).format(n=len(w.rounds)))
            return
        self.title.setText(_("Workshop record"))
        for r in w.rounds:
            when = r.when[11:16] if len(r.when) >= 16 else r.when
            parts = [_("Round {number} · {when}").format(number=r.number, when=when)]
            if r.reveal is not None:
                parts.append(_("revealed {overall:.1f} ({band})").format(overall=r.reveal.overall, band=r.reveal.band))
                errors = r.errors()
                if r.closest():
                    parts.append(_("closest ") + ", ".join(_("{t} ({value:.1f} off)").format(t=t, value=errors[t]) for t in r.closest()))
            if r.vote is not None and r.vote.winner is not None:
                parts.append(_("vote: {label} ({tally} of {total})").format(label=r.vote.winner.label, tally=r.vote.winner.tally, total=r.vote.total))
            if r.move_applied:
                parts.append(_("✓ applied"))
            self.list.addItem(" · ".join(parts))
        if not w.rounds:
            self.list.addItem(_("No round yet: hide the results (R), let the teams predict, then reveal (R)."))
        self.list.scrollToBottom()
