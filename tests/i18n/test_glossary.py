"""Domain terms are said the same way across a language: desktop/locale/<lang>/glossary.md lists each
term's accepted forms, and every message of both catalogues whose English uses the term uses one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "desktop" / "locale"
LANGS = ("fr", "es", "pt", "ar")
DOMAINS = ("export_desk", "export_desk_window")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def glossary(lang: str, root: Path = LOCALE) -> tuple[dict[str, list[str]], set[str]]:
    """The terms (English → forms) and the messages not checked, from the language's glossary.md."""
    terms: dict[str, list[str]] = {}
    skipped: set[str] = set()
    section = "terms"
    for line in (root / lang / "glossary.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## Not checked"):
            section = "skipped"
        elif section == "terms" and line.startswith("| ") and not line.startswith(("| English", "|---")):
            term, forms = (cell.strip() for cell in line.strip("|").split("|")[:2])
            terms[term] = [f.strip() for f in forms.split("·")]
        elif section == "skipped" and line.startswith("- `"):
            skipped.add(line[3:line.rindex("`")])
    return terms, skipped


def _plain(text: str) -> str:
    return _PLACEHOLDER.sub(" ", text).replace("&", "").lower()


def inconsistencies(lang: str, root: Path = LOCALE) -> list[str]:
    terms, skipped = glossary(lang, root)
    found = []
    for domain in DOMAINS:
        for message in read_po((root / lang / "LC_MESSAGES" / f"{domain}.po").open("rb")):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            if not ids[0] or ids[0] in skipped:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            source, said = _plain(" ".join(ids)), _plain(" ".join(strings))
            for term, forms in terms.items():
                if re.search(rf"\b{re.escape(term)}s?\b", source) and not any(f.lower() in said for f in forms):
                    found.append(f"{term!r} in {ids[0][:70]!r} → {strings[0][:70]!r}")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_domain_term_is_said_as_the_glossary_says(lang):
    terms, _skipped = glossary(lang)
    assert len(terms) >= 12  # the file was read
    assert not inconsistencies(lang)


def test_the_check_finds_a_term_said_another_way(tmp_path):
    """A translation that says 'counterpart acceptance' differently is reported."""
    po = (LOCALE / "pt" / "LC_MESSAGES" / "export_desk.po").read_text(encoding="utf-8")
    assert "aceitação pela contraparte" in po.lower()
    fake = tmp_path / "pt" / "LC_MESSAGES"
    fake.mkdir(parents=True)
    for domain in DOMAINS:
        text = (LOCALE / "pt" / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8")
        (fake / f"{domain}.po").write_text(text.replace("Aceitação pela contraparte", "Aceitação da contraparte"), encoding="utf-8")
    (tmp_path / "pt" / "glossary.md").write_text((LOCALE / "pt" / "glossary.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert any("counterpart acceptance" in f for f in inconsistencies("pt", tmp_path))
