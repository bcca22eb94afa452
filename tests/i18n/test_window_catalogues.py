"""The window's catalogues (domain export_desk_window): the template matches the source, every message is
translated in French, Spanish, Portuguese and Arabic with the same placeholders, and the translated menus
keep one mnemonic per entry."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import window_catalogues as catalogues  # noqa: E402

from desktop.core import i18n  # noqa: E402
from desktop.ui.action_registry import MENUS, Action, Separator  # noqa: E402

LANGUAGES = catalogues.LANGUAGES


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_template_is_what_the_source_marks():
    extracted = {m.id for m in catalogues.extract() if m.id}
    shipped = {m.id for m in catalogues.read(catalogues.pot_path()) if m.id}
    assert not extracted - shipped, f"new messages: run `python tools/window_catalogues.py update`: {sorted(extracted - shipped)[:5]}"
    assert not shipped - extracted, f"messages gone from the source: {sorted(shipped - extracted)[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(lang):
    template = {m.id for m in catalogues.read(catalogues.pot_path()) if m.id}
    catalogue = catalogues.read(catalogues.po_path(lang), lang)
    assert {m.id for m in catalogue if m.id} == template, "the .po is not updated from the .pot"
    assert catalogues.untranslated(catalogue) == []
    for m in catalogue:
        if not m.id:
            continue
        sources = [m.id] if isinstance(m.id, str) else list(m.id)
        wanted = set().union(*(fields(s) for s in sources))
        for text in [m.string] if isinstance(m.string, str) else list(m.string):
            assert fields(text) <= wanted and fields(text) >= fields(sources[0]), (lang, m.id, text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_the_po(lang):
    po = catalogues.po_path(lang)
    assert po.with_suffix(".mo").read_bytes() == catalogues.mo_bytes(catalogues.read(po, lang)), "run `python tools/window_catalogues.py compile`"


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_menus_keep_unique_mnemonics(lang):
    with i18n.use_language(lang):
        bar = [_mnemonic(i18n._(m.title)) for m in MENUS]
        assert None not in bar and len(set(bar)) == len(bar), (lang, [i18n._(m.title) for m in MENUS])
        for menu in MENUS:
            keys = [_mnemonic(i18n._(item.text)) for item in menu.items if not isinstance(item, Separator)]
            keys = [k for k in keys if k is not None]
            assert len(set(keys)) == len(keys), (lang, menu.name, [i18n._(i.text) for i in menu.items if isinstance(i, Action)])
