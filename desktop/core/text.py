"""Text a user types, checked once: names cleaned and bounded, look-alike names caught, terminal output made safe.

- Names (proposals): NFC-normalised; control, format (bidi overrides, zero-width) characters removed;
  runs of white space become one space; at most NAME_MAX characters.
- Long texts (notes, reasons, descriptions): at most their stated limit, with a clear message.
- `skeleton(name)`: what a name looks like (NFKC, case-folded, invisible characters dropped, common
  Cyrillic and Greek look-alikes mapped to Latin; accents kept): two names with one skeleton look the same.
- `printable(text)`: text for a terminal, every control or format character shown as an escape.
"""

from __future__ import annotations

import unicodedata

from .i18n import _
from .model import DomainError

NAME_MAX = 120
NOTES_MAX = 100_000
REASON_MAX = 2_000
DESCRIPTION_MAX = 10_000

# Common look-alikes (Unicode's confusables, the letters that matter for names typed in Latin script).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ı": "i", "ℓ": "l",
})


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")


def clean_name(text: str) -> str:
    """The name as stored: NFC, no control or format characters, single spaces; DomainError if empty or too long."""
    name = unicodedata.normalize("NFC", str(text))
    name = "".join(ch if _visible(ch) else (" " if ch in "\t\n\r\v\f" else "") for ch in name)
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("a proposal needs a name (printable characters, not only spaces or control characters)"))
    if len(name) > NAME_MAX:
        raise DomainError(_("a name is limited to {limit} characters (this one has {length:,.0f})").format(limit=NAME_MAX, length=len(name)))
    return name


def check_length(text: str, message: str, limit: int) -> str:
    """text if it is within limit characters; otherwise DomainError(message), a translated sentence
    with the placeholders {limit} and {length} (e.g. "notes are limited to {limit:,.0f} characters …")."""
    if len(text) > limit:
        raise DomainError(message.format(limit=limit, length=len(text)))
    return text


def skeleton(name: str) -> str:
    """What a name looks like: equal skeletons look the same on screen."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(ch for ch in folded if _visible(ch) or ch.isspace())
    return " ".join(folded.translate(_LOOKALIKE).split())


def look_alike(name: str, others: "list[str] | tuple[str, ...] | set[str]") -> str | None:
    """An existing name (not name itself) that looks the same as name, or None."""
    mine = skeleton(name)
    for other in sorted(others):
        if other != name and skeleton(other) == mine:
            return other
    return None


# The directional isolates and marks the Arabic catalogues put around figures and names (LRI, RLI,
# FSI, PDI, LRM, RLM): a terminal lays text out left to right whatever they say, so the text
# commands drop them rather than print them escaped (overrides and embeddings are still escaped).
DIRECTION_MARKS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))


def printable(text: str, keep: str = "\n\t", json_escapes: bool = False) -> str:
    """text for a terminal: control and format characters (escape sequences, bidi overrides) escaped.

    json_escapes: write every escape as JSON's \\uXXXX (surrogate pairs above U+FFFF), so a JSON
    document stays valid and means the same.
    """
    out = []
    for ch in text:
        if ch in keep or _visible(ch):
            out.append(ch)
            continue
        code = ord(ch)
        if json_escapes:
            if code >= 0x10000:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)
