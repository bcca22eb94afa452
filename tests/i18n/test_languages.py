"""The counterpart's language and the country's name as the UN writes it (CLDR for Portuguese)."""

from __future__ import annotations

import pytest

from desktop.core.languages import counterpart_language, official_name, spoken_languages


@pytest.mark.parametrize(
    ("iso3", "lang"),
    [("MAR", "ar"), ("SEN", "fr"), ("MEX", "es"), ("BRA", "pt"), ("KEN", "en"), ("ARE", "ar"), ("CHL", "es"),
     ("AFG", "en"), ("RWA", "en"), ("CIV", "fr")],
)
def test_the_counterpart_reads_its_most_used_supported_language(iso3, lang):
    assert counterpart_language(iso3) == lang


def test_languages_are_listed_most_used_first():
    assert spoken_languages("MAR") == ("ar-MA", "ber", "fr")
    assert spoken_languages("mar") == ("ar-MA", "ber", "fr")
    assert spoken_languages("XXX") == ()


def test_an_unknown_country_gets_english():
    assert counterpart_language("XXX") == "en"


def test_official_names_are_the_un_ones_in_its_languages():
    assert official_name("MAR", "fr") == "Maroc"
    assert official_name("MAR", "ar") == "المغرب"
    assert official_name("MEX", "es") == "México"
    assert official_name("ARE", "fr") == "Émirats arabes unis"
    assert official_name("GBR", "en") == "United Kingdom of Great Britain and Northern Ireland"
    assert official_name("SEN", "fr_SN.UTF-8") == "Sénégal"


def test_portuguese_names_come_from_cldr():
    assert official_name("BRA", "pt") == "Brasil"
    assert official_name("MAR", "pt") == "Marrocos"
    assert official_name("CIV", "pt") == "Costa do Marfim"


def test_an_unknown_country_or_language_falls_back():
    assert official_name("MAR", "de") == "Morocco"  # an unsupported language: English
    assert official_name("XXX", "fr") == "XXX"
