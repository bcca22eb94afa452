"""The CLI's language: --lang, else LANGUAGE/LC_ALL/LC_MESSAGES/LANG; identifiers in --json never change."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.cli import main

EXE = [sys.executable, "-m", "desktop"]


def _env(**lang):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(lang)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _run(args, db, **lang):
    return subprocess.run(EXE + ["--db", str(db)] + args, capture_output=True, text=True, env=_env(**lang), timeout=300)


def test_a_bad_lang_is_one_line_and_exit_2(capsys):
    assert main(["--lang", "klingon", "countries"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "klingon" in err and "fr" in err


def test_help_follows_lang(tmp_path):
    done = _run(["--help"], tmp_path / "d.sqlite3", LANG="fr_FR.UTF-8")
    assert done.returncode == 0 and "langue du texte" in done.stdout
    done = _run(["--lang", "en", "--help"], tmp_path / "d.sqlite3", LANG="fr_FR.UTF-8")
    assert "language of the text" in done.stdout


def test_brief_lang_writes_the_brief_in_that_language(tmp_path):
    db = tmp_path / "d.sqlite3"
    out = tmp_path / "b.pdf"
    done = _run(["brief", "Kenya health cloud", "--counterpart", "--lang", "fr", "--html", "--out", str(out), "--json"], db)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["language"] == "fr" and result["counterpart"] is True
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<html lang='fr' dir='ltr'>" in html and "Édition communicable au partenaire" in html


def test_brief_lang_refuses_an_unknown_language(tmp_path):
    done = _run(["brief", "Kenya health cloud", "--lang", "xx", "--out", str(tmp_path / "b.pdf")], tmp_path / "d.sqlite3")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "xx" in done.stderr


@pytest.mark.parametrize("lang", ["ar"])
def test_the_arabic_brief_pdf_is_written(tmp_path, lang):
    out = tmp_path / "b.pdf"
    done = _run(["brief", "Kenya health cloud", "--counterpart", "--lang", lang, "--out", str(out)], tmp_path / "d.sqlite3")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
