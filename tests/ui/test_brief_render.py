"""The PDF and HTML brief: real text extracted from the PDF, counterpart-safe, atomic writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.core.brief import private_strings  # noqa: E402
from desktop.core.engine import assess  # noqa: E402
from desktop.core.model import DomainError, Proposal  # noqa: E402
from desktop.fileio import atomic_write_bytes  # noqa: E402
from desktop.store import memory_store  # noqa: E402
from desktop.ui import brief_render  # noqa: E402

HOSTILE = "<script>alert(1)</script> & co"
NOTES = "Walk away below 35; the minister owes us one"
LOG = [
    {"when": "2026-11-20T10:00", "change": "Openness 50 → 85", "reason": "They fold at sixty per the back channel"},
    {"when": "2026-11-21T09:00", "change": "Drafted fallback with no equity", "reason": "Plan B", "private": True},
]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(autouse=True)
def _app(qapp):
    """pytest-qt's QApplication, so the renderer does not make a bare QGuiApplication first."""
    return qapp


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    s.save_proposal(
        Proposal(name=f"Kenya {HOSTILE}", country="KEN", levers={"security": 70, "resilience": 40, "openness": 85, "partnership": 30},
                 measures={"onshore_sensitive_tier", "staged_release_eval"}, red_lines={"openness": (20, 70)}, notes=NOTES,
                 description=f"Health cloud for {HOSTILE}")
    )
    return s


def pdf_text(path) -> str:
    """The PDF's text as a reader would copy it (ligatures such as "ﬁ" unfolded, whitespace collapsed)."""
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


def _write(store, tmp_path, counterpart: bool, name: str):
    brief = brief_render.load_brief(store, f"Kenya {HOSTILE}", counterpart=counterpart, change_log=LOG)
    result = brief_render.export_brief_files(brief, brief_render.footer_for(store), tmp_path / name, True, atomic_write_bytes)
    return result


@needs_poppler
def test_pdf_text_has_country_score_sources_and_literal_user_text(store, tmp_path):
    result = _write(store, tmp_path, False, "brief.pdf")
    assert result["pages"] >= 5
    text = pdf_text(tmp_path / "brief.pdf")
    p = store.get_proposal(f"Kenya {HOSTILE}")
    a = assess(p, store.profile("KEN"), store.assumption_set()).to_dict()
    assert "Kenya (KEN)" in text
    assert f"{a['overall']:.1f} / 100" in text
    assert "Source: IMF AI Preparedness Index, 2023" in text
    assert "commercial redistribution needs the IMF's permission" in text
    assert "Analyst estimate (AI Export Desk)" in text
    assert f"Page 1 of {result['pages']}" in text and f"Page {result['pages']} of {result['pages']}" in text
    assert HOSTILE in text
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>" not in html
    assert html.count("data:image/png;base64,") == 2


@needs_poppler
def test_counterpart_pdf_leaves_out_private_strings(store, tmp_path):
    _write(store, tmp_path, False, "internal.pdf")
    _write(store, tmp_path, True, "safe.pdf")
    internal, safe = pdf_text(tmp_path / "internal.pdf"), pdf_text(tmp_path / "safe.pdf")
    p = store.get_proposal(f"Kenya {HOSTILE}")
    a = assess(p, store.profile("KEN"), store.assumption_set()).to_dict()
    secrets = private_strings(p, a, LOG) + [NOTES, "Plan B", "Drafted fallback with no equity", "Top moves", "Exporter assurance: risks"]
    for s in secrets:
        assert " ".join(s.split()) in internal, s
        assert " ".join(s.split()) not in safe, s
    assert f"{a['exporter_assurance']:.1f}" not in safe
    assert "Openness 50 → 85" not in safe and "Openness 50 → 85" in internal
    assert "Counterpart-safe" in safe
    html = (tmp_path / "safe.html").read_text(encoding="utf-8")
    assert NOTES not in html and "They fold at sixty" not in html


def test_failed_export_leaves_existing_file_byte_identical(store, tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-1.4 the old brief\n")
    before = target.read_bytes()

    def boom(*_a, **_k):
        raise RuntimeError("renderer failed midway")

    monkeypatch.setattr(brief_render, "render_pdf", boom)
    brief = brief_render.load_brief(store, f"Kenya {HOSTILE}")
    with pytest.raises(RuntimeError):
        brief_render.export_brief_files(brief, "", target, False, atomic_write_bytes)
    assert before == target.read_bytes()
    assert ["brief.pdf"] == sorted(os.listdir(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
@pytest.mark.parametrize("writer", ["atomic", "qsavefile"])
def test_unwritable_folder_leaves_existing_file_byte_identical(tmp_path, writer):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "brief.pdf"
    target.write_bytes(b"old bytes")
    folder.chmod(0o555)
    try:
        write = atomic_write_bytes if writer == "atomic" else brief_render.save_bytes
        with pytest.raises(DomainError, match="cannot write"):
            write(target, b"new bytes" * 1000)
        assert b"old bytes" == target.read_bytes()
        assert ["brief.pdf"] == os.listdir(folder)
    finally:
        folder.chmod(0o755)


def test_qsavefile_replaces_whole_file(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    brief_render.save_bytes(target, b"new contents")
    assert b"new contents" == target.read_bytes()


def test_rename_failure_midway_leaves_existing_file_and_no_temp(tmp_path, monkeypatch):
    import desktop.fileio as fileio

    target = tmp_path / "bundle.json"
    target.write_bytes(b"old bundle")

    def fail(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", fail)
    with pytest.raises(DomainError, match="No space left"):
        atomic_write_bytes(target, b"new" * 10_000)
    assert b"old bundle" == target.read_bytes()
    assert ["bundle.json"] == os.listdir(tmp_path)


@pytest.mark.skipif(not os.path.exists("/proc/version"), reason="needs Linux /proc (a read-only file system even for root)")
@pytest.mark.parametrize("writer", ["atomic", "qsavefile"])
def test_read_only_file_system_leaves_existing_file_byte_identical(writer):
    target = "/proc/version"
    with open(target, "rb") as fh:
        before = fh.read()
    write = atomic_write_bytes if writer == "atomic" else brief_render.save_bytes
    with pytest.raises(DomainError, match="cannot write"):
        write(target, b"new bytes")
    with open(target, "rb") as fh:
        assert before == fh.read()


def test_the_brief_says_how_sure_the_score_is(tmp_path):
    from desktop.core.model import Proposal
    from desktop.store import open_store
    from desktop.ui.brief_render import brief_for

    store = open_store(tmp_path / "u.sqlite3")
    saved = store.save_proposal(Proposal(name="Sure?", country="KEN"))
    brief = brief_for(store, saved)
    how_sure = dict(brief.cover)["How sure"]
    assert how_sure.startswith("p10–p90: ") and "% of draws" in how_sure
    store.close()


@needs_poppler
def test_a_denial_brief_pdf_shows_the_screen_and_the_checklist(tmp_path):
    from desktop.core.model import Member, Program

    s = memory_store()
    program = Program(members=(Member("Dragon AI", "CHN", ("models",), True),), us_content=0.45)
    s.save_proposal(Proposal(name="Moscow", country="RUS", program=program))
    brief = brief_render.load_brief(s, "Moscow")
    brief_render.export_brief_files(brief, brief_render.footer_for(s), tmp_path / "m.pdf", False, atomic_write_bytes)
    text = pdf_text(tmp_path / "m.pdf")
    assert "Destination screen Denial" in text and "(Blocked)" in text and "not a legal determination" in text
    assert "AI Exports Program checklist" in text and "Dragon AI (China (CHN))" in text
    with pytest.raises(DomainError, match="comprehensive U.S. embargo"):
        s.save_proposal(Proposal(name="Tehran", country="IRN"))
        brief_render.load_brief(s, "Tehran")
    assert not list(tmp_path.glob("t*.pdf"))


def test_fitted_font_shrinks_only_a_line_that_does_not_fit():
    from PySide6.QtGui import QFont, QFontMetricsF

    small = QFont("DejaVu Sans")
    small.setPointSizeF(7.5)
    short = brief_render.fitted_font(small, "IMF", 500)
    assert short.pointSizeF() == 7.5
    text = "Source : Fonds monétaire international, indice de préparation à l'IA (AIPI) 2023 · " * 2
    fitted = brief_render.fitted_font(small, text, 500)
    assert brief_render.FOOTER_FLOOR_PT <= fitted.pointSizeF() < 7.5
    if fitted.pointSizeF() > brief_render.FOOTER_FLOOR_PT:
        assert QFontMetricsF(fitted).horizontalAdvance(text) <= 500


@needs_poppler
def test_the_french_footer_attribution_stays_inside_the_right_margin(store, tmp_path):
    """The French attribution is longer than the English: it is drawn smaller, not cut at the margin."""
    import re

    from desktop.core.i18n import use_language

    with use_language("fr"):
        footer = brief_render.footer_for(store)
        brief = brief_render.load_brief(store, f"Kenya {HOSTILE}", counterpart=False, change_log=LOG)
        brief_render.export_brief_files(brief, footer, tmp_path / "fr.pdf", False, atomic_write_bytes)
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(tmp_path / "fr.pdf"), "-"],
                           check=True, capture_output=True, text=True).stdout
    words = [(float(y), float(x1), w) for y, x1, w in
             re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    last_line = max(y for y, _x, _w in words)
    line = [(x, w) for y, x, w in words if abs(y - last_line) < 0.5]
    assert unicodedata.normalize("NFKC", line[-1][1]).replace("&apos;", "'") == footer.split()[-1]  # the whole line, to its last word
    right_margin = 595 - 18 / 25.4 * 72  # A4 width less the 18 mm margin, in points
    assert max(x for x, _w in line) <= right_margin + 0.5
