"""Domain types: proposals, country profiles, assumption sets, the measures catalog."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

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
# Bands the destination screen puts in place of the score's band (desktop/core/screen.py).
SCREEN_BANDS: tuple[str, ...] = ("Blocked", "Prohibited")


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
    edited_at: str | None = None  # when a user last changed it (UTC); edit_reason says why
    edit_reason: str | None = None
    # Profile figures (migration m012): the plausible range of an estimate or default, its dated
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


# ---------------------------------------------------------------------------- AI Exports Program

# The five layers of the full-stack package a consortium delivers (EO 14320; the Program's call).
LAYERS: tuple[str, ...] = ("compute", "data", "models", "security", "applications")
LAYER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "compute": "AI-optimised hardware, data centres and cloud",
        "data": "Data pipelines and labelling",
        "models": "AI models and systems",
        "security": "Security and cybersecurity",
        "applications": "Sector applications",
    }
)
# Who builds, owns and operates the data centres.
PARTIES: tuple[str, ...] = ("consortium", "partner", "host", "joint")
PARTY_LABELS: Mapping[str, str] = MappingProxyType(
    {"consortium": "the consortium", "partner": "a local partner", "host": "the host government", "joint": "jointly"}
)
# The federal support a proposal may request (DESIGN.md: financing and advocacy).
SUPPORT: tuple[str, ...] = ("exim", "dfc", "ustda", "advocacy")
SUPPORT_LABELS: Mapping[str, str] = MappingProxyType(
    {"exim": "EXIM financing", "dfc": "DFC financing", "ustda": "USTDA grants", "advocacy": "Government advocacy"}
)
FINANCING_SUPPORT = frozenset({"exim", "dfc", "ustda"})
MAX_MEMBERS = 50
_ISO3 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_iso3(code: object) -> bool:
    return isinstance(code, str) and len(code) == 3 and set(code) <= _ISO3


@dataclass(frozen=True)
class Member:
    """One consortium member: its name, home country (ISO3), the layers it delivers, anchor or not."""

    name: str
    home: str
    layers: tuple[str, ...]
    anchor: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "home": self.home, "layers": list(self.layers), "anchor": self.anchor}


@dataclass(frozen=True)
class Program:
    """What the AI Exports Program asks a proposal to state; None = not stated.

    support: the federal support requested (() = stated: none requested). target_bloc: a regional
    bloc the offer targets (its members are assessed one by one), None for one country.
    """

    members: tuple[Member, ...] = ()
    us_content: float | None = None  # U.S.-origin share of the hardware layer's aggregate value, 0–1
    build: str | None = None
    own: str | None = None
    operate: str | None = None
    support: tuple[str, ...] | None = None
    buyer_home: str | None = None
    target_bloc: str | None = None

    def validate(self) -> None:
        """Raise DomainError naming the first malformed field (requirements are the checklist's job)."""
        if len(self.members) > MAX_MEMBERS:
            raise DomainError(f"a consortium of at most {MAX_MEMBERS} members, got {len(self.members)}")
        for m in self.members:
            if not isinstance(m.name, str) or not m.name.strip() or len(m.name) > 200:
                raise DomainError("a consortium member needs a name (at most 200 characters)")
            if not _is_iso3(m.home):
                raise DomainError(f"member {m.name!r}: home country must be an ISO 3166 alpha-3 code such as USA, got {m.home!r}")
            if not m.layers:
                raise DomainError(f"member {m.name!r} delivers no layer (layers: {', '.join(LAYERS)})")
            for layer in m.layers:
                if layer not in LAYERS:
                    raise DomainError(f"member {m.name!r}: unknown layer {layer!r} (layers: {', '.join(LAYERS)})")
        share = self.us_content
        if share is not None and (
            isinstance(share, bool) or not isinstance(share, int | float) or not math.isfinite(share) or not 0 <= share <= 1
        ):
            raise DomainError(f"U.S. content must be a share between 0 and 1, got {share!r}")
        for role in ("build", "own", "operate"):
            party = getattr(self, role)
            if party is not None and party not in PARTIES:
                raise DomainError(f"who {role}s the data centres must be one of {', '.join(PARTIES)}, got {party!r}")
        if self.support is not None:
            for s in self.support:
                if s not in SUPPORT:
                    raise DomainError(f"unknown federal support {s!r} (one of {', '.join(SUPPORT)}, or none)")
        if self.buyer_home is not None and not _is_iso3(self.buyer_home):
            raise DomainError(f"buyer's home country must be an ISO 3166 alpha-3 code, got {self.buyer_home!r}")
        if self.target_bloc is not None and (not isinstance(self.target_bloc, str) or not self.target_bloc.strip()):
            raise DomainError("a target bloc needs a name (e.g. GCC)")

    @property
    def stated(self) -> bool:
        """True when anything at all is stated."""
        return self != Program()

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": [m.to_dict() for m in self.members],
            "us_content": self.us_content,
            "build": self.build,
            "own": self.own,
            "operate": self.operate,
            "support": None if self.support is None else list(self.support),
            "buyer_home": self.buyer_home,
            "target_bloc": self.target_bloc,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Program:
        """A Program from to_dict()'s shape (missing keys: not stated)."""
        if not data:
            return cls()
        support = data.get("support")
        share = data.get("us_content")
        return cls(
            members=tuple(
                Member(str(m["name"]), str(m["home"]), tuple(m["layers"]), bool(m.get("anchor", False)))
                for m in data.get("members") or ()
            ),
            us_content=None if share is None else float(share),
            build=data.get("build"),
            own=data.get("own"),
            operate=data.get("operate"),
            support=None if support is None else tuple(support),
            buyer_home=data.get("buyer_home"),
            target_bloc=data.get("target_bloc"),
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
        self.program.validate()
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
