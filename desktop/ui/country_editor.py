"""Edit ▸ Country data…: the current country's sovereignty profile; estimates editable with a reason.

Published facts (the IMF pillars, and any profile figure marked published) are shown read-only.
Saving is an undoable session edit (core.edits.edit_profile: kind "estimate", when and why recorded;
an edited default becomes an estimate), which the persister writes.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.edits import edit_profile, editable_fields
from ..core.i18n import _
from ..core.model import (
    LEVER_LABELS,
    LEVERS,
    PILLAR_LABELS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    DomainError,
)
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
        self.setWindowTitle(_("Country data — {name}").format(name=profile.name))
        self.resize(720, 560)
        editable = set(editable_fields(profile))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.spins: dict[str, QSpinBox] = {}
        grid.addWidget(plain_label(_("Sovereignty profile (0–100)"), "sectionTitle"), 0, 0, 1, 3)
        for r, field in enumerate(PROFILE_FIELDS, start=1):
            fig = profile.sovereignty[field]
            grid.addWidget(plain_label(PROFILE_LABELS[field], wrap=True), r, 0)
            kind = KIND_TEXT.get(fig.kind, fig.kind)
            if fig.edited_at:
                kind += _(" · user-edited {value}: {edit_reason}").format(value=fig.edited_at[:10], edit_reason=fig.edit_reason)
            if field in editable:
                spin = QSpinBox()
                spin.setRange(0, 100)
                spin.setValue(int(round(fig.value)))
                spin.setAccessibleName(PROFILE_LABELS[field])
                spin.setToolTip(f"{fig.rationale}\n{fig.source}, {fig.year}")
                self.spins[field] = spin
                grid.addWidget(spin, r, 1)
            else:
                grid.addWidget(plain_label(_("{value:.0f} (published, read-only)").format(value=fig.value)), r, 1)
            grid.addWidget(plain_label(kind, f"kind_{fig.kind}", wrap=True), r, 2)
        row = len(PROFILE_FIELDS) + 1
        self.alt_spins: dict[str, QDoubleSpinBox] = {}
        alt = profile.alternative
        if alt is not None:
            title = _("Alternative offer — {provider} ({get})").format(provider=alt.provider, get=KIND_TEXT.get(alt.kind, alt.kind))
            if alt.edited_at:
                title += _(" · user-edited {value}: {edit_reason}").format(value=alt.edited_at[:10], edit_reason=alt.edit_reason)
            grid.addWidget(plain_label(title, "sectionTitle", wrap=True), row, 0, 1, 3)
            fields = [(lv, _("{value} (as the country credits it, 0–100)").format(value=LEVER_LABELS[lv]), 0.0, 100.0, 1.0, 0, float(alt.positions[lv]))
                      for lv in LEVERS]
            fields += [("price", _("Price relative to ours at market (0.5–1.5)"), 0.5, 1.5, 0.01, 2, float(alt.price)),
                       ("financing_share", _("Share financed on concessional terms (0–1)"), 0.0, 1.0, 0.05, 2,
                        float(alt.financing_share))]
            for r, (field, label, low, high, step, decimals, value) in enumerate(fields, start=row + 1):
                grid.addWidget(plain_label(label, wrap=True), r, 0)
                spin = QDoubleSpinBox()
                spin.setRange(low, high)
                spin.setSingleStep(step)
                spin.setDecimals(decimals)
                spin.setValue(value)
                spin.setAccessibleName(_("Alternative offer: {label}").format(label=label))
                spin.setToolTip(alt.rationale)
                self.alt_spins[field] = spin
                grid.addWidget(spin, r, 1)
            row += len(fields) + 1
        grid.addWidget(plain_label(_("Capacity — IMF AI Preparedness Index (published, read-only)"), "sectionTitle"), row, 0, 1, 3)
        for i, k in enumerate(PILLARS, start=row + 1):
            fig = profile.pillars[k]
            grid.addWidget(plain_label(PILLAR_LABELS[k]), i, 0)
            grid.addWidget(plain_label(_("not published") if fig.missing else f"{fig.value:.3f}"), i, 1)
            grid.addWidget(plain_label(fig.source, "muted", wrap=True), i, 2)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why are you changing these figures? (required, recorded with the date)"))
        self.reason.setAccessibleName(_("Reason for the change"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addWidget(plain_label(
            _("Estimates are analyst judgements; a default is derived from a rule. Editing either records when and why "
            "and marks it a user-edited estimate. Published facts cannot be edited."), "muted", wrap=True))
        box.addWidget(self.reason)
        box.addWidget(buttons)

    def changes(self) -> dict[str, float]:
        """The fields whose value differs from the profile's."""
        profile = self.session.profiles[self.iso3]
        return {f: float(s.value()) for f, s in self.spins.items() if float(s.value()) != round(profile.sovereignty[f].value)}

    def alternative_changes(self) -> dict[str, float]:
        """The alternative-offer fields whose value differs from the stored offer."""
        alt = self.session.profiles[self.iso3].alternative
        if alt is None:
            return {}
        current = {lv: float(alt.positions[lv]) for lv in LEVERS} | {"price": float(alt.price),
                                                                   "financing_share": float(alt.financing_share)}
        return {f: round(s.value(), s.decimals()) for f, s in self.alt_spins.items()
                if round(s.value(), s.decimals()) != round(current[f], s.decimals())}

    def save(self) -> bool:
        """Write the changes with the reason; explain and stay open if refused."""
        changes, alternative = self.changes(), self.alternative_changes()
        if not changes and not alternative:
            self.reject()
            return False
        try:
            self.session.apply(edit_profile(self.session.profiles, self.iso3, changes, self.reason.text(), now(),
                                            alternative=alternative))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self, _("Country data not saved"), str(exc))
            return False
        self.accept()
        return True
