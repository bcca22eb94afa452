"""The window's language: the system's or the one chosen in View ▸ Language (kept in QSettings), Qt's
own translations for the standard buttons, right to left for Arabic; the window built under French
and Arabic shows translated menus and labels."""

from __future__ import annotations

import os
import re

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


# ---------------------------------------------------------------------------- the window in French and Arabic


def _chrome_texts(window):
    """Texts the window itself writes (not data): buttons, group and dock titles, menu entries, headers."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QDockWidget, QGroupBox, QHeaderView, QMenu

    out = []
    for w in window.findChildren(QAbstractButton):
        if not w.objectName().startswith("qt_") and w.text():
            out.append(("button", w.text()))
    out += [("group", g.title()) for g in window.findChildren(QGroupBox) if g.title()]
    out += [("dock", d.windowTitle()) for d in window.findChildren(QDockWidget)]
    out += [("menu", m.title()) for m in window.findChildren(QMenu) if m.title()]
    out += [("action", a.text()) for a in window.findChildren(QAction) if a.text() and not a.isSeparator()]
    for header in window.findChildren(QHeaderView):
        model = header.model()
        if model is None:
            continue
        for section in range(header.count()):
            out.append(("header", str(model.headerData(section, header.orientation()) or "")))
    return [(kind, text) for kind, text in out if any(ch.isalpha() for ch in text)]


def test_under_a_pseudo_language_no_chrome_text_is_left_unmarked(in_language, open_window, monkeypatch):
    """Every window text goes through the catalogue: with one that brackets each message, none is bare."""
    import gettext

    class Bracketing(gettext.NullTranslations):
        def gettext(self, message):
            return f"⟦{message}⟧"

        def ngettext(self, singular, plural, n):
            return f"⟦{singular if n == 1 else plural}⟧"

    monkeypatch.setitem(i18n._catalogues, "fr", Bracketing())
    in_language("fr")
    window = open_window()
    window.workshop.dock.show()
    window.scenarios.ranking_dock.show()
    window.scenarios.timeline_dock.show()
    data = {p.name for p in window.store.proposals()} | set(language.NAMES.values())
    data |= {m.name for m in window.session.assumptions.measures}  # the measure catalogue: data, not window text
    bare = [(kind, text) for kind, text in _chrome_texts(window)
            if "⟦" not in text and text.replace("&&", "&") not in data and text != "p10–p90"
            and not re.search(r" — [A-Z][\w ,.'()-]+$", text)]  # an example's menu entry: "<name> — <country>"
    close(window)
    assert bare == []


@pytest.mark.parametrize("code, file_menu, undo", [("fr", "&Fichier", "&Annuler"), ("ar", "ملف(&F)", "تراجع(&U)")])
def test_the_window_built_in_french_or_arabic_shows_translated_menus_and_labels(in_language, open_window, code, file_menu, undo):
    in_language(code)
    window = open_window()
    titles = [a.text() for a in window.menuBar().actions() if a.menu() is not None]
    assert titles[0] == file_menu
    with i18n.use_language("en"):
        english = [i18n._(m.title) for m in __import__("desktop.ui.action_registry", fromlist=["MENUS"]).MENUS]
    assert not set(titles) & set(english)
    assert window.actions_by_id["edit.undo"].text().startswith(undo.split("(")[0])
    assert window.assessment.acceptance.title != "Counterpart acceptance"
    assert window.save_state.text() == {"fr": "Enregistré", "ar": "محفوظ"}[code]
    assert (window.layoutDirection() == Qt.LayoutDirection.RightToLeft) == (code == "ar")
    chrome = dict((t, k) for k, t in _chrome_texts(window))
    with i18n.use_language("en"):
        for text in ("&Add member", "Edit &Program…", "Browse…", "Reset to defaults"):
            assert text not in chrome
    close(window)


# ---------------------------------------------------------------------------- the brief's language


def test_the_brief_dialog_offers_the_counterparts_language_for_the_counterpart_edition(qtbot):
    from desktop.ui.exchange import ExportBriefDialog

    dialog = ExportBriefDialog(None, "/tmp/x brief.pdf", ("ar", "fr"))
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "fr"  # the internal edition: the user's language
    dialog.counterpart.setChecked(True)
    assert dialog.language.currentData() == "ar"  # the counterpart's
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.language.activated.emit(dialog.language.currentIndex())  # the user picks one: it is kept
    dialog.counterpart.setChecked(False)
    assert dialog.language.currentData() == "es"


def test_the_brief_is_written_in_the_chosen_language_while_the_window_stays_in_its_own(window, monkeypatch, tmp_path):
    from desktop.core import ops
    from desktop.ui import brief_render, exchange

    counterpart_language = pytest.importorskip("desktop.core.languages").counterpart_language

    s = window.session
    window.editor.apply(ops.set_country(s.proposal, "MAR", s.profiles["MAR"].name))
    asked, seen = [], []
    out = tmp_path / "brief.pdf"
    monkeypatch.setattr(exchange, "ask_export_brief", lambda _p, _d, languages: asked.append(languages) or (str(out), True, False, languages[0]))
    real = brief_render.brief_for
    monkeypatch.setattr(brief_render, "brief_for", lambda *a, **k: seen.append(i18n.current_language()) or real(*a, **k))
    window.exchange.export_brief()
    assert asked == [(counterpart_language("MAR"), "en")]
    assert seen == [counterpart_language("MAR")] and i18n.current_language() == "en"
    assert out.exists()
