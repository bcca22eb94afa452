"""The window's menu bar, built from the action registry with each id bound to its handler."""

from __future__ import annotations

from typing import Callable, Mapping, Union

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ..core.i18n import _
from .action_registry import MENUS, Action, Separator, Submenu

# What an id is bound to: a slot (a new action calls it), an action a part owns already (a dock's
# toggle, the undo stack's Undo), or, for a Submenu, the QMenu its part fills.
Handler = Union[Callable[[], object], QAction, QMenu]


def build_menus(window: QMainWindow, handlers: Mapping[str, Handler]) -> dict[str, QAction | QMenu]:
    """Add every registry menu to the window's menu bar; returns the QAction (or QMenu) of each id.

    Every id in the registry needs a handler and every handler an id: a mismatch is a bug, raised.
    """
    ids = {item.id for menu in MENUS for item in menu.items if not isinstance(item, Separator)}
    missing, unknown = sorted(ids - set(handlers)), sorted(set(handlers) - ids)
    if missing or unknown:
        raise KeyError(f"menu ids without a handler: {missing}; handlers without a menu id: {unknown}")
    built: dict[str, QAction | QMenu] = {}
    bar = window.menuBar()
    for menu in MENUS:
        qmenu = bar.addMenu(_(menu.title))  # translated as built: the registry holds the English
        qmenu.setObjectName(f"{menu.name.lower()}Menu")
        built[menu.name] = qmenu
        for item in menu.items:
            if isinstance(item, Separator):
                qmenu.addSeparator()
            elif isinstance(item, Submenu):
                sub = handlers[item.id]
                assert isinstance(sub, QMenu)
                sub.setTitle(_(item.text))
                qmenu.addMenu(sub)
                built[item.id] = sub
            else:
                action = _action(window, item, handlers[item.id])
                qmenu.addAction(action)
                built[item.id] = action
    return built


def _action(window: QMainWindow, spec: Action, handler: Handler) -> QAction:
    if isinstance(handler, QAction):
        action = handler
        action.setText(_(spec.text))
    else:
        action = QAction(_(spec.text), window)
        action.triggered.connect(lambda _checked=False, slot=handler: slot())
    action.setObjectName(spec.id)
    action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
    window.addAction(action)  # its shortcut works while the menu is closed, and in every state of it
    return action
