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


def _identifiers(value):
    """The JSON with its human text blanked: keys, identifiers, numbers (what no language may change)."""
    human = {"message", "label", "note", "summary", "notice", "name", "reason", "stale"}
    if isinstance(value, dict):
        return {k: ("<text>" if k in human and isinstance(v, str) else _identifiers(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_identifiers(v) for v in value]
    return value


def test_assess_answers_in_spanish_under_a_mexican_locale_and_keeps_the_json(tmp_path):
    """Issue 19: `LANG=es_MX.UTF-8 export-desk assess --country MEX` is Spanish; `--json` keys are unchanged."""
    db = tmp_path / "d.sqlite3"
    spanish = _run(["assess", "--country", "MEX"], db, LANG="es_MX.UTF-8")
    english = _run(["assess", "--country", "MEX"], db, LANG="en_US.UTF-8")
    assert spanish.returncode == english.returncode == 0, spanish.stderr + english.stderr
    text = spanish.stdout
    for said in ("Global ", "aceptación de la contraparte", "Compromisos (prometido → reconocido", "Partidas (suman",
                 "Alertas:", "Mejores movimientos:", "Añadir: ", "México", "Control del destino"):
        assert said in text, said
    for english_only in ("Overall", "Line items", "Flags:", "Best moves", "credited", " below what ", "Screening aid"):
        assert english_only not in text, english_only
    assert "45,9" in text or "," in text.splitlines()[1]  # the locale's decimal mark
    es_json = json.loads(_run(["assess", "--country", "MEX", "--json"], db, LANG="es_MX.UTF-8").stdout)
    en_json = json.loads(_run(["assess", "--country", "MEX", "--json"], db).stdout)
    assert _identifiers(es_json) == _identifiers(en_json)  # same keys, identifiers and figures
    assert es_json["flags"] and all(f["message"] != e["message"] for f, e in zip(es_json["flags"], en_json["flags"], strict=True))
    assert es_json["band"] == en_json["band"] == "At risk"  # a band is an identifier: English in JSON


def test_an_arabic_terminal_gets_no_escaped_direction_marks(tmp_path):
    """The Arabic catalogue isolates figures (for the window and the PDF); the text commands drop the marks
    instead of printing them escaped, while a name's bidi override would still be escaped."""
    done = _run(["--lang", "ar", "assess", "--country", "MAR"], tmp_path / "d.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "\\u206" not in done.stdout and "\\u200f" not in done.stdout
    assert "الإجمالي" in done.stdout and "التنبيهات" in done.stdout


def test_a_failing_command_says_why_in_french_on_one_line(tmp_path):
    """Issue 19: the store's errors are translated: `--lang fr show` of a missing proposal fails in French."""
    done = _run(["--lang", "fr", "show", "No such proposal"], tmp_path / "d.sqlite3")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr == "export-desk: aucune proposition ne s'appelle 'No such proposal'\n"


def test_an_arabic_error_drops_the_catalogues_direction_marks(tmp_path):
    """The Arabic catalogue wraps options in direction marks: stderr drops them instead of escaping them."""
    done = _run(["--lang", "ar", "outcomes", "add"], tmp_path / "d.sqlite3")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "\\u200e" not in done.stderr and "يحتاج outcomes add إلى --country" in done.stderr


def test_a_hostile_bundle_is_refused_in_french_on_one_line(tmp_path):
    """Issue 19: the hostile-file checks speak the language: a zip reaching outside its folder, in French."""
    import zipfile

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../evil.json", "{}")
    done = _run(["--lang", "fr", "import", str(evil)], tmp_path / "d.sqlite3")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "export-desk: evil.zip contient un fichier hors de son dossier : '../evil.json'\n"
    empty = _run(["--lang", "es", "save", "   ", "--country", "KEN"], tmp_path / "d.sqlite3")
    assert empty.returncode == 2
    assert empty.stderr.startswith("export-desk: una propuesta necesita un nombre"), empty.stderr
