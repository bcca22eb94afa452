"""Edit ▸ Country data…: the current country's sovereignty profile; estimates editable with a reason.

Published facts (the IMF pillars, and any profile figure marked published) are shown read-only.
Saving is an undoable session edit (core.edits.edit_profile: kind "estimate", when and why recorded;
an edited default becomes an estimate), which the persister writes.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import edit_profile, editable_fields
from ..core.model import PILLAR_LABELS, PILLARS, PROFILE_FIELDS, PROFILE_LABELS, DomainError
from ..core.session import Session
from ..store import Store, StoreError
from ..store.clock import now
from . import dialogs
from .country_panel import KIND_TEXT
from .widgets import plain_label


class CountryEditor(QDialog):
    """The six profile fields of the session's country, and its published capacity figures."""

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        profile = session.profile
        self.iso3 = profile.iso3
        self.setWindowTitle(f"Country data — {profile.name}")
        self.resize(720, 560)
        editable = set(editable_fields(profile))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.spins: dict[str, QSpinBox] = {}
        grid.addWidget(plain_label("Sovereignty profile (0–100)", "sectionTitle"), 0, 0, 1, 3)
        for r, field in enumerate(PROFILE_FIELDS, start=1):
            fig = profile.sovereignty[field]
            grid.addWidget(plain_label(PROFILE_LABELS[field], wrap=True), r, 0)
            kind = KIND_TEXT.get(fig.kind, fig.kind)
            if fig.edited_at:
                kind += f" · user-edited {fig.edited_at[:10]}: {fig.edit_reason}"
            if field in editable:
                spin = QSpinBox()
                spin.setRange(0, 100)
                spin.setValue(int(round(fig.value)))
                spin.setAccessibleName(PROFILE_LABELS[field])
                spin.setToolTip(f"{fig.rationale}\n{fig.source}, {fig.year}")
                self.spins[field] = spin
                grid.addWidget(spin, r, 1)
            else:
                grid.addWidget(plain_label(f"{fig.value:.0f} (published, read-only)"), r, 1)
            grid.addWidget(plain_label(kind, f"kind_{fig.kind}", wrap=True), r, 2)
        row = len(PROFILE_FIELDS) + 1
        grid.addWidget(plain_label("Capacity — IMF AI Preparedness Index (published, read-only)", "sectionTitle"), row, 0, 1, 3)
        for i, k in enumerate(PILLARS, start=row + 1):
            fig = profile.pillars[k]
            grid.addWidget(plain_label(PILLAR_LABELS[k]), i, 0)
            grid.addWidget(plain_label("not published" if fig.missing else f"{fig.value:.3f}"), i, 1)
            grid.addWidget(plain_label(fig.source, "muted", wrap=True), i, 2)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why are you changing these figures? (required, recorded with the date)")
        self.reason.setAccessibleName("Reason for the change")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addWidget(plain_label(
            "Estimates are analyst judgements; a default is derived from a rule. Editing either records when and why "
            "and marks it a user-edited estimate. Published facts cannot be edited.", "muted", wrap=True))
        box.addWidget(self.reason)
        box.addWidget(buttons)

    def changes(self) -> dict[str, float]:
        """The fields whose value differs from the profile's."""
        profile = self.session.profiles[self.iso3]
        return {f: float(s.value()) for f, s in self.spins.items() if float(s.value()) != round(profile.sovereignty[f].value)}

    def save(self) -> bool:
        """Write the changes with the reason; explain and stay open if refused."""
        changes = self.changes()
        if not changes:
            self.reject()
            return False
        try:
            self.session.apply(edit_profile(self.session.profiles, self.iso3, changes, self.reason.text(), now()))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self, "Country data not saved", str(exc))
            return False
        self.accept()
        return True
