"""Edit a country's sovereignty profile: estimates only, with a required reason, recorded when and why."""

from __future__ import annotations

import math
from typing import Mapping

from ..core.model import PROFILE_FIELDS, PROFILE_LABELS, CountryProfile, DomainError
from .alternatives import edit_alternative as edit_alternative_row
from .alternatives import validate_edit
from .clock import now
from .database import Store


def editable_fields(profile: CountryProfile) -> tuple[str, ...]:
    """The profile fields a user may edit: every one that is not a published fact."""
    return tuple(f for f in PROFILE_FIELDS if f in profile.sovereignty and profile.sovereignty[f].kind != "published")


def edit_profile(store: Store, iso3: str, changes: Mapping[str, float], reason: str) -> CountryProfile:
    """Change some sovereignty-profile figures of one country, in one transaction.

    Only estimates and defaults can change (published facts, such as the IMF pillars, are
    read-only); a reason is required. An edited figure keeps or becomes kind "estimate" (a
    default that a user has judged is no longer the derived default) and records edited_at and
    edit_reason, which the store shows after its rationale. Returns the refreshed profile.
    """
    profile = store.profile(iso3)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("say why you change these figures (a reason is required and is recorded)")
    if not changes:
        raise DomainError("nothing to change")
    clean: dict[str, float] = {}
    for field, value in changes.items():
        if field not in PROFILE_FIELDS:
            raise DomainError(f"unknown profile field {field!r} (fields: {', '.join(PROFILE_FIELDS)})")
        fig = profile.sovereignty.get(field)
        if fig is None:
            raise DomainError(f"{profile.name} has no {field} figure")
        if fig.kind == "published":
            raise DomainError(f"{PROFILE_LABELS[field]} for {profile.name} is a published fact and cannot be edited")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise DomainError(f"{PROFILE_LABELS[field]} must be a number 0–100, got {value!r}") from None
        if math.isnan(number) or not 0.0 <= number <= 100.0:
            raise DomainError(f"{PROFILE_LABELS[field]} must be between 0 and 100, got {value!r}")
        clean[field] = number
    stamp = now()
    with store.transaction():
        for field, number in clean.items():
            store.db.execute(
                "UPDATE sovereignty_profiles SET value = ?, kind = 'estimate', edited_at = ?, edit_reason = ?"
                " WHERE iso3 = ? AND field = ?",
                [number, stamp, reason, profile.iso3, field],
            )
    store.reference_changed()
    return store.profile(profile.iso3)


def edited_fields(store: Store, iso3: str) -> dict[str, dict[str, str]]:
    """The user-edited fields of a country: {field: {"edited_at", "edit_reason"}}."""
    rows = store.db.query(
        "SELECT field, edited_at, edit_reason FROM sovereignty_profiles WHERE iso3 = ? AND edited_at IS NOT NULL",
        [iso3.strip().upper()],
    )
    return {r["field"]: {"edited_at": r["edited_at"], "edit_reason": r["edit_reason"]} for r in rows}


def edit_alternative(store: Store, iso3: str, changes: Mapping[str, float], reason: str) -> CountryProfile:
    """Change some fields of a country's alternative offer (positions 0–100, price 0.5–1.5,
    financing share 0–1) in one transaction, recording when and why; returns the refreshed profile."""
    profile = store.profile(iso3)
    if profile.alternative is None:
        raise DomainError(f"no alternative offer is recorded for {profile.name}")
    if not changes:
        raise DomainError("nothing to change")
    clean = {field: validate_edit(field, value, reason) for field, value in changes.items()}
    stamp = now()
    with store.db.atomic():
        for field, number in clean.items():
            edit_alternative_row(store.db, profile.iso3, field, number, reason, stamp)
    store._profiles = None  # the cached profiles are stale now
    return store.profile(profile.iso3)
