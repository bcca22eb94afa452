"""The brief in the counterpart's language: its words, the country's UN name, and still counterpart-safe."""

from __future__ import annotations

import pytest
from leak_kit import leaks, plant  # tests/leak_kit.py

from desktop.core.brief import brief_html, build_brief, private_strings
from desktop.core.engine import assess
from desktop.core.i18n import _, use_language
from desktop.core.model import LEVERS, Proposal
from desktop.store import memory_store

LANGUAGES = ("fr", "es", "pt", "ar")


@pytest.fixture(scope="module")
def ref():
    s = memory_store()
    profiles = s.profiles()
    scored = sorted(k for k, p in profiles.items() if getattr(p.destination, "status", None) != "embargoed")
    return s, profiles, scored, s.assumption_set(), s.sources(), [m.id for m in s.measures()]


def _editions(ref, proposal, lang, salt="x"):
    _s, profiles, _scored, assumptions, sources, _m = ref
    with use_language(lang):
        proposal, profile, planted, log, secrets = plant(proposal, profiles[proposal.country], assumptions, salt)
        a = assess(proposal, profile, planted).to_dict()
        internal = build_brief(proposal, profile, a, planted, sources, counterpart=False, change_log=log)
        safe = build_brief(proposal, profile, a, planted, sources, counterpart=True, change_log=log)
        return internal, safe, secrets + private_strings(proposal, a, log), brief_html(safe)


def _morocco():
    return Proposal(name="Rabat AI cloud", country="MAR", levers={"security": 70, "resilience": 40, "openness": 60,
                                                                   "partnership": 55}, notes="Walk away below 35")


def test_the_french_counterpart_brief_reads_in_french_with_the_un_name(ref):
    _internal, safe, _secrets, html = _editions(ref, _morocco(), "fr")
    cover = dict(safe.cover)
    assert cover["Édition"] == "Édition communicable au partenaire"
    assert cover["Pays partenaire"] == "Maroc (MAR)"
    assert safe.subtitle == "Maroc : proposition d'exportation d'IA — note de négociation"
    titles = [s.title for s in safe.sections]
    assert "L'offre" in titles and "Annexe méthodologique" in titles and "The offer" not in titles
    assert "<html lang='fr' dir='ltr'>" in html and "ÉDITION COMMUNICABLE AU PARTENAIRE" in html


def test_the_arabic_counterpart_brief_is_right_to_left(ref):
    _internal, safe, _secrets, html = _editions(ref, _morocco(), "ar")
    assert dict(safe.cover)["البلد الشريك"] == "المغرب (MAR)"
    assert "<html lang='ar' dir='rtl'>" in html
    assert "الملحق المنهجي" in [s.title for s in safe.sections]
    with use_language("ar"):
        fragment = brief_html(safe, standalone=False)
    assert fragment.startswith("<div dir='rtl' lang='ar'>")


def test_numbers_follow_the_locale(ref):
    with use_language("fr"):
        _i, safe, _s, _h = _editions(ref, _morocco(), "fr")
    acceptance = dict(safe.cover)["Acceptabilité pour le partenaire"]
    assert "," in acceptance and "." not in acceptance  # 61,3 / 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_seeded_example_is_counterpart_safe_in_every_language(ref, lang):
    s = ref[0]
    for p in s.proposals():
        internal, safe, secrets, html = _editions(ref, p, lang, "ex")
        assert leaks(safe.text() + html, secrets) == [], (lang, p.name)
        assert any(_s in internal.text() for _s in secrets)  # the secrets were there to leak


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_scored_country_is_counterpart_safe_in_french_and_arabic(ref, lang):
    _s, _p, scored, _a, _src, measure_ids = ref
    for i, iso3 in enumerate(scored):
        levers = {lv: (17 * i + 29 * k) % 101 for k, lv in enumerate(LEVERS)}
        p = Proposal(name=f"Offer to {iso3}", country=iso3, levers=levers, measures=frozenset(measure_ids[i % 7::5]))
        _internal, safe, secrets, html = _editions(ref, p, lang, f"c{i}")
        assert leaks(safe.text() + html, secrets) == [], (lang, iso3)
        with use_language(lang):
            assert dict(safe.cover)[_("Edition")] == _("Counterpart-safe edition")
    assert len(scored) >= 170
