"""The trade-off map: a metric over two levers, the zone of possible agreement, the red lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .engine import GRID_METRICS, compile_params, grid
from .model import (
    DIMENSION_LABELS,
    LEVER_LABELS,
    LEVERS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)

METRIC_LABELS: Mapping[str, str] = {
    "overall": "Overall readiness",
    "acceptance": "Counterpart acceptance",
    "assurance": "Exporter assurance",
    **DIMENSION_LABELS,
}
assert set(METRIC_LABELS) == set(GRID_METRICS)


@dataclass(frozen=True)
class TradeoffData:
    """Everything the map draws; arrays are indexed [y, x] over `axis` (lever values 0–100)."""

    lever_x: str
    lever_y: str
    metric: str
    axis: np.ndarray  # (n,)
    values: np.ndarray  # (n, n) the metric
    acceptance: np.ndarray  # (n, n)
    assurance: np.ndarray  # (n, n)
    zopa: np.ndarray  # (n, n) bool: both sides clear their thresholds
    inside: np.ndarray  # (n, n) bool: within the red lines of both levers
    bands: tuple[float, float, float]  # band boundaries (At risk, Viable, Ready) of the assumption set
    acceptance_threshold: float
    assurance_threshold: float
    current: tuple[float, float]  # (x, y) lever values
    baseline: tuple[float, float] | None
    red_x: tuple[int, int]
    red_y: tuple[int, int]

    @property
    def n(self) -> int:
        return len(self.axis)

    @property
    def label_x(self) -> str:
        return LEVER_LABELS[self.lever_x]

    @property
    def label_y(self) -> str:
        return LEVER_LABELS[self.lever_y]

    @property
    def metric_label(self) -> str:
        return METRIC_LABELS[self.metric]

    def value_at(self, x: float, y: float) -> float:
        """The metric at the cell nearest to lever values (x, y)."""
        return float(self.values[self.index(y), self.index(x)])

    def index(self, value: float) -> int:
        """The grid index nearest to a lever value."""
        return int(np.clip(np.rint(value / 100.0 * (self.n - 1)), 0, self.n - 1))

    def lever_value(self, index: int) -> int:
        """The whole lever value a grid index stands for."""
        return int(round(float(self.axis[int(index)])))


def zone(acceptance: np.ndarray, assurance: np.ndarray, acceptance_threshold: float, assurance_threshold: float) -> np.ndarray:
    """Cells where the counterpart accepts and the exporter can stand behind the offer."""
    return (acceptance >= acceptance_threshold) & (assurance >= assurance_threshold)


def tradeoff_map(
    proposal: Proposal,
    profile: CountryProfile,
    assumptions: AssumptionSet,
    lever_x: str,
    lever_y: str,
    metric: str = "overall",
    n: int = 50,
    baseline: Proposal | None = None,
) -> TradeoffData:
    """The metric, both sides and the zone over the (lever_x, lever_y) plane, other levers fixed."""
    if lever_x not in LEVERS or lever_y not in LEVERS or lever_x == lever_y:
        raise DomainError("pick two different levers")
    if n < 2:
        raise DomainError("a trade-off map needs at least 2×2 cells")
    p = compile_params(assumptions)
    acceptance = grid(proposal, profile, assumptions, lever_x, lever_y, n, "acceptance")
    assurance = grid(proposal, profile, assumptions, lever_x, lever_y, n, "assurance")
    if metric == "acceptance":
        values = acceptance
    elif metric == "assurance":
        values = assurance
    else:
        values = grid(proposal, profile, assumptions, lever_x, lever_y, n, metric)
    axis = np.linspace(0.0, 100.0, n)
    rx, ry = proposal.red_line(lever_x), proposal.red_line(lever_y)
    inside = ((axis[None, :] >= rx[0]) & (axis[None, :] <= rx[1])) & ((axis[:, None] >= ry[0]) & (axis[:, None] <= ry[1]))
    return TradeoffData(
        lever_x=lever_x,
        lever_y=lever_y,
        metric=metric,
        axis=axis,
        values=values,
        acceptance=acceptance,
        assurance=assurance,
        zopa=zone(acceptance, assurance, p.acceptance_threshold, p.assurance_threshold),
        inside=inside,
        bands=tuple(float(b) for b in p.bands),  # type: ignore[arg-type]
        acceptance_threshold=float(p.acceptance_threshold),
        assurance_threshold=float(p.assurance_threshold),
        current=(float(proposal.levers[lever_x]), float(proposal.levers[lever_y])),
        baseline=None if baseline is None else (float(baseline.levers[lever_x]), float(baseline.levers[lever_y])),
        red_x=rx,
        red_y=ry,
    )
