"""Presentation mode: full screen, large type, levers + score + both sides + radar, predict-then-reveal.

F11 (from the main window) opens it; in it R hides or reveals the results so the room can guess
first, Esc or F11 leaves. The levers are the same operations as in the main window (one session,
one undo stack).

Room-safe (issue 14, on by default): the projector shows only what the audience registry
(desktop.core.audience) marks safe for the counterpart: no red lines on the lever tracks, no
exporter assurance, no overall score or band (it blends in our margin and assurance gate), no
thresholds, no credited offer; the big number is the counterpart acceptance. S turns it off for
an internal workshop and back on; a banner says which is on.

M shows the model page (presentation_model.ModelPage): promised vs credited per commitment, the
offer to beat and the destination screen; the estimates on it are internal (S shows them). An
embargoed destination shows the blocking panel in place of the results.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.audience import Edition
from ..core.i18n import N_, _
from ..core.languages import local_name
from ..core.model import LEVER_LABELS, LEVERS
from ..core.session import Session
from .assessment_panel import BAND_COLOURS, SideMeter
from .baseline import delta_colour, show_delta
from .charts import RadarAxis, RadarView
from .editor import Editor
from .levers import LeversPanel
from .presentation_model import ModelPage, model_style, screen_notice, screen_parts
from .room_panel import Room, room_style
from .screen_views import BlockingPanel
from .theme import is_dark, text_colour, themed_css
from .widgets import follow, plain_label

# The main window's entries that work the same in presentation mode (their keys as in the main
# window); the lever keys (Ctrl+1…4) focus the presentation's own levers. Entries that open a
# dialog stay in the main window: a dialog would open behind the full-screen view.
SHARED_ACTIONS = ("workshop.pin", "workshop.clear_baseline", "view.presentation", "file.quit")
PROMPT = N_("Predict, then press R to reveal")
ROOM_SAFE_TEXT = N_("Room-safe: red lines and our own figures are hidden (S turns it off for an internal workshop)")
INTERNAL_TEXT = N_("INTERNAL WORKSHOP: red lines, assurance and the overall score are shown (S: room-safe)")
ROOM_KEYS = (Qt.Key.Key_T, Qt.Key.Key_L, Qt.Key.Key_V, Qt.Key.Key_H)
MODEL_BUTTON = (N_("Promised vs credited (M)"), N_("Back to the score (M)"))

_STYLE = {  # point sizes at the reference screen (1280×800); scaled to the screen in use
    "QWidget#presentation, QWidget#presentation QWidget": ("font-size: {}pt;", 17),
    "QWidget#presentation QLabel#presTitle": ("font-size: {}pt; font-weight: 700;", 26),
    "QWidget#presentation QLabel#presScore": ("font-size: {}pt; font-weight: 800;", 84),
    "QWidget#presentation QLabel#presBand": ("font-size: {}pt;", 28),
    "QWidget#presentation QLabel#presDelta": ("font-size: {}pt;", 22),
    "QWidget#presentation QLabel#presPrompt": ("font-size: {}pt; font-weight: 600;", 40),
    "QWidget#presentation QLabel#leverTitle": ("font-size: {}pt;", 20),
    "QWidget#presentation QLabel#leverValue": ("font-size: {}pt; min-width: 70px;", 28),
    "QWidget#presentation QLabel#leverLevel": ("font-size: {}pt;", 12),
    "QWidget#presentation QLabel#leverDemand": ("font-size: {}pt;", 15),
    "QWidget#presentation QLabel#muted": ("font-size: {}pt;", 14),
    "QWidget#presentation QLabel#presScreen": ("font-size: {}pt; font-weight: 600; color: #7f1d1d;", 16),
    "QWidget#presentation QLabel#presMode": ("font-size: {}pt; font-weight: 600;", 13),
}
_REFERENCE = (1280, 800)


def type_scale(width: int, height: int) -> float:
    """How much larger than at the reference screen (1280×800) type is on a screen of width × height (0.6×–1.6×)."""
    return max(0.6, min(1.6, width / _REFERENCE[0], height / _REFERENCE[1]))


def presentation_style(width: int, height: int) -> str:
    """The style sheet for a screen of width × height: type scaled with the screen (0.6×–1.6×)."""
    scale = type_scale(width, height)
    css = "\n".join(f"{sel} {{ {rule.format(round(size * scale, 1))} }}" for sel, (rule, size) in _STYLE.items()) + (
        "\n" + room_style(scale) + "\n" + model_style(scale))
    return themed_css(css)  # the fixed colours as drawn on the theme in use (light or dark)


class PresentationWindow(QWidget):
    """A full-screen view for a projector: levers, score, both sides and radar; results can be hidden."""

    closed = Signal()
    revealed_changed = Signal(bool)

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None, store=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setWindowTitle(_("AI Export Desk — presentation"))
        self._size = _REFERENCE
        self._dark = is_dark()
        self.setStyleSheet(presentation_style(*_REFERENCE))
        self.session, self.editor = session, editor
        self._revealed = True
        self._room_safe = True

        self.title = plain_label("", "presTitle", wrap=True)  # a long proposal or country name wraps, never widens
        self.hint = plain_label(_("R: hide / reveal · Esc: leave"), "muted")
        self.levers = LeversPanel(session, editor, columns=1)  # one above another: each needs width
        self.score = QLabel("–")
        self.score.setObjectName("presScore")
        self.score.setAccessibleName(_("Overall readiness score"))
        self.band = QLabel("")
        self.band.setObjectName("presBand")
        self.band.setAccessibleName(_("Readiness band"))
        self.delta = plain_label("", "presDelta")
        self.delta.setAccessibleName(_("Overall change against the baseline"))
        self.acceptance = SideMeter(_("Counterpart acceptance"))
        self.assurance = SideMeter(_("Exporter assurance"))
        for meter in (self.acceptance, self.assurance):
            meter.setMinimumHeight(84)
        self.radar = RadarView()
        self.reveal_button = QPushButton(_("Hide results (R)"))
        self.reveal_button.setAccessibleName(_("Hide or reveal results"))
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.mode_label = plain_label(_(ROOM_SAFE_TEXT), "presMode", wrap=True)
        self.mode_label.setAccessibleName(_("Presentation setting"))
        self.room_safe_button = QPushButton(_("Room-safe: on (S)"))
        self.room_safe_button.setCheckable(True)
        self.room_safe_button.setChecked(True)
        self.room_safe_button.setAccessibleName(_("Room-safe presentation"))
        self.room_safe_button.toggled.connect(self.set_room_safe)
        self.model_button = QPushButton(_(MODEL_BUTTON[0]))
        self.model_button.setAccessibleName(_("Show promised vs credited, the offer to beat and the destination screen"))
        self.model_button.clicked.connect(self.toggle_model)
        self.model_page = ModelPage()
        self.model_page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

        results = QWidget()
        results.setObjectName("presResults")
        score_row = self._score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.band, 0, Qt.AlignmentFlag.AlignVCenter)
        score_row.addStretch(1)
        res_box = QVBoxLayout(results)
        res_box.setContentsMargins(0, 0, 0, 0)
        res_box.addLayout(score_row)
        res_box.addWidget(self.delta)
        res_box.addWidget(self.acceptance)
        res_box.addWidget(self.assurance)
        res_box.addWidget(self.radar, 1)
        # The destination screen: an embargoed destination shows why there is no score; a denial one, the block.
        self.screen_note = plain_label("", "presScreen", wrap=True)
        self.screen_note.setAccessibleName(_("Destination screen"))
        res_box.addWidget(self.screen_note)
        self.screen_source = plain_label("", "presScreenSource", wrap=True)  # as of, sources, not a legal determination
        self.screen_source.setAccessibleName(_("Destination screen sources"))
        res_box.addWidget(self.screen_source)
        # An embargoed destination: the blocking panel (status, reason, sources) in place of the results.
        self.blocking = BlockingPanel()
        self.blocking.levers_note.hide()  # the window's menu path: not for the room
        self.blocking.hide()
        res_box.addWidget(self.blocking, 1)

        self.prompt = plain_label(_(PROMPT), "presPrompt", wrap=True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setAccessibleName(_("Results hidden"))
        self.stack = QStackedWidget()
        self.stack.addWidget(results)
        self.stack.addWidget(self.prompt)
        self.stack.addWidget(self.model_page)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.hint)
        head.addWidget(self.reveal_button)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_label, 1)
        mode_row.addWidget(self.model_button)
        mode_row.addWidget(self.room_safe_button)
        body = QHBoxLayout()
        body.setSpacing(40)
        left = QVBoxLayout()
        left.addWidget(self.levers)
        left.addStretch(1)
        body.addLayout(left, 5)
        body.addWidget(self.stack, 4)
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 24, 40, 24)
        box.addLayout(head)
        box.addLayout(mode_row)
        box.addLayout(body, 1)
        # The room (teams, predictions, reveal scoring, votes, the record): with a store to keep it in.
        self.room = None if store is None else Room(self, session, editor, store, self._show_room_page)
        if self.room is not None:
            for page in self.room.pages:  # never widen the window: the results page sets the size
                page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
                self.stack.addWidget(page)
            box.addWidget(self.room.strip)

        # R, Esc and F11 arrive through keyPressEvent (no focusable child here takes them).
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, editor.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, editor.undo_stack.redo),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        follow(self, session, self.refresh, "assessment", "baseline", "proposal.name")
        self.refresh()

    def adopt(self, actions) -> None:
        """The main window's keys: its shared entries, and Ctrl+1…4 for this window's own levers."""
        for action_id in SHARED_ACTIONS:
            if action_id in actions:
                self.addAction(actions[action_id])
        for i, lever in enumerate(LEVERS):
            action = actions.get(f"levers.focus_{lever}")
            for keys in action.shortcuts() if action is not None else ():
                shortcut = QShortcut(keys, self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda i=i: self.levers.focus_lever(i))

    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_revealed(self, revealed: bool) -> None:
        """Show the results, or hide them behind the predict prompt."""
        self._revealed = revealed
        if self.room is not None:
            self.room.back()
        self.stack.setCurrentIndex(0 if revealed else 1)
        self.reveal_button.setText(_("Hide results (R)") if revealed else _("Reveal results (R)"))
        self.setWindowTitle(_("AI Export Desk — presentation") + ("" if revealed else _(" (results hidden)")))
        self._show_model()
        self.revealed_changed.emit(revealed)

    def toggle_reveal(self) -> None:
        if not self._revealed and self.room is not None and not self.room.before_reveal():
            return  # a prediction that cannot be read: stay hidden until it is corrected
        self.set_revealed(not self._revealed)
        if not self._revealed and self.room is not None:
            self.room.on_hide()

    def _show_room_page(self, page: QWidget | None) -> None:
        """A room page (leaderboard, vote, record, the model) in place of the results; None: back to them."""
        if page is None:
            self.stack.setCurrentIndex(0 if self._revealed else 1)
        else:
            self.stack.setCurrentWidget(page)
        self.model_button.setText(_(MODEL_BUTTON[self.model_shown]))

    @property
    def model_shown(self) -> bool:
        return self.stack.currentWidget() is self.model_page

    def toggle_model(self) -> None:
        """The model page (promised vs credited, the offer to beat, the screen) in place of the results, or back."""
        if self.model_shown:
            self._show_room_page(None)
            return
        if self.room is not None:
            self.room.back()
        self._show_model()
        self._show_room_page(self.model_page)

    def _show_model(self) -> None:
        self.model_page.show_assessment(self.session.assessment, Edition(counterpart=self._room_safe), self._revealed)

    @property
    def room_safe(self) -> bool:
        return self._room_safe

    def set_room_safe(self, on: bool) -> None:
        """Room-safe (only what is safe for the counterpart) or an internal workshop (everything)."""
        self._room_safe = bool(on)
        if self.room_safe_button.isChecked() != self._room_safe:
            self.room_safe_button.setChecked(self._room_safe)  # re-enters once; harmless
        self.room_safe_button.setText(_("Room-safe: on (S)") if on else _("Room-safe: off (S)"))
        self.mode_label.setText(_(ROOM_SAFE_TEXT) if on else _(INTERNAL_TEXT))
        self.mode_label.setStyleSheet("" if on else f"color: {text_colour('#9a3412')};")
        self.refresh()
        if self.room is not None:
            self.room.on_room_safe_changed()

    def visible_text(self) -> str:
        """Every text the projector shows now (labels, buttons, fields, the record's list, accessible descriptions)."""
        from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QLineEdit, QListWidget

        out = [self.windowTitle()]
        for w in self.findChildren(QWidget):
            if not w.isVisibleTo(self):
                continue
            if isinstance(w, (QLabel, QAbstractButton)):
                out.append(w.text())
            elif isinstance(w, QLineEdit):
                out += [w.text(), w.placeholderText()]
            elif isinstance(w, QListWidget):  # the record's timeline
                out += [w.item(i).text() for i in range(w.count())]
            out += [w.toolTip(), w.accessibleDescription()]
            if isinstance(w, QAbstractSlider) and getattr(w, "red_line", None):
                lo, hi = w.red_line
                out.append(_("red line {lo}–{hi}").format(lo=lo, hi=hi))
        return "\n".join(t for t in out if t)

    def refresh(self, *_args) -> None:
        s = self.session
        a = s.assessment
        self.title.setText(f"{s.proposal.name} — {local_name(s.profile.iso3, s.profile.name)}")
        screen = a.screen
        ed = Edition(counterpart=self._room_safe)
        note, source = screen_parts(screen, a.scored, ed)
        self.screen_note.setText(note)
        self.screen_source.setText(source)
        for label in (self.screen_note, self.screen_source):
            label.setVisible(bool(note) and a.scored)  # embargoed: the blocking panel says it
        self._show_model()
        self.blocking.setVisible(not a.scored)
        self.score.setVisible(a.scored)
        self.band.setVisible(a.scored)
        if not a.scored:
            self.blocking.show_status(screen.status)
            notice = screen_notice(screen.status, ed)
            self.blocking.notice.setText(notice)
            self.blocking.setAccessibleDescription(f"{screen.band}. {screen.status.reason}. {notice}")
            # For the room: the status (chip, title, lead), its reason, and the notice with the sources and
            # the as-of date; an edit's reason (our note, like a profile edit's) only in an internal workshop.
            for key, name in self.blocking.names.items():
                name.setVisible(key == "reason")
                self.blocking.values[key].setVisible(key == "reason")
        self.levers.set_room_safe(not ed.shows("proposal.red_lines"))
        full = ed.shows("assessment.overall")
        self.acceptance.setVisible(a.scored and full)  # its marker is our threshold
        self.assurance.setVisible(a.scored and ed.shows("assessment.exporter_assurance"))
        self.radar.setVisible(a.scored and ed.shows("commitment.offer"))
        self.delta.setVisible(a.scored)
        if not a.scored:
            self.score.setText("—")
            self.band.setText(_("  Prohibited  "))
            colour = BAND_COLOURS["Prohibited"]
            self.band.setStyleSheet(f"background:{colour.name()}; color:white; border-radius:10px; padding:4px 10px; font-weight:700;")
            self.score.setAccessibleDescription(_("No score: {note}").format(note=note))
            return
        deltas = s.deltas()
        self._fit_score_row()
        self.score.setAccessibleName(_("Overall readiness score") if full else _("Counterpart acceptance"))
        if not full:  # room-safe: the counterpart acceptance, and a screen band (a public fact) only
            self.score.setText(f"{a.counterpart_acceptance:.1f}")
            blocked = screen is not None and screen.band is not None
            self.band.setText(f"  {_(a.band)}  " if blocked else _("Counterpart\nacceptance"))
            colour = BAND_COLOURS[a.band] if blocked else None
            self.band.setStyleSheet(
                f"background:{colour.name()}; color:white; border-radius:10px; padding:4px 10px; font-weight:700;" if colour
                else "font-weight:600;")
            self.score.setAccessibleDescription(_("Counterpart acceptance {counterpart_acceptance:.1f} of 100").format(counterpart_acceptance=a.counterpart_acceptance))
            show_delta(self.delta, None if deltas is None else deltas["acceptance"], _(" vs baseline"))
            return
        self.score.setText(f"{a.overall:.1f}")
        self.band.setText(f"  {_(a.band)}  ")
        colour = BAND_COLOURS[a.band]
        self.band.setStyleSheet(f"background:{colour.name()}; color:white; border-radius:10px; padding:4px 10px; font-weight:700;")
        self.score.setAccessibleDescription(_("{overall:.1f} of 100, band {band}").format(overall=a.overall, band=_(a.band)))
        self.acceptance.set_value(a.counterpart_acceptance, s.assumptions["side.acceptance_threshold"])
        self.assurance.set_value(a.exporter_assurance, s.assumptions["side.assurance_threshold"])
        base = s.baseline
        show_delta(self.delta, None if deltas is None else deltas["overall"], _(" vs baseline"))
        for meter, key in ((self.acceptance, "acceptance"), (self.assurance, "assurance")):
            d = None if deltas is None else deltas[key]
            meter.set_delta(None if d is None else d.text, None if d is None else delta_colour(d))
        self.radar.set_data(
            [RadarAxis(LEVER_LABELS[lv], a.commitments[lv]["offer"], a.commitments[lv]["demand"]) for lv in LEVERS],
            None if base is None else base.offers(),
        )

    def present(self) -> None:
        """Go full screen with the results revealed, room-safe (each time: a projector is never left internal)."""
        self.set_revealed(True)
        self.set_room_safe(True)
        screen = self._parent_screen()
        if screen is not None:
            self.use_size(screen.geometry().width(), screen.geometry().height())
            self.setGeometry(screen.geometry())  # also where no window manager honours full screen
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.levers.focus_lever(0)

    def use_size(self, width: int, height: int) -> None:
        """Type scaled for a screen of width × height (present() uses the screen's; tests, a projector's)."""
        self._size, self._dark = (width, height), is_dark()
        self.setStyleSheet(presentation_style(width, height))
        scale = type_scale(width, height)  # the meters and the radar shrink with the type: 1024×768 keeps its strip
        for meter in (self.acceptance, self.assurance):
            meter.setMinimumHeight(round(84 * min(1.0, scale)))
        self.radar.setMinimumSize(round(200 * min(1.0, scale)), round(180 * min(1.0, scale) ** 2))
        self.radar.min_label_px = 13.0 * scale  # axis labels read from the back of a room (about 20 px at 1920×1080)
        self.radar.cache.clear()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_R and plain:
            self.toggle_reveal()
        elif key == Qt.Key.Key_S and plain:
            self.set_room_safe(not self._room_safe)
        elif key == Qt.Key.Key_M and plain:
            self.toggle_model()
        elif key == Qt.Key.Key_Escape or (key == Qt.Key.Key_F11 and not self.actions()):
            self.close()  # F11 is View ▸ Presentation mode's key once the main window's keys are adopted
        elif self.room is not None and key in ROOM_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            room = self.room
            {Qt.Key.Key_T: room.strip.edit_teams, Qt.Key.Key_L: lambda: room.toggle(room.leaderboard),
             Qt.Key.Key_V: lambda: room.toggle(room.vote_page), Qt.Key.Key_H: lambda: room.toggle(room.record_page)}[key]()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange and is_dark() != self._dark:
            self.use_size(*self._size)  # the desktop went dark (or light): the fixed colours follow
            self.model_page.restyle()
            self.set_room_safe(self._room_safe)
            if self.room is not None:
                self.room.restyle()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_score_row()

    def _fit_score_row(self) -> None:
        """The band beside the big number, or under it where both do not fit (never over it)."""
        need = self.score.sizeHint().width() + self.band.sizeHint().width() + 24
        wide = need <= self.stack.width()
        direction = QHBoxLayout.Direction.LeftToRight if wide else QHBoxLayout.Direction.TopToBottom
        if self._score_row.direction() != direction:
            self._score_row.setDirection(direction)

    def _parent_screen(self):
        parent = self.parentWidget()
        return parent.screen() if parent is not None else self.screen()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)
        self.closed.emit()
