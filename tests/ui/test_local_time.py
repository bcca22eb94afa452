"""Times are stored in UTC and shown in local time, in the user's locale, labelled with the zone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.ui.local_time import local_clock, local_time  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from PySide6.QtWidgets import QApplication
from desktop.core.model import Proposal
from desktop.ui.dialogs import OpenDialog
from desktop.ui.timeline import state_text, when
from desktop.ui.local_time import local_time
app = QApplication([])
p = Proposal(name="Nairobi", country="KEN", id=1, modified="2026-12-02T05:01:02.000001+00:00")
d = OpenDialog(None, [p], {})
print(d.list.item(0).text())
print(when("2026-07-02T05:01:02+00:00"))
print(state_text({"created": "2026-12-02T05:01:02+00:00", "overall": 50.0, "band": "Viable", "levers": {}}))
"""


@pytest.mark.parametrize("tz, lang, expected", [
    ("Asia/Kolkata", "en_GB.UTF-8", ["Nairobi  —  KEN  ·  02/12/2026 10:31 IST", "02/07/2026 10:31:02 IST", "10:31:02   50.0 Viable"]),
    ("Europe/Berlin", "de_DE.UTF-8", ["Nairobi  —  KEN  ·  02.12.26 06:01 CET", "02.07.26 07:01:02 CEST", "06:01:02   50.0 Viable"]),
    ("UTC", "en_US.UTF-8", ["Nairobi  —  KEN  ·  12/2/26 5:01 AM UTC", "7/2/26 5:01:02 AM UTC", "5:01:02 AM   50.0 Viable"]),
])
def test_the_open_dialog_and_the_timeline_show_local_time_with_its_zone(tz, lang, expected):
    env = dict(os.environ, TZ=tz, LANG=lang, LC_ALL="", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert [line.replace("\u202f", " ") for line in lines[:2]] == expected[:2]
    assert lines[2].replace("\u202f", " ").startswith(expected[2])


def test_a_stamp_that_is_not_a_time_is_shown_as_it_is():
    assert local_time("not a time") == "not a time" and local_time(None) == "" and local_clock("x") == "x"


def test_a_naive_stamp_is_read_as_utc():
    assert local_time("2026-12-02T05:01:02") == local_time("2026-12-02T05:01:02+00:00")
