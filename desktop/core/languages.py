"""Which language a counterpart reads, and its country's name as written in that language.

From the shipped UN M49 table (db/migrations/m008_destination_screen/country_codes.csv, the
datasets/country-codes data package, PDDL 1.0): its `languages` column lists a country's languages
most used first (BCP 47 tags: "ar-MA,ber,fr"), and `name_en` … `name_zh` are the names as the UN
writes them in its six official languages. Portuguese is not a UN language: its names come from
CLDR's territory names (Babel, `Locale("pt").territories`), looked up by ISO alpha-2 (pycountry).
"""

from __future__ import annotations

import csv
from functools import cache

from desktop.paths import migration_file

from .i18n import SOURCE_LANGUAGE, SUPPORTED, normalise

UN_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")


@cache
def _rows() -> dict[str, dict[str, str]]:
    path = migration_file("m008_destination_screen", "country_codes.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["iso3"].strip().upper(): row for row in csv.DictReader(fh)}


def spoken_languages(iso3: str) -> tuple[str, ...]:
    """The country's languages as the table lists them, most used first (BCP 47 tags); () if unknown."""
    row = _rows().get(str(iso3).strip().upper())
    if row is None:
        return ()
    return tuple(t.strip() for t in row.get("languages", "").split(",") if t.strip())


def counterpart_language(iso3: str) -> str:
    """The language of a country's counterpart edition: its most used supported language, else English."""
    for tag in spoken_languages(iso3):
        found = normalise(tag)
        if found in SUPPORTED:
            return found
    return SOURCE_LANGUAGE


@cache
def _cldr_name(iso3: str, lang: str) -> str | None:
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    return Locale.parse(lang).territories.get(country.alpha_2)


def local_name(iso3: str, english: str) -> str:
    """A country's name in the current language for running text (flags, notices); `english` in English
    or when the table does not know the country."""
    from .i18n import current_language

    lang = current_language()
    if lang == SOURCE_LANGUAGE:
        return english
    found = official_name(iso3, lang)
    return english if found == str(iso3).strip().upper() else found


def official_name(iso3: str, lang: str) -> str:
    """The country's name as the UN writes it in `lang` (CLDR for Portuguese); English, else the code, if unknown."""
    code = str(iso3).strip().upper()
    language = normalise(lang) or SOURCE_LANGUAGE
    row = _rows().get(code)
    if language in UN_LANGUAGES and row is not None and row.get(f"name_{language}", "").strip():
        return row[f"name_{language}"].strip()
    if language not in UN_LANGUAGES:
        found = _cldr_name(code, language)
        if found:
            return found
    if row is not None and row.get("name_en", "").strip():
        return row["name_en"].strip()
    return _cldr_name(code, SOURCE_LANGUAGE) or code
