"""Deltas against the pinned baseline: coloured ▲/▼ labels and a compact table of every figure."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QInputDialog, QLabel, QWidget

from ..core.baseline import DOWN, UP, Delta
from ..core.engine import GATE_LABEL
from ..core.i18n import N_, _
from ..core.model import DIMENSION_LABELS, DIMENSIONS, Proposal
from ..core.session import Session
from .theme import GREEN, RED, text_colour
from .widgets import follow, plain_label

UP_COLOUR = QColor(GREEN)  # on the light theme; the dark theme's through theme.text_colour
DOWN_COLOUR = QColor(RED)

# Short column heads (the full names are in each cell's tooltip).
_SHORT = {
    "overall": N_("Overall"),
    "acceptance": N_("Acceptance"),
    "assurance": N_("Assurance"),
    "sovereignty_alignment": N_("Sovereignty"),
    "absorptive_capacity": N_("Absorptive"),
    "security_trust": N_("Sec. & trust"),
    "continuity": N_("Continuity"),
    "commercial_viability": N_("Commercial"),
    "competitive_position": N_("Edge"),
}


def delta_colour(delta: Delta, dark: bool | None = None) -> QColor | None:
    """Green for up, red for down, None (the text colour) for no change; on the dark theme the
    lighter shades (the light theme's green and red are 3.2:1 and 2.5:1 on its dark window)."""
    colour = UP_COLOUR if delta.direction == UP else DOWN_COLOUR if delta.direction == DOWN else None
    return None if colour is None else QColor(text_colour(colour.name(), dark))


def show_delta(label: QLabel, delta: Delta | None, suffix: str = "") -> None:
    """Show a delta ('▲ 3.2') in its colour on a label, or clear the label."""
    text = "" if delta is None else delta.text + suffix
    colour = None if delta is None else delta_colour(delta)
    style = f"color: {colour.name()}; font-weight: 600;" if colour is not None else ""
    if label.text() != text:
        label.setText(text)
    if label.styleSheet() != style:
        label.setStyleSheet(style)
    desc = "" if delta is None else _("{label}: {now:.1f}, baseline {base:.1f}, change {value:+.1f}").format(label=delta.label, now=delta.now, base=delta.base, value=delta.value)
    if label.accessibleDescription() != desc:
        label.setAccessibleDescription(desc)
        label.setToolTip(desc)


class BaselineDeltasView(QFrame):
    """Every score against the baseline: the scores' changes and the line items' changes in points."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("baselineDeltas")
        self.setAccessibleName(_("Changes against the baseline"))
        self.session = session
        self.title = plain_label("", "muted")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.title, 0, 0, 1, len(_SHORT) + 2)
        grid.addWidget(plain_label(_("Score Δ"), "muted"), 2, 0)
        grid.addWidget(plain_label(_("Points Δ"), "muted"), 3, 0)
        self.score_cells: dict[str, QLabel] = {}
        self.item_cells: dict[str, QLabel] = {}
        keys = ["overall", "acceptance", "assurance", *DIMENSIONS]
        for col, key in enumerate(keys, start=1):
            head = plain_label(_(_SHORT[key]), "muted")
            head.setToolTip(DIMENSION_LABELS.get(key, _(_SHORT[key])))
            grid.addWidget(head, 1, col, Qt.AlignmentFlag.AlignRight)
            cell = plain_label()
            cell.setAccessibleName(_("{value} change against the baseline").format(value=_(_SHORT[key])))
            self.score_cells[key if key in ("overall", "acceptance", "assurance") else f"dim:{key}"] = cell
            grid.addWidget(cell, 2, col, Qt.AlignmentFlag.AlignRight)
            if key in DIMENSIONS or key == "overall":
                item = plain_label()
                label = DIMENSION_LABELS.get(key, "Overall")
                item.setAccessibleName(_("{label} line item change against the baseline").format(label=label))
                grid.addWidget(item, 3, col, Qt.AlignmentFlag.AlignRight)
                self.item_cells["overall" if key == "overall" else f"item:weight.{key}"] = item
        gate_head = plain_label(_("Shortfall"), "muted")
        gate_head.setToolTip(_(GATE_LABEL))
        grid.addWidget(gate_head, 1, len(keys) + 1, Qt.AlignmentFlag.AlignRight)
        gate = plain_label()
        gate.setAccessibleName(_("{GATE_LABEL} line item change against the baseline").format(GATE_LABEL=_(GATE_LABEL)))
        grid.addWidget(gate, 3, len(keys) + 1, Qt.AlignmentFlag.AlignRight)
        self.item_cells["item:gate.penalty_rate"] = gate
        follow(self, session, self.refresh, "assessment", "baseline")
        self.refresh()

    def refresh(self, *_args) -> None:
        deltas = self.session.deltas()
        self.setVisible(deltas is not None)
        if deltas is None:
            return
        base = self.session.baseline
        self.title.setText(_("Against the baseline “{label}” ({overall:.1f}):").format(label=base.label, overall=base.assessment.overall))
        for key, cell in self.score_cells.items():
            show_delta(cell, deltas.get(key))
        for key, cell in self.item_cells.items():
            show_delta(cell, deltas.get(key), _(" pts"))


def choose_proposal(parent: QWidget, proposals: list[Proposal], title: str) -> Proposal | None:
    """Pick one saved proposal by name, or None if cancelled (tests monkeypatch this)."""
    names = [f"{p.name} — {p.country}" for p in proposals]
    if not names:
        return None
    choice, ok = QInputDialog.getItem(parent, title, _("Proposal"), names, 0, False)
    if not ok:
        return None
    return proposals[names.index(choice)]
