"""The window's language: the system's unless the user chose one (View ▸ Language, kept in QSettings).

The text itself comes from desktop.core.i18n (gettext, one system for core, CLI and window); here the
window picks the language at start, loads Qt's own qtbase translation for the standard dialogs and
buttons (shipped in the PySide6 wheel under QLibraryInfo's TranslationsPath) and turns the layout
right to left for Arabic. A change made in the menu is remembered and takes effect at the next start:
every panel sets its text once as it is built, so the window says so rather than half-translate itself.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from ..core import i18n
from ..core.i18n import _
from . import window_state

SETTING = "ui/language"
SYSTEM = "system"
# Each language by its own name (a user who cannot read the current one still finds theirs).
NAMES = {"en": "English", "fr": "Français", "es": "Español", "pt": "Português", "ar": "العربية"}
QT_FILES = {"pt": "pt_BR"}  # the wheel ships qtbase_pt_BR.qm only
# The QLocale for spin boxes and Qt's own numbers: Arabic with Latin digits and a decimal point
# (ar_AE), like every figure the app formats itself; plain "ar" is Egypt's, with Arabic-Indic digits.
QT_LOCALES = {"ar": "ar_AE", "pt": "pt_BR"}

_translators: list[QTranslator] = []
_START_LOCALE = QLocale()  # Qt's default before any choice: what English goes back to


def system_language() -> str:
    """The language the desktop asks for: LANGUAGE/LC_ALL/LC_MESSAGES/LANG, else Qt's system locale; English otherwise."""
    return i18n.language_from_env() or i18n.normalise(QLocale.system().name()) or i18n.SOURCE_LANGUAGE


def chosen() -> str:
    """The stored choice: a language code, or SYSTEM (follow the desktop) when none was made."""
    value = window_state.preference(SETTING, SYSTEM)
    return value if value in NAMES else SYSTEM


def choose(code: str) -> None:
    """Remember a language (or SYSTEM) for the next start."""
    window_state.set_preference(SETTING, code if code in NAMES else SYSTEM)


def language_to_use() -> str:
    choice = chosen()
    return system_language() if choice == SYSTEM else choice


def qt_translation_file(code: str) -> str:
    """Where qtbase_<lang>.qm is (it may be missing for a language Qt does not translate)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return f"{folder}/qtbase_{QT_FILES.get(code, code)}.qm"


def apply(app: QApplication, code: str) -> str:
    """Set the window's language (text, Qt's standard buttons, direction); returns the language in effect."""
    code = i18n.set_language(code)
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if code != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        if translator.load(qt_translation_file(code)):
            app.installTranslator(translator)
            _translators.append(translator)
    QLocale.setDefault(_START_LOCALE if code == i18n.SOURCE_LANGUAGE else QLocale(QT_LOCALES.get(code, code)))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_rtl(code) else Qt.LayoutDirection.LeftToRight)
    return code


class LanguageMenu(QMenu):
    """View ▸ Language: the system's, or one of the shipped languages; remembered for the next start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self.group = QActionGroup(self)
        current = chosen()
        entries = [(SYSTEM, _("System language ({name})").format(name=NAMES[system_language()]))]
        entries += list(NAMES.items())
        self.by_code = {}
        for code, text in entries:
            action = self.addAction(text)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setObjectName(f"language_{code}")
            self.group.addAction(action)
            action.triggered.connect(lambda _checked=False, code=code: self._on_chosen(code))
            self.by_code[code] = action

    def _on_chosen(self, code: str) -> None:
        choose(code)
        target = system_language() if code == SYSTEM else code
        if target == i18n.current_language():
            return
        with i18n.use_language(target):  # said in the language chosen: the one the user can read
            title, text = _("Language"), _("AI Export Desk will be in {name} when it starts again.").format(name=NAMES[target])
        tell(self.parentWidget(), title, text)


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """Say when the new language takes effect (tests monkeypatch this)."""
    QMessageBox.information(parent, title, text)
