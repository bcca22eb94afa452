"""The timeline of settled states with their lever and measure changes; reasons typed in; any state's levers restored (undoable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import N_, _
from ..core.model import LEVER_LABELS, LEVERS, DomainError
from ..core.session import Session
from ..core.vocabulary import measure_label
from ..store import Store, StoreError
from ..store.persister import Persister
from ..store.timeline import change_text, timeline
from .assessment_panel import BAND_COLOURS
from .clipboard import TableCopy
from .editor import Editor
from .local_time import local_clock, local_time
from .widgets import follow, plain_label

SNAPSHOT_ROLE = Qt.ItemDataRole.UserRole
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (N_("Settled state / lever change"), N_("Reason (private)"))
STATE_COLUMN, REASON_COLUMN = 0, 1


def when(stamp: str) -> str:
    """A stored UTC timestamp as local date and time, with seconds and the zone (e.g. "CET")."""
    return local_time(stamp, seconds=True)


def levers_text(levers: dict[str, Any]) -> str:
    """Lever positions in a compact form: 'S 70 · R 55 · O 45 · P 70'."""
    return " · ".join(f"{LEVER_LABELS[lv][0]} {int(levers.get(lv, 0))}" for lv in LEVERS)


def state_text(entry: dict[str, Any]) -> str:
    """One settled state on a line: time, score and band, lever positions."""
    return f"{local_clock(entry['created'])}   {entry['overall']:.1f} {entry['band']}   {levers_text(entry['levers'])}"


class TimelinePanel(QWidget):
    """Settled states of the current proposal, newest first, each with the lever changes that led to it."""

    restored = Signal(int)  # snapshot id

    def __init__(self, session: Session, editor: Editor, store: Store, persister: Persister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.session = session
        self.editor = editor
        self.store = store
        self.persister = persister
        self._entries: dict[int, dict[str, Any]] = {}
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Timeline of settled states"))
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Shift/Ctrl: rows to copy
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.copier = TableCopy(self.tree, more=self._more_menu)  # reasons are private: internal
        self.restore_button = QPushButton(_("&Restore this state"))
        self.restore_button.setAccessibleName(_("Restore the selected state"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.hint = plain_label(
            _("A state is recorded when edits settle. Double-click a change's Reason cell (or press F2) to say why; "
            "reasons stay private to you."),
            "sourceNote",
            wrap=True,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.tree, 1)
        box.addLayout(buttons)
        box.addWidget(self.hint)
        self._shown_id: int | None = None
        follow(self, session, self.refresh, "opened", "history")
        self.refresh()

    def refresh(self, _changes=None) -> None:
        """Reload the current proposal's timeline from the store (the selected row stays selected)."""
        current = self.tree.currentItem()
        keep = None if current is None else (current.data(0, SNAPSHOT_ROLE), current.data(0, CHANGE_ROLE))
        pid = self.session.proposal.id
        entries = [] if pid is None else timeline(self.store, pid)
        if pid == self._shown_id and {e["id"]: e for e in entries} == self._entries:
            return  # what is shown is what is stored (a reason typed here, say)
        self._shown_id = pid
        self._entries = {e["id"]: e for e in entries}
        names = {m.id: measure_label(m) for m in self.session.assumptions.measures}
        blocked = self.tree.blockSignals(True)  # filling the tree is not the user typing a reason
        self.tree.clear()
        for e in entries:
            top = QTreeWidgetItem([state_text(e), ""])
            top.setData(0, SNAPSHOT_ROLE, e["id"])
            top.setForeground(0, BAND_COLOURS.get(e["band"], top.foreground(0)))
            top.setToolTip(
                0,
                _("{when} · overall {overall:.2f} ({band}) · assumption set v{assumptions_version}\n{levers_text} (Security, Resilience, Openness, Partnership)").format(when=when(e['created']), overall=e['overall'], band=e['band'], assumptions_version=e['assumptions_version'], levers_text=levers_text(e['levers'])),
            )
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsEditable)
            for c in e["changes"]:
                child = QTreeWidgetItem([change_text(c, names), c["reason"]])
                child.setData(0, CHANGE_ROLE, c["id"])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsEditable)
                child.setToolTip(REASON_COLUMN, _("Double-click (or F2) to type the reason for this change"))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(STATE_COLUMN)
        self.tree.setColumnWidth(STATE_COLUMN, min(self.tree.columnWidth(STATE_COLUMN), 360))
        self.tree.blockSignals(blocked)
        self._reselect(keep)

    def _reselect(self, keep: tuple[Any, Any] | None) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in (top, *(top.child(j) for j in range(top.childCount()))):
                if keep is not None and (item.data(0, SNAPSHOT_ROLE), item.data(0, CHANGE_ROLE)) == keep:
                    self.tree.setCurrentItem(item)
                    return
        self.restore_button.setEnabled(False)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        change_id = item.data(0, CHANGE_ROLE)
        if column != REASON_COLUMN or change_id is None:
            return
        reason = item.text(REASON_COLUMN).strip()
        for entry in self._entries.values():  # as it will be stored: the refresh it causes changes nothing
            for change in entry["changes"]:
                if change["id"] == change_id:
                    change["reason"] = reason
        try:
            self.persister.set_reason(int(change_id), reason)
        except (DomainError, StoreError):
            self._entries = {}
            self.refresh()

    def _more_menu(self, menu, _index) -> None:
        restore = menu.addAction(_("&Restore this state"), self.restore_selected)
        restore.setEnabled(self._snapshot_of(self.tree.currentItem()) is not None)

    def _snapshot_of(self, item: QTreeWidgetItem | None) -> int | None:
        while item is not None and item.data(0, SNAPSHOT_ROLE) is None:
            item = item.parent()
        return None if item is None else int(item.data(0, SNAPSHOT_ROLE))

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self.restore_button.setEnabled(self._snapshot_of(current) is not None)

    def select_snapshot(self, snapshot_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, SNAPSHOT_ROLE) == snapshot_id:
                self.tree.setCurrentItem(item)
                return

    def restore_selected(self) -> bool:
        """Move the levers back to the selected state's positions (one undo step)."""
        snapshot_id = self._snapshot_of(self.tree.currentItem())
        entry = self._entries.get(snapshot_id) if snapshot_id is not None else None
        if entry is None:
            return False
        change = ops.set_levers(
            self.session.proposal,
            {lv: int(entry["levers"][lv]) for lv in LEVERS if lv in entry["levers"]},
            _("Restore state of {when}").format(when=when(entry['created'])),
        )
        if not self.editor.apply(change):
            return False
        self.restored.emit(snapshot_id)
        return True
