"""A typed country: name, ISO2/ISO3 code or unique prefix picks it; an ambiguous text gives the choices."""

from __future__ import annotations

import pycountry
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.country_match import match_country

NAMES = {
    "KEN": "Kenya", "NER": "Niger", "NGA": "Nigeria", "NIC": "Nicaragua", "IND": "India", "IDN": "Indonesia",
    "KOR": "South Korea", "GBR": "United Kingdom", "USA": "United States", "ARE": "United Arab Emirates",
    "COG": "Congo", "COD": "Congo, The Democratic Republic of the", "CIV": "Côte d'Ivoire",
}


def test_names_codes_and_unique_prefixes_pick_one_country():
    for typed, iso in [("Kenya", "KEN"), ("kenya", "KEN"), ("KEN", "KEN"), ("ken", "KEN"), ("KE", "KEN"),
                       ("Ken", "KEN"), ("Indo", "IDN"), ("korea", "KOR"), ("GB", "GBR"), ("us", "USA"),
                       ("Congo", "COG"), ("Côte", "CIV"), ("  Kenya — KEN ", "KEN"), ("NI", "NIC")]:
        assert match_country(typed, NAMES) == [iso], typed


def test_an_ambiguous_text_lists_the_choices_a_code_first():
    assert match_country("Ni", NAMES) == ["NIC", "NER", "NGA"]  # "ni" is Nicaragua's ISO2
    assert match_country("Nig", NAMES) == ["NER", "NGA"]
    assert match_country("united", NAMES) == ["ARE", "GBR", "USA"]
    assert match_country("ind", NAMES) == ["IND", "IDN"]


def test_nothing_fits_nothing():
    assert match_country("", NAMES) == [] and match_country("zzz", NAMES) == []


@given(st.sampled_from(sorted(c.alpha_3 for c in pycountry.countries)))
def test_every_country_is_found_by_its_name_and_both_codes(iso3):
    country = pycountry.countries.get(alpha_3=iso3)
    names = {c.alpha_3: c.name for c in pycountry.countries}
    assert match_country(iso3, names) == [iso3]
    assert match_country(country.alpha_2, names) == [iso3]
    assert match_country(country.name, names)[0] == iso3
    assert match_country(country.name.upper() if len(country.name) > 3 else country.name, names)[0] == iso3
