"""The room in presentation mode: teams, a keyboard-first prediction strip, reveal scoring, the
leaderboard, the vote and the workshop record (the logic is core.room; the record is kept by store.room).

Keys in the presentation window: T teams · type a number, Tab to the next team, Enter when done ·
R reveal (scores the round) · L leaderboard · V vote (Tab between tallies, Enter applies the
winner: one undo step) · H the record (timeline, CSV and JSON export). The room never sees red
lines, costs or margins.

Room-safe (the presentation's default) hides everything scored on the overall score, which the
audience registry keeps internal ("assessment.overall", "assessment.workshop", "assessment.moves"):
each team's error and the closest, the leaderboard, the record's timeline and the Best moves put to
a vote. Nothing is lost: S (an internal workshop) shows them again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import N_, _, ngettext
from ..core.model import DomainError
from ..core.room import (
    Prediction,
    Round,
    Vote,
    Workshop,
    candidate_from_move,
    parse_entry,
    parse_teams,
    reveal_of,
    round_state,
)
from ..core.room_record import rounds_json, to_csv
from ..core.session import Session
from ..fileio import atomic_write_bytes
from ..store import Store
from ..store.clock import now
from ..store.room import load_workshop, save_workshop
from .editor import Editor
from .room_pages import LeaderboardPage, RecordPage, VotePage
from .widgets import ElidingLabel, follow, plain_label

HELP = N_("T teams · type a number, Tab next team, Enter done · R reveal · L leaderboard · V vote · H record")

# Point sizes at the reference screen (presentation.py scales them with the screen in use).
ROOM_STYLE = {
    "QWidget#presentation QLabel#roomTeam": ("font-size: {}pt; font-weight: 700;", 18),
    "QWidget#presentation QLineEdit#roomEntry": ("font-size: {}pt; font-weight: 700; padding: 2px 6px;", 26),
    "QWidget#presentation QLineEdit#roomTeams, QWidget#presentation QLineEdit#roomTyped": ("font-size: {}pt;", 18),
    "QWidget#presentation QLabel#roomResult": ("font-size: {}pt; font-weight: 600;", 16),
    "QWidget#presentation QLabel#roomStatus": ("font-size: {}pt;", 14),
    "QWidget#presentation QLabel#roomPageTitle": ("font-size: {}pt; font-weight: 700;", 28),
    "QWidget#presentation QLabel#roomBoard": ("font-size: {}pt;", 21),
    "QWidget#presentation QLabel#roomBoardHead": ("font-size: {}pt; font-weight: 700;", 16),
    "QWidget#presentation QLabel#roomOption": ("font-size: {}pt;", 22),
    "QWidget#presentation QSpinBox#roomTally": ("font-size: {}pt; font-weight: 700; min-width: 3em;", 26),
    "QWidget#presentation QListWidget#roomRecord": ("font-size: {}pt;", 16),
    "QWidget#presentation QFrame#roomCell": ("border: 3px solid #cbd5e1; border-radius: 10px;", None),
    "QWidget#presentation QFrame#roomCell[closest=\"true\"]": ("border: 5px solid #15803d; background: #dcfce7;", None),
    "QWidget#presentation QFrame#roomOptionRow[winner=\"true\"]": ("background: #dcfce7; border-radius: 8px;", None),
}


class _Entry(QLineEdit):
    """A team's prediction field: Tab and Shift+Tab stay in the strip; Enter leaves it (then R reveals)."""

    def __init__(self, strip: RoomStrip) -> None:
        super().__init__()
        self._strip = strip

    def event(self, e) -> bool:  # noqa: D401 - Qt's name
        if e.type() == QEvent.Type.KeyPress:
            if e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self._strip.step_focus(self, -1 if e.key() == Qt.Key.Key_Backtab else 1)
                return True
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._strip.done()
                return True
        return super().event(e)


class TeamCell(QFrame):
    """One team: its name, the prediction typed for it, and after the reveal its error."""

    def __init__(self, strip: RoomStrip, team: str) -> None:
        super().__init__()
        self.setObjectName("roomCell")
        self.team = team
        self.name = ElidingLabel(team, whole_tooltip=True)  # a long name elides; its tooltip is the whole name
        self.name.setObjectName("roomTeam")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry = _Entry(strip)
        self.entry.setObjectName("roomEntry")
        self.entry.setAccessibleName(_("{team} prediction").format(team=team))
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setPlaceholderText(_("score"))
        self.entry.setMaxLength(24)
        self.result = plain_label("", "roomResult", wrap=True)  # "★ off by 3.2 · band ✓ · side ✗" may take two lines
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.setAccessibleName(_("{team} error").format(team=team))
        for w in (self.name, self.result, self.entry):  # many teams share the width: never widen the window
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.entry.setMinimumWidth(60)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 4, 8, 4)
        box.setSpacing(2)
        box.addWidget(self.name)
        box.addWidget(self.entry)
        box.addWidget(self.result)

    def set_closest(self, closest: bool) -> None:
        self.setProperty("closest", "true" if closest else "false")
        self.style().unpolish(self)
        self.style().polish(self)


class RoomStrip(QWidget):
    """The entry strip under the levers: one cell per team, or the team set-up line."""

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.setObjectName("roomStrip")
        self.room = room
        self.cells: list[TeamCell] = []
        self.teams_edit = QLineEdit()
        self.teams_edit.setObjectName("roomTeams")
        self.teams_edit.setAccessibleName(_("Teams"))
        self.teams_edit.setPlaceholderText(_("Teams: type the names, separated by commas, then Enter (e.g. Table 1, Table 2)"))
        self.teams_edit.returnPressed.connect(self._teams_entered)
        self.status = plain_label("", "roomStatus", wrap=True)
        self.status.setAccessibleName(_("Room status"))
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.row = QHBoxLayout()
        self.row.setSpacing(12)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(self.teams_edit)
        box.addLayout(self.row)
        box.addWidget(self.status)

    # teams
    def set_teams(self, teams: tuple[str, ...]) -> None:
        for cell in self.cells:
            self.row.removeWidget(cell)
            cell.hide()
            cell.deleteLater()
        self.cells = [TeamCell(self, t) for t in teams]
        for cell in self.cells:
            self.row.addWidget(cell, 1)
        self.teams_edit.setVisible(not teams)

    def edit_teams(self) -> None:
        self.teams_edit.setText(", ".join(self.room.workshop.teams))
        self.teams_edit.show()
        self.teams_edit.setFocus()
        self.teams_edit.selectAll()

    def _teams_entered(self) -> None:
        try:
            teams = parse_teams(self.teams_edit.text())
        except DomainError as exc:
            self.say(_("Teams not set: {exc}.").format(exc=exc))
            return
        if not teams:
            self.say(_("Type at least one team name."))
            return
        self.room.set_teams(teams)
        self.first()

    # typing predictions
    def first(self) -> None:
        if self.cells:
            self.cells[0].entry.setFocus()
            self.cells[0].entry.selectAll()

    def step_focus(self, entry: QLineEdit, step: int) -> None:
        entries = [c.entry for c in self.cells]
        i = (entries.index(entry) + step) % len(entries)
        entries[i].setFocus()
        entries[i].selectAll()

    def done(self) -> None:
        """Enter in a field: leave the strip so R, L, V and H work again."""
        self.room.window.setFocus()
        self.say(ngettext("{count} of {count2} team predicted. Press R to reveal.", "{count} of {count2} teams predicted. Press R to reveal.", len(self.cells)).format(count=len(self.entries()), count2=len(self.cells)))

    def entries(self) -> dict[str, str]:
        return {c.team: c.entry.text() for c in self.cells if c.entry.text().strip()}

    def clear(self) -> None:
        for c in self.cells:
            c.entry.clear()
            c.entry.setReadOnly(False)
        self.hide_scores()

    def hide_scores(self) -> None:
        """No error and no closest frame on any cell (the typed predictions stay)."""
        for c in self.cells:
            c.result.setText("")
            c.set_closest(False)

    def show_scores(self, errors: dict[str, float], closest: tuple[str, ...], bands: dict[str, bool] | None = None,
                    sides: dict[str, bool] | None = None) -> None:
        """Each team's error, the closest starred and framed; a band or side predicted: ✓ or ✗."""
        bands, sides = bands or {}, sides or {}
        for c in self.cells:
            c.entry.setReadOnly(True)
            if c.team in errors:
                star = "★ " if c.team in closest else ""
                extra = "".join(f" · {what} {'✓' if hits[c.team] else '✗'}"
                                for what, hits in (("band", bands), ("side", sides)) if c.team in hits)
                c.result.setText(_("{star}off by {value:.1f}{extra}").format(star=star, value=errors[c.team], extra=extra))
            else:
                c.result.setText(_("no prediction"))
            c.set_closest(c.team in closest)

    def say(self, text: str) -> None:
        self.status.setText(text)


def ask_export_path(parent: QWidget, kind: str, suggested: str) -> str | None:
    """Where to export the record (tests monkeypatch this)."""
    flt = "CSV (*.csv)" if kind == "csv" else "JSON (*.json)"
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export the workshop record as {upper}").format(upper=kind.upper()), suggested, flt)
    return path or None


class Room:
    """The room of one presentation window: its workshop (kept with the proposal) and its views."""

    def __init__(self, window: QWidget, session: Session, editor: Editor, store: Store,
                 stack_page: Callable[[QWidget | None], None]) -> None:
        self.window, self.session, self.editor, self.store = window, session, editor, store
        self._show_page = stack_page
        self.strip = RoomStrip(self)
        self.leaderboard = LeaderboardPage()
        self.vote_page = VotePage(self)
        self.record_page = RecordPage(self)
        self.pages = (self.leaderboard, self.vote_page, self.record_page)
        self._proposal_id: int | None = None
        self._scored: Round | None = None  # the round whose scores the strip shows (until the next hide)
        self.workshop = Workshop()
        self.vote_page.set_room_safe(self.room_safe)
        self.load()
        follow(window, session, lambda _changes: self.load(), "opened")

    # ------------------------------------------------------------------ state

    def load(self) -> None:
        """Read the workshop of the open proposal (again if another proposal was opened)."""
        pid = self.session.proposal.id
        if pid == self._proposal_id and pid is not None:
            return
        self._proposal_id = pid
        self._scored = None
        self.workshop = load_workshop(self.store, pid)
        self.strip.set_teams(self.workshop.teams)
        self._refresh()
        self.strip.say(_(HELP) if self.workshop.teams else _("Set up the teams: type their names, then Enter. ") + _(HELP))

    def _save(self) -> None:
        pid = self.session.proposal.id
        if pid is None:
            raise DomainError("the proposal is not saved yet")
        save_workshop(self.store, pid, self.workshop)
        self._refresh()

    def _refresh(self) -> None:
        self.leaderboard.set_workshop(self.workshop, self.room_safe)
        self.record_page.set_workshop(self.workshop, self.room_safe)

    @property
    def room_safe(self) -> bool:
        """The window's setting: room-safe shows nothing scored on the (internal) overall score."""
        return bool(getattr(self.window, "room_safe", True))

    def restyle(self) -> None:
        """The theme changed: the leaderboard's colours follow (the style sheet's follow with the window's)."""
        self._refresh()

    def on_room_safe_changed(self) -> None:
        """S: hide (room-safe) or show again (internal) the scores, the board, the record and the Best moves."""
        self._refresh()
        self.vote_page.set_room_safe(self.room_safe)
        self._show_scored()

    def set_teams(self, teams: tuple[str, ...]) -> None:
        self.workshop = self.workshop.with_teams(teams)
        self._save()
        self.strip.set_teams(self.workshop.teams)
        self.strip.say(ngettext("{count} team. Hide the results (R), type each team's prediction, Tab to the next.", "{count} teams. Hide the results (R), type each team's prediction, Tab to the next.", len(teams)).format(count=len(teams)))

    # ------------------------------------------------------------------ predict and reveal

    def on_hide(self) -> None:
        """The results were hidden: a new round's predictions go into a clean strip."""
        self.load()
        self._scored = None
        self.strip.clear()
        n = len(self.workshop.rounds) + 1
        if self.strip.cells:
            self.strip.say(_("Round {n}: type each team's prediction, Tab to the next team, Enter when done, then R.").format(n=n))
            self.strip.first()

    def before_reveal(self) -> bool:
        """Score the typed predictions as a round; False (stay hidden) if one cannot be read."""
        self.load()
        typed = self.strip.entries()
        if not typed:
            return True  # nothing typed: just reveal
        if self.room_safe:
            # Scoring reveals the overall score, which the audience registry keeps internal.
            self.strip.say(_("Room-safe hides the overall score, so predictions are scored only in an internal "
                           "workshop: press S, then R."))
            return False
        try:
            predictions: list[Prediction] = [p for t, text in typed.items() if (p := parse_entry(t, text)) is not None]
            reveal = reveal_of(self.session.assessment, self.session.assumptions)
        except DomainError as exc:
            self.strip.say(_("Not revealed — {exc}. Correct it, Enter, then R.").format(exc=exc))
            return False
        self.workshop = self.workshop.record(now(), round_state(self.session.proposal), predictions, reveal)
        self._save()
        self._scored = self.workshop.rounds[-1]
        self._show_scored()
        return True

    def _show_scored(self) -> None:
        """The scored round's errors, closest and the leaderboard on the strip; room-safe: none of them."""
        r = self._scored
        if r is None:
            return
        if self.room_safe:
            self.strip.hide_scores()
            self.strip.say(_("Round {number} is recorded; its scores are internal (S shows them).").format(number=r.number))
            return
        self.strip.show_scores(r.errors(), r.closest(), r.band_hits(), r.side_hits())
        board = self.workshop.leaderboard()
        top = " · ".join(_("{rank}. {team} ({wins} won)").format(rank=s.rank, team=s.team, wins=s.wins) for s in board[:4])
        who = _(" and ").join(r.closest())
        self.strip.say(_("Round {number}: {overall:.1f}. Closest: {who}. Leaderboard: {top}. (L: full board, V: vote)").format(number=r.number, overall=r.reveal.overall, who=who, top=top))

    # ------------------------------------------------------------------ pages

    def toggle(self, page: QWidget) -> None:
        """Show one of the room's pages in place of the results, or go back."""
        current = getattr(self, "_page", None)
        if current is page:
            self._page = None
            self._show_page(None)
            return
        if page is self.vote_page:
            self.open_vote()
        self._page = page
        self._show_page(page)
        if page is self.vote_page:
            self.vote_page.focus_first()

    def back(self) -> None:
        self._page = None

    def open_vote(self) -> None:
        """Fill the vote with the top Best moves (lever and measure moves: no price, no figures); room-safe:
        the typed moves only (Best moves are ranked on the overall score, which is internal)."""
        if self.room_safe:
            self.vote_page.set_room_safe(True)
            return
        a = self.session.assessment
        best = [m for m in (a.moves.get("best", []) if a.scored else []) if all(s.kind != "price" for s in m.steps)]
        self.vote_page.set_candidates([candidate_from_move(m) for m in best[:3]])

    def apply_vote(self) -> bool:
        """Apply the winner as one undoable step and record the vote on the last round."""
        try:
            vote = self.vote_page.vote()
        except DomainError as exc:
            self.vote_page.status.setText(f"{exc}.")
            return False
        winner = vote.winner
        if winner is None:
            self.vote_page.status.setText(_("Enter the votes first: nobody has voted yet."))
            return False
        s = self.session
        try:
            if not self.workshop.rounds or self.workshop.rounds[-1].vote is not None:
                # a vote with no round of its own: a round without predictions, on the state voted on
                reveal = reveal_of(s.assessment, s.assumptions) if s.assessment.scored else None
                self.workshop = self.workshop.record(now(), round_state(s.proposal), [], reveal)
            change = ops.apply_suggestion(s.proposal, winner.move(), s.assumptions)
            self.editor.apply(change)
            self.workshop = self.workshop.vote_last(Vote(vote.candidates, applied=winner.label))
            self._save()
        except DomainError as exc:
            self.vote_page.status.setText(_("Not applied: {exc}.").format(exc=exc))
            return False
        self.vote_page.status.setText(_("Applied: {label} (Ctrl+Z undoes it). Press V to go back.").format(label=winner.label))
        self.strip.say(_("The room chose {label}. Hide the results (R) for the next round.").format(label=winner.label))
        return True

    # ------------------------------------------------------------------ export

    def export(self, kind: str) -> Path | None:
        name = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in self.session.proposal.name).strip() or "workshop"
        path = ask_export_path(self.window, kind, _("{name} workshop.{kind}").format(name=name, kind=kind))
        if not path:
            return None
        if kind == "csv":
            data = to_csv(self.workshop).encode("utf-8")
        else:
            body = {"proposal": self.session.proposal.name, "teams": list(self.workshop.teams),
                    "rounds": rounds_json(self.workshop),
                    "leaderboard": [{"rank": s.rank, "team": s.team, "won": s.wins, "mean_error": s.mean_error,
                                     "rounds": s.rounds} for s in self.workshop.leaderboard()]}
            data = (json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
        try:
            target = atomic_write_bytes(path, data)
        except OSError as exc:
            from . import dialogs

            dialogs.explain(self.window, _("Export failed"), _("The record could not be written to {path}: {value}.").format(path=path, value=exc.strerror or exc))
            return None
        self.strip.say(_("Record exported to {target}.").format(target=target))
        return target


def room_style(scale: float) -> str:
    """The room's style rules at a type scale (the presentation window's)."""
    out = []
    for sel, (rule, size) in ROOM_STYLE.items():
        out.append(f"{sel} {{ {rule if size is None else rule.format(round(size * scale, 1))} }}")
    return "\n".join(out)


__all__ = ["HELP", "Room", "ask_export_path", "room_style"]
