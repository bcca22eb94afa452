"""The money side of a proposal (DealTerms) and the counterpart's best alternative to it."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from desktop.core.i18n import _
from desktop.core.vocabulary import FINANCING_KINDS, DomainError


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
            raise DomainError(_("deal value must be between 0 and 1,000,000 (US$ millions), got {value_musd!r}").format(value_musd=self.value_musd))
        if isinstance(self.term_years, bool) or not isinstance(self.term_years, int) or not 1 <= self.term_years <= 30:
            raise DomainError(_("deal term must be a whole number of years 1..30, got {term_years!r}").format(term_years=self.term_years))
        if not number(self.price) or not 0.5 <= self.price <= 1.5:
            raise DomainError(_("price must be between 0.5 and 1.5 times the market price, got {price!r}").format(price=self.price))
        if self.compute_mw is not None and (not number(self.compute_mw) or not 0 <= self.compute_mw <= 100_000):
            raise DomainError(_("compute size must be between 0 and 100,000 MW, got {compute_mw!r}").format(compute_mw=self.compute_mw))
        if self.accelerators is not None and (
            isinstance(self.accelerators, bool) or not isinstance(self.accelerators, int) or not 0 <= self.accelerators <= 10_000_000
        ):
            raise DomainError(_("accelerators must be a whole number 0..10,000,000, got {accelerators!r}").format(accelerators=self.accelerators))
        if self.financing not in FINANCING_KINDS:
            raise DomainError(_("financing must be one of {items}, got {financing!r}").format(items=', '.join(FINANCING_KINDS), financing=self.financing))
        if not number(self.financing_share) or not 0 <= self.financing_share <= 1:
            raise DomainError(_("financing share must be between 0 and 1, got {financing_share!r}").format(financing_share=self.financing_share))
        if self.financing == "none" and self.financing_share:
            raise DomainError(_("a financing share needs a financing kind (exim_loan, dfc_equity or ustda_grant)"))

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
            raise DomainError(_("unknown deal term {unknown!r}").format(unknown=unknown[0]))
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
