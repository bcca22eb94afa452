"""The language in effect: from the environment as gettext reads it, per thread, switchable for one piece of work."""

import threading

from desktop.core import i18n


def test_locale_names_reduce_to_supported_languages():
    assert i18n.normalise("fr_SN.UTF-8") == "fr"
    assert i18n.normalise("pt-BR") == "pt"
    assert i18n.normalise("ar_MA@latin") == "ar"
    assert i18n.normalise("de_DE.UTF-8") is None
    assert i18n.normalise("") is None


def test_environment_order_follows_gettext():
    assert i18n.language_from_env({"LANGUAGE": "de:es", "LANG": "fr_FR.UTF-8"}) == "es"
    assert i18n.language_from_env({"LC_ALL": "es_MX.UTF-8", "LANG": "fr_FR.UTF-8"}) == "es"
    assert i18n.language_from_env({"LANG": "es_MX.UTF-8"}) == "es"
    assert i18n.language_from_env({"LANG": "C.UTF-8"}) == "en"
    assert i18n.language_from_env({"LANG": "de_DE.UTF-8"}) is None
    assert i18n.language_from_env({}) is None


def test_use_language_is_per_thread_and_restored():
    i18n.set_language("en")
    seen = {}

    def other():
        seen["other"] = i18n.current_language()

    with i18n.use_language("ar") as code:
        assert code == "ar" and i18n.is_rtl()
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
    assert seen["other"] == "en"
    assert i18n.current_language() == "en" and not i18n.is_rtl()


def test_unsupported_language_falls_back_to_english_text():
    assert i18n.set_language("xx") == "en"
    assert i18n._("Viable") == "Viable"
    assert i18n.ngettext("one move", "{n} moves", 3) == "{n} moves"
