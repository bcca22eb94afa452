"""What the window remembers between launches (QSettings): geometry, maximised, the splitter, the
docks, the last folders and the presentation preferences.

One settings file, `export-desk.ini` in the user's config folder (QSettings' IniFormat; the same
on every platform, so it can be read and deleted by hand). EXPORT_DESK_CONFIG names another folder
for it: the tests point it at a temporary folder, so they never read or write the user's settings.

A saved geometry that is corrupt, or that would put the window off every screen (a monitor
unplugged since), is ignored: the window opens at its default size on the primary screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

ORGANISATION = APPLICATION = "AI Export Desk"
FILE_NAME = "export-desk.ini"
STATE_VERSION = 1  # bump when the docks change so much that an old saved state would mislead
DEFAULT_SIZE = QSize(1360, 860)
MIN_VISIBLE = QSize(200, 60)  # this much of the window's top must be on a screen to be reachable


def settings_path() -> Path:
    """The settings file (EXPORT_DESK_CONFIG/export-desk.ini, else the user's config folder)."""
    folder = os.environ.get("EXPORT_DESK_CONFIG")
    if not folder:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
        folder = str(Path(base or Path.home() / ".config") / "export-desk")
    return Path(folder) / FILE_NAME


def settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def _bytes(value) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, (bytes, bytearray)) and value:
        return QByteArray(bytes(value))
    return None


def _flag(value, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return default


def reachable(frame: QRect) -> bool:
    """Whether the window's title bar (its top MIN_VISIBLE strip) is on some screen."""
    top = QRect(frame.topLeft(), QSize(frame.width(), MIN_VISIBLE.height()))
    for screen in QGuiApplication.screens():
        part = screen.availableGeometry().intersected(top)
        if part.width() >= min(MIN_VISIBLE.width(), frame.width()) and part.height() >= MIN_VISIBLE.height() // 2:
            return True
    return False


def place_default(window: QMainWindow) -> None:
    """The default size on the window's screen; maximised where the screen is smaller than that."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1360, 860)
    size = DEFAULT_SIZE.boundedTo(available.size())
    window.resize(size)
    window.move(available.x() + (available.width() - size.width()) // 2, available.y() + (available.height() - size.height()) // 2)
    if size != DEFAULT_SIZE:
        # A laptop screen (1280×800): use all of it rather than open partly off screen
        # (maximised by the window manager; sized to the screen for a platform that has none).
        window.setWindowState(Qt.WindowState.WindowMaximized)


def restore_window(window: QMainWindow, splitter: QSplitter | None = None) -> bool:
    """The saved geometry, docks and splitter (True), or the default placement (False)."""
    s = settings()
    geometry = _bytes(s.value("window/geometry"))
    restored = False
    if geometry is not None and window.restoreGeometry(geometry):
        if reachable(window.frameGeometry() if window.isVisible() else window.geometry()):
            restored = True
            if _flag(s.value("window/maximised")):
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    if not restored:
        window.setWindowState(Qt.WindowState.WindowNoState)
        place_default(window)
    state = _bytes(s.value("window/state"))
    if state is not None:
        window.restoreState(state, STATE_VERSION)  # False (ignored) for a corrupt or older one
    sizes = _bytes(s.value("window/splitter"))
    if splitter is not None and sizes is not None:
        splitter.restoreState(sizes)
    return restored


def save_window(window: QMainWindow, splitter: QSplitter | None = None, splitter_state: QByteArray | None = None) -> None:
    """Remember the window's geometry, docks and splitter (splitter_state: the sizes to keep, if not the splitter's own)."""
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/maximised", window.isMaximized())
    s.setValue("window/state", window.saveState(STATE_VERSION))
    if splitter is not None:
        s.setValue("window/splitter", splitter_state if splitter_state is not None else splitter.saveState())
    s.sync()


# ---------------------------------------------------------------------------- folders and preferences


def default_folder() -> str:
    """Where a first export goes: the user's Documents folder (the home folder if there is none)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def last_folder(kind: str) -> str:
    """The folder the last `kind` ("export", "import") file went to or came from, while it exists."""
    value = settings().value(f"folders/{kind}")
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return default_folder()


def remember_folder(kind: str, path: str | Path) -> None:
    folder = Path(path)
    folder = folder if folder.is_dir() else folder.parent
    s = settings()
    s.setValue(f"folders/{kind}", str(folder))
    s.sync()


def preference(key: str, default=None):
    """A stored preference (e.g. "presentation/start_hidden"); default when unset."""
    value = settings().value(key)
    if value is None:
        return default
    if isinstance(default, bool):
        return _flag(value, default)
    return value


def set_preference(key: str, value) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()
