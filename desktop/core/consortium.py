"""What the AI Exports Program asks a proposal to state: the consortium, who builds, owns and
operates, U.S. content, the federal support requested, a target bloc."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from desktop.core.i18n import N_, Labels, _
from desktop.core.vocabulary import DomainError

# The five layers of the full-stack package a consortium delivers (EO 14320; the Program's call).
LAYERS: tuple[str, ...] = ("compute", "data", "models", "security", "applications")
LAYER_LABELS: Mapping[str, str] = Labels(
    {
        "compute": N_("AI-optimised hardware, data centres and cloud"),
        "data": N_("Data pipelines and labelling"),
        "models": N_("AI models and systems"),
        "security": N_("Security and cybersecurity"),
        "applications": N_("Sector applications"),
    }
)
# Who builds, owns and operates the data centres.
PARTIES: tuple[str, ...] = ("consortium", "partner", "host", "joint")
PARTY_LABELS: Mapping[str, str] = Labels(
    {"consortium": N_("the consortium"), "partner": N_("a local partner"), "host": N_("the host government"), "joint": N_("jointly")}
)
# The federal support a proposal may request (DESIGN.md: financing and advocacy).
SUPPORT: tuple[str, ...] = ("exim", "dfc", "ustda", "advocacy")
SUPPORT_LABELS: Mapping[str, str] = Labels(
    {"exim": N_("EXIM financing"), "dfc": N_("DFC financing"), "ustda": N_("USTDA grants"), "advocacy": N_("Government advocacy")}
)
FINANCING_SUPPORT = frozenset({"exim", "dfc", "ustda"})


def role_error(role: str) -> str:
    """The message for a party that is not one of PARTIES, per role (whole sentences to translate)."""
    if role == "build":
        return _("who builds the data centres must be one of {items}, got {party!r}")
    if role == "own":
        return _("who owns the data centres must be one of {items}, got {party!r}")
    return _("who operates the data centres must be one of {items}, got {party!r}")
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
            raise DomainError(_("a consortium of at most {max_members} members, got {count}").format(max_members=MAX_MEMBERS, count=len(self.members)))
        for m in self.members:
            if not isinstance(m.name, str) or not m.name.strip() or len(m.name) > 200:
                raise DomainError(_("a consortium member needs a name (at most 200 characters)"))
            if not _is_iso3(m.home):
                raise DomainError(_("member {name!r}: home country must be an ISO 3166 alpha-3 code such as USA, got {home!r}").format(name=m.name, home=m.home))
            if not m.layers:
                raise DomainError(_("member {name!r} delivers no layer (layers: {items})").format(name=m.name, items=', '.join(LAYERS)))
            for layer in m.layers:
                if layer not in LAYERS:
                    raise DomainError(_("member {name!r}: unknown layer {layer!r} (layers: {items})").format(name=m.name, layer=layer, items=', '.join(LAYERS)))
        share = self.us_content
        if share is not None and (
            isinstance(share, bool) or not isinstance(share, int | float) or not math.isfinite(share) or not 0 <= share <= 1
        ):
            raise DomainError(_("U.S. content must be a share between 0 and 1, got {share!r}").format(share=share))
        for role in ("build", "own", "operate"):
            party = getattr(self, role)
            if party is not None and party not in PARTIES:
                raise DomainError(role_error(role).format(items=", ".join(PARTIES), party=party))
        if self.support is not None:
            for s in self.support:
                if s not in SUPPORT:
                    raise DomainError(_("unknown federal support {s!r} (one of {items}, or none)").format(s=s, items=', '.join(SUPPORT)))
        if self.buyer_home is not None and not _is_iso3(self.buyer_home):
            raise DomainError(_("buyer's home country must be an ISO 3166 alpha-3 code, got {buyer_home!r}").format(buyer_home=self.buyer_home))
        if self.target_bloc is not None and (not isinstance(self.target_bloc, str) or not self.target_bloc.strip()):
            raise DomainError(_("a target bloc needs a name (e.g. GCC)"))

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
