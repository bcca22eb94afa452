"""Extract, update and compile the translation catalogues with Babel: both domains, one tool.

    python tools/catalogues.py update [core|window]    # re-extract the .pot, merge it into every .po, compile the .mo
    python tools/catalogues.py compile [core|window]   # only recompile the .mo from the .po
    python tools/catalogues.py check [core|window]     # exit 1 if a .pot is out of date or a message is untranslated

Without a domain, both. `export_desk` ("core") holds the Qt-free core, the CLI and the brief's PDF
renderer (desktop/locale/babel.cfg says which files); `export_desk_window` ("window") holds the
window (desktop/locale/babel_window.cfg). The keywords are those of desktop/core/i18n.py:
_ ngettext:1,2 pgettext:1c,2 N_ — the same as `pybabel extract -F CFG -k _ -k ngettext:1,2
-k pgettext:1c,2 -k N_`, then `pybabel update` and `pybabel compile`, without a shell.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "desktop" / "locale"
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


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def _write_po(path: Path, catalog: Catalog, **kw) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=False, **kw)
    path.write_bytes(buf.getvalue())


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


@dataclass(frozen=True)
class Domain:
    """One catalogue domain: its name, its extraction config and what it covers."""

    key: str  # core | window (the command line's name)
    name: str  # the gettext domain
    config: str  # in desktop/locale
    covers: str  # for the catalogues' header comment
    # Whether update writes the header (team, translator, gettext's customary plural rule). The window's
    # catalogues keep the header Babel gave them, with CLDR's plural forms (French, Spanish and Portuguese
    # have a third form, for millions, which their translations fill): rewriting it would drop a form.
    own_header: bool = True

    def method_map(self) -> list[tuple[str, str]]:
        """The [method: PATTERN] sections of the config, in order (the first matching one wins)."""
        out = []
        for line in (LOCALE / self.config).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                method, _, pattern = line[1:-1].partition(":")
                out.append((pattern.strip(), method.strip()))
        return out

    def extract(self) -> Catalog:
        """The template as the source marks it now (locations relative to the repository)."""
        catalog = Catalog(project=PROJECT, domain=self.name, charset="utf-8", fuzzy=False)
        for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), self.method_map(), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
        return catalog

    def read(self, path: Path, locale: str | None = None) -> Catalog:
        with path.open("rb") as fh:
            return read_po(fh, locale=locale, domain=self.name)

    def pot_path(self) -> Path:
        return LOCALE / f"{self.name}.pot"

    def po_path(self, lang: str) -> Path:
        return LOCALE / lang / "LC_MESSAGES" / f"{self.name}.po"

    def update(self) -> None:
        template = self.extract()
        _write_po(self.pot_path(), template, include_lineno=False)
        for lang in LANGUAGES:
            path = self.po_path(lang)
            catalog = self.read(path, lang) if path.exists() else Catalog(locale=lang, domain=self.name, project=PROJECT)
            catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
            if self.own_header:
                catalog._num_plurals, catalog._plural_expr = PLURALS[lang]
                catalog.fuzzy = False
                catalog.last_translator = "AI Export Desk translators"
                catalog.language_team = f"{TEAM[lang]} <translating.md>"
                catalog.header_comment = (f"# {TEAM[lang]} translation of AI Export Desk ({self.covers}).\n"
                                          f"# Terms: desktop/locale/{lang}/glossary.md. Regenerate: python tools/catalogues.py update")
            catalog.obsolete.clear()  # a message no longer in the source leaves the catalogue
            _write_po(path, catalog, include_lineno=False)
        self.compile_all()

    def compile_all(self) -> None:
        for lang in LANGUAGES:
            path = self.po_path(lang)
            if path.exists():
                path.with_suffix(".mo").write_bytes(mo_bytes(self.read(path, lang)))

    def check(self) -> list[str]:
        template = {m.id for m in self.extract() if m.id}
        shipped = {m.id for m in self.read(self.pot_path()) if m.id}
        problems = []
        if template != shipped:
            problems.append(f"{self.name}: the .pot is out of date: {len(template - shipped)} new, {len(shipped - template)} "
                            f"gone (run `python tools/catalogues.py update {self.key}`)")
        for lang in LANGUAGES:
            missing = untranslated(self.read(self.po_path(lang), lang))
            if missing:
                problems.append(f"{self.name} {lang}: {len(missing)} untranslated, e.g. {missing[0]!r}")
        return problems


CORE = Domain("core", "export_desk", "babel.cfg", "core, CLI and brief")
WINDOW = Domain("window", "export_desk_window", "babel_window.cfg", "the window", own_header=False)
DOMAINS = {d.key: d for d in (CORE, WINDOW)}

# The core domain's functions by their old names (tests/i18n/test_catalogues.py reads them).
DOMAIN = CORE.name
extract, read, po_path, pot_path = CORE.extract, CORE.read, CORE.po_path, CORE.pot_path


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    chosen = [DOMAINS[argv[1]]] if len(argv) > 1 and argv[1] in DOMAINS else list(DOMAINS.values())
    if len(argv) > 1 and argv[1] not in DOMAINS:
        print(f"unknown domain {argv[1]!r}: core or window", file=sys.stderr)
        return 2
    if command == "update":
        for d in chosen:
            d.update()
    elif command == "compile":
        for d in chosen:
            d.compile_all()
    elif command == "check":
        problems = [p for d in chosen for p in d.check()]
        for p in problems:
            print(p)
        return 1 if problems else 0
    else:
        print(f"unknown command {command!r}: update, compile or check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
