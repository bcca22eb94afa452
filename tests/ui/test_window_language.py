"""The window's language: the system's or the one chosen in View ▸ Language (kept in QSettings), Qt's
own translations for the standard buttons, right to left for Arabic; the window built under French
and Arabic shows translated menus and labels."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QLocale, Qt  # noqa: E402

from desktop.core import i18n  # noqa: E402
from desktop.ui import language  # noqa: E402


@pytest.fixture
def in_language(qapp):
    """in_language("fr") sets the window's language for the test; English and left to right after."""

    def use(code):
        return language.apply(qapp, code)

    yield use
    language.apply(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def close(window):
    window.assessment.uncertainty.wait()
    window.close()


def test_the_system_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert language.system_language() == "es"
    assert language.chosen() == language.SYSTEM
    assert language.language_to_use() == "es"
    language.choose("ar")
    assert language.language_to_use() == "ar"
    language.choose("xx")  # not a shipped language: back to the system's
    assert language.chosen() == language.SYSTEM


@pytest.mark.parametrize("code, qt_button", [("fr", "Annuler"), ("es", "Cancelar"), ("pt", "Cancelar"), ("ar", "ألغِ")])
def test_qt_standard_buttons_are_translated_from_the_wheels_qtbase(in_language, code, qt_button):
    assert os.path.exists(language.qt_translation_file(code)), "the PySide6 wheel ships qtbase_<lang>.qm"
    in_language(code)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == qt_button
    assert QLocale().name().startswith(code)


def test_arabic_turns_the_layout_right_to_left(in_language, qapp):
    in_language("ar")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft and i18n.is_rtl()
    in_language("fr")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_chosen_in_the_menu_is_kept_for_the_next_window(open_window, monkeypatch):
    told = []
    monkeypatch.setattr(language, "tell", lambda parent, title, text: told.append((title, text)))
    window = open_window()
    menu = window.actions_by_id["view.language"]
    assert menu.by_code[language.SYSTEM].isChecked()
    menu.by_code["fr"].trigger()
    assert len(told) == 1 and "Français" in told[0][1]  # said in the language chosen
    close(window)
    assert language.chosen() == "fr"
    again = open_window()
    assert again.actions_by_id["view.language"].by_code["fr"].isChecked()
    close(again)
