"""Small shared widgets: plain-text labels, a scroll area whose content fits its width, and three
tiny stand-ins for superqt parts used at start-up (an eliding label, a searchable combo box, a
debouncer).

Why not superqt for those three: `import superqt` (which `superqt.utils` and
`superqt.combobox` also run, as the package's __init__ imports every widget, qtpy, and pygments
for its code highlighter) took ~0.2 s of a ~0.8 s start on the reference machine, against ~0.14 s
for a bare PySide6 window.  superqt stays a dependency for its range slider (Workshop ▸ Red
lines…), imported when that dialog opens.
"""

from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import Changes
from ..core.i18n import _
from ..core.model import CountryProfile
from .theme import style_text


def plain_label(text: str = "", object_name: str | None = None, wrap: bool = False) -> QLabel:
    """A QLabel that never interprets text as rich text (user and file text stays literal).

    object_name also gives it that name's text style (theme.TEXT_STYLES), if there is one."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if object_name:
        style_text(label, object_name)
    label.setWordWrap(wrap)
    return label


class WrappedLabel(QLabel):
    """A word-wrapped plain-text label that asks its layout for the height its lines need at the
    width it was given (a layout's minimum size otherwise ignores wrapping: rows got cut)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != super().text():
            super().setText(text)
            self._keep_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._keep_height()

    def _keep_height(self) -> None:
        need = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


class HeldLabel(QLabel):
    """A word-wrapped plain-text label whose height holds while its text changes.

    It keeps room for `lines` lines, and for more once a longer text has been shown (the room
    only grows until the label is resized): a text that changes on every lever move then never
    re-lays-out the panel around it, which would resize and repaint the charts a second time."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)  # (sets height-for-width in the size policy: replaced below)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        self._hold(grow_only=False)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != super().text():
            super().setText(text)
            self._hold(grow_only=True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._hold(grow_only=False)

    def _hold(self, grow_only: bool) -> None:
        m = self.contentsMargins()
        floor = self._lines * self.fontMetrics().lineSpacing() + m.top() + m.bottom()
        need = self.heightForWidth(self.width()) if self.width() > 0 and self.text() else 0
        height = max(floor, need, self.height() if grow_only else 0)
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A plain-text form label whose &-mnemonic focuses buddy."""
    label = plain_label(text)
    label.setBuddy(buddy)
    return label


def _weight_only(weight: QFont.Weight) -> QFont:
    """A font that sets only its weight: everything else is inherited from the parent widget."""
    font = QFont()
    font.setWeight(weight)
    return font


class CheckName(QLabel):
    """A check box's name as a wrapped label beside it (a QCheckBox's own text never wraps: a long
    name in French or Portuguese was cut); a click on it toggles the box, as a click on the text does."""

    def __init__(self, text: str, check: QAbstractButton) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        self.check = check
        check.setAccessibleName(text)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.check.isEnabled() and self.rect().contains(event.position().toPoint()):
            self.check.click()
            self.check.setFocus(Qt.FocusReason.MouseFocusReason)
        else:
            super().mouseReleaseEvent(event)


def titled_group(title: str) -> tuple[QGroupBox, QWidget]:
    """A group box with a semi-bold title, and the body its content goes in (normal weight).

    A group box's font is its children's too: the body resets the weight for everything inside.
    """
    group = QGroupBox(title)
    group.setFont(_weight_only(QFont.Weight.DemiBold))
    body = QWidget()
    body.setFont(_weight_only(QFont.Weight.Normal))
    frame = QVBoxLayout(group)
    frame.setContentsMargins(0, 0, 0, 0)
    frame.addWidget(body)
    return group, body


class FittedScrollArea(QScrollArea):
    """Scrolls vertically only; the content is kept exactly as wide as the viewport so text wraps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar that comes and goes would change the width the text was wrapped for.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        if not self.isVisible():
            # QScrollArea would size a content never sized before to its sizeHint (a layout pass over
            # every label), and _fit would wrap its text at the not-yet-laid-out viewport's width:
            # both are redone when the area is shown and sized (resizeEvent), so skip them now.
            widget.resize(0, 0)
        super().setWidget(widget)
        widget.setMinimumWidth(0)
        if self.isVisible():
            self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def refit(self) -> None:
        """Recompute the content's height after its rows changed (not only on resize)."""
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        width = self.viewport().width()
        widget.setFixedWidth(width)
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            # QScrollArea ignores height-for-width: give wrapped text the height it needs.
            widget.setMinimumHeight(layout.totalHeightForWidth(width))


def follow(owner: QObject, session, slot: Callable[[Changes], None], *aspects: str) -> None:
    """Call slot(changes) once per change of the session touching any of aspects, while owner exists.

    Aspects are core.changes names ("assessment", "baseline", …; "proposal.name" for one field).
    """

    def on_changed(changes: Changes) -> None:
        if changes.touches(*aspects):
            slot(changes)

    session.events.changed.connect(on_changed)
    owner.destroyed.connect(lambda *_: session.events.changed.disconnect(on_changed))


class ElidingLabel(QLabel):
    """A one-line plain-text label that elides its text (…) to fit its width; text() is the full text.

    With whole_tooltip, its tooltip is always the whole text (a name cut on a projector can still be read)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, whole_tooltip: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._whole_tooltip = whole_tooltip
        self.setText(text)

    def text(self) -> str:  # the whole text, not the elided one shown
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        if self._whole_tooltip:
            self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        # 2 px kept free: without it the ellipsis can be clipped at some widths.
        shown = QFontMetrics(self.font()).elidedText(self._full, Qt.TextElideMode.ElideRight, self.width() - 2)
        if shown != super().text():
            super().setText(shown)


class SearchableComboBox(QComboBox):
    """A combo box the user can type into: a pop-up lists the items containing the typed text
    (any case, anywhere in the item); typing never adds an item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)  # the combo's own model: items added later are found too
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)


class CountryPicker(SearchableComboBox):
    """Every country as "Name — ISO3", by name, searchable by either; an item's data is its ISO3.
    The name is the UN's in the language in use (languages.local_name), in that name's order; the
    English name typed is understood too.

    A typed name, ISO2/ISO3 code or unique prefix followed by Enter or Tab picks that country
    (core.country_match decides which); when the text fits several, the pop-up lists them and
    focus stays; when it fits none, the current country is shown again.
    """

    def __init__(self, profiles: Mapping[str, CountryProfile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Target country"))
        from ..core.country_match import folded
        from ..core.languages import local_name

        self._rows: dict[str, int] = {}
        self._names: dict[str, str] = {}  # ISO3 → the name shown: the UN's in the language in use
        self._english: dict[str, str] = {}  # ISO3 → the English name, also understood when typed
        shown = {iso: local_name(iso, prof.name) for iso, prof in profiles.items()}
        for iso in sorted(profiles, key=lambda iso: folded(shown[iso])):
            self._rows[iso] = self.count()
            self._names[iso] = shown[iso]
            self._english[iso] = profiles[iso].name
            self.addItem(f"{shown[iso]} — {iso}", iso)
        self.lineEdit().installEventFilter(self)
        self.completer().popup().installEventFilter(self)

    def row_of(self, iso3: str) -> int:
        """The row of a country, or -1 (a dict lookup: the proposal panel asks on every change)."""
        return self._rows.get(iso3, -1)

    def addItem(self, text: str, data=None) -> None:  # noqa: N802 - Qt's name
        super().addItem(text, data)
        if data is not None and data not in self._names:  # extra entries (a dialog's "outside" ones)
            self._rows[data] = self.count() - 1
            self._names[data] = text.split(" — ", 1)[0]

    def pick_typed(self) -> list[str]:
        """Resolve the typed text: one match is picked (activated, as a click would); returns the matches."""
        from ..core.country_match import match_country

        text = self.lineEdit().text()
        current = self.currentIndex()
        if current >= 0 and text == self.itemText(current):
            return [self.itemData(current)]
        found = match_country(text, self._names)
        if not found and self._english != self._names:
            found = match_country(text, self._english)  # "Morocco" in the French window: Maroc
        if len(found) == 1:
            row = self._rows[found[0]]
            self.completer().popup().hide()
            self.setCurrentIndex(row)
            self.setEditText(self.itemText(row))
            self.activated.emit(row)
        elif found:
            completer = self.completer()
            completer.setCompletionPrefix(text.strip())
            completer.complete()
        else:
            self.setEditText(self.itemText(current) if current >= 0 else "")
        return found

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in _PICK_KEYS and not (
            event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        ):
            popup = self.completer().popup()
            if watched is popup and popup.currentIndex().isValid():
                return False  # a row chosen in the pop-up: the completer picks it as usual
            found = self.pick_typed()
            if len(found) != 1:
                return True  # several (listed) or none: stay here
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(watched, event)


_PICK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class Debouncer(QObject):
    """Emits `triggered` once, delay_ms after the last `call()`; `cancel()` drops a pending one.

    With max_wait_ms, calls that never pause (continuous typing) still trigger at least every
    max_wait_ms: the wait restarts on each call, but never beyond max_wait_ms after the first.
    """

    triggered = Signal()

    def __init__(self, delay_ms: int, parent: QObject | None = None, max_wait_ms: int | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._deadline: QTimer | None = None
        if max_wait_ms is not None:
            self._deadline = QTimer(self)
            self._deadline.setSingleShot(True)
            self._deadline.setTimerType(Qt.TimerType.PreciseTimer)
            self._deadline.setInterval(max_wait_ms)
            self._deadline.timeout.connect(self._fire)

    def call(self) -> None:
        """(Re)start the wait: `triggered` follows delay_ms after the last call (max_wait_ms after the first)."""
        self._timer.start()
        if self._deadline is not None and not self._deadline.isActive():
            self._deadline.start()

    def _fire(self) -> None:
        self.cancel()
        self.triggered.emit()

    def cancel(self) -> None:
        self._timer.stop()
        if self._deadline is not None:
            self._deadline.stop()

    def pending(self) -> bool:
        return self._timer.isActive()
