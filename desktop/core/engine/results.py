"""Typed results of an assessment: line items, moves with their effects, flags, the assessment."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Sequence

from ..i18n import N_

GATE_LABEL = N_("Both-sides shortfall")  # translated where shown, as the line item's label


def _r(value: Any) -> Any:
    return round(value, 2) if isinstance(value, float) else value


@dataclass(frozen=True)
class LineItem:
    """One term of the overall score: a weighted dimension, or the both-sides gate (<= 0)."""

    label: str
    dimension: str | None
    points: float
    max_points: float
    score: float | None
    weight_key: str
    side: str  # counterpart | exporter | both


@dataclass(frozen=True)
class Effect:
    """What a change does: the change of the overall score and of each side (points)."""

    overall: float
    counterpart_acceptance: float
    exporter_assurance: float

    def to_dict(self) -> dict[str, float]:
        return {
            "overall": round(self.overall, 2),
            "counterpart_acceptance": round(self.counterpart_acceptance, 2),
            "exporter_assurance": round(self.exporter_assurance, 2),
        }


@dataclass(frozen=True)
class Step:
    """One edit of a move: a lever to a level, a measure added or dropped, or a new price."""

    kind: str  # lever | measure | price
    target: str  # lever name, measure id, or "price"
    before: Any
    after: Any  # int level, True (add) / False (drop), or a price


@dataclass(frozen=True)
class Move:
    """A change one click applies (one or two steps), with its effect measured before it is made."""

    label: str
    steps: tuple[Step, ...]
    overall: float  # the overall score after the move
    band: str
    effect: Effect

    @property
    def gain(self) -> float:
        return self.effect.overall

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: single moves keep the keys of the first release (kind, lever/measure, from,
        to or action, label, gain, overall, band) and add `effect`; two-step moves list `steps`."""
        head: dict[str, Any]
        if len(self.steps) == 1:
            s = self.steps[0]
            if s.kind == "lever":
                head = {"kind": "lever", "lever": s.target, "from": s.before, "to": s.after}
            elif s.kind == "measure":
                head = {"kind": "measure", "measure": s.target, "action": "add" if s.after else "remove"}
            else:
                head = {"kind": "price", "from": s.before, "to": s.after}
        else:
            head = {"kind": "pair", "steps": [
                {"kind": s.kind, "target": s.target, "from": _r(s.before), "to": _r(s.after)} for s in self.steps
            ]}
        return dict(head, label=self.label, gain=round(self.gain, 2), overall=round(self.overall, 2), band=self.band,
                    effect=self.effect.to_dict())


@dataclass(frozen=True)
class Flag:
    """A risk or a friction the assessment found, with the change that clears it (or None).

    The fix's effect is measured before it is offered; `fix_lowers` says when clearing the
    flag costs overall score (the message says so too)."""

    severity: str  # high | medium | low
    type: str  # risk | friction | data | compliance
    message: str
    fix: Move | None
    side: str  # counterpart | exporter | both
    # Who may read it: "safe" for the counterpart, or "internal" (our position, our estimates of
    # them); internal unless the rule that raises it says otherwise (confidential by default).
    audience: str = "internal"

    @property
    def fix_effect(self) -> Effect | None:
        return None if self.fix is None else self.fix.effect

    @property
    def fix_lowers(self) -> bool:
        return self.fix is not None and self.fix.effect.overall < -0.005

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "type": self.type,
            "message": self.message,
            "fix": None if self.fix is None else self.fix.to_dict(),
            "side": self.side,
            "fix_effect": None if self.fix is None else self.fix.effect.to_dict(),
            "audience": self.audience,
        }


@dataclass(frozen=True)
class Assessment:
    """What the engine says about one proposal for one country under one assumption set."""

    country: str
    overall: float
    band: str
    commitments: dict[str, dict[str, float]]
    dimensions: dict[str, float]
    counterpart_acceptance: float
    exporter_assurance: float
    risks: dict[str, float]
    line_items: list[LineItem]
    flags: list[Flag]
    moves: dict[str, Any]  # best: [Move], next_band: {lever: Move | None}, smallest: Move | None, note: str
    assumptions_version: int
    deal: dict[str, Any] = field(default_factory=dict)
    alternative: dict[str, Any] | None = None
    security: dict[str, float] = field(default_factory=dict)
    screen: Any = None  # the destination screen's ScreenResult (desktop/core/screen.py), None if unscreened

    @property
    def scored(self) -> bool:
        """False for an embargoed destination: no readiness score exists."""
        return self.screen is None or self.screen.scored

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data, numbers rounded to 0.01.

        `overall` is the score rounded to 0.01, and the line items are rounded so that they add
        up to it exactly (largest-remainder rounding in hundredths).
        """
        if not self.scored:  # an embargoed destination: no score, no line items, no moves
            return self.screen.unscored_dict(self.country, [f.to_dict() for f in self.flags], self.assumptions_version)
        points = round_to_total([li.points for li in self.line_items], round(self.overall, 2))
        items = [
            {"label": li.label, "dimension": li.dimension, "points": pts, "max_points": li.max_points,
             "score": None if li.score is None else round(li.score, 2), "weight_key": li.weight_key, "side": li.side}
            for li, pts in zip(self.line_items, points, strict=True)
        ]
        moves = self.moves
        return {
            "country": self.country,
            "overall": round(self.overall, 2),
            "band": self.band,
            "commitments": {k: {f: _r(v) for f, v in d.items()} for k, d in self.commitments.items()},
            "dimensions": {k: round(v, 2) for k, v in self.dimensions.items()},
            "counterpart_acceptance": round(self.counterpart_acceptance, 2),
            "exporter_assurance": round(self.exporter_assurance, 2),
            "risks": {k: round(v, 2) for k, v in self.risks.items()},
            "line_items": items,
            "flags": [f.to_dict() for f in self.flags],
            "moves": {
                "best": [m.to_dict() for m in moves["best"]],
                "next_band": {k: _next_band_dict(v) for k, v in moves["next_band"].items()},
                "smallest": None if moves.get("smallest") is None else moves["smallest"].to_dict(),
                "note": moves.get("note", ""),
            },
            "assumptions_version": self.assumptions_version,
            "deal": _rounded(self.deal),
            "alternative": None if self.alternative is None else _rounded(self.alternative),
            "security": _rounded(self.security),
            "screen": None if self.screen is None else self.screen.to_dict(),
        }


# What a ranking computes for every country at once; the rest of a `DeferredAssessment` is
# computed when first read.
EAGER_FIELDS: tuple[str, ...] = (
    "country", "overall", "band", "counterpart_acceptance", "exporter_assurance", "assumptions_version", "screen",
)


class DeferredAssessment(Assessment):
    """An Assessment whose scores are known and whose details (flags, moves, line items, the
    deal …) are computed on first read, by a function that returns the full Assessment.

    A ranking over every country needs each one's score, band and sides (the Ranking window
    shows no more), so `engine.rank` scores all countries in one kernel pass and leaves the
    details to whoever reads them; what they read is what `assess` gives (without the
    two-step search). It equals, replaces and serialises as the Assessment it stands for.
    """

    @classmethod
    def of(cls, eager: dict[str, Any], details: Callable[[], Assessment]) -> DeferredAssessment:
        """The EAGER_FIELDS given, the others from details() when first read."""
        self = cls.__new__(cls)
        self.__dict__.update(eager)
        self.__dict__["_details"] = details
        return self

    def _materialise(self) -> None:
        details = self.__dict__.pop("_details", None)
        if details is None:
            return
        full = details()
        d = self.__dict__
        for f in fields(Assessment):
            if f.name not in d:
                d[f.name] = getattr(full, f.name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(Assessment))

    __hash__ = None  # type: ignore[assignment]


def _deferred(name: str) -> property:
    def get(self: DeferredAssessment) -> Any:
        d = self.__dict__
        if name not in d:
            self._materialise()
        return d[name]

    def put(self: DeferredAssessment, value: Any) -> None:  # dataclasses.replace builds through __init__
        self.__dict__[name] = value

    return property(get, put, doc=f"{name} (computed on first read)")


for _f in fields(Assessment):
    if _f.name not in EAGER_FIELDS:
        setattr(DeferredAssessment, _f.name, _deferred(_f.name))


def amend(assessment: Assessment, prepend: Sequence[Flag] = (), append: Sequence[Flag] = (), **changes: Any) -> Assessment:
    """The assessment with flags added before and after its own and other fields replaced,
    without computing what a `DeferredAssessment` has not computed yet (the screen and the
    dated flags are applied to every assessment; its flags and moves may never be read)."""
    d = assessment.__dict__
    if isinstance(assessment, DeferredAssessment) and "_details" in d:
        eager = {k: v for k, v in d.items() if k != "_details"}
        eager.update(changes)
        details = d["_details"]
        if "flags" in eager:  # the flags are given: nothing left to amend in the details
            if prepend or append:
                eager["flags"] = [*prepend, *eager["flags"], *append]
            if all(f.name in eager for f in fields(Assessment)):
                return Assessment(**eager)
            return DeferredAssessment.of(eager, details)

        if not prepend and not append:  # the fields given win over what the details give
            return DeferredAssessment.of(eager, details)

        def amended() -> Assessment:
            full = details()
            return replace(full, flags=[*prepend, *full.flags, *append], **changes)

        return DeferredAssessment.of(eager, amended)
    if prepend or append:
        changes = {**changes, "flags": [*prepend, *changes.get("flags", assessment.flags), *append]}
    return replace(assessment, **changes) if changes else assessment


def _next_band_dict(move: Move | None) -> dict[str, Any] | None:
    """A single-lever route to the next band, in the first release's shape."""
    if move is None:
        return None
    s = move.steps[0]
    return {"lever": s.target, "from": s.before, "to": s.after, "delta": s.after - s.before,
            "overall": round(move.overall, 2), "band": move.band, "effect": move.effect.to_dict()}


def _rounded(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _rounded(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_rounded(v) for v in data]
    if isinstance(data, float):
        return None if math.isnan(data) else round(data, 4 if abs(data) < 1.5 else 2)
    return data


def round_to_total(values: list[float], total: float) -> list[float]:
    """Round values to hundredths so that they add up exactly to total (in hundredths)."""
    cents = [v * 100.0 for v in values]
    floors = [math.floor(c) for c in cents]
    short = int(round(total * 100.0)) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: cents[i] - floors[i], reverse=short > 0)
    step = 1 if short > 0 else -1
    for i in order[: abs(short)]:
        floors[i] += step
    return [f / 100.0 for f in floors]
