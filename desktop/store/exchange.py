"""Proposal bundles in and out of the database: export builds one, import checks it whole, then writes once.

Import never half-applies: every check (format, then countries, measures, assumption keys and
names against this database) runs before the single transaction that writes.
"""

from __future__ import annotations

from typing import Any, Iterable

from .. import __version__
from ..core.bundle import FORMAT, SCHEMA_VERSION, Bundle, ProposalData, counterpart_bundle
from ..core.i18n import _
from ..core.model import Assumption, DealTerms, DomainError, Program, Proposal
from .clock import now
from .database import Store


class NameConflict(DomainError):
    """Bundle proposals whose names are taken here (the GUI offers to rename them)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        listed = ", ".join(repr(n) for n in names[:3]) + (" …" if len(names) > 3 else "")
        super().__init__(_("a proposal named {names} already exists here: import with --rename to keep both").format(names=listed))


def export_bundle(store: Store, names: Iterable[str], counterpart: bool = False) -> dict[str, Any]:
    """A bundle (JSON-ready dict) of the named proposals, their snapshots and assumption sets.

    counterpart=True: the counterpart edition (core.bundle.counterpart_bundle): the offer only.
    """
    bundle = _internal_bundle(store, names)
    return counterpart_bundle(bundle) if counterpart else bundle


def _internal_bundle(store: Store, names: Iterable[str]) -> dict[str, Any]:
    names = list(dict.fromkeys(names))
    if not names:
        raise DomainError(_("name at least one proposal to export"))
    latest = store.assumption_set().version
    proposals, versions = [], set()
    for name in names:
        p = store.get_proposal(name)
        snaps = store.snapshots(p.id) if p.id is not None else []
        used = int(snaps[0]["assumptions_version"]) if snaps else latest
        versions.add(used)
        versions.update(int(s["assumptions_version"]) for s in snaps)
        states = [
            {"created": s["created"], "assumptions_version": int(s["assumptions_version"]), "levers": s["levers"],
             "overall": s["overall"], "band": s["band"], "result": s["result"]}
            for s in reversed(snaps)
        ]
        proposals.append(proposal_record(store, p, used, states))
    return bundle_head(store, sorted(versions), proposals)


def proposal_record(store: Store, p: Proposal, used: int | None, snapshots: list[dict[str, Any]]) -> dict[str, Any]:
    """A proposal as a bundle holds it (internal edition), with its snapshots as given."""
    return {
        "name": p.name,
        "country": p.country,
        "levers": {k: int(v) for k, v in p.levers.items()},
        "measures": sorted(p.measures),
        "components": dict(p.components),
        "red_lines": {k: list(v) for k, v in p.red_lines.items()},
        "notes": p.notes,
        "description": p.description,
        "assumptions_version": used,
        "parent": None,
        "snapshots": snapshots,
        "change_log": [],
        "program": p.program.to_dict(),
        "screen": _screen_of(store, p.country),
        "deal": p.deal.to_dict(),
    }


def bundle_head(store: Store, versions: Iterable[int], proposals: Any) -> dict[str, Any]:
    """A bundle's top level: format, versions, edition, the assumption sets named, and `proposals` as given."""
    sets = []
    heads = {r["version"]: r for r in store.assumption_versions()}
    for v in versions:
        a = store.assumption_set(v)
        sets.append(
            {
                "version": v,
                "name": a.name,
                "note": heads[v].get("note") or "",
                "rows": [
                    {"key": r.key, "value": r.value, "description": r.description, "source": r.source,
                     "low": r.low, "high": r.high, "unit": r.unit}
                    for r in a.rows.values()
                ],
            }
        )
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported": now(),
        "edition": "internal",
        "assumption_sets": sets,
        "proposals": proposals,
    }


def _screen_of(store: Store, iso3: str) -> dict[str, Any] | None:
    """The destination status a proposal is assessed under now: its country's, as the bundle records it."""
    status = store.destinations().get(iso3)
    if status is None:
        return None
    full = status.to_dict()
    return {k: full[k] for k in ("status", "groups", "reason", "financing", "sources", "as_of")}


def _check(store: Store, bundle: Bundle) -> None:
    check_sets(store, bundle.assumption_sets)
    for p in bundle.proposals:
        check_proposal(store, p)


def check_sets(store: Store, assumption_sets: Iterable[Any]) -> None:
    """A bundle's assumption sets hold exactly this app's parameters, each within its plausible range here."""
    local_keys = set(store.assumption_set().rows)
    for s in assumption_sets:
        keys = {r.key for r in s.rows}
        unknown, missing = sorted(keys - local_keys), sorted(local_keys - keys)
        if unknown:
            raise DomainError(_("assumption set {version} in the bundle has a parameter this app does not know: {key!r}").format(
                version=s.version, key=unknown[0]))
        if missing:
            raise DomainError(_("assumption set {version} in the bundle lacks the parameter {key!r}").format(
                version=s.version, key=missing[0]))
        local = store.assumption_set().rows
        for r in s.rows:  # checked against this app's plausible ranges, not the bundle's own
            row = local[r.key]
            if not row.low <= float(r.value) <= row.high:
                raise DomainError(
                    _("assumption set {version} in the bundle sets {key} = {value}, outside the plausible "
                      "range {low}–{high} here: not imported").format(
                        version=s.version, key=r.key, value=f"{float(r.value):g}", low=f"{row.low:g}", high=f"{row.high:g}")
                )


def check_proposal(store: Store, p: ProposalData) -> None:
    """A bundle's proposal targets a country and uses measures this database knows."""
    profiles = store.profiles()
    measure_ids = {m.id for m in store.measures()}
    if p.country not in profiles:
        raise DomainError(_("proposal {name!r} targets an unknown country {country!r}").format(name=p.name, country=p.country))
    unknown = sorted(set(p.measures) - measure_ids)
    if unknown:
        raise DomainError(_("proposal {name!r} uses an unknown measure {measure!r}").format(name=p.name, measure=unknown[0]))
    if not p.name.strip():
        raise DomainError(_("a proposal in the bundle has a blank name"))


def _matching_version(store: Store, values: dict[str, float]) -> int | None:
    for head in store.assumption_versions():
        a = store.assumption_set(head["version"])
        if {k: r.value for k, r in a.rows.items()} == values:
            return int(head["version"])
    return None


def _proposal(data: ProposalData, name: str) -> Proposal:
    return Proposal(
        name=name,
        country=data.country,
        levers=dict(data.levers),
        measures=frozenset(data.measures),
        components=dict(data.components),
        red_lines={k: (int(v[0]), int(v[1])) for k, v in data.red_lines.items()},
        notes=data.notes,
        description=data.description,
        program=Program.from_dict(data.program.model_dump() if data.program is not None else None),
        deal=DealTerms.from_dict(data.deal.model_dump() if data.deal is not None else None),
    )


def bundle_changes_assumptions(store: Store, bundle: Bundle) -> bool:
    """True when the bundle carries an assumption set whose values this database has in no version."""
    return any(_matching_version(store, s.values()) is None for s in bundle.assumption_sets)


def import_bundle(store: Store, bundle: Bundle, rename: bool = False, use_assumptions: bool = False) -> dict[str, Any]:
    """Add a bundle's proposals (and any assumption set not already here) in one transaction.

    An imported assumption set is stored (its snapshots stay reproducible) but becomes the one in
    use only with use_assumptions: otherwise the set in use before is stored again after it, as the
    latest version, so no local proposal is re-scored by someone else's parameters.
    """
    _check(store, bundle)
    taken = {p.name for p in store.proposals()}
    clashes = [p.name for p in bundle.proposals if p.name in taken]
    if clashes and not rename:
        raise NameConflict(clashes)
    names: dict[str, str] = {}
    used = taken | {p.name for p in bundle.proposals}
    for p in bundle.proposals:
        names[p.name] = _free_name(p.name, used) if p.name in taken else p.name
        used.add(names[p.name])
    measure_ids = {m.id for m in store.measures()}
    proposals = [(_proposal(p, names[p.name]), p) for p in bundle.proposals]
    for prop, _data in proposals:
        prop.validate(measure_ids)

    try:
        return _write(store, bundle, proposals, use_assumptions)
    except BaseException:
        store.reference_changed()  # a rolled-back version must not stay cached
        raise


def _free_name(base: str, used: set[str]) -> str:
    candidate, i = f"{base} (imported)", 2
    while candidate in used:
        candidate, i = f"{base} (imported {i})", i + 1
    return candidate


def _write(
    store: Store, bundle: Bundle, proposals: list[tuple[Proposal, ProposalData]], use_assumptions: bool = False
) -> dict[str, Any]:
    version_map: dict[int | None, int] = {None: store.assumption_set().version}  # a counterpart bundle: ours
    created_versions: list[int] = []
    in_use = store.assumption_set()
    kept_version: int | None = None
    with store.transaction():
        for s in bundle.assumption_sets:
            local = _matching_version(store, s.values())
            if local is None:
                rows = [Assumption(r.key, float(r.value), r.description, r.source, float(r.low), float(r.high), r.unit)
                        for r in s.rows]
                note = f"Imported from a bundle (its version {s.version}). {s.note}".strip()
                local = store.insert_assumption_set(s.name, rows, note)
                created_versions.append(local)
            version_map[s.version] = local
        if created_versions and not use_assumptions:
            kept_version = store.insert_assumption_set(
                in_use.name, in_use.rows.values(), f"Kept in use after importing a bundle (as version {in_use.version})",
                in_use.version,
            )
        elif use_assumptions and proposals:
            theirs = store.assumption_set(version_map[proposals[0][1].assumptions_version])
            latest = store.assumption_set()
            if {k: r.value for k, r in theirs.rows.items()} != {k: r.value for k, r in latest.rows.items()}:
                kept_version = store.insert_assumption_set(
                    theirs.name, theirs.rows.values(), f"In use after importing a bundle (as version {theirs.version})",
                    theirs.version,
                )
        imported = []
        for prop, data in proposals:
            saved = store.save_proposal(prop)
            for snap in data.snapshots:
                result = dict(snap.result, assumptions_version=version_map[snap.assumptions_version])
                store.insert_snapshot(saved.id, snap.created, snap.levers, snap.overall, snap.band, result)
            imported.append(
                {
                    "name": saved.name,
                    "renamed_from": data.name if saved.name != data.name else None,
                    "country": saved.country,
                    "assumptions_version": version_map[data.assumptions_version],
                    "snapshots": len(data.snapshots),
                    "screen_then": None if data.screen is None else data.screen.status,
                    "screen_now": (_screen_of(store, saved.country) or {}).get("status"),
                }
            )
    store.reference_changed()
    return {"imported": imported, "assumption_sets_created": created_versions,
            "version_map": {str(k): v for k, v in version_map.items() if k is not None},
            "assumptions_in_use": kept_version if kept_version is not None else store.assumption_set().version,
            "used_imported_assumptions": use_assumptions and bool(bundle.assumption_sets)}
