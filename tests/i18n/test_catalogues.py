"""The core + CLI catalogues (domain export_desk): complete, placeholders kept, plural rules right, in step with the source."""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

from desktop.core import i18n

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("catalogues", ROOT / "tools" / "catalogues.py")
catalogues = sys.modules.setdefault("catalogues", importlib.util.module_from_spec(_spec))
if not hasattr(catalogues, "CORE"):
    _spec.loader.exec_module(catalogues)  # registered first: its dataclass looks its module up

LANGUAGES = catalogues.LANGUAGES
# str.format fields ({name}, {name!r}, {x:.1f}), printf (%s, %d, %(x)s); a doubled %% or {{ }} is text,
# and so is French '51 % de' (no space flag: a percentage before a word is not a placeholder).
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(![rsa])?(:[^{}]*)?\}(?!\})")
_PRINTF = re.compile(r"%(?:\(([A-Za-z_]\w*)\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")


def placeholders(text: str) -> list[str]:
    """The placeholders of a message as a sorted list (a repeated one counts each time)."""
    fields = [f"{{{m.group(1) or ''}{m.group(2) or ''}}}" for m in _FIELD.finditer(text)]
    printf = [m.group(0) for m in _PRINTF.finditer(text.replace("%%", ""))]
    return sorted(fields + printf)


def template():
    return catalogues.read(catalogues.LOCALE / f"{catalogues.DOMAIN}.pot")


def catalogue(lang):
    return catalogues.read(catalogues.po_path(lang), lang)


def _ids(catalog):
    return {m.id for m in catalog if m.id}


def test_the_template_holds_the_brief_and_vocabulary():
    ids = _ids(template())
    assert len(ids) > 200
    assert {"Counterpart-safe edition", "Red lines", "Security", "At risk"} <= ids


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_in_every_catalogue(lang):
    cat = catalogue(lang)
    missing = _ids(template()) - _ids(cat)
    assert not missing, f"{lang}: not in the catalogue (run tools/catalogues.py update): {sorted(missing)[:5]}"
    untranslated = catalogues.untranslated(cat)
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_in_every_message_and_plural_form(lang):
    bad = []
    for m in catalogue(lang):
        if not m.id:
            continue
        if isinstance(m.id, (list, tuple)):
            expected = placeholders(m.id[1])
            assert placeholders(m.id[0]) == expected, f"singular and plural differ: {m.id}"
            forms = list(m.string)
        else:
            expected, forms = placeholders(m.id), [m.string]
        bad += [(m.id, form) for form in forms if placeholders(form) != expected]
    assert not bad, f"{lang}: placeholders differ from the msgid: {bad[:3]}"


def test_the_placeholder_check_sees_each_kind():
    assert placeholders("{name!r} has {n:.1f} of {total}") == ["{name!r}", "{n}", "{total}"]
    assert placeholders("%s of %(total)d, 100%% sure") == ["%(total)d", "%s"]
    assert placeholders("a {{literal}} brace") == []


def test_arabic_has_six_plural_forms_by_the_cldr_rule():
    cat = catalogue("ar")
    assert cat.num_plurals == 6
    header = dict(catalogues.read(catalogues.po_path("ar"), "ar").mime_headers)["Plural-Forms"]
    plural = gettext.c2py(header.split("plural=", 1)[1].rstrip(";"))
    assert [plural(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 111)] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 4]


@pytest.mark.parametrize("lang", ["fr", "es", "pt"])
def test_french_spanish_portuguese_have_two_plural_forms(lang):
    assert catalogue(lang).num_plurals == 2


def test_the_template_is_up_to_date_with_the_source():
    """A string marked in the source but not in the .pot (or a .pot message no longer marked) fails here."""
    extracted, shipped = _ids(catalogues.extract()), _ids(template())
    assert extracted - shipped == set(), f"marked but not in the .pot: {sorted(extracted - shipped)[:5]}"
    assert shipped - extracted == set(), f"in the .pot but no longer marked: {sorted(shipped - extracted)[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_is_the_compiled_po(lang):
    """The .mo files are committed (no compiler at run time); recompiling the .po gives the same messages."""
    path = catalogues.po_path(lang).with_suffix(".mo")
    shipped = gettext.GNUTranslations(io.BytesIO(path.read_bytes()))._catalog
    fresh = gettext.GNUTranslations(io.BytesIO(catalogues.mo_bytes(catalogue(lang))))._catalog
    assert shipped == fresh, f"{lang}: the .mo is stale, run `python tools/catalogues.py compile`"


def test_the_app_reads_the_catalogues_per_language():
    with i18n.use_language("fr"):
        assert i18n._("Counterpart-safe edition") == "Édition communicable au partenaire"
    with i18n.use_language("ar"):
        assert i18n._("Red lines") == "الخطوط الحمراء"
        assert i18n.ngettext("{n} accelerator", "{n} accelerators", 2).format(n=2) == "2 مسرّعان"
    with i18n.use_language("es"):
        assert i18n.ngettext("{n} accelerator", "{n} accelerators", 1).format(n=1) == "1 acelerador"
    assert i18n._("Counterpart-safe edition") == "Counterpart-safe edition"
