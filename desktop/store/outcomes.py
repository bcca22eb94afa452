"""The outcome ledger (migration m013): read, add a user's own (private) outcome, and the profiles as they were before the 2026 review."""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from ..core.backtest import KINDS, NEGATIVE_KINDS, POSITIVE_KINDS, Outcome
from ..core.i18n import _
from ..core.model import CountryProfile, DomainError
from .clock import now
from .database import Store

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_outcomes(store: Store, include_private: bool = True) -> list[Outcome]:
    """Every outcome, oldest first (none before migration m013)."""
    if "outcomes" not in store.db.table_names():
        return []
    rows = store.db.query("SELECT * FROM outcomes WHERE private = 0 OR ? ORDER BY date, iso3, id", [int(include_private)])
    return [Outcome(r["iso3"], r["date"], r["kind"], bool(r["positive"]), r["summary"], r["url"], bool(r["verified"]),
                    bool(r["private"]), r["id"]) for r in rows]


def add_outcome(
    store: Store, iso3: str, date: str, kind: str, summary: str, url: str = "", positive: bool | None = None,
    private: bool = True, verified: bool = True,
) -> Outcome:
    """Record an observed outcome (a user's own deal is private by default); checks every field."""
    key = iso3.strip().upper()
    if key not in store.destinations() and key not in store.profiles():
        raise DomainError(_("unknown country {iso3!r} (use an ISO 3166 alpha-3 code such as KEN)").format(iso3=iso3))
    date = date.strip()
    if not _DATE.match(date):
        raise DomainError(_("date must be YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}").format(date=date))
    if kind not in KINDS:
        raise DomainError(_("unknown outcome kind {kind!r} (kinds: {kinds})").format(kind=kind, kinds=", ".join(KINDS)))
    if positive is None:
        if kind not in POSITIVE_KINDS + NEGATIVE_KINDS:
            raise DomainError(_("say whether an 'other' outcome is positive or negative"))
        positive = kind in POSITIVE_KINDS
    summary = summary.strip()
    if not summary:
        raise DomainError(_("say what happened (a summary is required)"))
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise DomainError(_("a source must be an http(s) address, got {url!r}").format(url=url))
    with store.transaction():
        cursor = store.db.execute(
            "INSERT INTO outcomes (iso3, date, kind, positive, summary, url, verified, private, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [key, date, kind, int(positive), summary, url, int(verified), int(private), now()],
        )
    return Outcome(key, date, kind, bool(positive), summary, url, verified, private, int(cursor.lastrowid))


def delete_outcome(store: Store, outcome_id: int) -> None:
    with store.transaction():
        if store.db.execute("DELETE FROM outcomes WHERE id = ?", [outcome_id]).rowcount != 1:
            raise DomainError(_("no outcome {outcome}").format(outcome=outcome_id))


def profiles_before_review(store: Store) -> dict[str, CountryProfile]:
    """The profiles with each value the 2026 review changed put back to its earlier value (profile_reviews.previous)."""
    profiles = store.profiles()
    if "profile_reviews" not in store.db.table_names():
        return dict(profiles)
    earlier: dict[str, dict[str, float]] = {}
    for r in store.db.query("SELECT iso3, field, previous FROM profile_reviews WHERE status = 'applied' AND previous IS NOT NULL"):
        earlier.setdefault(r["iso3"], {})[r["field"]] = float(r["previous"])
    out = dict(profiles)
    for iso, fields in earlier.items():
        prof = profiles.get(iso)
        if prof is None:
            continue
        sov = {f: (replace(fig, value=fields[f]) if f in fields else fig) for f, fig in prof.sovereignty.items()}
        out[iso] = replace(prof, sovereignty=MappingProxyType(sov))
    return out


def held_reviews(store: Store, iso3: str) -> list[dict]:
    """The 2026 review's suggested values for a country that are shown but not applied (status 'held')."""
    if "profile_reviews" not in store.db.table_names():
        return []
    return list(store.db.query(
        "SELECT field, value, low, high, rationale, sources, reviewed FROM profile_reviews WHERE iso3 = ? AND status = 'held'"
        " ORDER BY field", [iso3.strip().upper()]))
