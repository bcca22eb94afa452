"""View ▸ Assumptions…: every parameter of the assumption set in use, editable with validation.

An edit never changes a stored version: it is an undoable session edit (core.edits.set_assumption,
noted "edited in the Assumptions editor") whose new version the persister stores before the
session re-assesses. We always derive, even from a version no snapshot uses yet, so that every
change is a recorded step that can be compared, undone, or reverted by picking the older version.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import edits
from ..core.assumptions import OutOfRange, check_value, compare_versions, parse_number, prefix
from ..core.i18n import N_, _, figure, format_number, ngettext
from ..core.model import AssumptionSet, DomainError
from ..core.session import Session
from ..store import Store, StoreError
from ..store.assumption_versions import used_versions
from . import dialogs
from .widgets import follow, plain_label, titled_group

COLUMNS = (N_("Key"), N_("Value"), N_("Unit"), N_("Plausible range"), N_("Description"), N_("Source"))
VALUE_COLUMN = 1
KEY_ROLE = Qt.ItemDataRole.UserRole
EDIT_NOTE = N_("edited in the Assumptions editor")
_OUT_OF_RANGE = QColor("#b91c1c")

_Index = QModelIndex | QPersistentModelIndex


class AssumptionsModel(QAbstractTableModel):
    """The rows of one assumption set; editing the value column asks `on_edit(key, text)`."""

    def __init__(self, assumptions: AssumptionSet, on_edit: Callable[[str, Any], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._a = assumptions
        self._keys = sorted(assumptions.rows)
        self._on_edit = on_edit

    @property
    def assumptions(self) -> AssumptionSet:
        return self._a

    def set_assumptions(self, assumptions: AssumptionSet) -> None:
        """Show another set: values refreshed in place when the keys are the same."""
        keys = sorted(assumptions.rows)
        if keys == self._keys:
            self._a = assumptions
            if keys:
                self.dataChanged.emit(self.index(0, 0), self.index(len(keys) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._a, self._keys = assumptions, keys
        self.endResetModel()

    def key(self, row: int) -> str:
        return self._keys[row]

    def row_of(self, key: str) -> int:
        return self._keys.index(key)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._keys)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self._a.rows[self._keys[index.row()]]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return row.key
            if col == VALUE_COLUMN:
                return f"{row.value:g}"
            if col == 2:
                return row.unit
            if col == 3:
                return f"{row.low:g} – {row.high:g}"
            if col == 4:
                return row.description
            return row.source
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{key} = {value:g} {unit}\n{description}\nSource: {source}\nPlausible range {low:g}–{high:g}").format(key=row.key, value=row.value, unit=row.unit, description=row.description, source=row.source, low=row.low, high=row.high)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == VALUE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == VALUE_COLUMN and not row.low <= row.value <= row.high:
            return _OUT_OF_RANGE
        if role == KEY_ROLE:
            return row.key
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == VALUE_COLUMN and self._on_edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != VALUE_COLUMN or self._on_edit is None:
            return False
        return bool(self._on_edit(self._keys[index.row()], value))


class AssumptionsFilter(QSortFilterProxyModel):
    """Rows of one group (key prefix) whose key, description or source contain the search text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = ""
        self._text = ""

    def set_group(self, group: str) -> None:
        self._refilter(lambda: setattr(self, "_group", group))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().lower()))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt's name
        model = self.sourceModel()
        key = model.key(source_row)
        if self._group and prefix(key) != self._group:
            return False
        if not self._text:
            return True
        row = model.assumptions.rows[key]
        return any(self._text in s.lower() for s in (row.key, row.description, row.source, row.unit))


class AssumptionsEditor(QDialog):
    """The assumptions of the session's set: filter, edit values, reset, pick and compare versions."""

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.setWindowTitle(_("Assumptions"))
        self.resize(1100, 760)

        self.version = QComboBox()
        self.version.setAccessibleName(_("Assumption set in use"))
        self.version.activated.connect(self._on_version_chosen)
        self.reset = QPushButton(_("Reset to defaults"))
        self.reset.setAccessibleName(_("Reset assumptions to defaults"))
        self.reset.setToolTip(_("A new version with the shipped default values of the current model"))
        self.reset.clicked.connect(self._on_reset)
        self.group = QComboBox()
        self.group.setAccessibleName(_("Parameter group"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter by key, description or source…"))
        self.search.setAccessibleName(_("Filter assumptions"))
        self.search.setClearButtonEnabled(True)
        self.status = plain_label(_("Double-click a value (or press F2) to change it: each change makes a new version."),
                                  "muted", wrap=True)

        self.model = AssumptionsModel(session.assumptions, self._edit, self)
        self.proxy = AssumptionsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Assumptions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((250, 80, 140, 115, 330, 300)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.group.currentIndexChanged.connect(lambda _i: self.proxy.set_group(self.group.currentData() or ""))
        self.search.textChanged.connect(self.proxy.set_text)

        self.version_a = QComboBox()
        self.version_a.setAccessibleName(_("Compare version A"))
        self.version_b = QComboBox()
        self.version_b.setAccessibleName(_("Compare version B"))
        self.compare_button = QPushButton(_("Compare"))
        self.compare_button.clicked.connect(self.compare)
        self.compare_table = QTableWidget(0, 4)
        self.compare_table.setAccessibleName(_("Version comparison"))
        self.compare_table.setHorizontalHeaderLabels(["", "A", "B", "B − A"])
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.compare_table.setMinimumHeight(150)
        self.compare_table.verticalHeader().setDefaultSectionSize(22)
        self.compare_note = plain_label("", "muted", wrap=True)
        for combo in (self.version, self.version_a, self.version_b):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)

        top = QHBoxLayout()
        top.addWidget(plain_label(_("Assess under")))
        top.addWidget(self.version, 1)
        top.addWidget(self.reset)
        filters = QHBoxLayout()
        filters.addWidget(self.group)
        filters.addWidget(self.search, 1)
        compare_box, compare_body = titled_group(_("Re-assess this proposal under two versions"))
        cbox = QVBoxLayout(compare_body)
        row = QHBoxLayout()
        row.addWidget(plain_label("A"))
        row.addWidget(self.version_a, 1)
        row.addWidget(plain_label("B"))
        row.addWidget(self.version_b, 1)
        row.addWidget(self.compare_button)
        cbox.addLayout(row)
        cbox.addWidget(self.compare_table)
        cbox.addWidget(self.compare_note)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addLayout(filters)
        box.addWidget(self.table, 3)
        box.addWidget(self.status)
        box.addWidget(compare_box, 2)

        self._fill_groups()
        self._fill_versions()
        follow(self, session, self._on_session_changed, "assumptions")

    # ------------------------------------------------------------------ filling

    def _fill_groups(self) -> None:
        counts: dict[str, int] = {}
        for key in self.model.assumptions.rows:
            counts[prefix(key)] = counts.get(prefix(key), 0) + 1
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(_("All groups ({total})").format(total=sum(counts.values())), "")
        for g in sorted(counts):
            self.group.addItem(f"{g} ({counts[g]})", g)
        self.group.blockSignals(False)

    def _fill_versions(self) -> None:
        used = used_versions(self.store)
        current = self.session.assumptions.version
        versions = self.store.assumption_versions()
        for combo in (self.version, self.version_a, self.version_b):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for v in versions:
                note = v["note"] or v["name"]
                note = note if len(note) <= 70 else note[:69] + "…"
                label = f"v{v['version']} · {v['created'][:10]} · {note}"
                if v["version"] in used:
                    label += _("  (used by snapshots)")
                combo.addItem(label, v["version"])
            target = current if combo is self.version or chosen is None else chosen
            if combo is self.version_a and chosen is None:
                target = versions[0]["version"]
            combo.setCurrentIndex(max(0, combo.findData(target)))
            combo.blockSignals(False)

    def _on_session_changed(self, _change) -> None:
        if self.model.assumptions is not self.session.assumptions:
            self.model.set_assumptions(self.session.assumptions)
            self._fill_versions()

    # ------------------------------------------------------------------ actions

    def select_key(self, key: str) -> None:
        """Show and select one parameter (clears the filters)."""
        self.group.setCurrentIndex(0)
        self.search.clear()
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(key), VALUE_COLUMN))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def show_prefix(self, group: str) -> None:
        """Show one group of parameters (e.g. "weight")."""
        self.search.clear()
        self.group.setCurrentIndex(max(0, self.group.findData(group)))

    def _edit(self, key: str, text: Any) -> bool:
        """Validate and apply one value: a new version in use at once; False (and why) if refused."""
        current = self.session.assumptions
        row = current.rows[key]
        try:
            number = check_value(current, key, text)
        except OutOfRange:
            number = parse_number(text)
            question = (
                _("{key} = {number:g} is outside its plausible range {low:g}–{high:g} {unit}.\n\nThe range is what the source supports ({source}). Outside it the model extrapolates.\n\nSet it anyway?").format(key=key, number=number, low=row.low, high=row.high, unit=row.unit, source=row.source)
            )
            if not dialogs.confirm(self, _("Outside the plausible range"), question):
                self.status.setText(_("Kept {key} = {value:g}.").format(key=key, value=row.value))
                return False
        except DomainError as exc:
            dialogs.explain(self, _("Value not accepted"), _("{key}: {exc}. Enter a number, e.g. {value:g} (plausible range {low:g}–{high:g} {unit}).").format(key=key, exc=exc, value=row.value, low=row.low, high=row.high, unit=row.unit))
            return False
        if number == row.value:
            return False
        before = self.session.assessment.overall
        try:
            self.session.apply(edits.set_assumption(current, key, number, EDIT_NOTE, force=True))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self, _("Value not saved"), str(exc))
            return False
        new = self.session.assumptions
        after = self.session.assessment.overall
        effect = (_("overall {before:.1f} → {after:.1f}").format(before=before, after=after) if self.session.assessment.scored
                  else _("no score for an embargoed destination"))
        self.status.setText(_("{key}: {value:g} → {number:g}. New assumption set v{version} (from v{version2}); {effect}.").format(key=key, value=row.value, number=number, version=new.version, version2=current.version, effect=effect))
        return True

    def _on_reset(self) -> None:
        current = self.session.assumptions
        if not self.session.apply(edits.reset_assumptions(current, self.store.assumption_set(1))):
            self.status.setText(_("v{version} already has the default values.").format(version=current.version))
            return
        self.status.setText(_("Reset to the defaults of v1: new assumption set v{version}.").format(version=self.session.assumptions.version))

    def _on_version_chosen(self, _index: int) -> None:
        version = self.version.currentData()
        if version is None or version == self.session.assumptions.version:
            return
        self.session.set_assumptions(self.store.assumption_set(int(version)))
        self.status.setText(_("Assessing under assumption set v{version}.").format(version=version))

    def compare(self) -> None:
        """Fill the compare view: the current proposal under versions A and B."""
        a = self.store.assumption_set(int(self.version_a.currentData()))
        b = self.store.assumption_set(int(self.version_b.currentData()))
        result = compare_versions(self.session.proposal, self.session.profile, a, b)
        rows = [(_("Band"), result["band_a"], result["band_b"], "" if result["band_a"] == result["band_b"] else _("changed"))]
        rows += [(r["label"], figure(r['a'], 2), figure(r['b'], 2), format_number(r['delta'], 2, sign=True)) for r in result["rows"]]
        self.compare_table.setRowCount(len(rows))
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.compare_table.setItem(i, j, item)
        keys = result["changed_keys"]
        shown = ", ".join(f"{k} {a.rows[k].value:g}→{b.rows[k].value:g}" if k in a.rows and k in b.rows else k for k in keys[:8])
        more = _(" and {value} more").format(value=len(keys) - 8) if len(keys) > 8 else ""
        self.compare_note.setText(
            _("v{version} vs v{version2}: ").format(version=a.version, version2=b.version) + (ngettext("{count} parameter differs: {shown}{more}.", "{count} parameters differ: {shown}{more}.", len(keys)).format(count=len(keys), shown=shown, more=more) if keys else _("same values."))
        )
