"""Dialogs the window asks through; tests replace these functions (monkeypatch) to answer them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import _, ngettext
from ..core.model import CountryProfile, Proposal
from .local_time import local_time
from .widgets import CountryPicker, buddy_label


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A line of text, or None if cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value.strip() if ok else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes/No; No is the default."""
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_replace(parent: QWidget | None, title: str, paths: list[str]) -> bool:
    """A file about to be written exists already: Replace (True) or Cancel (the default, False)."""
    names = "\n".join(paths)
    box = QMessageBox(QMessageBox.Icon.Question, title, ngettext("Already there:\n{names}\n\nReplace it?", "Already there:\n{names}\n\nReplace them?", len(paths)).format(names=names),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    replace = box.addButton(_("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is replace


def explain(parent: QWidget | None, title: str, text: str) -> None:
    """An explanatory error dialog (never a traceback)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def offer_restore(parent: QWidget | None, db: Path, detail: str, corrupt_copy: Path | None, backup: Path) -> bool:
    """The database is damaged: restore the latest verified backup (True) or quit (False)."""
    kept = _("A copy of the damaged file is kept as\n{corrupt_copy}\n\n").format(corrupt_copy=corrupt_copy) if corrupt_copy else ""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("The database is damaged"),
        _("{db} is damaged ({detail}).\n\n{kept}The latest verified backup is\n{backup}\n\nRestore it and continue, or quit and leave everything as it is?").format(db=db, detail=detail, kept=kept, backup=backup),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    restore = box.addButton(_("Restore backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


class NewProposalDialog(QDialog):
    """Name and target country for a new proposal."""

    def __init__(
        self, parent: QWidget, profiles: dict[str, CountryProfile], default_iso: str, default_name: str, outside=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New proposal"))
        self.name = QLineEdit(default_name)
        self.name.setAccessibleName(_("Proposal name"))
        self.country = CountryPicker(profiles)
        # Destinations the screen knows but the index does not (Cuba, North Korea …): listed, so that
        # choosing one says why no proposal can be made for it.
        self.outside = dict(outside or {})
        for iso, status in sorted(self.outside.items(), key=lambda kv: kv[1].name):
            self.country.addItem(_("{name} — {iso} ({lower}: no proposal)").format(name=status.name, iso=iso, lower=status.label.lower()), iso)
        self.country.setCurrentIndex(max(0, self.country.row_of(default_iso)))
        form = QFormLayout()
        form.addRow(buddy_label(_("&Name"), self.name), self.name)
        form.addRow(buddy_label(_("&Country"), self.country), self.country)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)

    def accept(self) -> None:
        status = self.outside.get(self.country.currentData())
        if status is not None:
            from ..core.screen import not_assessable

            explain(self, _("New proposal"), not_assessable(status) + ".")
            return
        super().accept()


def ask_new_proposal(
    parent: QWidget, profiles: dict[str, CountryProfile], default_iso: str, default_name: str, outside=None
) -> tuple[str, str] | None:
    """(name, iso3) for a new proposal, or None if cancelled (outside: screened destinations with no profile)."""
    dialog = NewProposalDialog(parent, profiles, default_iso, default_name, outside)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text().strip(), dialog.country.currentData()


class OpenDialog(QDialog):
    """Saved proposals, filtered as you type.

    proposals: a list (filtered here), or fetch(text, limit, offset) returning the matching rows a
    page at a time (the store filters and pages them in SQL: a search keystroke or a scroll to the
    end reads one page, whatever the number of proposals).
    """

    PAGE = 200

    def __init__(
        self,
        parent: QWidget,
        proposals: Sequence[Proposal] | Callable[[str, int, int], Sequence[Any]],
        profiles: dict[str, CountryProfile],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open proposal"))
        self.resize(520, 420)
        self._fetch = proposals if callable(proposals) else None
        self._profiles = profiles
        self._complete = False
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Search by name or country…"))
        self.filter.setAccessibleName(_("Search proposals"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Saved proposals"))
        if self._fetch is None:
            self._add(proposals)  # type: ignore[arg-type]
        else:
            self._load_page("")
            self.list.verticalScrollBar().valueChanged.connect(self._maybe_more)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._on_filter)
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.filter)
        box.addWidget(self.list)
        box.addWidget(buttons)

    def _add(self, proposals: Sequence[Any]) -> None:
        for p in proposals:
            country = getattr(p, "country_name", None) or (
                self._profiles[p.country].name if p.country in self._profiles else p.country
            )
            label = f"{p.name}  —  {country}  ·  {local_time(p.modified)}"  # local, with the zone (stored UTC)
            if p.example:
                label += _("  (example)")
            item = QListWidgetItem(label)
            if p.description:
                item.setToolTip(p.description)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{p.name} {country} {p.country}".lower())
            self.list.addItem(item)

    def _load_page(self, text: str) -> None:
        assert self._fetch is not None
        rows = self._fetch(text, self.PAGE, self.list.count())
        self._complete = len(rows) < self.PAGE
        self._add(rows)

    def _maybe_more(self, value: int) -> None:
        """Scrolled to the end: read the next page."""
        if not self._complete and value >= self.list.verticalScrollBar().maximum():
            self._load_page(self.filter.text().strip())

    def _on_filter(self, text: str) -> None:
        if self._fetch is not None:
            self.list.clear()
            self._load_page(text.strip())
            if self.list.count():
                self.list.setCurrentRow(0)
            return
        needle = text.strip().lower()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = needle not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.data(Qt.ItemDataRole.UserRole)


def ask_open(
    parent: QWidget,
    proposals: Sequence[Proposal] | Callable[[str, int, int], Sequence[Any]],
    profiles: dict[str, CountryProfile],
) -> int | None:
    """The id of the proposal to open, or None."""
    dialog = OpenDialog(parent, proposals, profiles)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen_id()
