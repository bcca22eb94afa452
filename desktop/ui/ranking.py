"""One offer, many countries: the current offer ranked across every country, sortable and filterable."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core import ops
from ..core.i18n import N_, _, figure
from ..core.model import DomainError
from ..core.ranking import RankRow, ranking
from ..core.regions import SOURCE as REGIONS_SOURCE
from ..core.screen import GROUP_LABELS, STATUS_LABELS
from ..core.session import Session
from .assessment_panel import BAND_COLOURS
from .clipboard import TableCopy
from .editor import Editor
from .when_shown import RefreshWhenShown
from .widgets import follow, plain_label

# (header, RankRow field); numbers sort by value (SORT_ROLE), text alphabetically.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("#", "position"),
    (N_("Country"), "country"),
    ("ISO3", "iso3"),
    (N_("Region"), "region"),
    (N_("Groups"), "groups"),
    (N_("Overall"), "overall"),
    (N_("Band"), "band"),
    (N_("Screen"), "status"),
    (N_("Counterpart acceptance"), "acceptance"),
    (N_("Exporter assurance"), "assurance"),
    (N_("Overall p10"), "p10"),  # with "p10–p90" ticked: the Monte Carlo of each country (else —)
    (N_("Overall p90"), "p90"),
)
SORT_ROLE = Qt.ItemDataRole.UserRole
ISO3_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = N_("All")
RANGES_TIP = (N_("The 10th and 90th percentiles of each country's overall score over its Monte Carlo draws of every "
              "uncertain input (as the assessment's interval for that country); tick p10–p90 to compute them"))
DEBOUNCE_MS = 120
# What the ranking depends on: the offer itself (not its target or red lines) and the model's inputs.
_RANKED = ("proposal.levers", "proposal.measures", "proposal.components", "assumptions", "profiles", "opened")  # a drag emits a change per step; rank (~14 ms) runs once the lever pauses


class RankingModel(QAbstractTableModel):
    """The ranking rows as a table."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RankRow] = []

    @property
    def rows(self) -> list[RankRow]:
        return list(self._rows)

    def row(self, r: int) -> RankRow:
        return self._rows[r]

    def set_rows(self, rows: Sequence[RankRow]) -> None:
        rows = list(rows)
        if len(rows) == len(self._rows) and [r.iso3 for r in rows] == [r.iso3 for r in self._rows]:
            self._rows = rows  # same countries in the same order: repaint values, keep the selection
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] in ("region", "groups"):
                return _("Source: {REGIONS_SOURCE}").format(REGIONS_SOURCE=REGIONS_SOURCE)
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] in ("p10", "p90"):
                return _(RANGES_TIP)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self._rows[index.row()]
        field = COLUMNS[index.column()][1]
        value = getattr(row, field)
        if field == "status" and role == Qt.ItemDataRole.DisplayRole:
            return STATUS_LABELS.get(value, value)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:  # no position (blocked, prohibited) or no score (prohibited)
                return "—"
            return figure(value, 1) if isinstance(value, float) else str(value)
        if role == SORT_ROLE:
            if value is None:  # after every ranked row; an unscored one below every score
                return 10_000 + index.row() if field == "position" else -1.0
            return value
        if role == ISO3_ROLE:
            return row.iso3
        if role == Qt.ItemDataRole.TextAlignmentRole and (isinstance(value, int | float) or field in ("position", "overall", "acceptance", "assurance")):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if field == "band" and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(BAND_COLOURS.get(row.band, QColor("#64748b")))
        if field == "band" and role == Qt.ItemDataRole.BackgroundRole:
            colour = QColor(BAND_COLOURS.get(row.band, QColor("#64748b")))
            colour.setAlpha(40)
            return QBrush(colour)
        if role == Qt.ItemDataRole.ForegroundRole and row.group > 0 and field != "band":
            return QBrush(QColor("#64748b"))  # blocked and prohibited rows: set apart, muted
        if role == Qt.ItemDataRole.ToolTipRole and field == "status":
            return _("{value} (destination screen; a screening aid, not a legal determination)").format(value=GROUP_LABELS[row.group])
        if role == Qt.ItemDataRole.ToolTipRole:
            score = _("no score") if row.overall is None else _("overall {overall:.1f}").format(overall=row.overall)
            return _("{country}: {score} ({band}); double-click to retarget the proposal here").format(country=row.country, score=score, band=row.band)
        return None


class RankingFilter(QSortFilterProxyModel):
    """Filters by text (country or ISO3), region and group; sorts by the raw values."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._region = ALL
        self._group = ALL
        self._screen: int | None = None  # 0 proceed, 1 blocked, 2 prohibited; None: all

    def _set(self, name: str, value: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._set("_text", text.strip().lower())

    def set_region(self, region: str) -> None:
        self._set("_region", region or ALL)

    def set_group(self, group: str) -> None:
        self._set("_group", group or ALL)

    def set_screen(self, group: int | None) -> None:
        """Only the rows of one screen group (0 a deal can proceed, 1 blocked, 2 prohibited), or all (None)."""
        self._set("_screen", group)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, RankingModel) or source_row >= model.rowCount():
            return True
        row = model.row(source_row)
        if self._text and self._text not in row.country.lower() and self._text not in row.iso3.lower():
            return False
        if self._region != ALL and row.region != self._region:
            return False
        if self._screen is not None and row.group != self._screen:
            return False
        return self._group == ALL or self._group in row.groups.split(" · ")


class RankingPanel(QWidget):
    """The current offer ranked across every country; follows the offer live (debounced while it moves)."""

    retargeted = Signal(str)  # ISO3

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rankingPanel")
        self.session = session
        self.editor = editor
        self.refreshes = 0
        self.model = RankingModel(self)
        self.proxy = RankingFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter by country or ISO3…"))
        self.search.setAccessibleName(_("Filter countries"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.region = QComboBox()
        self.region.setAccessibleName(_("Filter by region"))
        self.region.currentIndexChanged.connect(lambda i: self.proxy.set_region(self.region.itemText(i) if i > 0 else ALL))
        self.group = QComboBox()
        self.group.setAccessibleName(_("Filter by group"))
        self.group.currentIndexChanged.connect(lambda i: self.proxy.set_group(self.group.itemText(i) if i > 0 else ALL))
        self.screen = QComboBox()
        self.screen.setAccessibleName(_("Filter by destination screen"))
        self.screen.addItem(_("All destinations"), None)
        for i, label in enumerate(GROUP_LABELS):
            self.screen.addItem(label, i)
        self.screen.currentIndexChanged.connect(lambda _i: self.proxy.set_screen(self.screen.currentData()))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.region, 1)
        filters.addWidget(self.group, 1)
        filters.addWidget(self.screen, 1)
        self.ranges = QCheckBox("p10–p90")
        self.ranges.setAccessibleName(_("Show each country's p10–p90"))
        self.ranges.setToolTip(_(RANGES_TIP))
        self.ranges.toggled.connect(lambda _on: self.refresh())
        filters.addWidget(self.ranges)

        self.table = QTableView()
        self.table.setAccessibleName(_("Country ranking"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Shift/Ctrl: rows to copy
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.copier = TableCopy(self.table, more=self._more_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.activated.connect(self._on_double_clicked)  # Enter on a row does the same

        self.summary = plain_label("", "rankingSummary", wrap=True)
        self.source = plain_label(
            _("Regions and groups: {REGIONS_SOURCE}. Double-click a country (or press Enter) to retarget the proposal.").format(REGIONS_SOURCE=REGIONS_SOURCE),
            "sourceNote",
            wrap=True,
        )
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(filters)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(self.source)

        self._shown = RefreshWhenShown(self, self.refresh, DEBOUNCE_MS)
        follow(self, session, self._on_session_changed, "assessment", "proposal.country")

    def _on_session_changed(self, changes) -> None:
        if not changes.touches(*_RANKED):
            self._mark_current()  # the offer is the same (another target, red lines): the ranking stands
            return
        self._shown.request()

    def refresh(self) -> None:
        """Rank the current offer across every country now."""
        self._shown.done()
        rows = ranking(self.session.proposal, self.session.profiles, self.session.assumptions,
                       ranges=self.ranges.isChecked())
        self.refreshes += 1
        self.model.set_rows(rows)
        self._fill_choices(rows)
        self._mark_current()

    def _fill_choices(self, rows: Sequence[RankRow]) -> None:
        for combo, values, label in (
            (self.region, sorted({r.region for r in rows}), _("All regions")),
            (self.group, sorted({g for r in rows for g in r.groups.split(" · ") if g}), _("All groups")),
        ):
            if combo.count() == len(values) + 1:
                continue
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(ALL))  # index 0: every region or group, whatever the language
            combo.setItemData(0, label, Qt.ItemDataRole.ToolTipRole)
            combo.addItems(values)
            combo.setCurrentIndex(max(0, combo.findText(current)))
            combo.blockSignals(False)

    def _mark_current(self) -> None:
        rows = self.model.rows
        iso = self.session.proposal.country
        mine = next((r for r in rows if r.iso3 == iso), None)
        if mine is None:
            self.summary.setText("")
            return
        ready = sum(r.band == "Ready" for r in rows)
        viable = sum(r.band == "Viable" for r in rows)
        ranked = sum(r.group == 0 for r in rows)
        blocked = sum(r.group == 1 for r in rows)
        prohibited = sum(r.group == 2 for r in rows)
        if mine.group == 0:
            where = _("This offer ranks {position} of {ranked} for {country} ({overall:.1f}, {band}).").format(position=mine.position, ranked=ranked, country=mine.country, overall=mine.overall, band=mine.band)
        elif mine.group == 1:
            where = _("{country} is Blocked (licence under a policy of denial): {overall:.1f} for analysis only.").format(country=mine.country, overall=mine.overall)
        else:
            where = _("{country} is Prohibited (comprehensive embargo): no score.").format(country=mine.country)
        self.summary.setText(
            _("{where} Ready in {ready} countries, viable in {viable}. Not ranked: {blocked} blocked, {prohibited} prohibited (destination screen; a screening aid, not a legal determination).").format(where=where, ready=ready, viable=viable, blocked=blocked, prohibited=prohibited)
        )

    def _more_menu(self, menu, index: QModelIndex) -> None:
        retarget = menu.addAction(_("Retarget the proposal at the selected country"), lambda: self._on_double_clicked(index))
        retarget.setEnabled(index.isValid() and self.proxy.data(index, ISO3_ROLE) != self.session.proposal.country)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        iso3 = self.proxy.data(index, ISO3_ROLE)
        if not iso3 or iso3 == self.session.proposal.country:
            return
        try:
            profile = self.session.profiles[iso3]
            self.editor.apply(ops.set_country(self.session.proposal, iso3, profile.name))
        except (KeyError, DomainError):
            return
        self.retargeted.emit(iso3)
