"""What a settled state needs to be reproduced, as JSON: the country as it was, the offer's inputs.

A settled state keeps its recipe, not its assessment (issue 16): the levers and measures, the
assumption-set version (immutable in the store), the date its dated flags were judged on, and two
content-addressed inputs: the *country version* (the whole profile the engine read: figures,
sovereignty profile, best alternative, destination status, classification; the store edits those
in place, so the state keeps its own immutable copy) and the *offer* (country, components, red
lines, deal terms, Program). The engine is deterministic, so evaluate() of the recipe gives the
assessment back; the store checks that it does before it drops a state's JSON.

Pure (no SQL, no Qt). Decoding accepts only the dataclasses listed in _TYPES, so a hostile file or
bundle cannot name another type.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from .consortium import Program
from .deal import AlternativeOffer, DealTerms
from .evaluate import evaluate
from .i18n import _
from .model import AssumptionSet, CountryProfile, DomainError, Figure, Proposal
from .regions import Classification
from .screen import DestinationStatus, ScreenSource

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (CountryProfile, Figure, AlternativeOffer, DestinationStatus, ScreenSource, Classification)
}
MAX_DEPTH = 8


def canonical(data: Any) -> str:
    """The one JSON text of a value (sorted keys, no spaces): what a digest and a comparison read."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=True)


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__, **{f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise DomainError("a country version is nested too deeply")
    if isinstance(value, dict):
        if "@" in value:
            cls = _TYPES.get(value["@"])
            if cls is None:
                raise DomainError(_("a country version names an unknown type {kind!r}").format(kind=value["@"]))
            known = {f.name for f in fields(cls)}
            given = {k: _decode(v, depth + 1) for k, v in value.items() if k != "@"}
            if set(given) - known:
                raise DomainError(_("a country version has an unknown field {field!r}").format(field=sorted(set(given) - known)[0]))
            try:
                return cls(**given)
            except TypeError as exc:
                raise DomainError(_("a country version is incomplete: {detail}").format(detail=exc)) from None
        return MappingProxyType({k: _decode(v, depth + 1) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_decode(v, depth + 1) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise DomainError("a country version holds a value of an unknown kind")


def encode_country(profile: CountryProfile) -> str:
    """A country version: the profile the engine reads, as canonical JSON."""
    return canonical(_encode(profile))


def decode_country(body: str) -> CountryProfile:
    """The profile of a country version (DomainError when it is not one)."""
    try:
        found = _decode(json.loads(body))
    except (ValueError, RecursionError):
        raise DomainError("a country version is not readable JSON") from None
    if not isinstance(found, CountryProfile):
        raise DomainError("a country version does not hold a country profile")
    return found


def encode_offer(proposal: Proposal) -> str:
    """The offer's inputs a state shares with its neighbours (all but levers and measures), as canonical JSON."""
    return canonical({
        "country": proposal.country,
        "components": dict(proposal.components),
        "red_lines": {k: list(v) for k, v in proposal.red_lines.items()},
        "deal": proposal.deal.to_dict(),
        "program": proposal.program.to_dict() if proposal.program.stated else {},
    })


def decode_offer(body: str, levers: Mapping[str, int], measures: frozenset[str]) -> Proposal:
    """The proposal of a state: its offer's inputs with its levers and measures."""
    try:
        data = json.loads(body)
        return Proposal(
            name="settled state",
            country=str(data["country"]),
            levers={k: int(v) for k, v in levers.items()},
            measures=frozenset(measures),
            components={str(k): int(v) for k, v in data["components"].items()},
            red_lines={str(k): (int(v[0]), int(v[1])) for k, v in data["red_lines"].items()},
            deal=DealTerms.from_dict(data["deal"]),
            program=Program.from_dict(data["program"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise DomainError("a state's offer is not readable") from None


def reproduce(
    proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet, as_of: str
) -> dict[str, Any]:
    """The assessment of a state's recipe, as its JSON: evaluate() with the dated flags judged on as_of."""
    return evaluate(proposal, {profile.iso3: profile}, assumptions, date.fromisoformat(as_of)).to_dict()


def same_result(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two assessments' JSON are the same (as stored: canonical text, tuples and lists alike)."""
    return canonical(a) == canonical(b)
