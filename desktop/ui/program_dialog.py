"""Edit ▸ AI Exports Program…: the consortium, U.S. content, build/own/operate, support, buyer, target.

The checklist beside the fields follows every edit (a draft, checked by core.program); OK applies
the whole Program as one undoable change (ops.set_program; with a bloc that excludes the current
country, the target moves to the bloc's first member a deal can proceed in, in the same step).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import N_, _
from ..core.model import (
    LAYER_LABELS,
    LAYERS,
    PARTIES,
    PARTY_LABELS,
    SUPPORT,
    SUPPORT_LABELS,
    DomainError,
    Member,
    Program,
    Proposal,
)
from ..core.program import assess_bloc, bloc_members, program_checks, statuses_of
from ..core.screen import DestinationStatus
from ..core.session import Session
from ..store import Store
from . import dialogs
from .editor import Editor
from .screen_views import ChecklistView
from .widgets import FittedScrollArea, SearchableComboBox, buddy_label, plain_label, titled_group

NOT_STATED = N_("Not stated")
ROLE_TEXT = {"build": N_("Who builds the data centres"), "own": N_("Who owns the data centres"),
             "operate": N_("Who operates the data centres")}
SHORT_LAYERS = {"compute": N_("Compute"), "data": N_("Data"), "models": N_("Models"), "security": N_("Security"), "applications": N_("Applications")}
_LAYER_COLUMNS = {layer: 2 + i for i, layer in enumerate(LAYERS)}
_ANCHOR_COLUMN = 2 + len(LAYERS)


def _country_combo(statuses: Mapping[str, DestinationStatus], name: str, stated: bool = True) -> SearchableComboBox:
    combo = SearchableComboBox()
    combo.setAccessibleName(name)
    if stated:
        combo.addItem(_(NOT_STATED), None)
    for iso, s in sorted(statuses.items(), key=lambda kv: kv[1].name):
        combo.addItem(f"{s.name} — {iso}", iso)
    return combo


class ProgramDialog(QDialog):
    """The Program fields of the session's proposal, with the live checklist."""

    def __init__(self, store: Store, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.session, self.editor = store, session, editor
        self.statuses = store.destinations()
        self.blocs = store.blocs()
        program = session.proposal.program
        self.setWindowTitle(_("AI Exports Program — {name}").format(name=session.proposal.name))
        self.resize(1240, 740)
        self._filling = True

        self.members = QTableWidget(0, _ANCHOR_COLUMN + 1)
        self.members.setAccessibleName(_("Consortium members"))
        self.members.setHorizontalHeaderLabels(
            [_("Member"), _("Home country"), *[_(SHORT_LAYERS[x]) for x in LAYERS], _("Anchor")]
        )
        for layer, col in _LAYER_COLUMNS.items():
            self.members.horizontalHeaderItem(col).setToolTip(LAYER_LABELS[layer])
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.verticalHeader().hide()
        self.members.itemChanged.connect(self._refresh)
        self.members.setMinimumHeight(120)
        self.members.setMaximumHeight(190)
        add = QPushButton(_("&Add member"))
        add.clicked.connect(lambda: self.add_member(Member(_("New member"), "USA", ("compute",))))
        remove = QPushButton(_("&Remove member"))
        remove.clicked.connect(self._remove_selected)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)

        self.us_content = QSpinBox()
        self.us_content.setRange(-1, 100)
        self.us_content.setSpecialValueText(_(NOT_STATED))
        self.us_content.setSuffix(" %")
        self.us_content.setAccessibleName(_("U.S.-origin share of the hardware layer"))
        self.roles: dict[str, QComboBox] = {}
        for role in ("build", "own", "operate"):
            combo = QComboBox()
            combo.addItem(_(NOT_STATED), None)
            for party in PARTIES:
                combo.addItem(PARTY_LABELS[party], party)
            combo.setAccessibleName(_(ROLE_TEXT[role]))
            self.roles[role] = combo
        self.support_mode = QComboBox()
        self.support_mode.setAccessibleName(_("Federal support requested"))
        for text, data in ((_(NOT_STATED), "unstated"), (_("None requested"), "none"), (_("Requested:"), "some")):
            self.support_mode.addItem(text, data)
        self.support: dict[str, QCheckBox] = {s: QCheckBox(SUPPORT_LABELS[s]) for s in SUPPORT}
        self.buyer = _country_combo(self.statuses, _("Buyer's home country"))
        self.target = QComboBox()
        self.target.setAccessibleName(_("Target"))
        self.target.addItem(_("One country (the proposal's)"), None)
        for name, bloc in self.blocs.items():
            self.target.addItem(_("{name} — {title} ({count} members)").format(name=name, title=bloc['title'], count=len(bloc['members'])), name)

        form = QFormLayout()
        form.addRow(buddy_label(_("&U.S. content of the hardware layer"), self.us_content), self.us_content)
        for role, combo in self.roles.items():
            form.addRow(buddy_label(_(ROLE_TEXT[role]), combo), combo)
        support_row = QHBoxLayout()
        support_row.addWidget(self.support_mode)
        for box in self.support.values():
            support_row.addWidget(box)
        support_row.addStretch(1)
        form.addRow(buddy_label(_("Federal &support"), self.support_mode), support_row)
        form.addRow(buddy_label(_("&Buyer's home country"), self.buyer), self.buyer)
        form.addRow(buddy_label(_("&Target"), self.target), self.target)

        left = QVBoxLayout()
        left.addWidget(plain_label(_("Consortium (one anchor member; every layer covered)"), "sectionTitle"))
        left.addWidget(self.members, 1)
        left.addLayout(buttons_row)
        left.addLayout(form)
        self.problem = plain_label("", "dated", wrap=True)
        left.addWidget(self.problem)

        self.checklist = ChecklistView(full=True)
        checks_group, checks_body = titled_group(_("Program checklist"))
        QVBoxLayout(checks_body).addWidget(self.checklist)
        self.bloc_table = QTableWidget(0, 4)
        self.bloc_table.setAccessibleName(_("Bloc members assessed"))
        self.bloc_table.setHorizontalHeaderLabels([_("Member"), _("Screen"), _("Overall"), _("Band")])
        self.bloc_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.bloc_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bloc_table.verticalHeader().hide()
        self.bloc_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bloc_summary = plain_label("", wrap=True)
        left.addWidget(self.bloc_summary)
        left.addWidget(self.bloc_table, 1)
        right_body = QWidget()
        right = QVBoxLayout(right_body)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(checks_group)
        right.addWidget(plain_label(
            _("Program rules as the destination fact sheet summarises the Call for Proposals and EO 14320 [S20][S21]; "
            "a screening aid, not a legal determination."), "muted", wrap=True))
        right.addStretch(1)
        scroll = FittedScrollArea()
        scroll.setWidget(right_body)
        scroll.setMinimumWidth(520)

        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addWidget(scroll, 6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept_program)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(body, 1)
        box.addWidget(buttons)

        self.fill(program)
        for w in (self.us_content,):
            w.valueChanged.connect(self._refresh)
        for combo in (*self.roles.values(), self.support_mode, self.buyer, self.target):
            combo.currentIndexChanged.connect(self._refresh)
        for check in self.support.values():
            check.toggled.connect(self._refresh)
        self._filling = False
        self._refresh()

    # ---------------------------------------------------------------- fields ↔ Program

    def fill(self, program: Program) -> None:
        """Show a Program in the fields."""
        self._filling = True
        self.members.setRowCount(0)
        for m in program.members:
            self.add_member(m)
        self.us_content.setValue(-1 if program.us_content is None else round(program.us_content * 100))
        for role, combo in self.roles.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(program, role))))
        mode = "unstated" if program.support is None else ("none" if not program.support else "some")
        self.support_mode.setCurrentIndex(self.support_mode.findData(mode))
        for s, box in self.support.items():
            box.setChecked(bool(program.support) and s in program.support)
        self.buyer.setCurrentIndex(max(0, self.buyer.findData(program.buyer_home)))
        self.target.setCurrentIndex(max(0, self.target.findData(program.target_bloc)))
        self._filling = False

    def add_member(self, member: Member) -> None:
        filling, self._filling = self._filling, True  # no checklist from a half-built row
        r = self.members.rowCount()
        self.members.insertRow(r)
        self.members.setItem(r, 0, QTableWidgetItem(member.name))
        home = _country_combo(self.statuses, _("Home country of member {value}").format(value=r + 1), stated=False)
        home.setCurrentIndex(max(0, home.findData(member.home)))
        home.currentIndexChanged.connect(self._refresh)
        self.members.setCellWidget(r, 1, home)
        for layer, col in _LAYER_COLUMNS.items():
            self.members.setItem(r, col, self._check_item(layer in member.layers, LAYER_LABELS[layer]))
        self.members.setItem(r, _ANCHOR_COLUMN, self._check_item(member.anchor, _("Anchor member")))
        self._filling = filling
        self._refresh()

    @staticmethod
    def _check_item(on: bool, tip: str) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        item.setToolTip(tip)
        return item

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.members.selectedIndexes()}, reverse=True)
        for r in rows or ([self.members.rowCount() - 1] if self.members.rowCount() else []):
            self.members.removeRow(r)
        self._refresh()

    def program(self) -> Program:
        """The Program as entered (validated: DomainError names the first malformed field)."""
        members = []
        for r in range(self.members.rowCount()):
            name = (self.members.item(r, 0).text() if self.members.item(r, 0) else "").strip()
            home = self.members.cellWidget(r, 1).currentData()
            layers = tuple(x for x, col in _LAYER_COLUMNS.items()
                           if self.members.item(r, col).checkState() == Qt.CheckState.Checked)
            anchor = self.members.item(r, _ANCHOR_COLUMN).checkState() == Qt.CheckState.Checked
            members.append(Member(name, home, layers, anchor))
        share = self.us_content.value()
        mode = self.support_mode.currentData()
        support = None if mode == "unstated" else (() if mode == "none" else tuple(s for s, b in self.support.items() if b.isChecked()))
        program = Program(
            members=tuple(members),
            us_content=None if share < 0 else share / 100.0,
            build=self.roles["build"].currentData(),
            own=self.roles["own"].currentData(),
            operate=self.roles["operate"].currentData(),
            support=support,
            buyer_home=self.buyer.currentData(),
            target_bloc=self.target.currentData(),
        )
        program.validate()
        return program

    def proposal(self) -> Proposal:
        """The session's proposal with the Program entered (and, for a bloc without it, a member as target)."""
        p = replace(self.session.proposal, program=self.program())
        bloc = p.program.target_bloc
        if bloc is not None and p.country not in self.blocs[bloc]["members"]:
            members = bloc_members(self.session.profiles, bloc)
            first = next((m for m in members if m.destination is None or m.destination.can_proceed), None)
            if first is None:
                raise DomainError(_("no member of {bloc} can be served (all embargoed or under a policy of denial)").format(bloc=bloc))
            p = replace(p, country=first.iso3)
        return p

    # ---------------------------------------------------------------- live checklist

    def _refresh(self, *_args) -> None:
        if self._filling:
            return
        for box in self.support.values():
            box.setEnabled(self.support_mode.currentData() == "some")
        try:
            draft = self.proposal()
        except DomainError as exc:
            self.problem.setText(f"⚠ {exc}")
            return
        moved = draft.country != self.session.proposal.country
        self.problem.setText(
            _("The proposal will target {name}, the first {target_bloc} member a deal can proceed in (its current country is not a member).").format(name=self.session.profiles[draft.country].name, target_bloc=draft.program.target_bloc) if moved else ""
        )
        statuses = dict(self.statuses, **statuses_of(self.session.profiles))
        bloc = None
        if draft.program.target_bloc:
            members = bloc_members(self.session.profiles, draft.program.target_bloc)
            bloc = assess_bloc(draft, members, self.session.assumptions, draft.program.target_bloc)
        result = program_checks(draft, statuses, self.session.assumptions, bloc=bloc)
        self.checklist.show_checks(result.checks, result.ready)
        self._show_bloc(bloc)
        self.result = result

    def _show_bloc(self, bloc) -> None:
        self.bloc_table.setVisible(bloc is not None)
        if bloc is None:
            self.bloc_summary.setText(_("Target: one country. Choose a bloc to assess the offer for each of its members."))
            return
        self.bloc_table.setRowCount(len(bloc.members))
        for r, m in enumerate(bloc.members):
            for c, text in enumerate((f"{m.name} ({m.iso3})", m.status, "—" if m.overall is None else f"{m.overall:.1f}", m.band)):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.bloc_table.setItem(r, c, item)
        if bloc.weakest is None:
            self.bloc_summary.setText(_("{name}: no member can be served.").format(name=bloc.name))
        else:
            blocked = ", ".join(f"{m.name} ({m.status})" for m in bloc.blocked)
            self.bloc_summary.setText(
                _("{name}: weakest member {name2} ({overall:.1f}); spread {spread:.1f} points across the members a deal can proceed in.").format(name=bloc.name, name2=bloc.weakest.name, overall=bloc.weakest.overall, spread=bloc.spread) + (_(" Cannot be served: {blocked}.").format(blocked=blocked) if blocked else "")
            )

    def accept_program(self) -> bool:
        """Apply the Program as one undoable change; explain and stay open if it is refused."""
        try:
            after = self.proposal()
            self.store.check_program(after)
        except DomainError as exc:
            dialogs.explain(self, _("AI Exports Program not changed"), str(exc))
            return False
        before = self.session.proposal
        if after != before:
            if after.country != before.country:
                change = ops.Change("several", _("AI Exports Program and target"), before, after)
            else:
                change = ops.set_program(before, after.program, _("AI Exports Program"))
            self.editor.apply(change)
        self.accept()
        return True
