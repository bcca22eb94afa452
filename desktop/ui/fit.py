"""Whether the window's text fits: every shown label and button gets the room its text needs.

`clipped_widgets(window)` lists each visible QLabel and button whose text is cut (narrower or
lower than the text, by the widget's own size hints and font metrics, not by pixels). The fit
tests run it at each supported logical screen size, and docs/fit_screenshots.py prints it for
the real X window it captures. An ElidingLabel shortens its text on purpose (the whole text is
its tooltip), so only its height is checked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)

from .widgets import ElidingLabel

_SLACK = 1  # px: rounding between a hint and the geometry the layout gave


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r} {text[:40]!r}"


def _label_cut(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    fm = label.fontMetrics()
    if isinstance(label, ElidingLabel):
        need_w, need_h = 0, fm.height()
    elif label.wordWrap():
        need_w, need_h = 0, label.heightForWidth(label.width())
    else:
        hint = label.sizeHint()
        need_w, need_h = hint.width(), max(fm.height(), label.minimumSizeHint().height())
    if label.width() + _SLACK < need_w:
        return f"{_name(label)}: {label.width()} px wide, needs {need_w}"
    if label.height() + _SLACK < need_h:
        return f"{_name(label)}: {label.height()} px high, needs {need_h}"
    return None


def _button_cut(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    fm = button.fontMetrics()
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        need_w = fm.horizontalAdvance(text) + (button.iconSize().width() + 4 if not button.icon().isNull() else 0)
        width, height = room.width(), room.height()
    else:
        hint = button.minimumSizeHint()
        need_w, width, height = hint.width(), button.width(), button.height()
    if width + _SLACK < need_w:
        return f"{_name(button)}: {width} px for its text, needs {need_w}"
    if height + _SLACK < fm.height():
        return f"{_name(button)}: {height} px high for its text, needs {fm.height()}"
    return None


def clipped_widgets(window: QWidget) -> list[str]:
    """One line per visible label or button of the window whose text does not fit it."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window or isinstance(widget.parentWidget(), QTabBar):
            continue
        if isinstance(widget, QLabel):
            cut = _label_cut(widget)
        elif isinstance(widget, QAbstractButton):
            cut = _button_cut(widget)
        else:
            continue
        if cut:
            found.append(cut)
    return found
