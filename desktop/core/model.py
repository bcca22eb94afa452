"""Domain types: proposals, country profiles, assumption sets, the measures catalog."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

LEVERS: tuple[str, ...] = ("security", "resilience", "openness", "partnership")

LEVER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "security": "Security",
        "resilience": "Resilience",
        "openness": "Openness",
        "partnership": "Partnership",
    }
)

# What the low, middle and high end of each lever mean (DESIGN.md, the four commitments).
LEVER_LEVELS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "security": (
            "Standard commercial security",
            "Encryption + audits",
            "Confidential computing, customer-held keys",
        ),
        "resilience": (
            "One in-country site",
            "Primary site + backup",
            "Multi-site with failover",
        ),
        "openness": (
            "Closed models via API",
            "Hosted models, some weights",
            "Evaluated open weights, fine-tunable",
        ),
        "partnership": (
            "Turnkey delivery",
            "Local integrator",
            "Equity, co-development, joint governance",
        ),
    }
)

DIMENSIONS: tuple[str, ...] = (
    "sovereignty_alignment",
    "absorptive_capacity",
    "security_trust",
    "continuity",
    "commercial_viability",
    "competitive_position",
)

DIMENSION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "sovereignty_alignment": "Sovereignty alignment",
        "absorptive_capacity": "Absorptive capacity",
        "security_trust": "Security & trust",
        "continuity": "Continuity",
        "commercial_viability": "Commercial viability",
        "competitive_position": "Edge over the alternative",
    }
)

# Which side of the table each dimension speaks for (the counterpart-safe brief filters on it).
SIDES: tuple[str, ...] = ("counterpart", "exporter", "both")
DIMENSION_SIDES: Mapping[str, str] = MappingProxyType(
    {
        "sovereignty_alignment": "counterpart",
        "absorptive_capacity": "counterpart",
        "security_trust": "both",
        "continuity": "both",
        "commercial_viability": "exporter",
        "competitive_position": "counterpart",
    }
)

# The stack components of the export package (EO 14320's layers plus skills and financing).
COMPONENTS: tuple[str, ...] = (
    "compute",
    "data",
    "models",
    "security_services",
    "applications",
    "skills",
    "financing",
)

COMPONENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "compute": "Hardware, data centers and cloud",
        "data": "Data pipelines and labeling",
        "models": "AI models and systems",
        "security_services": "Security and cybersecurity services",
        "applications": "Sector applications",
        "skills": "Skills and training",
        "financing": "Financing (EXIM, DFC, USTDA)",
    }
)

SCALE_LABELS: tuple[str, ...] = ("Not included", "Pilot", "National", "Flagship")
MAX_SCALE = len(SCALE_LABELS) - 1

DEFAULT_COMPONENTS: Mapping[str, int] = MappingProxyType(
    {
        "compute": 2,
        "data": 1,
        "models": 1,
        "security_services": 1,
        "applications": 1,
        "skills": 1,
        "financing": 1,
    }
)

# Sovereignty profile fields: the country's demand per commitment, trust, competing offers.
PROFILE_FIELDS: tuple[str, ...] = (
    "demand_security",
    "demand_localization",
    "demand_openness",
    "demand_partnership",
    "trust",
    "competition",
)

PROFILE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "demand_security": "Demand for data control and security",
        "demand_localization": "Demand for localization",
        "demand_openness": "Demand for open models",
        "demand_partnership": "Demand for local partnership",
        "trust": "Trust / alignment with the exporter",
        "competition": "Pressure of competing offers",
    }
)

PILLARS: tuple[str, ...] = (
    "digital_infrastructure",
    "human_capital_labor_policy",
    "innovation_economic_integration",
    "regulation_ethics",
)

PILLAR_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "digital_infrastructure": "Digital infrastructure",
        "human_capital_labor_policy": "Human capital & labor policy",
        "innovation_economic_integration": "Innovation & economic integration",
        "regulation_ethics": "Regulation & ethics",
    }
)

FIGURE_KINDS: tuple[str, ...] = ("published", "estimate", "default")

# How the deal is financed: U.S. federal support (EO 14320 names EXIM, DFC and USTDA).
FINANCING_KINDS: tuple[str, ...] = ("none", "exim_loan", "dfc_equity", "ustda_grant")
FINANCING_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "none": "No federal financing",
        "exim_loan": "EXIM loan",
        "dfc_equity": "DFC equity",
        "ustda_grant": "USTDA grant",
    }
)

BANDS: tuple[str, ...] = ("Not ready", "At risk", "Viable", "Ready")


class DomainError(ValueError):
    """Input that the domain rejects, with a message fit to show a user."""


@dataclass(frozen=True)
class DealTerms:
    """The money side of a proposal: what the deal is worth, for how long, at what price.

    value_musd is the contract value at market price (US$ millions) over term_years; price is
    what we charge relative to that market price (1.0 = market); financing is the U.S. federal
    support requested and financing_share the share of the value it covers. Compute size is
    stated for the licence review and the brief. The defaults are what a proposal saved before
    deal terms existed is read with (docs/method.md §3.16).
    """

    value_musd: float = 250.0
    term_years: int = 5
    price: float = 1.0
    compute_mw: float | None = None
    accelerators: int | None = None
    financing: str = "none"
    financing_share: float = 0.0

    def validate(self) -> None:
        """Raise DomainError naming the first thing wrong with these terms."""
        def number(value: object) -> bool:
            return isinstance(value, int | float) and not isinstance(value, bool) and value == value

        if not number(self.value_musd) or not 0 < self.value_musd <= 1_000_000:
            raise DomainError(f"deal value must be between 0 and 1,000,000 (US$ millions), got {self.value_musd!r}")
        if isinstance(self.term_years, bool) or not isinstance(self.term_years, int) or not 1 <= self.term_years <= 30:
            raise DomainError(f"deal term must be a whole number of years 1..30, got {self.term_years!r}")
        if not number(self.price) or not 0.5 <= self.price <= 1.5:
            raise DomainError(f"price must be between 0.5 and 1.5 times the market price, got {self.price!r}")
        if self.compute_mw is not None and (not number(self.compute_mw) or not 0 <= self.compute_mw <= 100_000):
            raise DomainError(f"compute size must be between 0 and 100,000 MW, got {self.compute_mw!r}")
        if self.accelerators is not None and (
            isinstance(self.accelerators, bool) or not isinstance(self.accelerators, int) or not 0 <= self.accelerators <= 10_000_000
        ):
            raise DomainError(f"accelerators must be a whole number 0..10,000,000, got {self.accelerators!r}")
        if self.financing not in FINANCING_KINDS:
            raise DomainError(f"financing must be one of {', '.join(FINANCING_KINDS)}, got {self.financing!r}")
        if not number(self.financing_share) or not 0 <= self.financing_share <= 1:
            raise DomainError(f"financing share must be between 0 and 1, got {self.financing_share!r}")
        if self.financing == "none" and self.financing_share:
            raise DomainError("a financing share needs a financing kind (exim_loan, dfc_equity or ustda_grant)")

    def to_dict(self) -> dict[str, object]:
        return {
            "value_musd": self.value_musd,
            "term_years": self.term_years,
            "price": self.price,
            "compute_mw": self.compute_mw,
            "accelerators": self.accelerators,
            "financing": self.financing,
            "financing_share": self.financing_share,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> DealTerms:
        """Terms from stored or imported data; missing keys take the documented defaults."""
        if not data:
            return cls()
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DomainError(f"unknown deal term {unknown[0]!r}")
        terms = cls(**data)  # type: ignore[arg-type]
        terms.validate()
        return terms


DEFAULT_DEAL = DealTerms()


@dataclass(frozen=True)
class AlternativeOffer:
    """The counterpart's best alternative to our offer: who, and its position on the same terms.

    positions are on the levers' 0–100 scales as the counterpart credits them; price is
    relative to a U.S. package of the same scope at market price; financing_share is the share
    of the value the rival finances on concessional terms. An analyst estimate or a default
    built by a stated rule, with its rationale and sources, editable like the profile.
    """

    provider: str
    archetype: str
    positions: Mapping[str, float]
    price: float
    financing_share: float
    financing: str
    kind: str  # estimate | default
    rationale: str
    sources: tuple[Mapping[str, str], ...] = ()
    edited_at: str | None = None
    edit_reason: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.positions, MappingProxyType):
            object.__setattr__(self, "positions", MappingProxyType(dict(self.positions)))
        object.__setattr__(self, "sources", tuple(MappingProxyType(dict(s)) for s in self.sources))


@dataclass(frozen=True)
class Figure:
    """One sourced number about a country."""

    value: float | None
    kind: str
    source: str
    year: int | None = None
    rationale: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))


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
            raise DomainError(f"assumption set v{self.version} has no parameter {key!r}") from None

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
            raise DomainError(f"unknown measure {measure_id!r}") from None

    def with_value(self, key: str, value: float, version: int | None = None) -> AssumptionSet:
        """A copy with one parameter changed (a new, unsaved version)."""
        row = self.rows[key] if key in self.rows else None
        if row is None:
            raise DomainError(f"unknown assumption {key!r}")
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

    def __post_init__(self) -> None:
        for name in ("levers", "components", "red_lines"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _freeze(value))
        if not isinstance(self.measures, frozenset):
            object.__setattr__(self, "measures", frozenset(self.measures))

    def validate(self, measure_ids: set[str] | None = None) -> None:
        """Raise DomainError naming the first thing wrong with this proposal."""
        if not self.name.strip():
            raise DomainError("a proposal needs a name")
        for lever in LEVERS:
            if lever not in self.levers:
                raise DomainError(f"missing lever {lever!r}")
        for lever, value in self.levers.items():
            if lever not in LEVERS:
                raise DomainError(f"unknown lever {lever!r} (levers: {', '.join(LEVERS)})")
            if not (isinstance(value, int | float) and 0 <= value <= 100):
                raise DomainError(f"{lever} lever must be between 0 and 100, got {value!r}")
        for comp, scale in self.components.items():
            if comp not in COMPONENTS:
                raise DomainError(f"unknown component {comp!r}")
            if not (isinstance(scale, int) and 0 <= scale <= MAX_SCALE):
                raise DomainError(f"{comp} scale must be 0..{MAX_SCALE}, got {scale!r}")
        for lever, bounds in self.red_lines.items():
            if lever not in LEVERS:
                raise DomainError(f"unknown lever {lever!r} in red lines")
            lo, hi = bounds
            if not (0 <= lo <= hi <= 100):
                raise DomainError(f"red line for {lever} must be 0 <= min <= max <= 100, got {lo}:{hi}")
        self.deal.validate()
        if measure_ids is not None:
            unknown = sorted(set(self.measures) - measure_ids)
            if unknown:
                raise DomainError(f"unknown measure {unknown[0]!r}")

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
