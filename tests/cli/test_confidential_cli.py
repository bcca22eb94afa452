"""Issue 14 from outside: every private kind filled through the CLI (notes, red lines, lever history
with reasons, profile estimates with edit reasons, the rival offer), then the counterpart brief (PDF
text, PDF metadata, HTML) and the counterpart bundle are searched for each secret."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

NAME = "Kenya offer"
SECRETS = {
    "notes": "QZXnotesQ walk away below 35",
    "reason": "QZXreasonQ they fold at sixty",
    "trust": "QZXtrustQ minister told us privately",
    "competition": "QZXcompQ Huawei offered more",
    "rival": "QZXrivalQ heard at dinner",
}


def run(tmp_path: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EXPORT_DESK_DB=str(tmp_path / "env-default.sqlite3"))
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=180)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_secrets_filled_from_the_cli_never_reach_the_counterpart(tmp_path):
    db = tmp_path / "desk.sqlite3"
    ok(run(tmp_path, db, "save", NAME, "--country", "KEN", "--openness", "40", "--limit", "openness=23:77",
           "--notes", SECRETS["notes"]))
    ok(run(tmp_path, db, "save", NAME, "--openness", "71"))  # lever history: Openness 40 → 71
    history = json.loads(ok(run(tmp_path, db, "history", NAME, "--json")).stdout)
    change = next(c for s in history["states"] for c in s["changes"])
    ok(run(tmp_path, db, "history", NAME, "--reason", str(change["id"]), SECRETS["reason"]))
    ok(run(tmp_path, db, "profile", "KEN", "set", "trust", "41", "--reason", SECRETS["trust"]))
    ok(run(tmp_path, db, "profile", "KEN", "set", "competition", "83", "--reason", SECRETS["competition"]))
    ok(run(tmp_path, db, "profile", "KEN", "set", "alternative.price", "0.7", "--reason", SECRETS["rival"]))
    shown = json.loads(ok(run(tmp_path, db, "profile", "KEN", "--json")).stdout)
    assert shown["sovereignty"]["trust"]["value"] == 41 and shown["sovereignty"]["trust"]["edit_reason"] == SECRETS["trust"]
    assert shown["alternative"]["price"] == 0.7

    ok(run(tmp_path, db, "brief", NAME, "--out", "internal.pdf"))
    ok(run(tmp_path, db, "brief", NAME, "--out", "safe.pdf", "--html", "--counterpart"))
    ok(run(tmp_path, db, "export", NAME, "--out", "cp.json", "--counterpart"))

    def text(pdf: str) -> str:
        out = subprocess.run(["pdftotext", str(tmp_path / pdf), "-"], check=True, capture_output=True, text=True).stdout
        return " ".join(unicodedata.normalize("NFKC", out).split())

    internal = text("internal.pdf")
    assert "QZXnotesQ" in internal and "QZXreasonQ" in internal and "Openness 40 → 71" in internal
    outputs = {
        "pdf": text("safe.pdf"),
        "html": (tmp_path / "safe.html").read_text(encoding="utf-8"),
        "meta": subprocess.run(["pdfinfo", "-meta", str(tmp_path / "safe.pdf")], check=True, capture_output=True,
                               text=True).stdout,
        "bundle": (tmp_path / "cp.json").read_text(encoding="utf-8"),
    }
    markers = ["QZXnotesQ", "QZXreasonQ", "QZXtrustQ", "QZXcompQ", "QZXrivalQ", "40 → 71", "23 – 77", "Huawei",
               "minister told us", "Red line", "Exporter assurance", "Margin", "Trust / alignment",
               "Pressure of competing offers", "side.assurance_threshold"]
    for where, out in outputs.items():
        found = [m for m in markers if m in out]
        assert not found, (where, found)
    assert "Counterpart-safe edition" in outputs["pdf"]
