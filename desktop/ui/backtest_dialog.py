"""View ▸ Backtest: how well the neutral score, and IMF capacity alone, separate the outcomes of 2025–2026.

The numbers come from core.backtest over the store's outcome ledger (store.outcomes); the
window only shows them: the AUCs with their intervals, the warnings, every country with its
outcome and score (most wrong first), and the ledger with its sources.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.backtest import KIND_LABELS, Backtest, backtest
from ..core.i18n import _, figure, ngettext
from ..store import Store
from ..store.outcomes import profiles_before_review, read_outcomes
from .widgets import plain_label


class BacktestDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Backtest: the score against what happened"))
        self.resize(900, 720)
        self.verified = QCheckBox(_("Verified outcomes only"))
        self.verified.setToolTip(_("Leave out outcomes whose only source is single or weak (marked unverified)"))
        self.verified.toggled.connect(self.refresh)
        self.summary = plain_label("", "fieldName", wrap=True)
        self.summary.setObjectName("backtestSummary")
        self.warnings = plain_label("", "dated", wrap=True)
        self.warnings.setObjectName("backtestWarnings")
        self.cases = QTableWidget(0, 5)
        self.cases.setAccessibleName(_("Countries, most wrong first"))
        self.cases.setHorizontalHeaderLabels([_("Country"), _("Outcome"), _("Neutral score"), _("IMF capacity"), _("What happened")])
        self.cases.verticalHeader().setVisible(False)
        self.cases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cases.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.ledger = QTableWidget(0, 5)
        self.ledger.setAccessibleName(_("Outcome ledger"))
        self.ledger.setHorizontalHeaderLabels([_("Date"), _("Country"), _("What happened"), _("Status"), _("Source")])
        self.ledger.verticalHeader().setVisible(False)
        self.ledger.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ledger.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        box = QVBoxLayout(self)
        box.addWidget(plain_label(_("Does the neutral score separate the countries that signed a U.S. government AI partnership "
                                  "or the Pax Silica declaration from those that chose a rival, stalled or did not sign? "
                                  "AUC: 0.5 is chance, 1 is perfect separation."), "muted", wrap=True))
        box.addWidget(self.verified)
        box.addWidget(self.summary)
        box.addWidget(self.warnings)
        box.addWidget(plain_label(_("Countries, most wrong first"), "sectionTitle"))
        box.addWidget(self.cases, 3)
        box.addWidget(plain_label(_("The outcome ledger (export-desk outcomes add … records your own, private)"), "sectionTitle"))
        box.addWidget(self.ledger, 2)
        self.result: Backtest | None = None
        self.refresh()

    def refresh(self, *_args) -> None:
        outcomes = read_outcomes(self.store)
        result = backtest(outcomes, self.store.profiles(), self.store.assumption_set(), profiles_before_review(self.store),
                          verified_only=self.verified.isChecked(), reps=1000)
        self.result = result
        d = result.to_dict()

        def line(label: str, key: str) -> str:
            value = d["auc"][key]
            if value is None:
                return f"{label}: n/a"
            lo, hi = d["interval"][key]
            return _("{label}: AUC {value:.2f} (95% interval {lo:.2f}–{hi:.2f})").format(label=label, value=value, lo=lo, hi=hi)

        self.summary.setText(
            ngettext("{n} country ({positives} positive, {negatives} negative). ", "{n} countries ({positives} positive, {negatives} negative). ", d['n']).format(n=d['n'], positives=d['positives'], negatives=d['negatives'])
            + "; ".join((line(_("neutral score"), "score"), line(_("IMF capacity alone"), "capacity"),
                         line(_("score with the values before the 2026 review"), "score_before_review"))) + "."
        )
        self.warnings.setText("\n".join(f"⚠ {w}" for w in d["warnings"]))
        order = sorted(result.cases, key=lambda c: (-c.rank_error, c.iso3))
        self.cases.setRowCount(len(order))
        for r, c in enumerate(order):
            for col, text in enumerate((f"{c.name} ({c.iso3})", "positive" if c.positive else "negative",
                                        figure(c.score, 1), figure(c.capacity, 3), "; ".join(c.outcomes))):
                self.cases.setItem(r, col, QTableWidgetItem(text))
        self.ledger.setRowCount(len(outcomes))
        for r, o in enumerate(outcomes):
            status = "private" if o.private else ("verified" if o.verified else "unverified")
            for col, text in enumerate((o.date, o.iso3, f"{'+' if o.positive else '−'} {KIND_LABELS.get(o.kind, o.kind)}: {o.summary}",
                                        status, o.url)):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setToolTip(o.url)
                self.ledger.setItem(r, col, item)
        self.ledger.resizeColumnToContents(0)
