"""Extract, update and compile the core + CLI catalogues (domain `export_desk`) with Babel.

    python tools/catalogues.py update    # re-extract the .pot, merge it into every .po, compile the .mo
    python tools/catalogues.py compile   # only recompile the .mo from the .po
    python tools/catalogues.py check     # exit 1 if the .pot is out of date or a message is untranslated

The keywords are those of desktop/core/i18n.py: _ ngettext:1,2 pgettext:1c,2 N_. The sources are
the Qt-free core, the CLI and the brief's PDF renderer (desktop/locale/babel.cfg says which); the
window's strings are the `export_desk_window` domain and are extracted by its own tool.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "desktop" / "locale"
DOMAIN = "export_desk"
LANGUAGES = ("fr", "es", "pt", "ar")
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
PROJECT = "AI Export Desk"
# gettext's customary plural rules (CLDR's extra "many" form for millions in fr/es/pt is left out); Arabic has six.
PLURALS = {
    "fr": (2, "(n > 1)"),
    "es": (2, "(n != 1)"),
    "pt": (2, "(n != 1)"),
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
}
TEAM = {"fr": "French", "es": "Spanish", "pt": "Portuguese", "ar": "Arabic (Modern Standard)"}


def method_map() -> list[tuple[str, str]]:
    """The [python: PATTERN] sections of desktop/locale/babel.cfg, in order."""
    out = []
    for line in (LOCALE / "babel.cfg").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            method, _, pattern = line[1:-1].partition(":")
            out.append((pattern.strip(), method.strip()))
    return out


def extract() -> Catalog:
    """The template as the source marks it now (locations relative to the repository)."""
    catalog = Catalog(project=PROJECT, domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map(), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale, domain=DOMAIN)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def _write_po(path: Path, catalog: Catalog, **kw) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=False, **kw)
    path.write_bytes(buf.getvalue())


def update() -> None:
    template = extract()
    _write_po(LOCALE / f"{DOMAIN}.pot", template, include_lineno=False)
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = read(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN, project=PROJECT)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog._num_plurals, catalog._plural_expr = PLURALS[lang]
        catalog.fuzzy = False
        catalog.last_translator = "AI Export Desk translators"
        catalog.language_team = f"{TEAM[lang]} <translating.md>"
        catalog.header_comment = (f"# {TEAM[lang]} translation of AI Export Desk (core, CLI and brief).\n"
                                  f"# Terms: desktop/locale/{lang}/glossary.md. Regenerate: python tools/catalogues.py update")
        catalog.obsolete.clear()  # a message no longer in the source leaves the catalogue
        _write_po(path, catalog, include_lineno=False)
    compile_all()


def compile_all() -> None:
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            path.with_suffix(".mo").write_bytes(mo_bytes(read(path, lang)))


def untranslated(catalog: Catalog) -> list[str]:
    """The msgids of `catalog` with an empty or fuzzy translation (any plural form)."""
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def check() -> int:
    template = {m.id for m in extract() if m.id}
    shipped = {m.id for m in read(LOCALE / f"{DOMAIN}.pot") if m.id}
    problems = []
    if template != shipped:
        problems.append(f"the .pot is out of date: {len(template - shipped)} new, {len(shipped - template)} gone "
                        "(run `python tools/catalogues.py update`)")
    for lang in LANGUAGES:
        missing = untranslated(read(po_path(lang), lang))
        if missing:
            problems.append(f"{lang}: {len(missing)} untranslated, e.g. {missing[0]!r}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(f"unknown command {command!r}: update, compile or check")
