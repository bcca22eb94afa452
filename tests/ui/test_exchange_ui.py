"""File ▸ Export brief…, bundles and country figures in the real window on a real SQLite file."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.core.bundle import dump_bundle  # noqa: E402
from desktop.core.figures_csv import FigureChange  # noqa: E402
from desktop.core.model import Proposal  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.store.exchange import export_bundle  # noqa: E402
from desktop.ui import brief_render, dialogs, exchange, figures_preview  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402

NOTES = "Our walk-away is 35 <b>bold</b> & co"


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "desk.sqlite3")
    store.save_proposal(Proposal(name="Kenya clinics cloud", country="KEN", notes=NOTES, red_lines={"openness": (10, 60)}))
    w = build_window(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    store.close()


def dump(store) -> list[str]:
    return list(store.db.conn.iterdump())


@pytest.fixture
def explained(monkeypatch):
    seen = []
    monkeypatch.setattr(dialogs, "explain", lambda _p, title, text: seen.append((title, text)))
    return seen


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_export_brief_from_the_menu_counterpart_safe(window, tmp_path, monkeypatch):
    out = tmp_path / "brief.pdf"
    monkeypatch.setattr(exchange, "ask_export_brief", lambda _p, default, *_rest: (str(out), True, True))
    window.export_brief_action.trigger()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kenya clinics cloud" in text and "Kenya (KEN)" in text
    assert "walk-away" not in text and "Red lines" not in text
    assert out.with_suffix(".html").exists()
    assert "brief" in window.statusBar().currentMessage()


def test_failed_brief_export_explains_and_keeps_old_file(window, tmp_path, monkeypatch, explained):
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"old brief")
    monkeypatch.setattr(exchange, "ask_export_brief", lambda _p, default, *_rest: (str(out), False, False))
    monkeypatch.setattr(dialogs, "ask_replace", lambda *_a: True)  # yes, replace it (then the render fails)

    def fail(*_a, **_k):
        raise OSError("renderer crashed midway")

    monkeypatch.setattr(brief_render, "render_pdf", fail)
    window.export_brief_action.trigger()
    assert b"old brief" == out.read_bytes()
    assert "Export brief" == explained[0][0] and "renderer crashed" in explained[0][1]


def test_bundle_import_offers_rename_and_opens_it(window, tmp_path, monkeypatch):
    store = window.store
    path = tmp_path / "b.json"
    path.write_bytes(dump_bundle(export_bundle(store, ["Kenya clinics cloud"])))
    asked = []
    monkeypatch.setattr(exchange, "ask_open_path", lambda *_a: str(path))
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    window.exchange.import_bundle()
    assert asked and "already exists" in asked[0]
    assert "Kenya clinics cloud (imported)" == window.session.proposal.name
    assert NOTES == window.session.proposal.notes


def test_hostile_bundle_explained_and_nothing_changes(window, tmp_path, monkeypatch, explained):
    path = tmp_path / "evil.json"
    bundle = export_bundle(window.store, ["Kenya clinics cloud"])
    bundle["proposals"][0]["levers"]["openness"] = 1000
    path.write_text(json.dumps(bundle))
    before = dump(window.store)
    monkeypatch.setattr(exchange, "ask_open_path", lambda *_a: str(path))
    window.exchange.import_bundle()
    assert before == dump(window.store)
    assert "Nothing was imported" in explained[0][1] and "less than or equal to 100" in explained[0][1]


def test_bundle_export_writes_with_qsavefile(window, tmp_path, monkeypatch):
    path = tmp_path / "out.zip"
    monkeypatch.setattr(exchange, "ask_bundle_edition", lambda _p: (False, None))  # plain internal, chosen
    monkeypatch.setattr(exchange, "ask_save_path", lambda *_a: str(path))
    window.exchange.export_bundle()
    assert path.read_bytes()[:2] == b"PK"


def test_sealed_bundle_from_the_menu_needs_its_passphrase(window, tmp_path, monkeypatch, explained):
    """Issue 14: export encrypted; import asks for the passphrase, a wrong one changes nothing, the right one imports."""
    path = tmp_path / "sealed.json"
    monkeypatch.setattr(exchange, "ask_bundle_edition", lambda _p: (False, "a long passphrase"))
    monkeypatch.setattr(exchange, "ask_save_path", lambda *_a: str(path))
    window.exchange.export_bundle()
    data = path.read_bytes()
    assert NOTES.encode() not in data and b"Kenya clinics cloud" not in data
    monkeypatch.setattr(exchange, "ask_open_path", lambda *_a: str(path))
    asked = []
    answers = iter(["wrong passphrase", None])
    monkeypatch.setattr(exchange, "ask_passphrase", lambda _p, name, again: asked.append(again) or next(answers))
    before = dump(window.store)
    window.exchange.import_bundle()
    assert asked == [False, True] and before == dump(window.store) and not explained
    answers = iter(["a long passphrase"])
    monkeypatch.setattr(exchange, "ask_passphrase", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(exchange.dialogs, "confirm", lambda *_a: True)  # the name is taken here: import renamed
    window.exchange.import_bundle()
    assert "Kenya clinics cloud (imported)" in [p.name for p in window.store.proposals()]


def test_counterpart_bundle_from_the_menu_carries_the_offer_only(window, tmp_path, monkeypatch):
    path = tmp_path / "cp.json"
    monkeypatch.setattr(exchange, "ask_bundle_edition", lambda _p: (True, None))
    monkeypatch.setattr(exchange, "ask_save_path", lambda *_a: str(path))
    window.exchange.export_bundle()
    text = path.read_text(encoding="utf-8")
    assert '"edition": "counterpart"' in text and NOTES not in text and "red_lines" not in text
    assert "counterpart edition" in window.statusBar().currentMessage()


def test_the_bundle_dialog_checks_the_passphrase(qtbot):
    dialog = exchange.ExportBundleDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.edition() == "sealed" and dialog.sealed()  # encrypted is the default
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog._on_accept()
    assert "at least 8" in dialog.problem.text() and dialog.result() == 0
    dialog.passphrase.setText("long enough one")
    dialog._on_accept()
    assert "differ" in dialog.problem.text()
    dialog.choices["counterpart"].setChecked(True)
    assert not dialog.sealed() and not dialog.passphrase.isEnabled()
    dialog._on_accept()
    assert dialog.result() == 1


def test_country_figures_preview_then_apply(window, tmp_path, monkeypatch, qtmodeltester):
    path = tmp_path / "f.csv"
    path.write_text("iso3,indicator,value,year,source\nKEN,digital_infrastructure,0.15,2024,IMF AIPI 2024\nKEN,aipi,0.4452,2023,Same\n")
    seen = {}

    def preview(_p, name, changes, comparison):
        dialog = figures_preview.FiguresPreviewDialog(None, name, changes, comparison)
        qtmodeltester.check(dialog.model)
        seen["changed"] = [c.changed for c in changes]
        seen["effect"] = dialog.effect.text()
        seen["apply"] = dialog.apply_button.isEnabled()
        dialog.deleteLater()
        return True

    monkeypatch.setattr(exchange, "ask_open_path", lambda *_a: str(path))
    monkeypatch.setattr(exchange, "ask_apply_figures", preview)
    before = window.session.assessment.overall
    window.exchange.import_figures()
    assert [True, False] == seen["changed"] and seen["apply"]
    assert "Kenya clinics cloud: overall" in seen["effect"]
    assert 0.15 == window.session.profile.pillars["digital_infrastructure"].value
    assert window.session.assessment.overall > before
    assert "data vintage 2" in window.statusBar().currentMessage()
    with sqlite3.connect(window.store.path) as conn:
        assert 2 == conn.execute("SELECT max(id) FROM vintages").fetchone()[0]


def test_bad_figures_file_lists_every_bad_line(window, tmp_path, monkeypatch, explained):
    path = tmp_path / "bad.csv"
    path.write_text("iso3,indicator,value,year,source\nKEN,aipi,0.5,2024,ok\nKEN,aipi,x,2024,a\nZZZ,aipi,0.1,2024,b\n")
    before = dump(window.store)
    monkeypatch.setattr(exchange, "ask_open_path", lambda *_a: str(path))
    monkeypatch.setattr(exchange, "ask_apply_figures", lambda *_a: pytest.fail("no preview for a bad file"))
    window.exchange.import_figures()
    assert "line 3:" in explained[0][1] and "line 4:" in explained[0][1]
    assert before == dump(window.store)


def test_figure_model_marks_changes(qtmodeltester):
    model = figures_preview.FigureChangesModel(
        [FigureChange("KEN", "Kenya", "aipi", 0.4, 0.5, 2023, 2024, "src"), FigureChange("KEN", "Kenya", "regulation_ethics", None, 0.1, None, 2024, "s")]
    )
    qtmodeltester.check(model)
    assert "not published" == model.index(1, 2).data()
