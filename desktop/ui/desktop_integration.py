"""The app as a desktop citizen: its app id, files dropped on the window, and one window per database
(a second launch hands over to the running window, which comes to the front).

The handoff is a QLocalServer named after the database file: a Unix-domain socket (a named pipe on
Windows) that only this user can open; never a network socket.  QtNetwork is imported only here,
once the window is up, and only its local-socket classes are used (tests/reliability checks that
the app opens no TCP or UDP socket).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

APP_ID = "org.aiexportdesk.ExportDesk"  # the .desktop file's, the metainfo's and the Wayland app id
BUNDLE_SUFFIXES = (".json", ".zip")
SQLITE_MAGIC = b"SQLite format 3\x00"
HANDOFF_TIMEOUT_MS = 1500


def set_app_id() -> None:
    """Tell the desktop which .desktop file the windows belong to (taskbar icon, grouping)."""
    QGuiApplication.setDesktopFileName(APP_ID)


def is_database(path: str | os.PathLike[str]) -> bool:
    """Whether the file is an SQLite database (by its header), rather than a bundle."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def server_name(db: str | os.PathLike[str]) -> str:
    """The local server's name for a database: one per file (and per user, by the socket's rights)."""
    resolved = str(Path(db).expanduser().resolve())
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    return "export-desk-" + hashlib.sha256(f"{user}\0{resolved}".encode()).hexdigest()[:20]


# ---------------------------------------------------------------------------- drag and drop


def dropped_bundles(mime) -> list[str]:
    """The local bundle files (.json, .zip) among a drag's URLs."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [QUrl(u).toLocalFile() for u in mime.urls()]
    return [p for p in paths if p and p.lower().endswith(BUNDLE_SUFFIXES) and Path(p).is_file()]


class BundleDrop(QObject):
    """Lets a bundle be dropped anywhere on the window: it is imported as File ▸ Import would."""

    def __init__(self, window: QMainWindow, import_path: Callable[[str], object]) -> None:
        super().__init__(window)
        self.import_path = import_path
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_bundles(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = dropped_bundles(event.mimeData())
            if paths:
                event.acceptProposedAction()
                for path in paths:
                    self.import_path(path)
                return True
        return super().eventFilter(watched, event)


# ---------------------------------------------------------------------------- one window per database


def hand_over(db: str | os.PathLike[str], open_file: str | None = None) -> bool:
    """Ask the window already running on db to come forward (and open open_file); True if it answered."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(db))
    if not socket.waitForConnected(HANDOFF_TIMEOUT_MS):
        return False
    message = json.dumps({"raise": True, "open": open_file}).encode() + b"\n"
    socket.write(message)
    socket.flush()
    answered = socket.waitForReadyRead(HANDOFF_TIMEOUT_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class Handoff(QObject):
    """The running window's side: listens on the database's local server; raises the window when asked."""

    def __init__(self, window: QMainWindow, db: str | os.PathLike[str], open_file: Callable[[str], object]) -> None:
        super().__init__(window)
        from PySide6.QtNetwork import QLocalServer

        self.window, self.open_file = window, open_file
        self.requests = 0
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(db)
        QLocalServer.removeServer(name)  # a stale socket file left by a crash (the lock file says we own db)
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda conn=conn: self._on_message(conn))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._on_message(conn)

    def _on_message(self, conn) -> None:
        if not conn.canReadLine():
            return
        try:
            message = json.loads(bytes(conn.readLine().data()).decode("utf-8"))
        except ValueError:
            message = {}
        conn.write(b"ok\n")
        conn.flush()
        self.requests += 1
        logging.getLogger("desktop").info("a second launch asked for this window")
        self.bring_forward()
        path = message.get("open") if isinstance(message, dict) else None
        if isinstance(path, str) and path:
            self.open_file(path)

    def bring_forward(self) -> None:
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()
        QApplication.alert(w, 0)  # where the window manager refuses focus stealing, the taskbar entry flashes

    def close(self) -> None:
        self.server.close()
