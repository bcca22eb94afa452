"""One offer evaluated on Python numbers: the kernel's own formulas (`kernel.formulas`) over
short vectors (`Vec`: the four levers, the six dimensions, the 21 summed effects) and floats.

The point assessment runs once per edit. On a batch of one offer every numpy call costs about
a microsecond whatever its size, and the kernel makes ~100 of them; the same arithmetic on
floats costs a few dozen nanoseconds an operation. Nothing here states a formula: `formulas`
does, for arrays and for these numbers alike (the property tests check the two agree).
"""

from __future__ import annotations

import math
import operator
from dataclasses import fields
from typing import Any, Iterable, Sequence

import numpy as np

from .country import Terms
from .kernel import formulas
from .params import Params


def _v(values: list[float]) -> Vec:
    """A Vec of a new list, taken as it is (Vec() copies)."""
    vec = _new(Vec)
    vec.v = values
    return vec


_new = object.__new__


class Vec:
    """A short vector of floats with numpy's elementwise arithmetic against floats and vectors of
    the same length; an int index gives a float, a slice a Vec; `sum(0)` adds in order."""

    __slots__ = ("v",)
    __array_ufunc__ = None  # numpy defers to Vec: np.float64 * Vec is Vec.__rmul__

    def __init__(self, values: Iterable[float]) -> None:
        self.v = list(values)

    def __len__(self) -> int:
        return len(self.v)

    def __getitem__(self, key: Any) -> Any:
        return _v(self.v[key]) if isinstance(key, slice) else self.v[key]

    def __setitem__(self, key: int, value: float) -> None:
        self.v[key] = value

    def __add__(self, o: Any) -> Vec:
        return _v(list(map(operator.add, self.v, _same(self, o)))) if type(o) is Vec else _v([a + o for a in self.v])

    __radd__ = __add__

    def __sub__(self, o: Any) -> Vec:
        return _v(list(map(operator.sub, self.v, _same(self, o)))) if type(o) is Vec else _v([a - o for a in self.v])

    def __rsub__(self, o: Any) -> Vec:
        return _v([o - a for a in self.v])

    def __mul__(self, o: Any) -> Vec:
        return _v(list(map(operator.mul, self.v, _same(self, o)))) if type(o) is Vec else _v([a * o for a in self.v])

    __rmul__ = __mul__

    def __truediv__(self, o: float) -> Vec:
        return _v([a / o for a in self.v])

    def __neg__(self) -> Vec:
        return _v([-a for a in self.v])

    def sum(self, axis: int = 0) -> float:
        total = self.v[0]
        for a in self.v[1:]:
            total += a
        return total

    def __repr__(self) -> str:
        return f"Vec({self.v!r})"


def _min(a: float, b: float) -> float:
    return a if a <= b or a != a else b  # numpy.minimum: the first on a tie, NaN propagates


def _max(a: float, b: float) -> float:
    return a if a >= b or a != a else b


def _mn(a: Any, b: Any, out: Any = None) -> Any:
    """numpy.minimum on floats and Vecs (out= ignored), the comparison written out: a call
    per element costs more than the comparison."""
    if type(a) is Vec:
        if type(b) is Vec:
            return _v(list(map(_min, a.v, _same(a, b))))
        return _v([x if x <= b or x != x else b for x in a.v])
    if type(b) is Vec:
        return _v([a if a <= y or a != a else y for y in b.v])
    return a if a <= b or a != a else b


def _mx(a: Any, b: Any, out: Any = None) -> Any:
    """numpy.maximum, as _mn."""
    if type(a) is Vec:
        if type(b) is Vec:
            return _v(list(map(_max, a.v, _same(a, b))))
        return _v([x if x >= b or x != x else b for x in a.v])
    if type(b) is Vec:
        return _v([a if a >= y or a != a else y for y in b.v])
    return a if a >= b or a != a else b


def _same(a: Vec, b: Vec) -> list[float]:
    """b's values, checked to be as many as a's (map stops at the shorter)."""
    if len(b.v) != len(a.v):
        raise ValueError(f"vectors of {len(a.v)} and {len(b.v)} values")
    return b.v


def _mul(a: Any, b: Any, out: Any = None) -> Any:
    return a * b  # Vec's operators broadcast


def _add(a: Any, b: Any, out: Any = None) -> Any:
    return a + b


def _sub(a: Any, b: Any, out: Any = None) -> Any:
    return a - b


class SCALAR:  # noqa: N801 - a namespace of the kernel's operations (see kernel.formulas)
    mn, mx = staticmethod(_mn), staticmethod(_mx)
    add, sub, mul = staticmethod(_add), staticmethod(_sub), staticmethod(_mul)

    @staticmethod
    def alloc(shape: tuple[int, ...]) -> None:
        return None

    @staticmethod
    def empty(shape: tuple[int, ...]) -> Vec:
        return _v([0.0] * shape[0])

    @staticmethod
    def exp(values: Vec) -> Vec:
        return _v([math.exp(x) for x in values.v])

    @staticmethod
    def append(rows: Vec, last: float) -> Vec:
        return _v([*rows.v, last])


def number(value: Any) -> Any:
    """An input of the kernel as Python numbers: a float, or a Vec along its first axis."""
    arr = np.asarray(value, dtype=float)
    if arr.size == 1:
        return float(arr.reshape(()))
    if arr.size == arr.shape[0]:
        return Vec(arr.reshape(-1).tolist())
    raise ValueError(f"not one offer's input: shape {arr.shape}")


class ScalarTerms:
    """A country's Terms for one offer (fields as Python numbers)."""

    def __init__(self, t: Terms) -> None:
        for f in fields(t):
            setattr(self, f.name, number(getattr(t, f.name)) if f.name != "shape" else ())


class _Columns:
    def __init__(self, p: Params) -> None:
        self.over_penalty = number(p.over_penalty)
        self.concession = number(p.concession) / 10_000.0  # as kernel._columns
        self.dim_weights = number(p.dim_weights)


def offer_values(out: dict[str, Any]) -> dict[str, list[Any]]:
    """The outputs of `evaluate_one` as `assemble.offer_fields` reads a batch's (one country)."""
    return {name: [value.v if type(value) is Vec else value] for name, value in out.items()}


def scalar_terms(t: Terms, p: Params) -> ScalarTerms:
    """t as Python numbers (cached on the Params with t, which is immutable)."""
    cache = p.cache.setdefault("scalar_terms", {})
    hit = cache.get(t)
    if hit is None:
        if len(cache) >= 1024:
            cache.clear()
        hit = cache[t] = ScalarTerms(t)
    return hit


def evaluate_one(levers: Sequence[float], agg: Sequence[float], t: Terms, p: Params, price: float) -> dict[str, Any]:
    """Every output of `kernel.evaluate` for one offer (levers: 4 numbers; agg: its 21 summed
    measure effects; one price), as floats and Vecs. Drawn parameters are a batch: use evaluate."""
    if p.drawn:
        raise ValueError("evaluate_one takes one offer under point parameters")
    c = p.cache.get(("columns", "scalar"))
    if c is None:
        c = p.cache[("columns", "scalar")] = _Columns(p)
    return formulas(SCALAR, Vec(levers), Vec(agg), scalar_terms(t, p), p, c, float(price), ())
