"""Domain types: proposals, country profiles, assumption sets, the measures catalog.

The vocabulary (levers, dimensions, components, bands, DomainError), the deal terms and the
Program's fields live in their own modules and are re-exported here, so `desktop.core.model`
stays the one import for the domain's public names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from desktop.core.consortium import (
    FINANCING_SUPPORT,
    LAYER_LABELS,
    LAYERS,
    MAX_MEMBERS,
    PARTIES,
    PARTY_LABELS,
    SUPPORT,
    SUPPORT_LABELS,
    Member,
    Program,
)
from desktop.core.deal import DEFAULT_DEAL, AlternativeOffer, DealTerms
from desktop.core.i18n import _
from desktop.core.vocabulary import (
    BANDS,
    COMPONENT_LABELS,
    COMPONENTS,
    DEFAULT_COMPONENTS,
    DIMENSION_LABELS,
    DIMENSION_SIDES,
    DIMENSIONS,
    FIGURE_KINDS,
    FINANCING_KINDS,
    FINANCING_LABELS,
    LEVER_LABELS,
    LEVER_LEVELS,
    LEVERS,
    MAX_SCALE,
    PILLAR_LABELS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    SCALE_LABELS,
    SCREEN_BANDS,
    SIDES,
    DomainError,
)

__all__ = [
    "BANDS", "COMPONENT_LABELS", "COMPONENTS", "DEFAULT_COMPONENTS", "DEFAULT_DEAL",
    "DIMENSION_LABELS", "DIMENSION_SIDES", "DIMENSIONS", "FIGURE_KINDS", "FINANCING_KINDS",
    "FINANCING_LABELS", "FINANCING_SUPPORT", "LAYER_LABELS", "LAYERS", "LEVER_LABELS",
    "LEVER_LEVELS", "LEVERS", "MAX_MEMBERS", "MAX_SCALE", "PARTIES", "PARTY_LABELS",
    "PILLAR_LABELS", "PILLARS", "PROFILE_FIELDS", "PROFILE_LABELS", "SCALE_LABELS",
    "SCREEN_BANDS", "SIDES", "SUPPORT", "SUPPORT_LABELS",
    "AlternativeOffer", "Assumption", "AssumptionSet", "CountryProfile", "DealTerms",
    "DomainError", "Figure", "Measure", "Member", "Program", "Proposal",
]


@dataclass(frozen=True)
class Figure:
    """One sourced number about a country."""

    value: float | None
    kind: str
    source: str
    year: int | None = None
    rationale: str = ""
    edited_at: str | None = None  # when a user last changed it (UTC); edit_reason says why
    edit_reason: str | None = None
    # Profile figures (migration m013): the plausible range of an estimate or default, its dated
    # sources ({"url", "site", "date", "fact", "verified"}) and when it was last reviewed (YYYY-MM-DD).
    low: float | None = None
    high: float | None = None
    sources: tuple = ()
    reviewed: str | None = None

    def __post_init__(self) -> None:
        if self.sources and not all(isinstance(s, MappingProxyType) for s in self.sources):
            object.__setattr__(self, "sources", tuple(MappingProxyType(dict(s)) for s in self.sources))

    @property
    def missing(self) -> bool:
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))

    @property
    def has_range(self) -> bool:
        """A stated range that holds the value (an edited figure's shipped range no longer describes it)."""
        return (self.low is not None and self.high is not None and self.edited_at is None
                and not self.missing and self.low <= float(self.value) <= self.high)


@dataclass(frozen=True)
class CountryProfile:
    """A country's capacity figures and sovereignty profile."""

    iso3: str
    name: str
    aipi: Figure
    pillars: Mapping[str, Figure]
    sovereignty: Mapping[str, Figure]
    gdp: Figure | None = None  # US$, World Bank (market size)
    alternative: AlternativeOffer | None = None
    # Filled by the store when profiles are read (None for a profile built by hand); typed Any so
    # that this module imports neither (no import cycle): a screen.DestinationStatus and a
    # regions.Classification.
    destination: Any = None
    classification: Any = None

    @property
    def profile_kind(self) -> str:
        kinds = {f.kind for f in self.sovereignty.values()}
        return "estimate" if "estimate" in kinds else (kinds.pop() if len(kinds) == 1 else "mixed")

    def demand(self, field_name: str) -> float:
        return float(self.sovereignty[field_name].value)


@dataclass(frozen=True)
class Measure:
    """A concrete measure from the catalog, filed under one lever."""

    id: str
    lever: str
    name: str
    description: str
    effect: str


@dataclass(frozen=True)
class Assumption:
    """One model parameter with its provenance and plausible range."""

    key: str
    value: float
    description: str
    source: str
    low: float
    high: float
    unit: str = ""


@dataclass(frozen=True)
class AssumptionSet:
    """A versioned set of model parameters, with the measures catalog it prices."""

    version: int
    name: str
    rows: Mapping[str, Assumption]
    measures: tuple[Measure, ...]
    _cache: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __getitem__(self, key: str) -> float:
        try:
            return self.rows[key].value
        except KeyError:
            raise DomainError(_("assumption set v{version} has no parameter {key!r}").format(version=self.version, key=key)) from None

    def get(self, key: str, default: float = 0.0) -> float:
        row = self.rows.get(key)
        return default if row is None else row.value

    def measure(self, measure_id: str) -> Measure:
        index = self._cache.get("measures")
        if index is None:
            index = self._cache["measures"] = {m.id: m for m in self.measures}
        try:
            return index[measure_id]
        except KeyError:
            raise DomainError(_("unknown measure {measure_id!r}").format(measure_id=measure_id)) from None

    def with_value(self, key: str, value: float, version: int | None = None) -> AssumptionSet:
        """A copy with one parameter changed (a new, unsaved version)."""
        row = self.rows[key] if key in self.rows else None
        if row is None:
            raise DomainError(_("unknown assumption {key!r}").format(key=key))
        rows = dict(self.rows)
        rows[key] = replace(row, value=float(value))
        return AssumptionSet(
            version=self.version if version is None else version,
            name=self.name,
            rows=MappingProxyType(rows),
            measures=self.measures,
        )


def _freeze(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Proposal:
    """A named offer to one country: components, the four levers, measures, red lines, notes."""

    name: str
    country: str
    levers: Mapping[str, int] = field(default_factory=lambda: _freeze({k: 50 for k in LEVERS}))
    measures: frozenset[str] = frozenset()
    components: Mapping[str, int] = field(default_factory=lambda: DEFAULT_COMPONENTS)
    red_lines: Mapping[str, tuple[int, int]] = field(default_factory=lambda: _freeze({}))
    notes: str = ""
    id: int | None = None
    created: str | None = None
    modified: str | None = None
    example: bool = False
    description: str = ""
    deal: DealTerms = DEFAULT_DEAL
    program: Program = field(default_factory=Program)

    def __post_init__(self) -> None:
        for name in ("levers", "components", "red_lines"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _freeze(value))
        if not isinstance(self.measures, frozenset):
            object.__setattr__(self, "measures", frozenset(self.measures))

    def validate(self, measure_ids: set[str] | frozenset[str] | None = None) -> None:
        """Raise DomainError naming the first thing wrong with this proposal."""
        if not self.name.strip():
            raise DomainError(_("a proposal needs a name"))
        for lever in LEVERS:
            if lever not in self.levers:
                raise DomainError(_("missing lever {lever!r}").format(lever=lever))
        for lever, value in self.levers.items():
            if lever not in LEVERS:
                raise DomainError(_("unknown lever {lever!r} (levers: {items})").format(lever=lever, items=', '.join(LEVERS)))
            if not (isinstance(value, int | float) and 0 <= value <= 100):
                raise DomainError(_("{lever} lever must be between 0 and 100, got {value!r}").format(lever=lever, value=value))
        for comp, scale in self.components.items():
            if comp not in COMPONENTS:
                raise DomainError(_("unknown component {comp!r}").format(comp=comp))
            if not (isinstance(scale, int) and 0 <= scale <= MAX_SCALE):
                raise DomainError(_("{comp} scale must be 0..{limit}, got {scale!r}").format(comp=comp, limit=MAX_SCALE, scale=scale))
        for lever, bounds in self.red_lines.items():
            if lever not in LEVERS:
                raise DomainError(_("unknown lever {lever!r} in red lines").format(lever=lever))
            lo, hi = bounds
            if not (0 <= lo <= hi <= 100):
                raise DomainError(_("red line for {lever} must be 0 <= min <= max <= 100, got {lo}:{hi}").format(lever=lever, lo=lo, hi=hi))
        self.deal.validate()
        self.program.validate()
        if measure_ids is not None and not measure_ids.issuperset(self.measures):
            unknown = sorted(set(self.measures) - measure_ids)
            if unknown:
                raise DomainError(_("unknown measure {unknown!r}").format(unknown=unknown[0]))

    def red_line(self, lever: str) -> tuple[int, int]:
        return tuple(self.red_lines.get(lever, (0, 100)))  # type: ignore[return-value]

    def with_lever(self, lever: str, value: int) -> Proposal:
        levers = dict(self.levers)
        levers[lever] = int(value)
        return replace(self, levers=levers)

    def with_deal(self, **terms: object) -> Proposal:
        """A copy with some deal terms changed (validated)."""
        deal = replace(self.deal, **terms)  # type: ignore[arg-type]
        deal.validate()
        return replace(self, deal=deal)

    def with_measure(self, measure_id: str, on: bool) -> Proposal:
        measures = set(self.measures)
        (measures.add if on else measures.discard)(measure_id)
        return replace(self, measures=frozenset(measures))
