"""Proposals as a Qt list model that reads a page at a time: the view asks for more as it scrolls.

fetch(search, limit, offset) is the store's paging (Store.proposal_summaries: one query, filtered
and limited in SQL), so a list of 10,000 proposals costs one page to show, and a search keystroke
one query. Pinned rows (e.g. the proposals a comparison starts with) come first, then the pages,
without repeating a pinned one; an optional first row stands for "none".
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core.i18n import _

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole


class ProposalListModel(QAbstractListModel):
    """Proposal summaries (id, name, example, description …) fetched PAGE rows at a time."""

    PAGE = 200

    def __init__(self, fetch: Callable[[str, int, int], Sequence[Any]], pinned: Sequence[Any] = (),
                 none_row: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._pinned = list(pinned)
        self._none = none_row
        self._search = ""
        self._reset_rows()

    def _reset_rows(self) -> None:
        self._rows: list[Any] = ([None] if self._none is not None else []) + self._pinned
        self._seen = {p.id for p in self._pinned}
        self._offset = 0
        self._complete = False

    # ------------------------------------------------------------------ Qt's model interface

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._none if p is None else p.name + (_("  (example)") if p.example else "")
        if role == ID_ROLE:
            return None if p is None else p.id
        if role == Qt.ItemDataRole.ToolTipRole and p is not None:
            return getattr(p, "description", "") or None
        return None

    def canFetchMore(self, parent: Index = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = _ROOT) -> None:  # noqa: N802 - Qt's name
        if parent.isValid() or self._complete:
            return
        page = list(self._fetch(self._search, self.PAGE, self._offset))
        self._offset += len(page)
        self._complete = len(page) < self.PAGE
        fresh = [p for p in page if p.id not in self._seen]
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
        self._rows.extend(fresh)
        self._seen.update(p.id for p in fresh)
        self.endInsertRows()

    # ------------------------------------------------------------------ ours

    def set_search(self, text: str) -> None:
        """Show only the proposals matching text (filtered in SQL): the first page is read again."""
        self.beginResetModel()
        self._search = text.strip()
        self._reset_rows()
        self.endResetModel()
        self.fetchMore()

    def row_of(self, proposal_id: int | None) -> int:
        """The row holding a proposal (reading pages until it is found), or -1."""
        while True:
            for i, p in enumerate(self._rows):
                if (p is None and proposal_id is None) or (p is not None and p.id == proposal_id):
                    return i
            if self._complete:
                return -1
            self.fetchMore()
