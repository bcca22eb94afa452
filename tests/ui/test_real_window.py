"""The real app in a real X window (Xvfb), driven by the keyboard with xdotool, as a user would."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.xvfb

NEEDED = ("Xvfb", "xdotool")


def _missing() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


@pytest.fixture
def display():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"needs {', '.join(missing)}")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _xdotool(env, *args: str, timeout: float = 20) -> str:
    return subprocess.run(["xdotool", *args], env=env, check=True, capture_output=True, text=True, timeout=timeout).stdout


class _App:
    """The real app started on db in the display; `err` and `returncode` are set once it has quit."""

    def __init__(self, display: str, db) -> None:
        self.env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", EXPORT_DESK_DB=str(db))
        self.env.pop("WAYLAND_DISPLAY", None)
        self.err = ""
        self.returncode: int | None = None

    def __enter__(self) -> "_App":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        return self

    def xdotool(self, *args: str) -> str:
        return _xdotool(self.env, *args)

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                _out, self.err = self.proc.communicate(timeout=30)
            elif exc_type is subprocess.CalledProcessError:
                self.proc.kill()
                _out, err = self.proc.communicate()
                raise AssertionError(f"xdotool failed; app stderr:\n{err}") from None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.communicate()
            self.returncode = self.proc.returncode
        return False


def test_keyboard_drives_the_real_app(display, tmp_path):
    db = tmp_path / "real.sqlite3"
    with _App(display, db) as app:
        window = app.xdotool("search", "--sync", "--onlyvisible", "--name", "AI Export Desk").split()[0]
        assert "AI Export Desk — Kenya proposal" in app.xdotool("getwindowname", window)
        app.xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)
        # Ctrl+3 focuses the Openness lever; End moves it to 100; PageDown steps back by 10;
        # Ctrl+1 then Home puts Security at 0; Ctrl+Q quits, saving first.
        app.xdotool("key", "--delay", "120", "ctrl+3", "End", "Next", "ctrl+1", "Home")
        time.sleep(0.3)
        app.xdotool("key", "ctrl+q")
    assert app.returncode == 0, app.err
    assert "Traceback" not in app.err
    with sqlite3.connect(db) as conn:
        security, openness = conn.execute("SELECT security, openness FROM proposals WHERE example = 0").fetchone()
        snapshots = conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    assert (security, openness) == (0, 90)
    assert snapshots == 1  # the settled state was snapshotted on the way out


def test_workshop_keys_drive_the_real_app(display, tmp_path):
    """Ctrl+B pins a baseline; F11 opens presentation mode, R hides the results, Esc leaves."""
    db = tmp_path / "workshop.sqlite3"
    with _App(display, db) as app:
        window = app.xdotool("search", "--sync", "--onlyvisible", "--name", "AI Export Desk — Kenya").split()[0]
        app.xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)
        app.xdotool("key", "--delay", "120", "ctrl+b", "ctrl+3", "End", "F11")
        shown = app.xdotool("search", "--sync", "--onlyvisible", "--name", "presentation").split()[0]
        app.xdotool("windowfocus", "--sync", shown)
        time.sleep(0.5)
        app.xdotool("key", "r")
        time.sleep(0.3)
        assert app.xdotool("getwindowname", shown).strip() == "AI Export Desk — presentation (results hidden)"
        app.xdotool("key", "r")
        time.sleep(0.3)
        assert app.xdotool("getwindowname", shown).strip() == "AI Export Desk — presentation"
        app.xdotool("key", "Escape")
        time.sleep(0.3)
        assert shown not in app.xdotool("search", "--onlyvisible", "--name", "AI Export Desk").split()
        app.xdotool("windowfocus", "--sync", window)
        time.sleep(0.3)
        app.xdotool("key", "ctrl+q")
    assert app.returncode == 0, app.err
    assert "Traceback" not in app.err
    with sqlite3.connect(db) as conn:
        openness = conn.execute("SELECT openness FROM proposals WHERE example = 0").fetchone()[0]
        pinned = conn.execute("SELECT pinned FROM baselines").fetchone()[0]
    assert openness == 100
    assert '"openness": 50' in pinned  # the baseline is the state before the move
