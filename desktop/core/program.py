"""The AI Exports Program checklist and bloc targets (pure).

Each requirement is met (True), not met (False) or not stated (None), with a plain reason. The
Program's own rules come from the fact sheet (section 1, "Program-specific rules" [S20][S21]):
no consortium member located in or controlled from a country of concern (the call names China,
incl. Hong Kong and Macau); U.S. content presumed sufficient at >= 51% of the hardware layer's
value (assumption row program.us_content_min_share); compliance with export controls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from .engine import Assessment, rank
from .i18n import N_, Labels, _
from .model import (
    FINANCING_SUPPORT,
    LAYER_LABELS,
    LAYERS,
    PARTY_LABELS,
    SUPPORT_LABELS,
    AssumptionSet,
    CountryProfile,
    Proposal,
)
from .screen import DestinationStatus, compliance_flag

US_CONTENT_KEY = "program.us_content_min_share"

CHECKS: tuple[tuple[str, str], ...] = (
    ("layers", N_("All five layers covered")),
    ("anchor", N_("One anchor member")),
    ("members_origin", N_("No member from a country of concern")),
    ("us_content", N_("U.S. content of the hardware layer")),
    ("destination", N_("Destination not embargoed or under denial")),
    ("buyer_home", N_("Buyer not headquartered in D:5 or Macau")),
    ("business_model", N_("Build / own / operate model stated")),
    ("support", N_("Federal support requested stated")),
)
CHECK_LABELS: Mapping[str, str] = Labels(dict(CHECKS))
OK_TEXT: Mapping[bool | None, str] = Labels({True: N_("Met"), False: N_("Not met"), None: N_("Not stated")})


@dataclass(frozen=True)
class Check:
    """One Program requirement: met (True), not met (False) or not stated (None), and why."""

    id: str
    ok: bool | None
    message: str

    @property
    def label(self) -> str:
        return CHECK_LABELS[self.id]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "ok": self.ok, "message": self.message}


@dataclass(frozen=True)
class BlocMember:
    """One member of a bloc target, assessed with the offer."""

    iso3: str
    name: str
    status: str
    overall: float | None
    band: str

    def to_dict(self) -> dict[str, Any]:
        return {"iso3": self.iso3, "name": self.name, "status": self.status,
                "overall": None if self.overall is None else round(self.overall, 2), "band": self.band}


@dataclass(frozen=True)
class BlocResult:
    """A bloc target: each member assessed; the weakest and the spread over those where a deal can proceed."""

    name: str
    members: tuple[BlocMember, ...]
    weakest: BlocMember | None
    spread: float | None

    @property
    def blocked(self) -> tuple[BlocMember, ...]:
        return tuple(m for m in self.members if m.status in ("denial", "embargoed"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": [m.to_dict() for m in self.members],
            "weakest": None if self.weakest is None else self.weakest.to_dict(),
            "spread": None if self.spread is None else round(self.spread, 2),
            "blocked": [m.iso3 for m in self.blocked],
        }


@dataclass(frozen=True)
class ProgramResult:
    """The checklist; ready when every requirement is met."""

    checks: tuple[Check, ...]
    bloc: BlocResult | None = None

    @property
    def ready(self) -> bool:
        return all(c.ok is True for c in self.checks)

    def check(self, check_id: str) -> Check:
        return next(c for c in self.checks if c.id == check_id)

    def counts(self) -> tuple[int, int, int]:
        """(met, not met, not stated)."""
        oks = [c.ok for c in self.checks]
        return oks.count(True), oks.count(False), sum(1 for o in oks if o is None)

    def flags(self) -> list[dict[str, Any]]:
        """Compliance flags for the requirements that are not met (the buyer's home among them)."""
        severity = {"members_origin": "high", "buyer_home": "high", "destination": "high"}
        # The destination check repeats the screen's own flag: left out here.
        return [compliance_flag(severity.get(c.id, "medium"), _("AI Exports Program: {message}").format(message=c.message))
                for c in self.checks if c.ok is False and c.id != "destination"]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"checks": [c.to_dict() for c in self.checks], "ready": self.ready}
        if self.bloc is not None:
            data["bloc"] = self.bloc.to_dict()
        return data


def _who(status: DestinationStatus | None, iso3: str) -> str:
    return f"{status.local_name} ({iso3})" if status is not None else iso3


def bloc_members(profiles: Mapping[str, CountryProfile], bloc: str) -> list[CountryProfile]:
    """The bloc's members among the profiles (by their classification's groups), in name order."""
    return sorted(
        (p for p in profiles.values() if p.classification is not None and bloc in p.classification.groups),
        key=lambda p: p.name,
    )


def assess_bloc(proposal: Proposal, members: Sequence[CountryProfile], assumptions: AssumptionSet, bloc: str) -> BlocResult:
    """The offer assessed for every member of a bloc (one vectorised ranking); weakest and spread."""
    ranked: Iterable[Assessment] = rank(proposal, members, assumptions) if members else []
    by_iso = {a.country: a for a in ranked}
    rows = []
    for p in members:
        a = by_iso[p.iso3]
        rows.append(BlocMember(p.iso3, p.name, "" if p.destination is None else p.destination.status,
                               a.overall if a.scored else None, a.band))
    proceed = [m for m in rows if m.status not in ("denial", "embargoed") and m.overall is not None]
    weakest = min(proceed, key=lambda m: (m.overall, m.iso3)) if proceed else None
    spread = (max(m.overall for m in proceed) - weakest.overall) if weakest is not None else None  # type: ignore[type-var]
    return BlocResult(bloc, tuple(rows), weakest, spread)


def program_checks(
    proposal: Proposal,
    statuses: Mapping[str, DestinationStatus],
    assumptions: AssumptionSet,
    *,
    bloc: BlocResult | None = None,
) -> ProgramResult:
    """The Program checklist of a proposal; statuses: every screened destination by ISO3."""
    pr = proposal.program
    checks = [
        _layers(pr.members),
        _anchor(pr.members),
        _origin(pr.members, statuses),
        _us_content(pr.us_content, assumptions),
        _destination(proposal, statuses, bloc),
        _buyer(pr.buyer_home, statuses),
        _business_model(pr.build, pr.own, pr.operate),
        _support(pr.support, proposal, statuses, bloc),
    ]
    return ProgramResult(tuple(checks), bloc)


def _layers(members) -> Check:
    if not members:
        return Check("layers", None, _("No consortium members named: name who delivers each of the five layers."))
    covered = {layer for m in members for layer in m.layers}
    missing = [layer for layer in LAYERS if layer not in covered]
    if missing:
        names = _(", ").join(LAYER_LABELS[m] for m in missing)
        return Check("layers", False, _("No member delivers {layers}: the Program asks for the full stack (all five layers).").format(
            layers=names))
    by = _("; ").join(_("{layer} by {members}").format(layer=LAYER_LABELS[layer], members=", ".join(
        m.name for m in members if layer in m.layers)) for layer in LAYERS)
    return Check("layers", True, _("Every layer has a member: {layers}.").format(layers=by))


def _anchor(members) -> Check:
    if not members:
        return Check("anchor", None, _("No consortium members named, so no anchor member."))
    anchors = [m.name for m in members if m.anchor]
    if not anchors:
        return Check("anchor", False, _("No anchor member: mark the one member that leads the consortium."))
    if len(anchors) > 1:
        return Check("anchor", False, _("{count} anchor members ({names}): name exactly one.").format(
            count=len(anchors), names=", ".join(anchors)))
    return Check("anchor", True, _("{name} is the anchor member.").format(name=anchors[0]))


def _origin(members, statuses) -> Check:
    if not members:
        return Check("members_origin", None, _("No consortium members named."))
    concern = [m for m in members if (s := statuses.get(m.home)) is not None and s.country_of_concern]
    if concern:
        who = ", ".join(f"{m.name} ({_who(statuses.get(m.home), m.home)})" for m in concern)
        return Check("members_origin", False, _(
            "{who}: located in a country of concern (the call names China, including Hong Kong and Macau); such a member "
            "may not join a consortium.").format(who=who))
    barred = [m for m in members if (s := statuses.get(m.home)) is not None and s.status in ("denial", "embargoed")]
    if barred:
        who = ", ".join(f"{m.name} ({_who(statuses.get(m.home), m.home)}: {statuses[m.home].label.lower()})" for m in barred)
        return Check("members_origin", False, _(
            "{who}: based in an embargoed or denial country; a secondary source reads the call as barring providers based "
            "in places like Russia (the sources differ) [S20].").format(who=who))
    return Check("members_origin", True, _("No member is located in a country of concern (China, incl. Hong Kong and Macau) "
                                           "or an embargoed or denial country. Ownership and control are not checked here."))


def _us_content(share, assumptions) -> Check:
    need = assumptions[US_CONTENT_KEY]
    if share is None:
        return Check("us_content", None, _("U.S.-origin share of the hardware layer not stated (presumed sufficient at {need:.0%} "
                                           "or more).").format(need=need))
    if share + 1e-12 < need:
        return Check("us_content", False, _("U.S. content {share:.0%} of the hardware layer's value is below the {need:.0%} the "
                                            "Program presumes sufficient.").format(share=share, need=need))
    return Check("us_content", True, _("U.S. content {share:.0%} of the hardware layer's value (presumed sufficient at {need:.0%} "
                                       "or more).").format(share=share, need=need))


def _destination(proposal, statuses, bloc) -> Check:
    if bloc is not None:
        blocked = bloc.blocked
        if blocked:
            who = ", ".join(f"{m.name} ({m.status})" for m in blocked)
            return Check("destination", False, _("{bloc}: {who} cannot be served; leave them out of the offer or target the other "
                                                 "members one by one.").format(bloc=bloc.name, who=who))
        return Check("destination", True, _("No member of {bloc} is embargoed or under a policy of denial.").format(bloc=bloc.name))
    s = statuses.get(proposal.country)
    if s is None:
        return Check("destination", None, _("{country} has no destination status.").format(country=proposal.country))
    if s.status in ("denial", "embargoed"):
        return Check("destination", False, _("{country}: {status}: {reason} (screening aid as of {as_of}).").format(
            country=s.local_name, status=s.label.lower(), reason=s.reason, as_of=s.as_of))
    return Check("destination", True, _("{country}: {status} (screening aid as of {as_of}).").format(
        country=s.local_name, status=s.label.lower(), as_of=s.as_of))


def _buyer(home, statuses) -> Check:
    if home is None:
        return Check("buyer_home", None, _("Buyer's home country not stated (a buyer headquartered in D:5 or Macau needs a "
                                           "licence anywhere)."))
    s = statuses.get(home)
    if s is not None and s.restricts_buyers:
        return Check("buyer_home", False, _("The buyer is headquartered in {where} (D:5 or Macau): advanced AI chips need a "
                                            "licence wherever the buyer is, reaffirmed by BIS on 2026-05-31 [S5][S6].").format(
            where=_who(s, home)))
    return Check("buyer_home", True, _("The buyer is headquartered in {where}, not in D:5 or Macau.").format(where=_who(s, home)))


ROLE_WORDS = Labels({"builds": N_("who builds"), "owns": N_("who owns"), "operates": N_("who operates")})
ROLE_SENTENCES = Labels({"builds": N_("{party} builds"), "owns": N_("{party} owns"), "operates": N_("{party} operates")})


def _business_model(build, own, operate) -> Check:
    roles = {"builds": build, "owns": own, "operates": operate}
    missing = [r for r, v in roles.items() if v is None]
    if len(missing) == 3:
        return Check("business_model", None, _("Who builds, owns and operates the data centres is not stated."))
    if missing:
        return Check("business_model", None, _("Not stated for the data centres: {roles}.").format(
            roles=_(", ").join(ROLE_WORDS[r] for r in missing)))
    said = _("; ").join(ROLE_SENTENCES[r].format(party=PARTY_LABELS[v]) for r, v in roles.items())
    return Check("business_model", True, _("Data centres: {roles}.").format(roles=said))


def _support(support, proposal, statuses, bloc) -> Check:
    if support is None:
        return Check("support", None, _("The federal support requested is not stated (EXIM, DFC, USTDA, advocacy, or none)."))
    if not support:
        return Check("support", True, _("No federal support requested."))
    names = _(", ").join(SUPPORT_LABELS[s] for s in support)
    financing = set(support) & FINANCING_SUPPORT
    if financing and bloc is None:
        s = statuses.get(proposal.country)
        if s is not None and (s.financing == "no" or not s.can_proceed):
            return Check("support", False, _("Requested {names}, but U.S. federal financing is unavailable for {country}.").format(
                names=names, country=s.local_name))
    return Check("support", True, _("Requested: {names}.").format(names=names))


def statuses_of(profiles: Mapping[str, CountryProfile]) -> dict[str, DestinationStatus]:
    """The destination statuses the profiles carry, by ISO3."""
    return {iso: p.destination for iso, p in profiles.items() if p.destination is not None}


def view_flags(proposal: Proposal, profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet, today=None) -> list[Any]:
    """The Program's unmet requirements as compliance flags, for the window's flags list.

    Internal (the consortium's own make-up), so not part of the assessment that snapshots and the
    counterpart brief are built from; the checks skip the bloc (its per-member assessments are the
    checklist view's, not every repaint's). The dated flags (a stale status) are core.evaluate's.
    """
    if not proposal.program.stated:
        return []
    return program_checks(proposal, statuses_of(profiles), assumptions).flags()
