"""The destination screen: before any score, can this deal legally happen at all? (pure)

Four categories, from the fact sheet seeded by migration m008 (every status names its sources
and as-of date; it is a screening aid, not a legal determination):

- ``embargoed``: comprehensive embargo: no export, no U.S. federal financing. No score at all:
  band "Prohibited", ``overall`` null, no moves, no advice.
- ``denial``: a licence for advanced AI chips under a presumption or policy of denial (D:5,
  China incl. Hong Kong, Macau, Russia, Belarus …). Scored for analysis only: band "Blocked",
  a high-severity compliance flag, U.S. federal financing unavailable.
- ``licence``: D:1/D:4, not D:5: advanced AI chips need a BIS licence reviewed case by case;
  a compliance flag with the licensing lead time (assumption row).
- ``eligible``: no country-based bar on advanced AI chips.

`gate` says what a status does to an assessment; `screen_result` caches it and the engine applies it (the engine
calls it last). Flags are made by `compliance_flag` only, so turning them into the engine's
typed Flag later is a one-line change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

from .i18n import N_, Labels, LabelTuple, _, current_language
from .languages import local_name
from .model import SCREEN_BANDS, AssumptionSet, CountryProfile, Proposal

STATUSES: tuple[str, ...] = ("embargoed", "denial", "licence", "eligible")
STATUS_LABELS: Mapping[str, str] = Labels({
    "embargoed": N_("Embargoed"),
    "denial": N_("Denial"),
    "licence": N_("Licence required"),
    "eligible": N_("Eligible"),
})
FINANCING: tuple[str, ...] = ("no", "limited", "yes")
FINANCING_LABELS: Mapping[str, str] = Labels({"no": N_("not available"), "limited": N_("limited"), "yes": N_("possible")})
BLOCKED, PROHIBITED = SCREEN_BANDS
# Ranking groups: where a deal can proceed, then denial, then embargoed (never ranked as best).
GROUP_ORDER: Mapping[str, int] = {"eligible": 0, "licence": 0, "denial": 1, "embargoed": 2}
GROUP_LABELS: Sequence[str] = LabelTuple((N_("A deal can proceed"), N_("Blocked: licence under a policy of denial"),
                                          N_("Prohibited: comprehensive embargo")))
LEAD_TIME_KEY = "screen.licence_lead_time_months"
MAX_AGE_KEY = "screen.status_max_age_months"
_CHIPS = N_("advanced AI chips (ECCN 3A090/4A090 and related items)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ScreenSource:
    """A source a status rests on: its key in the fact sheet (S1 …), title, address and date."""

    key: str
    title: str
    url: str
    date: str

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "title": self.title, "url": self.url, "date": self.date}


@dataclass(frozen=True)
class DestinationStatus:
    """One destination's screen: category, EAR groups, reason, financing, sources, as-of date."""

    iso3: str
    name: str
    status: str  # embargoed | denial | licence | eligible
    groups: tuple[str, ...]
    reason: str
    financing: str  # no | limited | yes (EXIM, DFC, USTDA)
    financing_note: str
    sources: tuple[ScreenSource, ...]
    as_of: str  # ISO date of the newest source behind the row
    verified: bool = True
    unverified: str = ""  # what is not verified, when verified is False
    groups_note: str = ""
    ofac: str = ""
    caveat: str = ""  # e.g. Ukraine: Crimea, DNR and LNR are embargoed
    country_of_concern: bool = False  # the Program's call: China, incl. Hong Kong and Macau
    edited_at: str | None = None
    edit_reason: str | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def can_proceed(self) -> bool:
        """True when a deal may go ahead (licence or eligible)."""
        return GROUP_ORDER[self.status] == 0

    @property
    def restricts_buyers(self) -> bool:
        """True when a buyer headquartered here needs a licence everywhere (D:5 or Macau) [S5]."""
        return "D:5" in self.groups or self.iso3 == "MAC"

    @property
    def groups_text(self) -> str:
        return ", ".join(self.groups) if self.groups else _("no D/E group")

    def sources_text(self) -> str:
        """The sources named in one line: 'S1 eCFR … (2026-07-08); S12 EAR 746.1 (…)'."""
        return "; ".join(f"{s.key} {s.title} ({s.date})" if s.date else f"{s.key} {s.title}" for s in self.sources)

    def notice(self) -> str:
        """What every screen result says: a screening aid as of its date, and its sources.

        A correction's date is said, not its reason: the notice goes into compliance flags, which
        may reach a counterpart, and why we corrected a status is ours (the reason is shown where
        the status is shown to us: the destination screen panel, `export-desk screen`)."""
        if self.edited_at:
            return _("Screening aid as of {as_of}, not a legal determination. Corrected by the user {edited}. "
                     "Sources: {sources}.").format(as_of=self.as_of, edited=self.edited_at[:10], sources=self.sources_text())
        return _("Screening aid as of {as_of}, not a legal determination. Sources: {sources}.").format(
            as_of=self.as_of, sources=self.sources_text())

    @property
    def local_name(self) -> str:
        """The country's name in the current language (the status's own name in English)."""
        return local_name(self.iso3, self.name)

    def to_dict(self) -> dict[str, Any]:
        """The `screen` object of the CLI's JSON: status, groups, reason, financing, sources, as_of (and more)."""
        return {
            "status": self.status,
            "groups": list(self.groups),
            "reason": self.reason,
            "financing": self.financing,
            "sources": [s.to_dict() for s in self.sources],
            "as_of": self.as_of,
            "financing_note": self.financing_note,
            "verified": self.verified,
            "unverified": self.unverified,
            "caveat": self.caveat,
            "country_of_concern": self.country_of_concern,
            "edited_at": self.edited_at,
            "edit_reason": self.edit_reason,
            "notice": self.notice(),
        }


@dataclass(frozen=True)
class ScreenResult:
    """What the screen does to an assessment."""

    status: DestinationStatus
    band: str | None  # None, "Blocked" (denial) or "Prohibited" (embargoed)
    scored: bool  # False for embargoed: no readiness score at all
    financing_available: bool  # U.S. federal financing (EXIM, DFC, USTDA)
    flags: tuple[ScreenFlag, ...]
    stale: str | None = None  # today's staleness note (core.evaluate), None when current or not judged

    def to_dict(self) -> dict[str, Any]:
        return dict(self.status.to_dict(), financing_available=self.financing_available, stale=self.stale)

    def unscored_dict(self, country: str, flags: list[dict[str, Any]], assumptions_version: int) -> dict[str, Any]:
        """An assessment's JSON when there is no score (embargoed): every score null or empty."""
        return {
            "country": country,
            "overall": None,
            "band": self.band,
            "commitments": {},
            "dimensions": {},
            "counterpart_acceptance": None,
            "exporter_assurance": None,
            "risks": {},
            "line_items": [],
            "flags": flags,
            "moves": {"best": [], "next_band": {}},
            "assumptions_version": assumptions_version,
            "screen": self.to_dict(),
        }


@dataclass(frozen=True)
class ScreenFlag:
    """A compliance flag, with the fields of the engine's Flag (desktop/core/engine/results.py).

    Its own type because the engine imports this module (Flag here would be an import cycle);
    views and to_dict() read both alike (attributes; dataclasses.asdict).
    """

    severity: str  # high | medium | low
    type: str  # compliance
    message: str
    fix: None
    side: str  # both

    fix_effect = None
    fix_lowers = False
    audience = "safe"  # a public fact with its sources

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "type": self.type, "message": self.message, "fix": None,
                "side": self.side, "fix_effect": None, "audience": self.audience}


def compliance_flag(severity: str, message: str) -> ScreenFlag:
    """A compliance flag: no lever or measure fixes it, and it concerns both sides."""
    return ScreenFlag(severity, "compliance", message, None, "both")


def gate(status: DestinationStatus, assumptions: AssumptionSet, *, financing_included: bool = False) -> ScreenResult:
    """What a destination status does to an assessment: band override, scored or not, financing, flags."""
    name, notice = status.local_name, status.notice()
    flags = []
    band: str | None = None
    scored = True
    financing = status.financing != "no" and status.can_proceed
    fin_word = FINANCING_LABELS[status.financing]
    if status.financing_note:
        fin_text = _("U.S. federal financing (EXIM, DFC, USTDA): {financing} ({note})").format(
            financing=fin_word, note=status.financing_note)
    else:
        fin_text = _("U.S. federal financing (EXIM, DFC, USTDA): {financing}").format(financing=fin_word)
    if status.status == "embargoed":
        band, scored = PROHIBITED, False
        flags.append(compliance_flag(
            "high",
            _("{country} is under a comprehensive U.S. embargo ({reason}; groups {groups}): no export of the package and no "
              "U.S. federal financing, so no readiness score is given. {notice}").format(
                country=name, reason=status.reason, groups=status.groups_text, notice=notice),
        ))
    elif status.status == "denial":
        band = BLOCKED
        flags.append(compliance_flag(
            "high",
            _("Blocked: {chips} for {country} need a BIS licence under a presumption or policy of denial ({reason}; groups "
              "{groups}). The score is for analysis only. U.S. federal financing is unavailable for a denial destination "
              "(fact sheet: {financing}). {notice}").format(
                chips=_(_CHIPS), country=name, reason=status.reason, groups=status.groups_text, financing=fin_word,
                notice=notice),
        ))
    elif status.status == "licence":
        months = assumptions[LEAD_TIME_KEY]
        flags.append(compliance_flag(
            "medium",
            _("Licence: {chips} for {country} need a BIS licence, reviewed case by case ({reason}; groups {groups}). Plan "
              "for a licensing lead time of about {months} months ({key}). {notice}").format(
                chips=_(_CHIPS), country=name, reason=status.reason, groups=status.groups_text, months=f"{months:g}",
                key=LEAD_TIME_KEY, notice=notice),
        ))
    if status.caveat:
        flags.append(compliance_flag("medium", f"{status.caveat} {notice}"))
    if not status.verified and status.unverified:
        flags.append(compliance_flag("low", _("Unverified in the destination screen for {country}: {what} {notice}").format(
            country=name, what=status.unverified, notice=notice)))
    if financing_included and status.can_proceed:
        if not financing:
            flags.append(compliance_flag(
                "medium",
                _("The package includes Financing (EXIM, DFC, USTDA), but U.S. federal financing is unavailable for "
                  "{country}. {notice}").format(country=name, notice=notice),
            ))
        elif status.financing == "limited":
            flags.append(compliance_flag("low", _("Financing for {country}: {financing}. {notice}").format(
                country=name, financing=fin_text, notice=notice)))
    return ScreenResult(status, band, scored, financing, tuple(flags))


def screen_result(proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet) -> ScreenResult | None:
    """What the destination screen does to this proposal's assessment (None: the profile has no status).

    Cached per status and assumption set, so the gate costs a dict lookup; the engine applies it,
    last, to every assessment (`engine.screened`)."""
    status = profile.destination
    if status is None:
        return None
    # Federal financing asked for, as a stack component or in the deal terms.
    financing = proposal.components.get("financing", 0) > 0 or proposal.deal.financing != "none"
    cache = assumptions._cache.setdefault("screen", {})
    key = (id(status), financing, current_language())  # the flags are text in a language
    hit = cache.get(key)
    if hit is None or hit.status is not status:
        hit = cache[key] = gate(status, assumptions, financing_included=financing)
    return hit


def rank_key(assessment: Any) -> tuple[int, float, str]:
    """Sort key for a ranking: countries where a deal can proceed first, best first; then denial, then embargoed."""
    screen = getattr(assessment, "screen", None)
    group = 0 if screen is None else GROUP_ORDER[screen.status.status]
    return (group, 0.0 if group == 2 else -assessment.overall, assessment.country)


def group_of(assessment: Any) -> int:
    """0 = a deal can proceed, 1 = blocked (denial), 2 = prohibited (embargoed)."""
    screen = getattr(assessment, "screen", None)
    return 0 if screen is None else GROUP_ORDER[screen.status.status]


def months_between(earlier: date, later: date) -> int:
    """Whole months from earlier to later (a day short of a month counts as the month before)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def stale_flags(status: DestinationStatus | None, assumptions: AssumptionSet, today: date) -> list[ScreenFlag]:
    """A flag when the status is older than screen.status_max_age_months (the views append it, like data age)."""
    if status is None or MAX_AGE_KEY not in assumptions.rows or not _ISO_DATE.match(status.as_of):
        return []
    as_of = date.fromisoformat(status.as_of)
    if status.edited_at and _ISO_DATE.match(status.edited_at[:10]):
        as_of = max(as_of, date.fromisoformat(status.edited_at[:10]))
    months = months_between(as_of, today)
    limit = assumptions[MAX_AGE_KEY]
    if months <= limit:
        return []
    return [compliance_flag(
        "low",
        _("The destination status for {country} ({status}) is as of {as_of}, {months} months old (more than {limit}, "
          "{key}): possibly stale. Ask your export-compliance team to confirm it, or correct it (Edit ▸ Destination "
          "status…). {notice}").format(country=status.local_name, status=status.label, as_of=as_of.isoformat(),
                                       months=months, limit=f"{limit:g}", key=MAX_AGE_KEY, notice=status.notice()),
    )]


def not_assessable(status: DestinationStatus) -> str:
    """Why a destination outside the index (no capacity data) cannot be assessed, with its screen."""
    if status.status == "embargoed":
        text = _("{country} ({iso3}) is under a comprehensive U.S. embargo ({reason}): no export, no proposal, no brief. "
                 "Screening aid as of {as_of}, not a legal determination")
    else:
        text = _("{country} ({iso3}) is not among the economies with capacity data, so it cannot be assessed; its "
                 "destination screen: {status} ({reason}). Screening aid as of {as_of}, not a legal determination")
    return text.format(country=status.local_name, iso3=status.iso3, reason=status.reason, status=status.label,
                       as_of=status.as_of)


REFUSED: Mapping[str, str] = Labels({"brief": N_("brief"), "optimisation": N_("optimisation")})


def refuse_embargoed(assessment: Any, what: str) -> str | None:
    """The one-line refusal for `what` (a brief, an optimisation) on an embargoed destination, else None."""
    screen = getattr(assessment, "screen", None)
    if screen is None or screen.scored:
        return None
    s = screen.status
    return _("no {what} for {country}: comprehensive U.S. embargo ({reason}); no export and no U.S. federal financing "
             "(screening aid as of {as_of}, not a legal determination; sources: {sources})").format(
        what=REFUSED.get(what, what), country=s.local_name, reason=s.reason, as_of=s.as_of, sources=", ".join(x.key for x in s.sources))


def optimiser_note(profile: CountryProfile) -> str | None:
    """What the optimiser's result says for a denial destination (embargoed ones are refused), else None."""
    s = profile.destination
    if s is None or s.status != "denial":
        return None
    return _("Blocked: {country} is a denial destination ({reason}); this package is computed for analysis only, it does "
             "not make a deal possible (screening aid as of {as_of}, not a legal determination).").format(
        country=s.local_name, reason=s.reason, as_of=s.as_of)
