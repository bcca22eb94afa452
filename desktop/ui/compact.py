"""The window's two layouts: wide (proposal | centre | country side by side) and compact (the
area between the docks narrower than COMPACT_BELOW logical pixels: the proposal and the country
share one side column as tabs). The wide layout needs ~1110 px, the compact one 920 px, so a
width between them never flips back and forth.

The centre (levers and assessment) sits in a scroll area, so a short screen (1280×720 at 150%,
960×540 at 200%) scrolls it instead of squeezing the rows below their text. The splitter state
saved between launches is the wide layout's, whichever layout the window was closed in.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import (
    QFrame,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import _

COMPACT_BELOW = 1180  # px (logical) of the centre area (the window less its docks): narrower, the side panels become tabs
SIDE_WIDTH = 320  # the side column's width in the compact layout
CENTRE_MIN_WIDTH = 600  # the two lever columns side by side, their titles and demands whole


class Centre(QWidget):
    """The centre's content: sized by its minimum height, not by height-for-width (QScrollArea
    would give it the preferred height of its wrapped labels, and scroll needlessly)."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


def centre_scroll_area(centre: QWidget) -> QScrollArea:
    """A frameless scroll area holding the centre: it fills the area, and scrolls when taller."""
    area = QScrollArea()
    area.setObjectName("centreScroll")
    area.setAccessibleName(_("Levers and assessment"))
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    # QScrollArea asks the content's *layout* about height-for-width: a plain holder whose layout
    # holds the Centre (which says no) keeps the area to the minimum height.
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(centre)
    area.setWidget(holder)
    area.setMinimumWidth(CENTRE_MIN_WIDTH)
    return area


class CompactLayout(QObject):
    """Switches the splitter between the wide and the compact layout as the window is resized."""

    def __init__(self, window: QMainWindow, splitter: QSplitter, proposal: QWidget, country: QWidget) -> None:
        super().__init__(window)
        self.window, self.splitter = window, splitter
        self.proposal, self.country = proposal, country
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sideTabs")
        self.tabs.setAccessibleName(_("Proposal and country"))
        self.tabs.setDocumentMode(True)
        self.tabs.setMinimumWidth(SIDE_WIDTH)
        self.tabs.hide()
        self.compact = False
        self._wide_state: QByteArray | None = None
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self.fit(self.splitter.width())
        return False

    def fit(self, width: int) -> None:
        """The layout for a window this wide."""
        want = width < COMPACT_BELOW
        if want != self.compact:
            self._to_compact() if want else self._to_wide()

    def splitter_state(self) -> QByteArray:
        """The wide layout's splitter sizes (what the window remembers)."""
        return self._wide_state if self.compact and self._wide_state is not None else self.splitter.saveState()

    def _to_compact(self) -> None:
        self._wide_state = self.splitter.saveState()
        self.window.setUpdatesEnabled(False)
        self.tabs.addTab(self.proposal, _("Proposal"))
        self.tabs.addTab(self.country, _("Country"))
        self.splitter.insertWidget(0, self.tabs)
        self.tabs.show()
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDE_WIDTH, max(CENTRE_MIN_WIDTH, self.splitter.width() - SIDE_WIDTH)])
        self.compact = True
        self.window.setUpdatesEnabled(True)

    def _to_wide(self) -> None:
        self.window.setUpdatesEnabled(False)
        focus = self.window.focusWidget()
        self.tabs.setParent(self.window)  # out of the splitter first: the panels go back either side of the centre
        self.tabs.hide()
        self.splitter.insertWidget(0, self.proposal)
        self.splitter.addWidget(self.country)
        self.proposal.show()
        self.country.show()
        for i in range(3):
            self.splitter.setStretchFactor(i, 1 if i == 1 else 0)
        if self._wide_state is None or not self.splitter.restoreState(self._wide_state):
            self.splitter.setSizes([310, max(CENTRE_MIN_WIDTH, self.splitter.width() - 640), 310])
        self.compact = False
        self.window.setUpdatesEnabled(True)
        if focus is not None and focus.isVisible():
            focus.setFocus()
