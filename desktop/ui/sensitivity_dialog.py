"""View ▸ Sensitivity: the tornado of the current proposal and the ±1-step analysis per lever."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import _
from ..core.sensitivity import Tornado, lever_steps, tornado
from ..core.session import Session
from .tornado_chart import TornadoEntry, TornadoView
from .when_shown import RefreshWhenShown
from .widgets import follow, plain_label

TOP_N = 12


def tornado_entries(t: Tornado, n: int = TOP_N) -> list[TornadoEntry]:
    """The n largest bars of a tornado as chart entries (label, range, scores at both ends)."""
    out = []
    for bar in t.top(n):
        i = bar.input
        label = i.label if i.kind == "profile" else i.key
        out.append(TornadoEntry(label, _("{low:g}–{high:g} around {value:g}").format(low=i.low, high=i.high, value=i.value), bar.at_low, bar.at_high))
    return out


class SensitivityDialog(QDialog):
    """A non-modal window that follows the session: tornado on top, lever steps below."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Sensitivity"))
        self.resize(820, 720)
        self.summary = plain_label("", "muted", wrap=True)
        self.chart = TornadoView()
        self.steps = QTableWidget(4, 5)
        self.steps.setAccessibleName(_("Lever steps"))
        self.steps.setHorizontalHeaderLabels([_("Lever"), _("Now"), _("One step down"), _("One step up"), _("Sides ↓ · ↑")])
        self.steps.verticalHeader().setVisible(False)
        self.steps.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.steps.setMaximumHeight(170)
        self.steps.horizontalHeaderItem(4).setToolTip(_("Counterpart acceptance / exporter assurance, one step down · one step up"))
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.chart, 1)
        box.addWidget(plain_label(_("±1 step per lever (moves.lever_step), within 0–100 and your red lines"), "sectionTitle"))
        box.addWidget(self.steps)
        self._shown = RefreshWhenShown(self, self.refresh, stale=False)
        follow(self, session, lambda _changes: self._shown.request(), "assessment")
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        self._shown.done()
        if not s.assessment.scored:  # an embargoed destination: no score, nothing to vary
            self.chart.set_data(0.0, [])
            self.steps.clearContents()
            self.summary.setText(_("{name} for {name2}: no readiness score (comprehensive U.S. embargo), so no sensitivity. See the blocking panel for the reason and sources.").format(name=s.proposal.name, name2=s.profile.name))
            return
        self._t = tornado(s.proposal, s.profile, s.assumptions)
        entries = tornado_entries(self._t)
        self.chart.set_data(self._t.base, entries)
        top = self._t.bars[0] if self._t.bars else None
        text = (_("{name} for {name2}, assumption set v{version}: overall {base:.1f}. Each input is moved alone to the low and the high end of its plausible range (assumptions: their range; profile estimates and defaults: their stated low–high, or for an edited value ± uncertainty.estimate_halfwidth; published IMF figures are not moved).").format(name=s.proposal.name, name2=s.profile.name, version=s.assumptions.version, base=self._t.base))
        if top is not None:
            text += _(" Largest swing: {label} ({at_low:.1f} to {at_high:.1f}).").format(label=top.input.label, at_low=top.at_low, at_high=top.at_high)
        self.summary.setText(text)
        for r, row in enumerate(lever_steps(s.proposal, s.profile, s.assumptions)):
            def cell(c: int, value: str, row_index: int = r) -> None:
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.steps.setItem(row_index, c, item)

            cell(0, row["label"])
            cell(1, str(row["value"]))
            sides = []
            for c, name in ((2, "down"), (3, "up")):
                step = row[name]
                if step is None:
                    cell(c, _("— (at a limit)"))
                    sides.append("—")
                else:
                    cell(c, f"→ {step['to']}: {step['overall']:.1f} ({step['delta']:+.2f}) {step['band']}")
                    sides.append(f"{step['acceptance']:.0f}/{step['assurance']:.0f}")
            cell(4, " · ".join(sides))
