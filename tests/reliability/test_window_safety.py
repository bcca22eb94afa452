"""The window's promises: one write per burst, nothing lost on quit, faults shown and survived."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from desktop import cli  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.store.backup import list_backups, make_backup  # noqa: E402
from desktop.store.migrations import SCHEMA_VERSION  # noqa: E402
from desktop.ui import app as app_module  # noqa: E402
from desktop.ui import dialogs, guard  # noqa: E402
from desktop.ui.app import run_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

from .test_store_safety import DAMAGE  # noqa: E402

HERE = Path(__file__).parent


@pytest.fixture
def app_sandbox(monkeypatch):
    """run_app installs a log handler and an excepthook: undo both after the test."""
    logger = logging.getLogger("desktop")
    handlers, level = list(logger.handlers), logger.level
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    for widget in QApplication.topLevelWidgets():  # windows run_app built (a real run ends the process)
        if isinstance(widget, MainWindow):
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    for handler in logger.handlers[:]:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)


def stored(db_path, column):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT {column} FROM proposals ORDER BY modified DESC LIMIT 1").fetchone()[0]  # noqa: S608
    finally:
        conn.close()


def _close_windows_soon(ms=300):
    def close():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()  # the last window closed ends app.exec()

    QTimer.singleShot(ms, close)


# ---------------------------------------------------------------------------- 3 debounce, 4 quit


def test_300_lever_changes_make_one_transaction_per_maximum_wait_at_most(open_window, qtbot, db_path):
    """A drag is written once when it stops, and (issue 15: the debounce's maximum wait) at most
    once per 500 ms while it goes on: 300 changes within a second make one to three transactions."""
    window = open_window()
    statements = []
    window.store.db.conn.set_trace_callback(statements.append)
    slider = window.levers.slider("security")
    values = [(i * 37) % 101 for i in range(1, 300)] + [63]
    started = time.monotonic()
    for value in values:  # 300 changes, the event loop running between them as in a drag
        slider.setValue(value)
        QApplication.processEvents()
    dragged = time.monotonic() - started
    assert len(values) == 300
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved", timeout=3000)
    qtbot.wait(400)  # a second write would have happened by now
    window.store.db.conn.set_trace_callback(None)
    begins = [s for s in statements if s.strip().upper().startswith("BEGIN")]
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert 1 <= len(begins) <= 1 + int(dragged / 0.5), (dragged, statements)
    assert any("UPDATE proposals" in s for s in writes)
    assert stored(db_path, "security") == 63


def test_quitting_with_a_save_pending_keeps_the_value(open_window, db_path):
    window = open_window()
    window.levers.slider("partnership").setValue(91)
    window.proposal_panel.notes.setPlainText("typed just before quitting")
    assert window.autosaver.pending
    window.quit_action.trigger()
    window.store.close()
    store = open_store(db_path)
    latest = store.latest_proposal()
    store.close()
    assert latest.levers["partnership"] == 91
    assert latest.notes == "typed just before quitting"


# ---------------------------------------------------------------------------- 6 newer, 7 damaged: the GUI


def test_newer_file_gets_a_dialog_and_exit_2_and_stays_byte_identical(db_path, monkeypatch, app_sandbox):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    original = db_path.read_bytes()
    shown = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append((title, text)))
    assert run_app(db_path) == 2
    assert len(shown) == 1 and "newer AI Export Desk" in shown[0][1] and "Traceback" not in shown[0][1]
    assert db_path.read_bytes() == original


def _damaged_with_backup(db_path, kind):
    store = open_store(db_path)
    store.save_proposal(Proposal(name="Precious", country="KEN", notes="kept safe"))
    backup = make_backup(store.db.conn, db_path).path
    store.close()
    DAMAGE[kind](db_path)
    return backup


def quit_at_the_offered_backup(db_path, backup, monkeypatch) -> Path:
    """Run the window on a damaged db_path, quit at the one dialog (the offer of `backup`); the copy set aside."""
    offers = []
    monkeypatch.setattr(dialogs, "offer_restore", lambda *a: offers.append(a) or False)
    monkeypatch.setattr(dialogs, "explain", lambda *a: pytest.fail(f"unexpected dialog {a}"))
    assert run_app(db_path) == 2
    [(_parent, db, _detail, copy, offered)] = offers
    assert (db, offered) == (db_path, backup)
    return copy


@pytest.mark.parametrize("kind", ["page", "header", "not-a-database"])
def test_damaged_file_offers_the_backup_and_quit_leaves_it_alone(db_path, kind, monkeypatch, app_sandbox):
    backup = _damaged_with_backup(db_path, kind)
    damaged = db_path.read_bytes()
    copy = quit_at_the_offered_backup(db_path, backup, monkeypatch)
    assert copy.read_bytes() == damaged and db_path.read_bytes() == damaged


def test_damaged_file_restored_from_the_backup_opens_the_window(db_path, monkeypatch, app_sandbox):
    _damaged_with_backup(db_path, "page")
    monkeypatch.setattr(dialogs, "offer_restore", lambda *a: True)
    monkeypatch.setattr(dialogs, "explain", lambda *a: pytest.fail(f"unexpected dialog {a}"))
    titles = []
    QTimer.singleShot(200, lambda: titles.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                                                 if isinstance(w, MainWindow)))
    _close_windows_soon(400)
    assert run_app(db_path) == 0
    assert titles == ["AI Export Desk — Precious"]
    assert db_path.with_name(db_path.name + ".corrupt").exists()


def test_damaged_file_without_backup_is_explained(db_path, monkeypatch, app_sandbox):
    open_store(db_path).close()
    DAMAGE["header"](db_path)
    shown = []
    monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append(text))
    assert run_app(db_path) == 2
    assert "No backup" in shown[0] and ".corrupt" in shown[0]


# ---------------------------------------------------------------------------- 8 backups on open and close


def test_the_app_backs_up_on_open_and_close_only_when_something_changed(db_path, monkeypatch, app_sandbox):
    monkeypatch.setattr(dialogs, "explain", lambda *a: pytest.fail(f"unexpected dialog {a}"))

    def edit_then_close():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.levers.slider("openness").setValue(88)

    QTimer.singleShot(100, edit_then_close)
    _close_windows_soon(300)
    assert run_app(db_path) == 0
    assert len(list_backups(db_path)) == 2  # the first open, then the edit on close
    _close_windows_soon(200)
    assert run_app(db_path) == 0
    assert len(list_backups(db_path)) == 2  # nothing changed: no new backup


# ---------------------------------------------------------------------------- 9 full disk, read-only


def _fill(store):
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_shows_not_saved_keeps_the_work_and_a_retry_saves_it(open_window, qtbot, db_path):
    window = open_window()
    _fill(window.store)
    big = "negotiating position " * 4_700  # within the 100,000-character notes limit
    window.proposal_panel.notes.setPlainText(big)
    window.proposal_panel.flush()
    qtbot.waitUntil(lambda: window.save_state.text() == "Not saved", timeout=1000)
    assert "disk is full" in window.save_state.toolTip()
    assert "Not saved" in window.statusBar().currentMessage()
    assert window.session.proposal.notes == big  # the work is still in the window
    assert stored(db_path, "notes") == ""
    window.store.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved", timeout=3000)  # the retry timer
    assert stored(db_path, "notes") == big


def test_read_only_database_shows_not_saved_and_the_next_edit_saves(open_window, qtbot, db_path):
    window = open_window()
    window.store.db.conn.execute("PRAGMA query_only = ON")
    window.levers.slider("resilience").setValue(7)
    qtbot.waitUntil(lambda: window.save_state.text() == "Not saved", timeout=1000)
    assert "read-only" in window.save_state.toolTip()
    assert window.session.proposal.levers["resilience"] == 7
    window.store.db.conn.execute("PRAGMA query_only = OFF")
    window.levers.slider("resilience").setValue(8)
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved", timeout=1000)
    assert stored(db_path, "resilience") == 8


# ---------------------------------------------------------------------------- 10 a second instance


def test_a_second_instance_is_told_at_once_and_never_writes(db_path, tmp_path, monkeypatch, app_sandbox):
    open_store(db_path).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EXPORT_DESK_DB=str(db_path))
    first = subprocess.Popen([sys.executable, "-m", "desktop"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        deadline = time.monotonic() + 30
        while not lock.exists() or not list_backups(db_path):
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the first instance did not start"
            time.sleep(0.05)

        def current() -> dict[str, bytes]:
            return {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p.name != lock.name}

        # The first instance may still be writing its start (the new proposal, its first
        # snapshot): wait until its files have stayed the same for a second.
        files, still_since = current(), time.monotonic()
        while time.monotonic() - still_since < 1.0:
            assert time.monotonic() < deadline, "the first instance never settled"
            time.sleep(0.1)
            now = current()
            if now != files:
                files, still_since = now, time.monotonic()
        shown = []
        monkeypatch.setattr(dialogs, "explain", lambda parent, title, text: shown.append((title, text)))
        monkeypatch.setattr(guard, "open_store", lambda *a: pytest.fail("the second instance opened the database"))
        # The running window answers on its local server: it comes forward, this launch exits 0.
        started = time.monotonic()
        assert run_app(db_path) == 0
        assert time.monotonic() - started < 2.0
        assert shown == [] and current() == files
        # A running window that does not answer (hung): this launch says so and exits 2.
        import desktop.ui.app as app_module

        monkeypatch.setattr(app_module, "hand_over", lambda *_a: False)
        started = time.monotonic()
        assert run_app(db_path) == 2
        assert time.monotonic() - started < 2.0
        assert shown[0][0] == "Already open" and f"process {first.pid}" in shown[0][1]
        assert current() == files
        # Nor may the CLI swap the file under the open window.
        assert cli.main(["--db", str(db_path), "restore-backup"]) == 2
        assert current() == files
    finally:
        first.terminate()
        first.wait(timeout=10)


def test_a_lock_left_by_a_crashed_instance_is_reclaimed(db_path):
    lock = db_path.with_name(db_path.name + ".lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from PySide6.QtCore import QLockFile; "
         "l = QLockFile(sys.argv[1]); l.setStaleLockTime(0); print(l.tryLock(0), flush=True); time.sleep(60)",
         str(lock)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "True"
    assert guard.acquire_lock(db_path) is None  # held by a live process
    holder.kill()  # a crash: the lock file stays behind
    holder.wait(timeout=10)
    assert lock.exists()
    held = guard.acquire_lock(db_path)
    assert held is not None
    held.unlock()


# ---------------------------------------------------------------------------- 11 offline


def test_start_up_edit_export_and_backup_load_no_networking_module_and_open_no_network_socket(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(HERE / "offline_probe.py"), str(tmp_path / "o.sqlite3"), str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # QtNetwork only for the second-launch handoff's local socket; nothing else of the network kind.
    assert report["loaded"] in ([], ["PySide6.QtNetwork"])
    assert report["handoffs"] == 1
    if sys.platform.startswith("linux"):
        sockets = report["sockets"]
        assert sockets.get("unix", 0) >= 2  # the server and the client: the probe does see sockets
        assert {t: n for t, n in sockets.items() if t != "unix" and n} == {}
    assert report["export"] > 10_000 and Path(report["backup"]).exists()


def test_sockets_are_disabled_for_the_test_suite():
    import socket

    from pytest_socket import SocketBlockedError

    with pytest.warns(UserWarning, match="socket"), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_readme_says_the_app_opens_no_connection():
    readme = (HERE.parents[1] / "README.md").read_text(encoding="utf-8").lower()
    assert "never opens a network connection" in readme


# ---------------------------------------------------------------------------- 13 plain text


def test_every_label_in_the_window_is_plain_text(open_window, qtbot):
    window = open_window()
    hostile = "<b>x</b><script>alert(1)</script><img src=x onerror=alert(1)>"
    window.documents.store.save_proposal(replace(window.session.proposal, name=f"Deal {hostile}", notes=hostile))
    window.close()
    window = open_window()
    assert window.session.proposal.name == f"Deal {hostile}"
    labels = window.findChildren(QLabel)
    assert len(labels) > 20
    rich = [(lab.objectName(), lab.text()[:40]) for lab in labels if lab.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []
    assert hostile in window.proposal_panel.notes.toPlainText()


# ---------------------------------------------------------------------------- 14 exceptions in slots


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_and_the_app_keeps_running(open_window, qtbot, db_path,
                                                                               app_sandbox):
    window = open_window()
    log_file = guard.install_log(db_path)
    app_module._install_excepthook(lambda: window)

    def broken_slot():
        raise ValueError("a bug in a slot")

    window.levers.slider("security").valueChanged.connect(broken_slot)
    window.levers.slider("security").setValue(70)  # the slot raises inside Qt's signal delivery
    qtbot.waitUntil(lambda: "Something went wrong" in window.statusBar().currentMessage(), timeout=2000)
    assert "Traceback" not in window.statusBar().currentMessage()
    for handler in logging.getLogger("desktop").handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "ValueError: a bug in a slot" in text and "Traceback" in text
    assert log_file.parent == db_path.parent / "logs"
    window.levers.slider("security").valueChanged.disconnect(broken_slot)
    # Still working: the next edit updates the session and saves.
    window.levers.slider("openness").setValue(12)
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved", timeout=3000)
    assert stored(db_path, "openness") == 12
    assert window.session.proposal.levers["security"] == 70
