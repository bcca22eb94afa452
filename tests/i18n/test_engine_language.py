"""The engine's text (flags, fixes, moves, notes, line items, the rival comparison, the destination
screen) is written in the current language; identifiers and figures never change with it."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core import engine
from desktop.core.i18n import use_language
from desktop.core.model import Proposal
from desktop.core.screen import gate
from desktop.core.vocabulary import (
    MEASURE_DESCRIPTIONS,
    MEASURE_LABELS,
    measure_description,
    measure_label,
)
from desktop.store import memory_store

LANGS = ("fr", "es", "pt", "ar")


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    yield s
    s.close()


def _texts(a) -> list[str]:
    texts = [f.message for f in a.flags] + [li.label for li in a.line_items]
    texts += [m.label for m in a.moves["best"]] + [f.fix.label for f in a.flags if f.fix is not None]
    if a.moves.get("note"):
        texts.append(a.moves["note"])
    if a.alternative:
        texts.append(a.alternative["summary"])
    return texts


@pytest.mark.parametrize("iso3", ["KEN", "MAR", "MEX", "BRA", "SAU", "RUS", "IRN"])
def test_every_text_of_an_assessment_is_in_the_language_and_nothing_else_changes(store, iso3):
    profiles, a = store.profiles(), store.assumption_set()
    proposal = Proposal(name="t", country=iso3, levers={"security": 90, "resilience": 20, "openness": 70, "partnership": 40},
                        measures=frozenset({"customer_keys"}), red_lines={"openness": (0, 60)})
    english = engine.assess(proposal, profiles[iso3], a)
    english_texts = _texts(english)
    assert english_texts or english.band == "Prohibited"
    for lang in LANGS:
        with use_language(lang):
            local = engine.assess(proposal, profiles[iso3], a)
            texts = _texts(local)
            plain = local.to_dict()
        assert len(texts) == len(english_texts)
        same = [t for t, e in zip(texts, english_texts, strict=True) if t == e and any(c.isalpha() for c in t)]
        assert not same, f"{lang}: left in English: {same}"
        # Identifiers and figures: the same in every language.
        assert local.overall == english.overall and local.band == english.band
        assert [(f.severity, f.type, f.side, f.audience) for f in local.flags] == \
            [(f.severity, f.type, f.side, f.audience) for f in english.flags]
        assert [m.steps for m in local.moves["best"]] == [m.steps for m in english.moves["best"]]
        assert [li.weight_key for li in local.line_items] == [li.weight_key for li in english.line_items]
        assert list(plain) == list(english.to_dict())


def test_the_screen_flags_follow_the_language_though_they_are_cached(store):
    """The destination screen's result is cached per status: the cache is per language too."""
    profiles, a = store.profiles(), store.assumption_set()
    proposal = Proposal(name="t", country="RUS")
    first = engine.assess(proposal, profiles["RUS"], a).flags[0].message
    with use_language("fr"):
        french = engine.assess(proposal, profiles["RUS"], a).flags[0].message
    assert first.startswith("Blocked:") and french.startswith("Bloqué :") and "Russie" in french
    assert engine.assess(proposal, profiles["RUS"], a).flags[0].message == first


def test_the_rank_details_are_written_in_the_language_they_are_read_in(store):
    profiles, a = store.profiles(), store.assumption_set()
    ranked = engine.rank(Proposal(name="t", country="KEN"), profiles.values(), a)
    kenya = next(r for r in ranked if r.country == "KEN")
    with use_language("es"):
        flags = [f.message for f in kenya.flags]
    assert any("Kenya" in m for m in flags) and not any(" below what " in m for m in flags)


def test_a_screen_status_in_every_language_names_the_country_as_the_un_writes_it(store):
    status = store.profiles()["IRN"].destination
    with use_language("es"):
        result = gate(status, store.assumption_set())
    assert "Irán" in result.flags[0].message and "no una determinación jurídica" in result.flags[0].message


def test_every_seeded_measure_has_its_label_and_an_edited_name_is_kept(store):
    measures = store.assumption_set().measures
    assert {m.id for m in measures} == set(MEASURE_LABELS) == set(MEASURE_DESCRIPTIONS)
    for m in measures:
        assert MEASURE_LABELS.source(m.id) == m.name  # the vocabulary states the seed's names and descriptions
        assert MEASURE_DESCRIPTIONS.source(m.id) == m.description
        for lang in LANGS:
            with use_language(lang):
                assert measure_label(m) != m.name and measure_description(m) != m.description
                renamed = dataclasses.replace(m, name="Our own name", description="Our own words")
                assert measure_label(renamed) == "Our own name" and measure_description(renamed) == "Our own words"


def test_the_program_checklist_is_written_in_the_language(store):
    """The AI Exports Program checklist (labels, states, reasons) follows the language; ids do not."""
    from desktop.core.program import program_checks, statuses_of

    profiles, a = store.profiles(), store.assumption_set()
    proposal = Proposal(name="t", country="MAR")
    english = program_checks(proposal, statuses_of(profiles), a)
    with use_language("fr"):
        french = program_checks(proposal, statuses_of(profiles), a)
        labels = [(c.label, c.message) for c in french.checks]
    assert [c.id for c in french.checks] == [c.id for c in english.checks]
    assert [c.ok for c in french.checks] == [c.ok for c in english.checks]
    for (label, message), e in zip(labels, english.checks, strict=True):
        assert label != e.label and message != e.message, (label, message)
    assert any("Maroc" in m for _l, m in labels)


def test_undo_steps_are_named_in_the_language(store):
    """Edit ▸ Undo names its step in the window's language (ops and edits label their changes with _())."""
    from desktop.core import ops

    profiles, a = store.profiles(), store.assumption_set()
    p = Proposal(name="t", country="KEN")
    english = [ops.set_lever(p, "security", 70).as_edit().label, ops.set_measure(p, "customer_keys", True, a).label,
               ops.rename(p, "New name").label, ops.set_country(p, "MAR", profiles["MAR"].name).label]
    with use_language("fr"):
        french = [ops.set_lever(p, "security", 70).as_edit().label, ops.set_measure(p, "customer_keys", True, a).label,
                  ops.rename(p, "New name").label, ops.set_country(p, "MAR", profiles["MAR"].name).label]
    assert english == ["Security 50 → 70", "Add Customer-managed keys", "Rename to New name", "Target Morocco"]
    assert french == ["Sécurité 50 → 70", "Ajouter : Clés gérées par le client", "Renommer en New name", "Cibler Maroc"]


def test_input_errors_are_said_in_the_language():
    """A bad deal term or lever is refused in the user's language; the English is unchanged."""
    from desktop.core import ops
    from desktop.core.model import DealTerms, DomainError

    with pytest.raises(DomainError, match=r"^price must be between 0.5 and 1.5 times the market price, got 3$"):
        DealTerms(price=3).validate()
    with use_language("fr"), pytest.raises(DomainError, match="le prix doit être compris entre 0,5 et 1,5 fois"):
        DealTerms(price=3).validate()
    with use_language("es"), pytest.raises(DomainError, match="la palanca security debe estar entre 0 y 100"):
        ops.set_lever(Proposal(name="t", country="KEN"), "security", 140)
