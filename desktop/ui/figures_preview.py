"""Import country figures…: the preview of what an import changes (a table) and the question to apply it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.figures_csv import INDICATOR_LABELS, FigureChange
from ..core.i18n import N_, _
from .widgets import plain_label


class FigureChangesModel(QAbstractTableModel):
    """The figures of an import file next to the current ones; changed rows stand out."""

    COLUMNS = (N_("Country"), N_("Indicator"), N_("Current"), N_("New"), N_("Year"), N_("Source"))

    def __init__(self, changes: list[FigureChange], parent=None) -> None:
        super().__init__(parent)
        self.changes = changes

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.changes)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return _(self.COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.changes)):
            return None
        c = self.changes[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"{c.country} ({c.iso3})",
                INDICATOR_LABELS.get(c.indicator, c.indicator),
                _("not published") if c.old is None else f"{c.old:.4f}",
                f"{c.new:.4f}",
                f"{c.old_year or '—'} → {c.new_year}" if c.old_year != c.new_year else str(c.new_year),
                c.source,
            )[col]
        if role == Qt.ItemDataRole.BackgroundRole and c.changed:
            return QBrush(QColor("#fff3c4"))
        if role == Qt.ItemDataRole.ForegroundRole and c.changed:
            return QBrush(QColor("#1f2328"))
        if role == Qt.ItemDataRole.FontRole and c.changed and col == 3:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Changes the current figure") if c.changed else _("Same as the current figure")
        return None


class FiguresPreviewDialog(QDialog):
    """What an import would change, and the open proposal's overall on the old and new figures."""

    def __init__(self, parent: QWidget | None, name: str, changes: list[FigureChange], comparison: list[dict]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import country figures — {name}").format(name=name))
        changed = sum(c.changed for c in changes)
        self.model = FigureChangesModel(changes, self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Figures to import"))
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = plain_label(
            _("{changed} of {count} figures change (highlighted). Applying creates a new dated data vintage; the current figures stay available as the previous vintage.").format(changed=changed, count=len(changes)),
            wrap=True,
        )
        lines = [_("{name}: overall {old:.1f} ({old_band}) → {new:.1f} ({new_band})").format(name=r['name'], old=r['old'], old_band=r['old_band'], new=r['new'], new_band=r['new_band']) for r in comparison]
        self.effect = plain_label("\n".join(lines) if lines else _("No saved proposal targets these countries."), wrap=True)
        self.effect.setAccessibleName(_("Effect on proposals"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText(_("Apply as new vintage"))
        self.apply_button.setEnabled(changed > 0)
        self.apply_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(plain_label(_("Effect on saved proposals (same offer, same assumptions):")))
        box.addWidget(self.effect)
        box.addWidget(buttons)
        self.resize(860, 520)


def ask_apply_figures(parent: QWidget | None, name: str, changes: list[FigureChange], comparison: list[dict]) -> bool:
    """Show the preview; True to apply."""
    return FiguresPreviewDialog(parent, name, changes, comparison).exec() == QDialog.DialogCode.Accepted
