"""One translation system for core, CLI and window: stdlib gettext catalogues, Babel for locale formats.

Why gettext and not Qt's tr(): most of the text a user reads is built in the Qt-free core (flag
messages, level and band names, the brief), which must not import Qt; the CLI has no Qt either.
gettext works in all three, Babel extracts the messages (`pybabel extract`, see docs/translating.md)
and formats numbers, percentages and dates per locale from CLDR. Qt's own qtbase translations are
loaded by the window for its standard dialogs and buttons.

Catalogues: desktop/locale/<lang>/LC_MESSAGES/<domain>.po (source, reviewed) and .mo (compiled), one
domain for the core and CLI (`export_desk`) and one for the window (`export_desk_window`); a message
is looked up in the first, then the second, so the window may use the core's words.

The language is per thread and can be switched for one piece of work (`use_language("fr")` while
the counterpart brief is written in French and the window stays in English). Mark text with
`_()` where it is shown; module-level constants use `N_()` and are translated with `_()` at use.
"""

from __future__ import annotations

import contextlib
import copy
import gettext as _gettext
import os
import re
import string
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

DOMAIN = "export_desk"
DOMAINS = (DOMAIN, "export_desk_window")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
SUPPORTED = ("en", "fr", "es", "pt", "ar")
RTL = frozenset({"ar"})

_state = threading.local()
_default = SOURCE_LANGUAGE
_catalogues: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


def normalise(code: str | None) -> str | None:
    """A supported language code from a locale name ('fr_SN.UTF-8', 'pt-BR', 'ar') or None."""
    if not code:
        return None
    base = str(code).split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return base if base in SUPPORTED else None


def language_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for, as gettext reads it: LANGUAGE (a ':' list), LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            if part in ("C", "POSIX") or part.startswith("C."):
                return SOURCE_LANGUAGE
            found = normalise(part)
            if found:
                return found
        if name != "LANGUAGE":
            return None  # a set but unsupported locale: the source language, not a lower-priority variable
    return None


def catalogue(code: str) -> _gettext.NullTranslations:
    """The compiled catalogue for a language (a null one for English or a missing file), loaded once."""
    found = _catalogues.get(code)  # the hot path takes no lock: a loaded catalogue is never replaced
    if found is not None:
        return found
    with _lock:
        found = _catalogues.get(code)
        if found is None:
            if code == SOURCE_LANGUAGE:
                found = _gettext.NullTranslations()
            else:
                found = _gettext.translation(DOMAINS[0], LOCALE_DIR, languages=[code], fallback=True)
                for domain in DOMAINS[1:]:
                    found.add_fallback(_gettext.translation(domain, LOCALE_DIR, languages=[code], fallback=True))
            _catalogues[code] = found
        return found


def set_language(code: str | None) -> str:
    """Set the process-wide language (unsupported or None → English); returns the language in effect."""
    global _default
    _default = normalise(code) or SOURCE_LANGUAGE
    return _default


def current_language() -> str:
    return getattr(_state, "language", None) or _default


def is_rtl(code: str | None = None) -> bool:
    return (normalise(code) if code else current_language()) in RTL


@contextlib.contextmanager
def use_language(code: str | None) -> Iterator[str]:
    """Within the block, this thread's text is in `code` (e.g. a counterpart brief in French)."""
    previous = getattr(_state, "language", None)
    _state.language = normalise(code) or SOURCE_LANGUAGE
    try:
        yield _state.language
    finally:
        _state.language = previous


_NUMBER_SPEC = re.compile(r"^(?P<align>.?[<>=^])?(?P<sign>[+\- ])?(?P<width>\d+)?(?P<comma>,)?(?:\.(?P<digits>\d+))?(?P<type>[fg%])$")


class _LocaleFormatter(string.Formatter):
    """str.format with the locale's numbers: a float field formatted `f`, `g` or `%` ("{x:.1f}",
    "{x:+.1f}", "{share:.0%}") takes the language's decimal mark and grouping (Babel)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        m = _NUMBER_SPEC.match(format_spec) if format_spec else None
        if m is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return super().format_field(value, format_spec)
        kind, digits = m["type"], m["digits"]
        if kind == "%":
            text = format_percent(value, int(digits or 0))
        else:
            if digits is None:  # "g": as many decimals as the value has (up to six)
                digits = str(len(f"{value:.6f}".rstrip("0").split(".")[1])) if kind == "g" else "6"
            text = format_number(value, int(digits))
        if m["sign"] == "+" and not text.startswith(("-", "−")):
            text = "+" + text
        width = int(m["width"] or 0)
        return text.rjust(width) if (m["align"] or ">")[-1] != "<" else text.ljust(width)


_FORMATTER = _LocaleFormatter()


class Text(str):
    """A translated message: `.format()` writes numbers as the current language does (in English
    exactly as str.format does)."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:  # noqa: A003 (str's own name)
        if (getattr(_state, "language", None) or _default) == SOURCE_LANGUAGE:
            return str.format(self, *args, **kwargs)
        return _FORMATTER.vformat(self, args, kwargs)


# Per language: the catalogue the messages were looked up in, and each message once translated
# (a catalogue put in place of another, as a test's pseudo-language is, starts a new table).
_texts: dict[str, tuple[Any, dict[str, Text]]] = {}


def _(message: str) -> str:
    """`message` in the current language (its `.format()` writes numbers for the locale)."""
    lang = getattr(_state, "language", None) or _default
    cat = catalogue(lang)
    entry = _texts.get(lang)
    if entry is None or entry[0] is not cat or len(entry[1]) > 20000:  # bounded: computed text cannot grow it
        entry = _texts[lang] = (cat, {})
    table = entry[1]
    hit = table.get(message)
    if hit is None:
        hit = table[message] = Text(cat.gettext(message))
    return hit


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` by the current language's plural rule (Arabic has six)."""
    return Text(catalogue(current_language()).ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, disambiguated by `context` (e.g. 'lever' vs 'side')."""
    return Text(catalogue(current_language()).pgettext(context, message))


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translate with `_()` where shown)."""
    return message


class Labels(Mapping):
    """A read-only mapping of N_()-marked text (or tuples of it), translated at each lookup.

    The vocabulary's label tables (LEVER_LABELS …) are Labels: `LEVER_LABELS["security"]` is the
    label in the current language, while the keys stay identifiers. `source(key)` is the English.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping) -> None:
        self._data = dict(data)

    def __getitem__(self, key):
        value = self._data[key]
        return _(value) if isinstance(value, str) else tuple(_(v) for v in value)

    def __contains__(self, key: object) -> bool:  # Mapping's would translate the value to find out
        return key in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Labels({self._data!r})"

    def source(self, key):
        """The untranslated (English) text for `key`."""
        return self._data[key]


class LabelTuple(Sequence):
    """A tuple of N_()-marked text translated at each lookup (e.g. the scale names by index)."""

    __slots__ = ("_data",)

    def __init__(self, data: Sequence[str]) -> None:
        self._data = tuple(data)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(_(v) for v in self._data[index])
        return _(self._data[index])

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"LabelTuple({self._data!r})"


def _babel_locale(code: str | None = None) -> str:
    return (normalise(code) if code else None) or current_language()


_patterns: dict[tuple[str, int, str], tuple] = {}


def _pattern(kind: str, digits: int, code: str | None):
    """Babel's number pattern for the locale with `digits` decimals (built once per kind, digits, locale)."""
    lang = _babel_locale(code)
    hit = _patterns.get((kind, digits, lang))
    if hit is None:
        from babel import Locale
        from babel.numbers import parse_pattern

        locale = Locale.parse(lang)
        formats = locale.percent_formats if kind == "percent" else locale.decimal_formats
        pattern = copy.copy(parse_pattern(formats[None]))  # the locale's own pattern object: never change it
        pattern.frac_prec = (digits, digits)
        hit = _patterns[(kind, digits, lang)] = (pattern, locale)
    return hit


def format_number(value: float, digits: int = 1, code: str | None = None, *, sign: bool = False) -> str:
    """`value` with `digits` decimals and the locale's separators (Latin digits in every language)."""
    pattern, locale = _pattern("decimal", digits, code)
    text = pattern.apply(value, locale, decimal_quantization=True)
    return "+" + text if sign and round(value, digits) > 0 else text


def warm_numbers() -> None:
    """Read the current language's number formats now: Babel loads a locale's data from disk on
    its first use (~25 ms for English), which a worker thread can pay before the GUI thread would."""
    format_number(0.0)
    format_percent(0.0)


def figure(value: float, digits: int = 0) -> str:
    """A figure in running text (flags, moves, notes): the locale's decimal mark, no grouping in
    English so the source text reads as it always has ("credited 28", "margin 9.5%")."""
    if current_language() == SOURCE_LANGUAGE:
        return f"{value:.{digits}f}"
    return format_number(value, digits)


def format_percent(share: float, digits: int = 0, code: str | None = None) -> str:
    """A share (0.25) as the locale writes a percentage ('25 %' in French, '25%' in English)."""
    pattern, locale = _pattern("percent", digits, code)
    return pattern.apply(share, locale, decimal_quantization=True)


def format_date(value, code: str | None = None, length: str = "long") -> str:
    """A date (datetime.date, or an ISO 'YYYY-MM-DD…' text) as the locale writes it; '' for none."""
    import datetime as _dt

    from babel.dates import format_date as _format_date

    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return _format_date(value, format=length, locale=_babel_locale(code))
