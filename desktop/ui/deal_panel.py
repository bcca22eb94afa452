"""The deal terms of the proposal: value, term, price, compute size and federal financing."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from ..core import ops
from ..core.i18n import _
from ..core.model import DEFAULT_DEAL, FINANCING_KINDS, FINANCING_LABELS, DomainError
from ..core.session import Session
from .editor import Editor
from .widgets import buddy_label, follow, titled_group


def _spin(kind, low: float, high: float, step: float, decimals: int | None, suffix: str, name: str):
    box = kind()
    box.setRange(low, high)
    box.setSingleStep(step)
    if decimals is not None:
        box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    box.setKeyboardTracking(False)  # one edit when the user is done typing, not one per digit
    return box


class DealTermsBox(QWidget):
    """Edits the deal terms through operations (each an undo step); shows the session's terms."""

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self._updating = False
        group, body = titled_group(_("Deal terms"))
        form = QFormLayout(body)
        self.value = _spin(QDoubleSpinBox, 1.0, 1_000_000.0, 10.0, 0, " US$M", _("Contract value (US$ millions)"))
        self.term = _spin(QSpinBox, 1, 30, 1, None, _(" years"), _("Contract term (years)"))
        self.price = _spin(QDoubleSpinBox, 0.5, 1.5, 0.01, 2, _("× market"), _("Price relative to market"))
        self.price.setToolTip(_("What we charge relative to the market price of the same package (1.00 = market)"))
        self.compute = _spin(QDoubleSpinBox, 0.0, 100_000.0, 5.0, 0, " MW", _("Compute size (MW)"))
        self.compute.setSpecialValueText(_("not stated"))
        self.accelerators = _spin(QSpinBox, 0, 10_000_000, 1000, None, "", _("AI accelerators"))
        self.accelerators.setSpecialValueText(_("not stated"))
        self.financing = QComboBox()
        for kind in FINANCING_KINDS:
            self.financing.addItem(FINANCING_LABELS[kind], kind)
        self.financing.setAccessibleName(_("Federal financing"))
        self.share = _spin(QDoubleSpinBox, 0.0, 100.0, 5.0, 0, " %", _("Share of the value financed"))
        form.addRow(buddy_label(_("&Value"), self.value), self.value)
        form.addRow(buddy_label(_("&Term"), self.term), self.term)
        form.addRow(buddy_label(_("&Price"), self.price), self.price)
        form.addRow(buddy_label(_("Compute &size"), self.compute), self.compute)
        form.addRow(buddy_label(_("Acce&lerators"), self.accelerators), self.accelerators)
        form.addRow(buddy_label(_("&Financing"), self.financing), self.financing)
        form.addRow(buddy_label(_("Financed s&hare"), self.share), self.share)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(group)

        self.value.valueChanged.connect(lambda v: self._edit(value_musd=float(v)))
        self.term.valueChanged.connect(lambda v: self._edit(term_years=int(v)))
        self.price.valueChanged.connect(lambda v: self._edit(price=round(float(v), 2)))
        self.compute.valueChanged.connect(lambda v: self._edit(compute_mw=float(v) or None))
        self.accelerators.valueChanged.connect(lambda v: self._edit(accelerators=int(v) or None))
        self.financing.currentIndexChanged.connect(self._on_financing)
        self.share.valueChanged.connect(lambda v: self._edit(financing_share=round(float(v) / 100.0, 4)))
        follow(self, session, self._on_session_changed, "proposal.deal")
        self._on_session_changed(None)

    def _on_session_changed(self, _change) -> None:
        d = self.session.proposal.deal
        self._updating = True
        try:
            self.value.setValue(d.value_musd)
            self.term.setValue(d.term_years)
            self.price.setValue(d.price)
            self.compute.setValue(d.compute_mw or 0.0)
            self.accelerators.setValue(d.accelerators or 0)
            self.financing.setCurrentIndex(FINANCING_KINDS.index(d.financing))
            self.share.setValue(d.financing_share * 100.0)
            self.share.setEnabled(d.financing != "none")
        finally:
            self._updating = False

    def _on_financing(self, index: int) -> None:
        kind = self.financing.itemData(index)
        if kind == "none":
            self._edit(financing="none", financing_share=0.0)
        elif self.session.proposal.deal.financing == "none":
            self._edit(financing=kind, financing_share=DEFAULT_DEAL.financing_share or 0.5)
        else:
            self._edit(financing=kind)

    def _edit(self, **terms) -> None:
        if self._updating:
            return
        deal = self.session.proposal.deal
        if all(getattr(deal, k) == v for k, v in terms.items()):
            return
        try:
            change = ops.set_deal(self.session.proposal, **terms)
        except DomainError:
            self._on_session_changed(None)  # the spin boxes' ranges make this rare: show the terms as they are
            return
        self.editor.apply(change)
