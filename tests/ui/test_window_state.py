"""The window remembers (QSettings in an isolated folder per test): geometry, maximised, splitter,
docks, folders, presentation preference; a corrupt or off-screen geometry falls back."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt  # noqa: E402

from desktop.ui import exchange, window_state  # noqa: E402


def test_the_settings_file_is_the_tests_own(isolated_settings):
    assert window_state.settings_path() == isolated_settings / "export-desk.ini"
    assert str(isolated_settings) in window_state.settings().fileName()


def close(window):
    window.assessment.uncertainty.wait()
    window.close()


def test_size_position_splitter_and_docks_come_back_after_a_reopen(open_window, isolated_settings, qapp):
    window = open_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1600, 800)  # the wide layout: its splitter is what is remembered
    qapp.processEvents()
    window.splitter.setSizes([260, 1000, 290])
    sizes = window.splitter.sizes()
    # 940 wide: the offscreen screen is 800 px, a restored geometry is clamped to it and then to
    # the window's minimum width; this size comes back as it was (in the compact layout).
    window.setGeometry(0, 40, 940, 520)
    window.workshop.dock.setFloating(False)  # docked beside the centre (the default since issue 18)
    window.workshop.dock.show()
    window.scenarios.ranking_dock.show()
    qapp.processEvents()
    assert window.compact.compact
    close(window)
    assert (isolated_settings / "export-desk.ini").exists()

    again = open_window()
    qapp.processEvents()
    assert not again.isMaximized()
    assert again.size() == window.size()
    assert again.workshop.dock.isVisible() and not again.workshop.dock.isFloating()
    assert again.scenarios.ranking_dock.isVisible()
    assert not again.scenarios.timeline_dock.isVisible()
    again.workshop.dock.hide()
    again.scenarios.ranking_dock.hide()
    again.resize(1600, 800)
    qapp.processEvents()
    assert not again.compact.compact
    assert again.splitter.sizes() == sizes
    close(again)


def test_a_maximised_window_reopens_maximised(open_window):
    window = open_window()
    window.showMaximized()
    close(window)
    s = window_state.settings()
    assert window_state._flag(s.value("window/maximised"))
    again = open_window()
    assert again.windowState() & Qt.WindowState.WindowMaximized
    close(again)


def test_the_map_opens_docked_the_first_time_and_floating_if_it_was_left_floating(open_window, qapp):
    window = open_window()
    window.workshop.dock.show()
    qapp.processEvents()
    assert not window.workshop.dock.isFloating()  # the default: docked, not over the score
    window.workshop.dock.setFloating(True)
    qapp.processEvents()
    close(window)
    again = open_window()
    qapp.processEvents()
    assert again.workshop.dock.isVisible() and again.workshop.dock.isFloating()
    close(again)


def test_a_corrupt_saved_state_falls_back_to_the_default_placement(open_window):
    s = window_state.settings()
    s.setValue("window/geometry", QByteArray(b"\x00garbage" * 7))
    s.setValue("window/state", "not bytes at all")
    s.setValue("window/splitter", QByteArray(b"\x01\x02"))
    s.setValue("window/maximised", "maybe")
    s.sync()
    window = open_window()  # opens, and where the default puts it (maximised on the small offscreen screen)
    room = window.screen().availableGeometry()
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.height() <= room.height()
    assert all(size > 0 for size in window.splitter.sizes())
    close(window)


def test_a_geometry_saved_on_a_screen_that_is_gone_is_ignored(open_window):
    window = open_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(5000, 4000, 700, 500)  # where a second monitor was
    close(window)
    assert not window_state.reachable(QRect(5000, 4000, 700, 500))
    again = open_window()  # Qt moves a restored window onto a screen; if it did not, the default placement does
    assert window_state.reachable(again.frameGeometry())
    assert again.screen().availableGeometry().intersects(again.geometry())
    close(again)


def test_reachable_needs_the_title_bar_on_a_screen(qapp):
    room = qapp.primaryScreen().availableGeometry()
    assert window_state.reachable(QRect(room.x() + 10, room.y() + 10, 400, 300))
    assert window_state.reachable(QRect(room.right() - 250, room.y(), 900, 300))  # partly off, still grabbable
    assert not window_state.reachable(QRect(room.x() + 10, room.y() - 500, 400, 300))  # title bar above the screen
    assert not window_state.reachable(QRect(room.right() + 5, room.y(), 400, 300))


def test_exports_default_to_documents_then_the_last_folder_used(window, monkeypatch, tmp_path):
    docs = tmp_path / "Documents"
    docs.mkdir()
    monkeypatch.setattr(window_state, "default_folder", lambda: str(docs))
    asked = []
    monkeypatch.setattr(exchange, "ask_bundle_edition", lambda _p: (False, None))  # an internal bundle, chosen
    monkeypatch.setattr(exchange, "ask_save_path", lambda _p, _t, default, _f: asked.append(default) or None)
    window.actions_by_id["file.export_bundle"].trigger()
    assert asked[-1].startswith(str(docs))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(exchange, "ask_save_path", lambda _p, _t, default, _f: asked.append(default) or str(out / "b.json"))
    window.actions_by_id["file.export_bundle"].trigger()
    assert (out / "b.json").exists()
    # A new launch (a new settings object) proposes that folder.
    assert QSettings(str(window_state.settings_path()), QSettings.Format.IniFormat).value("folders/export") == str(out)
    monkeypatch.setattr(exchange, "ask_save_path", lambda _p, _t, default, _f: asked.append(default) or None)
    window.actions_by_id["file.export_bundle"].trigger()
    assert asked[-1].startswith(str(out))
    out.rmdir() if not any(out.iterdir()) else None


def test_a_folder_that_no_longer_exists_is_not_proposed(tmp_path, monkeypatch):
    monkeypatch.setattr(window_state, "default_folder", lambda: str(tmp_path))
    window_state.remember_folder("export", tmp_path / "gone" / "x.pdf")
    assert window_state.last_folder("export") == str(tmp_path)


def test_presentation_opens_with_the_results_as_they_were_last_left(window):
    mode = window.workshop.presentation
    shown = mode.enter()
    assert shown.revealed
    shown.set_revealed(False)
    mode.leave()
    assert window_state.preference("presentation/start_hidden", False) is True
    assert not mode.enter().revealed
    mode.window.set_revealed(True)
    mode.leave()
    assert mode.enter().revealed
    mode.leave()
