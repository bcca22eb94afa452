"""Country data a user edits: the sovereignty-profile estimates, each change recorded with when and why."""

from __future__ import annotations

from typing import Mapping

from ..core import edits
from ..core.model import CountryProfile, Figure
from .clock import now
from .database import Store

editable_fields = edits.editable_fields


def write_sovereignty(store: Store, iso3: str, figures: Mapping[str, Figure]) -> None:
    """Store some sovereignty figures of one country as they are (value, kind, when and why edited)."""
    with store.transaction():
        for field, fig in figures.items():
            store.db.execute(
                "UPDATE sovereignty_profiles SET value = ?, kind = ?, edited_at = ?, edit_reason = ?"
                " WHERE iso3 = ? AND field = ?",
                [fig.value, fig.kind, fig.edited_at, fig.edit_reason, iso3, field],
            )
    store.reference_changed()


def changed_sovereignty(before: CountryProfile | None, after: CountryProfile) -> dict[str, Figure]:
    """The sovereignty figures of `after` that differ from `before`."""
    old = {} if before is None else before.sovereignty
    return {f: fig for f, fig in after.sovereignty.items() if old.get(f) != fig}


def edit_profile(store: Store, iso3: str, changes: Mapping[str, float], reason: str) -> CountryProfile:
    """Change some sovereignty-profile figures of one country (core.edits.edit_profile's rules), in one transaction.

    Returns the refreshed profile.
    """
    edit = edits.edit_profile(store.profiles(), iso3, changes, reason, now())
    (key,) = {k for k, v in edit.after["profiles"].items() if edit.before["profiles"].get(k) is not v}
    write_sovereignty(store, key, changed_sovereignty(store.profile(key), edit.after["profiles"][key]))
    return store.profile(key)


def edited_fields(store: Store, iso3: str) -> dict[str, dict[str, str]]:
    """The user-edited fields of a country: {field: {"edited_at", "edit_reason"}}."""
    rows = store.db.query(
        "SELECT field, edited_at, edit_reason FROM sovereignty_profiles WHERE iso3 = ? AND edited_at IS NOT NULL",
        [iso3.strip().upper()],
    )
    return {r["field"]: {"edited_at": r["edited_at"], "edit_reason": r["edit_reason"]} for r in rows}

