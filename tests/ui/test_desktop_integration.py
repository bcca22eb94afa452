"""Desktop integration: app id, .desktop/metainfo/MIME files, `export-desk FILE`, drag-and-drop of a
bundle, and a second launch on the same database raising the running window (local socket only)."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import desktop.__main__ as entry  # noqa: E402
from desktop.ui import desktop_integration as di  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def export_bundle_file(window, path: Path, streamed: bool = False) -> Path:
    from desktop.core.bundle import dump_bundle
    from desktop.store.exchange import export_bundle
    from desktop.store.exchange_stream import write_bundle_file

    window.autosaver.flush_all()
    if streamed:
        write_bundle_file(window.store, [window.session.proposal.name], path)
        return path
    path.write_bytes(dump_bundle(export_bundle(window.store, [window.session.proposal.name]), as_zip=path.suffix == ".zip"))
    return path


# ---------------------------------------------------------------------------- files for the desktop


def test_the_desktop_file_names_the_app_id_the_command_and_the_bundle_types():
    entry_file = RESOURCES / f"{di.APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry_file, encoding="utf-8")
    d = parser["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "AI Export Desk"
    assert d["Exec"] == "export-desk %f" and d["Icon"] == di.APP_ID and d["Terminal"] == "false"
    mime = ET.parse(RESOURCES / f"{di.APP_ID}.mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    declared = {t.get("type") for t in mime.findall("m:mime-type", ns)}
    assert set(filter(None, d["MimeType"].split(";"))) == declared == {
        "application/x-export-desk-bundle", "application/x-export-desk-bundle+zip"}
    meta = ET.parse(RESOURCES / f"{di.APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == di.APP_ID
    assert meta.find("launchable").text == f"{di.APP_ID}.desktop"
    assert {m.text for m in meta.iter("mediatype")} == declared


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_the_metainfo_validates():
    proc = subprocess.run(["appstreamcli", "validate", "--no-net", str(RESOURCES / f"{di.APP_ID}.metainfo.xml")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_mime_magic_matches_the_bundles_the_app_writes(window, tmp_path):
    as_json = export_bundle_file(window, tmp_path / "b.json").read_bytes()
    as_zip = export_bundle_file(window, tmp_path / "b.zip").read_bytes()
    assert b'"format": "ai-export-desk-bundle"' in as_json[: 64 + 40]  # the match's offset range 0:64
    streamed = export_bundle_file(window, tmp_path / "s.zip", streamed=True).read_bytes()
    assert as_zip[:4] == b"PK\x03\x04" and as_zip[30:41] == b"bundle.json"
    assert streamed[:4] == b"PK\x03\x04" and streamed[30:43] == b"manifest.json"  # schema 5: the manifest first


def test_the_app_id_is_set(qapp):
    di.set_app_id()
    assert QGuiApplication.desktopFileName() == di.APP_ID


# ---------------------------------------------------------------------------- export-desk FILE


@pytest.mark.parametrize("argv, expected", [
    (["proposal.zip"], (None, "proposal.zip")),
    (["--db", "x.sqlite3", "b.json"], ("x.sqlite3", "b.json")),
    (["desk.sqlite3"], ("desk.sqlite3", None)),
])
def test_export_desk_file_opens_the_window_on_a_database_or_with_a_bundle(argv, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "proposal.zip").write_bytes(b"PK\x03\x04")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "x.sqlite3").write_bytes(di.SQLITE_MAGIC)
    (tmp_path / "desk.sqlite3").write_bytes(di.SQLITE_MAGIC + b"\0" * 100)
    opened = []
    monkeypatch.setattr(entry, "_window", lambda db, open_file=None: opened.append((db, open_file)) or 0)
    assert entry.main(argv) == 0
    assert opened == [expected]


def test_a_missing_file_or_a_command_name_goes_to_the_cli(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(entry, "_window", lambda *a, **k: pytest.fail("no window for this"))
    assert entry.main(["missing.zip"]) == 2
    assert "missing.zip" in capsys.readouterr().err


# ---------------------------------------------------------------------------- drag and drop


def drag(window, path: Path, kind):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = window.rect().center()
    if kind is QDropEvent:
        event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    else:
        event = QDragEnterEvent(QPoint(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event


def test_a_bundle_dropped_on_the_window_is_imported(open_window, tmp_path, monkeypatch):
    from desktop.ui import dialogs

    window = open_window()
    name = window.session.proposal.name
    bundle = export_bundle_file(window, tmp_path / "drop.zip")
    assert drag(window, bundle, QDragEnterEvent).isAccepted()
    other = tmp_path / "notes.txt"
    other.write_text("not a bundle")
    assert not drag(window, other, QDragEnterEvent).isAccepted()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)  # the name is taken: import as a copy
    drag(window, bundle, QDropEvent)
    assert window.session.proposal.name == f"{name} (imported)"
    assert window.store.find_proposal(f"{name} (imported)") is not None
    window.assessment.uncertainty.wait()
    window.close()


# ---------------------------------------------------------------------------- a second launch


def test_a_second_launch_raises_the_running_window_through_its_local_server(window, qtbot, tmp_path):
    from PySide6.QtNetwork import QLocalSocket

    opened = []
    handoff = di.Handoff(window, window.store.path, opened.append)
    assert handoff.listening
    assert handoff.server.fullServerName().startswith(("/", "\\\\.\\pipe\\"))  # a socket file or a pipe
    window.showMinimized()
    client = QLocalSocket()
    client.connectToServer(di.server_name(window.store.path))
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.ConnectedState, timeout=3000)
    client.write(json.dumps({"raise": True, "open": str(tmp_path / "b.zip")}).encode() + b"\n")
    client.flush()
    qtbot.waitUntil(lambda: handoff.requests == 1, timeout=3000)
    qtbot.waitUntil(lambda: client.bytesAvailable() > 0, timeout=3000)
    assert bytes(client.readAll().data()) == b"ok\n"
    assert window.isVisible() and not window.isMinimized()
    assert opened == [str(tmp_path / "b.zip")]
    handoff.close()


def test_the_server_name_is_per_database():
    assert di.server_name("/a/desk.sqlite3") != di.server_name("/b/desk.sqlite3")
    assert di.server_name("/a/desk.sqlite3") == di.server_name("/a/../a/desk.sqlite3")


def _wait_for(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_two_real_launches_on_one_database_hand_over_and_the_second_exits_0(tmp_path):
    db = tmp_path / "desk.sqlite3"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EXPORT_DESK_CONFIG=str(tmp_path / "config"))
    log = tmp_path / "logs" / "export-desk.log"
    first = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: log.exists() and "listening for a second launch" in log.read_text()), (
            log.read_text() if log.exists() else "no log")
        second = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert "Traceback" not in second.stderr
        assert _wait_for(lambda: "a second launch asked for this window" in log.read_text(), 20)
        assert first.poll() is None  # the first window is still running
    finally:
        first.terminate()
        first.communicate(timeout=60)
