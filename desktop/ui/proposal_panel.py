"""The offer itself: name, target country, stack components, deal terms, measures under each lever, notes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import _
from ..core.model import (
    COMPONENT_LABELS,
    COMPONENTS,
    LEVER_LABELS,
    LEVERS,
    SCALE_LABELS,
    DomainError,
)
from ..core.program import program_checks, statuses_of
from ..core.session import Session
from ..core.text import NAME_MAX, clean_name
from ..core.vocabulary import measure_description, measure_label
from .deal_panel import DealTermsBox
from .editor import Editor
from .screen_views import ChecklistView
from .widgets import (
    CheckName,
    CountryPicker,
    Debouncer,
    FittedScrollArea,
    buddy_label,
    follow,
    plain_label,
    titled_group,
)


class ProposalPanel(FittedScrollArea):
    """Edits the proposal through operations; shows the session's state."""

    message = Signal(str)  # a short note for the status bar
    program_requested = Signal()  # the user asked to edit the AI Exports Program fields

    def __init__(
        self, session: Session, editor: Editor, name_taken, parent: QWidget | None = None, destinations=None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self._name_taken = name_taken  # callable(name) -> bool, asked before renaming
        self.setObjectName("proposalPanel")
        self.setAccessibleName(_("Proposal"))

        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(8, 4, 8, 8)
        box.setSpacing(8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setAccessibleName(_("Proposal name"))
        self.name.editingFinished.connect(self._on_name_edited)
        self.country = CountryPicker(session.profiles)
        self.country.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.country.setMinimumContentsLength(10)
        self.country.setToolTip(_("Type a country name or ISO code (e.g. Kenya or KEN)"))
        self.country.activated.connect(self._on_country_chosen)
        form.addRow(buddy_label(_("&Name"), self.name), self.name)
        form.addRow(buddy_label(_("&Country"), self.country), self.country)
        box.addLayout(form)

        # The AI Exports Program checklist, compact; Edit ▸ AI Exports Program… (or the button) edits it.
        self._destinations = destinations  # callable: every screened destination (members' homes)
        program, program_body = titled_group(_("AI Exports Program"))
        program_box = QVBoxLayout(program_body)
        program_box.setContentsMargins(4, 2, 4, 4)
        self.checklist = ChecklistView(full=False)
        program_box.addWidget(self.checklist)
        edit_program = QPushButton(_("Edit &Program…"))
        edit_program.setAccessibleName(_("Edit the AI Exports Program fields"))
        edit_program.clicked.connect(self.program_requested.emit)
        program_box.addWidget(edit_program)
        box.addWidget(program)

        comps, comps_body = titled_group(_("Stack components"))
        # A grid, not a form: a QFormLayout gave a wrapped name the height of its combo (three lines
        # of "Chaînes de données et annotation" were cut to two).
        comp_form = QGridLayout(comps_body)
        comp_form.setColumnStretch(0, 1)
        self.components: dict[str, QComboBox] = {}
        for row_index, comp in enumerate(COMPONENTS):
            combo = QComboBox()
            combo.addItems(SCALE_LABELS)
            combo.setAccessibleName(_("{value} scale").format(value=COMPONENT_LABELS[comp]))
            combo.currentIndexChanged.connect(lambda idx, c=comp: self._on_component(c, idx))
            name = plain_label(COMPONENT_LABELS[comp], wrap=True)
            name.setBuddy(combo)
            comp_form.addWidget(name, row_index, 0)
            comp_form.addWidget(combo, row_index, 1, Qt.AlignmentFlag.AlignVCenter)
            self.components[comp] = combo
        # The destination screen: where U.S. federal financing is unavailable, the Financing component says so.
        self.financing_note = plain_label("", "dated", wrap=True)
        self.financing_note.setAccessibleName(_("Financing availability"))
        self.financing_note.hide()
        comp_form.addWidget(self.financing_note, len(COMPONENTS), 0, 1, 2)
        box.addWidget(comps)
        self.deal = DealTermsBox(session, editor)
        box.addWidget(self.deal)

        self.measures: dict[str, QCheckBox] = {}
        by_lever = {lv: [m for m in session.assumptions.measures if m.lever == lv] for lv in LEVERS}
        for lever in LEVERS:
            group, group_body = titled_group(_("{value} measures").format(value=LEVER_LABELS[lever]))
            inner = QVBoxLayout(group_body)
            inner.setSpacing(2)
            for m in by_lever[lever]:
                check = QCheckBox()
                name = CheckName(measure_label(m), check)
                tip = _("{description}\nModelled effect: {effect}").format(description=measure_description(m), effect=m.effect)
                check.setToolTip(tip)
                name.setToolTip(tip)
                check.setAccessibleDescription(measure_description(m))
                check.toggled.connect(lambda on, mid=m.id: self._on_measure(mid, on))
                row = QHBoxLayout()
                row.setSpacing(4)
                row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(name, 1)
                inner.addLayout(row)
                desc = plain_label(measure_description(m), "measureDescription", wrap=True)
                desc.setContentsMargins(22, 0, 0, 4)
                inner.addWidget(desc)
                self.measures[m.id] = check
            box.addWidget(group)

        box.addWidget(plain_label(_("Notes (private: never in the counterpart brief)"), "sectionTitle", wrap=True))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setPlaceholderText(_("Negotiating notes, red lines, context…"))
        self.notes.setMinimumHeight(90)
        self.notes.setTabChangesFocus(True)
        # Typing that never pauses still reaches the session every 400 ms (the autosaver bounds the rest).
        self._notes_debouncer = Debouncer(500, parent=self, max_wait_ms=400)
        self._notes_debouncer.triggered.connect(self._on_notes_settled)
        self.notes.textChanged.connect(self._on_notes_typed)
        box.addWidget(self.notes)
        box.addStretch(1)
        self.setWidget(body)

        follow(self, session, self._on_proposal_changed, "proposal")
        follow(self, session, self._show_screen, "proposal.program", "proposal.country", "profiles", "assumptions")
        self._on_proposal_changed(None)
        self._show_screen()

    # ---------------------------------------------------------------- view ← session
    # Each control is set only when it differs; its handler below compares with the session
    # before making an edit, so showing the state never makes one.

    def _on_proposal_changed(self, _changes) -> None:
        p = self.session.proposal
        if self.name.text() != p.name and not self.name.hasFocus():
            self.name.setText(p.name)
        idx = self.country.row_of(p.country)
        if self.country.currentIndex() != idx:
            self.country.setCurrentIndex(idx)
        for comp, combo in self.components.items():
            combo.setCurrentIndex(int(p.components.get(comp, 0)))
        for mid, check in self.measures.items():
            check.setChecked(mid in p.measures)
        if self.notes.toPlainText() != p.notes and not self.notes.hasFocus():
            self.notes.setPlainText(p.notes)

    def _show_screen(self, _changes=None) -> None:
        """The Program checklist and the financing note (followed on what they read, see __init__)."""
        s, p = self.session, self.session.proposal
        statuses = dict(self._destinations() if self._destinations else {}, **statuses_of(s.profiles))
        result = program_checks(p, statuses, s.assumptions)
        self.checklist.show_checks(result.checks, result.ready)
        status = s.profile.destination
        unavailable = status is not None and (status.financing == "no" or not status.can_proceed)
        text = (
            _("Financing (EXIM, DFC, USTDA): U.S. federal financing is unavailable for {name} ({lower}; screening aid as of {as_of}).").format(name=status.name, lower=status.label.lower(), as_of=status.as_of) if unavailable else ""
        )
        if text != self.financing_note.text():
            self.financing_note.setText(text)
            self.financing_note.setVisible(unavailable)
            self.components["financing"].setToolTip(text)

    # ---------------------------------------------------------------- view → operations

    def _edit(self, change: ops.Change) -> None:
        self.editor.apply(change)

    def _on_name_edited(self) -> None:
        p = self.session.proposal
        try:
            name = clean_name(self.name.text())
        except DomainError as exc:
            self.name.setText(p.name)
            self.message.emit(str(exc))
            return
        if name == p.name:
            self.name.setText(p.name)
            return
        if self._name_taken(name):
            self.name.setText(p.name)
            self.message.emit(_("A proposal named “{name}” (or one that looks the same) already exists").format(name=name))
            return
        self._edit(ops.rename(p, name))

    def _on_country_chosen(self, index: int) -> None:
        if index < 0:
            return
        iso = self.country.itemData(index)
        if iso and iso != self.session.proposal.country:
            self._edit(ops.set_country(self.session.proposal, iso, self.session.profiles[iso].name))

    def choose_country(self, iso3: str) -> None:
        """Select a country as if picked by the user."""
        index = self.country.row_of(iso3)
        if index < 0:
            raise DomainError(_("unknown country {iso3!r}").format(iso3=iso3))
        self.country.setCurrentIndex(index)
        self._on_country_chosen(index)

    def _on_component(self, comp: str, scale: int) -> None:
        if self.session.proposal.components.get(comp, 0) != scale:
            self._edit(ops.set_component(self.session.proposal, comp, scale))

    def _on_measure(self, measure_id: str, on: bool) -> None:
        if (measure_id in self.session.proposal.measures) != on:
            self._edit(ops.set_measure(self.session.proposal, measure_id, on, self.session.assumptions))

    def _on_notes_typed(self) -> None:
        if self.notes.toPlainText() != self.session.proposal.notes:
            self._notes_debouncer.call()

    def _on_notes_settled(self) -> None:
        text = self.notes.toPlainText()
        if text != self.session.proposal.notes:
            try:
                self._edit(ops.set_notes(self.session.proposal, text))
            except DomainError as exc:  # over the limit: the text stays in the box, unsaved, and the user is told
                self.message.emit(_("Not saved: {exc}; shorten them to save").format(exc=exc))

    def flush(self) -> None:
        """Commit typing still waiting in the notes box (before save or close)."""
        self._notes_debouncer.cancel()
        self._on_notes_settled()
        if self.name.hasFocus():
            self._on_name_edited()
