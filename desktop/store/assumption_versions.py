"""Assumption-set versions: which are used by snapshots, and storing the new versions edits ask for."""

from __future__ import annotations

from ..core import edits
from ..core.edits import NewAssumptionSet
from ..core.model import AssumptionSet
from .database import Store


def used_versions(store: Store) -> set[int]:
    """Versions that some stored snapshot references (immutable: never edited in place)."""
    return {int(r["assumptions_version"]) for r in store.db.query("SELECT DISTINCT assumptions_version FROM snapshots")}


def store_new_version(store: Store, new: NewAssumptionSet) -> AssumptionSet:
    """Store what an edit asked for as a new version (never an edit in place); returns it."""
    return store.derive_assumption_set(dict(new.values), new.note, base=new.base.version)


def set_assumption(
    store: Store, key: str, value: object, reason: str, base: int | None = None, force: bool = False
) -> AssumptionSet:
    """A new assumption-set version: base (default latest) with key set to value (core.edits.set_assumption's rules).

    Every edit derives a new version (none is ever updated in place, used or not), so each
    change is recorded with its reason and any version can be re-assessed later.
    """
    return store_new_version(store, edits.new_value(store.assumption_set(base), key, value, reason, force=force))


def reset_to_defaults(store: Store, base: int | None = None) -> AssumptionSet | None:
    """A new version whose values are the current model's shipped defaults; None if already so."""
    parent = store.assumption_set(base)
    wanted = edits.reset_assumptions(parent, store.assumption_set(store.defaults_version())).after["assumptions"]
    return store_new_version(store, wanted) if isinstance(wanted, NewAssumptionSet) else None
