"""Hardened JSON reading for files from others (bundles): size, depth, NaN, duplicate keys, huge strings.

Every check runs before or while parsing, in time linear in the input and without recursion
beyond the depth limit, so a hostile file is refused in well under a second and never grows
memory far past its own size. Importers should read every outside JSON through `loads`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .i18n import _
from .model import DomainError

# Strings (with escapes), removed whole before the brackets are counted: brackets inside them do not count.
# The string pattern is "unrolled" (no alternation inside the repeat) so a megabyte-long
# string is matched in one linear pass without a backtracking stack.
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


@dataclass(frozen=True)
class JsonLimits:
    """What an outside JSON document may be: bytes, nesting depth, one string's length, item count."""

    max_bytes: int = 5_000_000
    max_depth: int = 32
    max_string: int = 100_000
    max_items: int = 200_000


class UnsafeFileError(DomainError):
    """An outside file was refused; the message says why in one line."""


def check_size(size: int, limit: int, what: str) -> None:
    """Refuse an outside file of more than limit bytes, before anything reads into it."""
    if size > limit:
        raise UnsafeFileError(_("{what} is {size:,.0f} bytes; the limit is {limit:,.0f}").format(what=what, size=size, limit=limit))


def _check_structure(data: bytes, limits: JsonLimits, what: str) -> None:
    """Refuse a flood of items or too deep nesting before parsing builds anything.

    A flood of tiny items costs far more memory as Python objects than as text, so the number of
    values is bounded first by byte counts (C speed, no allocation): each value but the first in a
    container follows a comma, and each string has two quotes. The counts include commas, brackets
    and quotes inside strings, so they are upper bounds: a document under them is certainly small.
    Then one pass over strings and brackets (at most about 4 * max_items tokens) measures the depth.
    """
    openers = data.count(b"[") + data.count(b"{")
    closers = data.count(b"]") + data.count(b"}")
    if data.count(b",") + openers + 1 > limits.max_items or data.count(b'"') > 4 * limits.max_items:
        raise UnsafeFileError(_("{what} has more than {limit:,.0f} items").format(what=what, limit=limits.max_items))
    if closers > limits.max_items:
        raise UnsafeFileError(_("{what} is not valid JSON (its brackets do not pair up)").format(what=what))
    if openers <= limits.max_depth:
        return  # cannot nest deeper than it has brackets
    # The brackets outside strings, in order (strings removed and the rest dropped at C speed), then
    # the running depth's maximum (itertools.accumulate, also in C).
    skeleton = _STRINGS.sub(b"", data).translate(None, _NOT_BRACKETS)
    if max(accumulate(_STEP[b] for b in skeleton), default=0) > limits.max_depth:
        raise UnsafeFileError(_("{what}: nested more than {limit} levels deep").format(what=what, limit=limits.max_depth))


def _reject_constant(name: str) -> Any:
    raise UnsafeFileError(_("{name} is not a number this app accepts").format(name=name))


def loads(data: bytes | str, limits: JsonLimits = JsonLimits(), what: str = "file") -> Any:
    """Parse outside JSON, or raise UnsafeFileError (a DomainError) naming the first problem."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    check_size(len(raw), limits.max_bytes, what)
    _check_structure(raw, limits, what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(_("{what} is not UTF-8 text ({reason} at byte {position})").format(what=what, reason=exc.reason, position=exc.start)) from None
    count = 0

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise UnsafeFileError(_("duplicate key {key!r}").format(key=key[:40]))
            out[key] = value
        return out

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except UnsafeFileError as exc:
        raise UnsafeFileError(f"{what}: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise UnsafeFileError(_("{what} is not valid JSON ({detail})").format(what=what, detail=str(exc)[:120])) from None
    # Strings and floats are checked on the parsed value, iteratively (no recursion).
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > limits.max_items:
            raise UnsafeFileError(_("{what} has more than {limit:,.0f} items").format(what=what, limit=limits.max_items))
        if isinstance(item, str):
            if len(item) > limits.max_string:
                raise UnsafeFileError(_("{what} has a text of {length:,.0f} characters; the limit is {limit:,.0f}").format(
                    what=what, length=len(item), limit=limits.max_string))
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise UnsafeFileError(_("{what} has a number out of range").format(what=what))
        elif isinstance(item, dict):
            for key, v in item.items():
                if len(key) > limits.max_string:
                    raise UnsafeFileError(_("{what} has a key of {length:,.0f} characters").format(what=what, length=len(key)))
                stack.append(v)
        elif isinstance(item, list):
            stack.extend(item)
    return value
