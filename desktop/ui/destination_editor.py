"""Edit ▸ Destination status…: correct the current country's destination screen, with a required reason.

Like Edit ▸ Country data…: saving is an undoable session edit (core.edits.edit_destination: when
and why recorded, shown with the status) that the persister writes, logging the before and after;
every view re-screens at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import clean_changes, edit_destination
from ..core.i18n import _
from ..core.model import DomainError
from ..core.screen import FINANCING, STATUS_LABELS, STATUSES
from ..core.session import Session
from ..store import Store, StoreError
from ..store.clock import now
from ..store.destinations import destination_edits
from . import dialogs
from .widgets import buddy_label, plain_label


class DestinationEditor(QDialog):
    """The destination status of the session's country: category, groups, reason, financing; a reason to change."""

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.session = store, session
        status = session.profile.destination
        self.iso3 = status.iso3
        self.setWindowTitle(_("Destination status — {name}").format(name=status.name))
        self.resize(720, 520)
        self.status = QComboBox()
        for key in STATUSES:
            self.status.addItem(f"{STATUS_LABELS[key]} ({key})", key)
        self.status.setCurrentIndex(STATUSES.index(status.status))
        self.status.setAccessibleName(_("Destination status"))
        self.groups = QLineEdit(", ".join(status.groups))
        self.groups.setAccessibleName(_("EAR country groups"))
        self.groups.setPlaceholderText(_("e.g. D:1, D:4 (empty: no D/E group)"))
        self.reason_text = QLineEdit(status.reason)
        self.reason_text.setAccessibleName(_("Why this status"))
        self.financing = QComboBox()
        self.financing.addItems(FINANCING)
        self.financing.setCurrentIndex(FINANCING.index(status.financing))
        self.financing.setAccessibleName(_("U.S. federal financing"))
        self.financing_note = QLineEdit(status.financing_note)
        self.financing_note.setAccessibleName(_("Financing note"))
        self.verified = QCheckBox(_("Verified"))
        self.verified.setChecked(status.verified)
        self.unverified = QLineEdit(status.unverified)
        self.unverified.setAccessibleName(_("What is not verified"))
        form = QFormLayout()
        form.addRow(buddy_label(_("&Status"), self.status), self.status)
        form.addRow(buddy_label(_("EAR &groups"), self.groups), self.groups)
        form.addRow(buddy_label(_("Reason for the &status"), self.reason_text), self.reason_text)
        form.addRow(buddy_label(_("U.S. federal &financing"), self.financing), self.financing)
        form.addRow(buddy_label(_("Financing &note"), self.financing_note), self.financing_note)
        form.addRow(plain_label(""), self.verified)
        form.addRow(buddy_label(_("&Unverified"), self.unverified), self.unverified)
        self.why = QLineEdit()
        self.why.setPlaceholderText(_("Why are you changing this status? (required, recorded with the date)"))
        self.why.setAccessibleName(_("Reason for the change"))
        history = destination_edits(store, self.iso3)
        lines = [f"{e['time'][:10]}: {e['before']['status']} → {e['after']['status']} — {e['reason']}" for e in history[:5]]
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(plain_label(_("{name} ({iso3}) — as of {as_of}").format(name=status.name, iso3=status.iso3, as_of=status.as_of), "panelTitle", wrap=True))
        box.addLayout(form)
        box.addWidget(plain_label(_("Sources: ") + "; ".join(f"{s.key} {s.title} ({s.date})" for s in status.sources),
                                  "rationale", wrap=True))
        box.addWidget(plain_label(
            _("A screening aid, not a legal determination. Correct a status when your export-compliance team finds it "
            "wrong or out of date: the change and its reason are recorded with the date and shown with the status."),
            "muted", wrap=True))
        if lines:
            box.addWidget(plain_label(_("Earlier edits:\n") + "\n".join(lines), "rationale", wrap=True))
        box.addWidget(self.why)
        box.addWidget(buttons)

    def changes(self) -> dict:
        """The fields as entered (edit_destination keeps only those that differ)."""
        return {
            "status": self.status.currentData(),
            "groups": [g for g in self.groups.text().replace(";", ",").split(",") if g.strip()],
            "reason": self.reason_text.text(),
            "financing": self.financing.currentText(),
            "financing_note": self.financing_note.text(),
            "verified": self.verified.isChecked(),
            "unverified": self.unverified.text(),
        }

    def save(self) -> bool:
        """Write the changes with the reason; explain and stay open if refused."""
        s = self.session
        if not clean_changes(s.profiles[self.iso3].destination, self.changes()):
            self.reject()  # nothing differs: nothing to record
            return False
        try:
            s.apply(edit_destination(s.profiles, self.iso3, self.changes(), self.why.text(), now()))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self, _("Destination status not saved"), str(exc))
            return False
        self.accept()
        return True
