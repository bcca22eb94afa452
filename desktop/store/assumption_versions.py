"""Assumption-set versions: which are used by snapshots, and deriving new ones from an edit."""

from __future__ import annotations

from ..core.assumptions import check_value, default_changes
from ..core.model import AssumptionSet
from .database import Store


def used_versions(store: Store) -> set[int]:
    """Versions that some stored snapshot references (immutable: never edited in place)."""
    return {int(r["assumptions_version"]) for r in store.db.query("SELECT DISTINCT assumptions_version FROM snapshots")}


def set_assumption(
    store: Store, key: str, value: object, reason: str, base: int | None = None, force: bool = False
) -> AssumptionSet:
    """A new assumption-set version: base (default latest) with key set to value.

    Every edit derives a new version (none is ever updated in place, used or not), so each
    change is recorded with its reason and any version can be re-assessed later. Refuses
    unknown keys, non-numbers and values outside the plausible range unless force.
    """
    parent = store.assumption_set(base)
    number = check_value(parent, key, value, force=force)
    note = (reason or "").strip() or f"set {key}"
    return store.derive_assumption_set({key: number}, f"{key} = {number:g}: {note}", base=parent.version)


def reset_to_defaults(store: Store, base: int | None = None) -> AssumptionSet | None:
    """A new version whose values are the current model's shipped defaults; None if already so."""
    parent = store.assumption_set(base)
    defaults = store.defaults_version()
    changes = default_changes(parent, store.assumption_set(defaults))
    if not changes:
        return None
    return store.derive_assumption_set(changes, f"reset to the shipped defaults (version {defaults})", base=parent.version)
