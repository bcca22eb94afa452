"""Compare two to four proposals side by side: a table model over core.compare rows, in a dialog."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.compare import MAX_COMPARED, MIN_COMPARED, CompareRow, compare_proposals
from ..core.i18n import _, figure, format_number
from ..core.model import AssumptionSet, CountryProfile, DomainError, Proposal
from .assessment_panel import BAND_COLOURS
from .clipboard import TableCopy
from .proposal_list_model import ProposalListModel
from .widgets import plain_label

DIFFERS_BACKGROUND = QColor(250, 204, 21, 70)  # amber wash, readable on the light and the dark theme
_NONE = "—"


def format_value(row: CompareRow, value: Any) -> str:
    """How one compared value reads in a cell."""
    if value is None:
        return _NONE
    if isinstance(value, bool):
        if row.section == "Flags":
            return "raised" if value else _NONE
        return "✓" if value else _NONE
    if isinstance(value, float):
        return format_number(value, 2, sign=True) if row.section == "Line items" else figure(value, 1)
    return str(value)


class CompareModel(QAbstractTableModel):
    """Rows: section headings and compared quantities; columns: the item, then one per proposal."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._rows: list[CompareRow | str] = []  # a str is a section heading
        self._all: list[CompareRow] = []
        self._only_differences = False

    def set_comparison(self, names: Sequence[str], rows: Sequence[CompareRow]) -> None:
        """Show a new comparison (names: the compared proposals, in column order)."""
        self.beginResetModel()
        self._names = list(names)
        self._all = list(rows)
        self._layout()
        self.endResetModel()

    def set_only_differences(self, on: bool) -> None:
        self.beginResetModel()
        self._only_differences = on
        self._layout()
        self.endResetModel()

    def _layout(self) -> None:
        self._rows = []
        section = None
        for row in self._all:
            if self._only_differences and not row.differs:
                continue
            if row.section != section:
                section = row.section
                self._rows.append(section)
            self._rows.append(row)

    def compared_row(self, r: int) -> CompareRow | None:
        item = self._rows[r]
        return None if isinstance(item, str) else item

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1 + len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Item")
            if 0 < section <= len(self._names):
                return self._names[section - 1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item, col = self._rows[index.row()], index.column()
        if isinstance(item, str):  # a section heading
            if role == Qt.ItemDataRole.DisplayRole:
                return item if col == 0 else None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        value = None if col == 0 else item.values[col - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label if col == 0 else format_value(item, value)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return item.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{label}: differs").format(label=item.label) if item.differs else _("{label}: the same in every proposal").format(label=item.label)
        if role == Qt.ItemDataRole.BackgroundRole and item.differs:
            return QBrush(DIFFERS_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and col > 0 and item.key == "band" and value in BAND_COLOURS:
            return QBrush(BAND_COLOURS[value])
        if role == Qt.ItemDataRole.FontRole and item.differs and col > 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CompareDialog(QDialog):
    """Pick two to four proposals; their levers, measures, scores, line items and flags side by side."""

    def __init__(
        self,
        parent: QWidget | None,
        proposals: Sequence[Proposal] | Callable[[str, int, int], Sequence[Any]],
        chosen: Sequence[int],
        profiles: dict[str, CountryProfile],
        assumptions: AssumptionSet,
        load: Callable[[int], Proposal | None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Compare proposals"))
        self.setAccessibleName(_("Compare proposals"))
        self.resize(900, 640)
        self._profiles = profiles
        self._assumptions = assumptions
        self._load = load
        self.pickers: list[QComboBox] = []
        picks = QHBoxLayout()
        for i in range(MAX_COMPARED):
            combo = QComboBox()
            combo.setAccessibleName(_("Compared proposal {value}").format(value=i + 1))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            if callable(proposals):  # the store's paging: each picker reads a page at a time as it scrolls
                pinned = [p for p in (load(pid) for pid in chosen) if p is not None]
                model = ProposalListModel(proposals, pinned, none_row=_("(none)"), parent=combo)
                model.fetchMore()
                combo.setModel(model)
                if i < len(chosen):
                    combo.setCurrentIndex(max(0, model.row_of(chosen[i])))
            else:
                combo.addItem(_("(none)"), None)
                for p in proposals:
                    combo.addItem(p.name + (_("  (example)") if p.example else ""), p.id)
                if i < len(chosen):
                    combo.setCurrentIndex(max(0, combo.findData(chosen[i])))
            combo.currentIndexChanged.connect(self.refresh)
            picks.addWidget(combo, 1)
            self.pickers.append(combo)
        self.only_differences = QCheckBox(_("Only &differences"))
        self.only_differences.setAccessibleName(_("Show only rows that differ"))
        self.model = CompareModel(self)
        self.only_differences.toggled.connect(self.model.set_only_differences)
        self.table = QTableView()
        self.table.setAccessibleName(_("Comparison table"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setStretchLastSection(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.copier = TableCopy(self.table)  # our offers side by side: internal
        self.status = plain_label("", "compareStatus", wrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(picks)
        row = QHBoxLayout()
        row.addWidget(self.only_differences)
        row.addWidget(self.status, 1)
        box.addLayout(row)
        box.addWidget(self.table, 1)
        box.addWidget(buttons)
        self.refresh()

    def chosen_ids(self) -> list[int]:
        ids = [c.currentData() for c in self.pickers]
        seen: list[int] = []
        for pid in ids:
            if pid is not None and pid not in seen:
                seen.append(pid)
        return seen

    def refresh(self, *_args) -> None:
        """Compare the picked proposals again (as they are now)."""
        proposals = [p for p in (self._load(pid) for pid in self.chosen_ids()) if p is not None]
        if len(proposals) < MIN_COMPARED:
            self.model.set_comparison([], [])
            self.status.setText(_("Pick at least two different proposals to compare."))
            return
        try:
            rows = compare_proposals(proposals, self._profiles, self._assumptions)
        except DomainError as exc:
            self.model.set_comparison([], [])
            self.status.setText(str(exc))
            return
        self.model.set_comparison([p.name for p in proposals], rows)
        differing = sum(r.differs for r in rows)
        self.status.setText(_("{differing} of {count} rows differ (highlighted). Assumption set v{version}.").format(differing=differing, count=len(rows), version=self._assumptions.version))
        for col in range(1, 1 + len(proposals)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
