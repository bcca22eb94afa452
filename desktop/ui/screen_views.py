"""Views of the destination screen and the AI Exports Program checklist.

- `BlockingPanel`: what the window shows in place of an assessment for an embargoed destination
  (status, reason, groups, financing, sources, as-of date, the screening-aid sentence).
- `screen_section`: the destination screen as a few labels (the country panel's first section).
- `ChecklistView`: the Program checklist, one row per requirement (met / not met / not stated).
The words come from core (DestinationStatus, Check); these only lay them out.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.i18n import _
from ..core.program import OK_TEXT, Check
from ..core.screen import FINANCING_LABELS as SCREEN_FINANCING
from ..core.screen import DestinationStatus
from .widgets import plain_label

STATUS_COLOURS = {
    "embargoed": QColor("#1f2937"),
    "denial": QColor("#7f1d1d"),
    "licence": QColor("#b45309"),
    "eligible": QColor("#15803d"),
}
CHECK_COLOURS = {True: QColor("#15803d"), False: QColor("#b91c1c"), None: QColor("#64748b")}
CHECK_MARKS = {True: "✓", False: "✗", None: "?"}


def chip(text: str, colour: QColor) -> QLabel:
    """A small coloured label (a status, a band): white text on colour."""
    label = plain_label(text)
    label.setStyleSheet(f"background:{colour.name()}; color:white; border-radius:5px; padding:2px 8px; font-weight:600;")
    label.setSizePolicy(label.sizePolicy().horizontalPolicy(), label.sizePolicy().verticalPolicy())
    return label


def set_chip(label: QLabel, text: str, colour: QColor) -> None:
    label.setText(text)
    label.setStyleSheet(f"background:{colour.name()}; color:white; border-radius:5px; padding:2px 8px; font-weight:600;")


def _sources_text(status: DestinationStatus, urls: bool = True) -> str:
    return "\n".join(
        f"{s.key}  {s.title} ({s.date})" + (f" — {s.url}" if s.url and urls else "") for s in status.sources
    )


class BlockingPanel(QWidget):
    """In place of the assessment for an embargoed destination: no score, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blockingPanel")
        self.setAccessibleName(_("Destination blocked"))
        self.title = plain_label("", "panelTitle", wrap=True)
        self.chip = chip(_("Prohibited"), STATUS_COLOURS["embargoed"])
        self.chip.setAccessibleName(_("Readiness band"))
        self.lead = plain_label("", wrap=True)
        self.lead.setAccessibleName(_("Why no assessment"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        for r, (key, label) in enumerate(
            (("status", _("Status")), ("reason", _("Reason")), ("groups", _("EAR country groups")), ("ofac", _("OFAC program")),
             ("financing", _("U.S. federal financing")), ("as_of", _("As of")), ("unverified", _("Unverified")),
             ("edited", _("Edited")), ("sources", _("Sources")))
        ):
            name = plain_label(label, "fieldName")
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            value = plain_label("", wrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            grid.addWidget(name, r, 0)
            grid.addWidget(value, r, 1)
            self.values[key] = value
            self.names[key] = name
        grid.setColumnStretch(1, 1)
        self.notice = plain_label("", "muted", wrap=True)
        self.levers_note = plain_label(
            _("The levers still move, but no deal exists to assess: no score, no moves, no brief, no optimisation. "
            "If your export-compliance team finds this status wrong, correct it with Edit ▸ Destination status… "
            "(a reason is recorded with the date)."),
            "muted",
            wrap=True,
        )
        head = QHBoxLayout()
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(10)
        box.addLayout(head)
        box.addWidget(self.lead)
        box.addLayout(grid)
        box.addWidget(self.notice)
        box.addWidget(self.levers_note)
        box.addStretch(1)

    def show_status(self, status: DestinationStatus) -> None:
        """Fill the panel from a destination status."""
        self.title.setText(_("No readiness score for {name}: comprehensive U.S. embargo").format(name=status.name))
        self.lead.setText(
            _("{name} is {lower}: no export of the package and no U.S. federal financing (EXIM, DFC, USTDA). Nothing here pretends a deal exists.").format(name=status.local_name, lower=status.label.lower())
        )
        v = self.values
        v["status"].setText(f"{status.label} ({status.status})")
        v["reason"].setText(status.reason)
        v["groups"].setText(status.groups_text + (f" — {status.groups_note}" if status.groups_note else ""))
        v["ofac"].setText(status.ofac or "—")
        v["financing"].setText(SCREEN_FINANCING[status.financing] + (f" — {status.financing_note}" if status.financing_note else ""))
        v["as_of"].setText(status.as_of)
        v["unverified"].setText(status.unverified or "—")
        v["edited"].setText(f"{status.edited_at[:10]}: {status.edit_reason}" if status.edited_at else "—")
        # Addresses in the tooltip (long unbroken URLs wrap badly), titles and dates on the panel.
        v["sources"].setText(_sources_text(status, urls=False))
        v["sources"].setToolTip(_sources_text(status))
        self.notice.setText(status.notice())
        self.setAccessibleDescription(_("Prohibited. {reason}. {notice}").format(reason=status.reason, notice=status.notice()))


def screen_section(status: DestinationStatus | None, box: QVBoxLayout, stale: str | None = None) -> None:
    """The destination screen as a titled section of labels added to box (the country panel)."""
    box.addWidget(plain_label(_("Destination screen"), "sectionTitle", wrap=True))
    if status is None:
        box.addWidget(plain_label(_("No destination status for this country."), "muted", wrap=True))
        return
    row = QHBoxLayout()
    status_chip = chip(status.label, STATUS_COLOURS[status.status])
    status_chip.setAccessibleName(_("Destination status"))
    status_chip.setAccessibleDescription(f"{status.label}: {status.reason}")
    row.addWidget(status_chip)
    row.addWidget(plain_label(_("as of {as_of}").format(as_of=status.as_of) + ("" if status.verified else _(" · unverified point")), "muted"), 1)
    box.addLayout(row)
    box.addWidget(plain_label(status.reason, wrap=True))
    box.addWidget(plain_label(
        _("Groups: {groups_text}. U.S. federal financing: {financing}").format(groups_text=status.groups_text, financing=SCREEN_FINANCING[status.financing])
        + (f" ({status.financing_note})" if status.financing_note else "") + ".",
        "rationale", wrap=True))
    for text in (status.caveat, _("Unverified: {unverified}").format(unverified=status.unverified) if status.unverified else "",
                 _("Edited {value}: {edit_reason}").format(value=status.edited_at[:10], edit_reason=status.edit_reason) if status.edited_at else "", stale or ""):
        if text:
            box.addWidget(plain_label(f"⚠ {text}", "dated", wrap=True))
    sources = plain_label(_("Sources: ") + "; ".join(f"{s.key} {s.title} ({s.date})" for s in status.sources), "rationale", wrap=True)
    sources.setToolTip(_sources_text(status))
    box.addWidget(sources)
    box.addWidget(plain_label(_("Screening aid, not a legal determination. Edit ▸ Destination status… corrects it "
                              "(a reason is recorded)."), "muted", wrap=True))


class ChecklistView(QWidget):
    """The Program checklist: a mark, the requirement and (full) why, per row; updated in place."""

    def __init__(self, full: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("AI Exports Program checklist"))
        self.full = full
        self.summary = plain_label("", wrap=True)  # normal weight: it sits inside a titled group
        self.summary.setAccessibleName(_("Program checklist summary"))
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4 if full else 1)
        self._rows: list[tuple[QLabel, QLabel, QLabel | None]] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.summary)
        box.addLayout(self._grid)

    def show_checks(self, checks: Sequence[Check], ready: bool) -> None:
        while len(self._rows) < len(checks):
            r = len(self._rows)
            mark = plain_label("")
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setMinimumWidth(16)
            label = plain_label("", wrap=True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            why = plain_label("", "rationale", wrap=True) if self.full else None
            self._grid.addWidget(mark, r, 0)
            self._grid.addWidget(label, r, 1)
            if why is not None:
                self._grid.addWidget(why, r, 2)
                self._grid.setColumnStretch(2, 3)
            self._grid.setColumnStretch(1, 2 if self.full else 1)
            if self.full:
                label.setMinimumWidth(170)
            self._rows.append((mark, label, why))
        met = sum(c.ok is True for c in checks)
        missed = sum(c.ok is False for c in checks)
        unstated = len(checks) - met - missed
        self.summary.setText(
            (_("Ready: every requirement is met.") if ready else _("Not ready"))
            + ("" if ready else _(" — {met} met, {missed} not met, {unstated} not stated.").format(met=met, missed=missed, unstated=unstated))
        )
        for (mark, label, why), check in zip(self._rows, checks, strict=False):
            mark.setText(CHECK_MARKS[check.ok])
            mark.setStyleSheet(f"color:{CHECK_COLOURS[check.ok].name()};")
            label.setText(check.label)
            label.setToolTip(check.message)
            label.setAccessibleName(f"{check.label}: {OK_TEXT[check.ok]}")
            label.setAccessibleDescription(check.message)
            if why is not None:
                why.setText(check.message)
        for i, row in enumerate(self._rows):
            for w in row:
                if w is not None:
                    w.setVisible(i < len(checks))
