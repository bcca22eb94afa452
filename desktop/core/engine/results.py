"""Typed results of an assessment: line items, flags and the assessment itself."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

GATE_LABEL = "Both-sides shortfall"


@dataclass(frozen=True)
class LineItem:
    """One term of the overall score: a weighted dimension, or the both-sides gate (<= 0)."""

    label: str
    dimension: str | None
    points: float
    max_points: float
    score: float | None
    weight_key: str


@dataclass(frozen=True)
class Flag:
    """A risk or a friction the assessment found, with the change that clears it (or None)."""

    severity: str  # high | medium | low
    type: str  # risk | friction | data | compliance
    message: str
    fix: dict[str, Any] | None


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
    moves: dict[str, Any]
    assumptions_version: int
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
            return self.screen.unscored_dict(self.country, [asdict(f) for f in self.flags], self.assumptions_version)
        points = round_to_total([li.points for li in self.line_items], round(self.overall, 2))
        items = [
            dict(asdict(li), points=pts, score=None if li.score is None else round(li.score, 2))
            for li, pts in zip(self.line_items, points, strict=True)
        ]
        return {
            "country": self.country,
            "overall": round(self.overall, 2),
            "band": self.band,
            "commitments": {k: {f: round(v, 2) for f, v in d.items()} for k, d in self.commitments.items()},
            "dimensions": {k: round(v, 2) for k, v in self.dimensions.items()},
            "counterpart_acceptance": round(self.counterpart_acceptance, 2),
            "exporter_assurance": round(self.exporter_assurance, 2),
            "risks": {k: round(v, 2) for k, v in self.risks.items()},
            "line_items": items,
            "flags": [asdict(f) for f in self.flags],
            "moves": _round_moves(self.moves),
            "assumptions_version": self.assumptions_version,
            "screen": None if self.screen is None else self.screen.to_dict(),
        }


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


def _round_moves(moves: dict[str, Any]) -> dict[str, Any]:
    def r(d: dict[str, Any] | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in d.items()}

    return {"best": [r(m) for m in moves["best"]], "next_band": {k: r(v) for k, v in moves["next_band"].items()}}
