"""Which country a typed text means: a name, an ISO2/ISO3 code or a unique prefix (no Qt here).

`match_country(text, names)` returns the ISO3 codes the text can mean, best first: one code is a
pick, several are the choices to show, none means nothing matches.  In order, the first rule that
finds something wins: the picker's own "Name — ISO3" text; an ISO3 or ISO2 code typed in capitals;
the exact name; a prefix of the name; a prefix of a later word ("Korea" finds "South Korea").  A code
typed in lower case ("ke", "ind") puts its country first among the names the text starts.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Mapping

SEPARATOR = " — "


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    """ISO 3166-1 alpha-2 → alpha-3 (pycountry's table, read once, when first asked)."""
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _fold(text: str) -> str:
    """Case, accents and punctuation set aside: "Sénégal" and "senegal", "Côte d'Ivoire" and "cote d'ivoire" match."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace(",", " ").replace("(", " ").replace(")", " ").split())


def folded(text: str) -> str:
    """The form names are compared and sorted in (the picker lists "Émirats arabes unis" under E)."""
    return _fold(text)


def match_country(text: str, names: Mapping[str, str]) -> list[str]:
    """The ISO3 codes (keys of names: ISO3 → display name) the typed text can mean, best first."""
    typed = text.strip()
    if not typed:
        return []
    if SEPARATOR in typed:  # the picker's own item text, perhaps edited: its code decides
        code = typed.rsplit(SEPARATOR, 1)[1].strip().upper()
        if code in names:
            return [code]
        typed = typed.split(SEPARATOR, 1)[0].strip()
    code = _code(typed, names)
    if code is not None and typed.isupper():  # "KE", "KEN": a code, said as one
        return [code]
    folded = _fold(typed)
    by_name = sorted(names, key=lambda iso: names[iso])
    exact = [iso for iso in by_name if _fold(names[iso]) == folded]
    if exact:
        return exact
    found = [iso for iso in by_name if _fold(names[iso]).startswith(folded)]
    if not found:
        found = [iso for iso in by_name if any(w.startswith(folded) for w in _word_tails(_fold(names[iso])))]
    if code is not None:  # "ke", "ind": the code's country first (alone if no name fits)
        found = [code] + [iso for iso in found if iso != code]
    return found


def _code(typed: str, names: Mapping[str, str]) -> str | None:
    """The country whose ISO3 or ISO2 code the text is (any case), if it is one of names."""
    upper = typed.upper()
    if len(upper) == 3 and upper in names:
        return upper
    if len(upper) == 2 and upper.isalpha():
        iso3 = _alpha2().get(upper)
        if iso3 in names:
            return iso3
    return None


def _word_tails(name: str) -> list[str]:
    """The name from each of its words on ("republic of korea", "of korea", "korea")."""
    words = name.split()
    return [" ".join(words[i:]) for i in range(1, len(words))]
