"""Streamed bundles in and out of the database (schema 5, core.bundle_stream): one proposal at a time.

Export writes each proposal's entry as soon as it is read (its compact states as recipes, their
inputs once each), then the manifest; memory holds one proposal. Import reads the manifest, checks
the names and assumption sets, then reads, checks and writes one proposal at a time inside one
transaction: a problem in any entry rolls the whole import back (all or nothing, as before).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import IO, Any, Iterable

from pydantic import ValidationError

from ..core.bundle import Manifest, ProposalData, _first_error, counterpart_bundle
from ..core.bundle_stream import (
    SCHEMA_VERSION,
    StreamReader,
    StreamWriter,
    input_entry,
    proposal_entry,
)
from ..core.i18n import _
from ..core.model import Assumption, DomainError
from ..core.sealed import MAGIC, is_sealed, seal_stream, unseal_stream
from ..fileio import atomic_write_stream
from . import history
from .database import Store
from .exchange import (
    NameConflict,
    _free_name,
    _matching_version,
    _proposal,
    _screen_of,
    bundle_head,
    check_proposal,
    check_sets,
    import_bundle,
    proposal_record,
)


def export_stream(store: Store, names: Iterable[str], fh: IO[bytes], counterpart: bool = False) -> dict[str, Any]:
    """Write a streamed bundle of the named proposals to fh (the manifest first); returns the manifest."""
    names = list(dict.fromkeys(names))
    if not names:
        raise DomainError(_("name at least one proposal to export"))
    latest = store.assumption_set().version
    ids, used, versions = [], [], set()
    for name in names:  # a first pass over the rows alone: the manifest names every assumption set used
        p = store.get_proposal(name)
        newest, all_versions = (None, set()) if counterpart or p.id is None else history.state_versions(store, p.id)
        ids.append(p.id)
        used.append(newest or latest)
        versions |= all_versions | {newest or latest}
    entries = [{"name": name, "entry": proposal_entry(i)} for i, name in enumerate(names)]
    manifest = bundle_head(store, [] if counterpart else sorted(versions), entries)
    manifest["schema_version"] = SCHEMA_VERSION
    if counterpart:
        manifest["edition"] = "counterpart"
    _validated(manifest)
    writer = StreamWriter(fh)
    try:
        writer.add("manifest.json", manifest)  # first: a file manager's magic finds it at offset 30
        for i, (name, pid) in enumerate(zip(names, ids, strict=True)):
            p = store.get_proposal(name)
            states = [] if counterpart or pid is None else history.bundle_states(store, pid)
            for state in states:
                refs = state.pop("refs", None)
                if refs is not None:
                    for digest, ref in zip((state["recipe"]["offer"], state["recipe"]["country"]), refs, strict=True):
                        if not writer.has(input_entry(digest)):
                            writer.add(input_entry(digest), history.input_body(store, ref).encode("utf-8"))
            record = proposal_record(store, p, used[i], states)
            if counterpart:
                record = counterpart_bundle({"proposals": [record]})["proposals"][0]
            writer.add(proposal_entry(i), record)
    finally:
        writer.close()
    return manifest


def _validated(manifest: dict[str, Any]) -> Manifest:
    try:
        return Manifest.model_validate(manifest)
    except ValidationError as exc:
        raise DomainError(_("not a valid bundle manifest: {error}").format(error=_first_error(exc))) from None


def read_manifest(reader: StreamReader) -> Manifest:
    raw = reader.read("manifest.json")
    if not isinstance(raw, dict) or raw.get("format") != "ai-export-desk-bundle":
        raise DomainError(_("{source} is not an AI Export Desk bundle").format(source=reader.what))
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise DomainError(_("{source} uses bundle schema {version}; this app reads schema {supported}: "
                            "install an AI Export Desk that reads bundle schema {version} to import it").format(
                                source=reader.what, version=version, supported=SCHEMA_VERSION))
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise DomainError(_("{source} is not a valid bundle: {error}").format(source=reader.what, error=_first_error(exc))) from None


def import_stream(store: Store, reader: StreamReader, rename: bool = False, use_assumptions: bool = False) -> dict[str, Any]:
    """Add a streamed bundle's proposals (and assumption sets not already here) in one transaction."""
    manifest = read_manifest(reader)
    check_sets(store, manifest.assumption_sets)
    taken = {r["name"] for r in store.db.query("SELECT name FROM proposals")}
    clashes = [e.name for e in manifest.proposals if e.name in taken]
    if clashes and not rename:
        raise NameConflict(clashes)
    used = taken | {e.name for e in manifest.proposals}
    names: dict[str, str] = {}
    for e in manifest.proposals:
        names[e.name] = _free_name(e.name, used) if e.name in taken else e.name
        used.add(names[e.name])
    try:
        with store.transaction():
            return _write(store, reader, manifest, names, use_assumptions)
    finally:
        store.reference_changed()  # a rolled-back version must not stay cached; a new one must be read


def _write(store: Store, reader: StreamReader, manifest: Manifest, names: dict[str, str], use_assumptions: bool) -> dict[str, Any]:
    in_use = store.assumption_set()
    version_map: dict[int | None, int] = {None: in_use.version}
    created: list[int] = []
    for s in manifest.assumption_sets:
        local = _matching_version(store, s.values())
        if local is None:
            rows = [Assumption(r.key, float(r.value), r.description, r.source, float(r.low), float(r.high), r.unit) for r in s.rows]
            local = store.insert_assumption_set(s.name, rows, f"Imported from a bundle (its version {s.version}). {s.note}".strip())
            created.append(local)
        version_map[s.version] = local
    measure_ids = {m.id for m in store.measures()}
    inputs: dict[str, int] = {}
    imported, first_version = [], None
    for e, raw in zip(manifest.proposals, reader.proposals([e.entry for e in manifest.proposals]), strict=True):
        try:
            data = ProposalData.model_validate(raw)
            manifest.check(data, e.name)
        except ValidationError as exc:
            raise DomainError(_("{source}: {entry} is not a valid proposal: {error}").format(
                source=reader.what, entry=e.entry, error=_first_error(exc))) from None
        except ValueError as exc:
            raise DomainError(f"{reader.what}: {exc}") from None
        check_proposal(store, data)
        prop = _proposal(data, names[e.name])
        prop.validate(measure_ids)
        saved = store.save_proposal(prop)
        first_version = first_version or data.assumptions_version
        for snap in data.snapshots:
            version = version_map[snap.assumptions_version]
            if snap.recipe is None:
                result = dict(snap.result or {}, assumptions_version=version)
                store.insert_snapshot(saved.id, snap.created, snap.levers, snap.overall, snap.band, result)
                continue
            for digest in (snap.recipe.offer, snap.recipe.country):
                if digest not in inputs:
                    inputs[digest] = history.import_input(store, digest, reader.read(input_entry(digest)))
            store.insert_snapshot(
                saved.id, snap.created, snap.levers, snap.overall, snap.band, {"assumptions_version": version},
                measures=frozenset(snap.measures or ()),
                recipe=(inputs[snap.recipe.offer], inputs[snap.recipe.country], snap.recipe.as_of),
            )
        imported.append({"name": saved.name, "renamed_from": e.name if saved.name != e.name else None,
                         "country": saved.country, "assumptions_version": version_map[data.assumptions_version],
                         "snapshots": len(data.snapshots), "screen_then": None if data.screen is None else data.screen.status,
                         "screen_now": (_screen_of(store, saved.country) or {}).get("status")})
    kept = None
    if created and not use_assumptions:
        kept = store.insert_assumption_set(in_use.name, in_use.rows.values(),
                                           f"Kept in use after importing a bundle (as version {in_use.version})", in_use.version)
    elif use_assumptions and first_version is not None:
        theirs = store.assumption_set(version_map[first_version])
        if {k: r.value for k, r in theirs.rows.items()} != {k: r.value for k, r in store.assumption_set().rows.items()}:
            kept = store.insert_assumption_set(theirs.name, theirs.rows.values(),
                                               f"In use after importing a bundle (as version {theirs.version})", theirs.version)
    return {"imported": imported, "assumption_sets_created": created,
            "version_map": {str(k): v for k, v in version_map.items() if k is not None},
            "assumptions_in_use": kept if kept is not None else store.assumption_set().version,
            "used_imported_assumptions": use_assumptions and bool(manifest.assumption_sets)}



SPOOL = 16 * 1024 * 1024  # a sealed bundle is opened into memory up to this size, then into a temporary file
MAX_FILE = 2 * 1024**3


def write_bundle_file(store: Store, names: Iterable[str], path: str | Path, counterpart: bool = False,
                      passphrase: str | None = None) -> dict[str, Any]:
    """Write a streamed bundle (a .zip, sealed with a passphrase in chunks) atomically; returns its manifest."""
    found: dict[str, Any] = {}

    def write(fh: IO[bytes]) -> None:
        if passphrase is None:
            found["manifest"] = export_stream(store, names, fh, counterpart)
            return
        with tempfile.SpooledTemporaryFile(SPOOL) as plain:
            found["manifest"] = export_stream(store, names, plain, counterpart)
            plain.seek(0)
            seal_stream(plain, fh, passphrase)

    atomic_write_stream(path, write)
    return found["manifest"]


def import_bundle_file(store: Store, path: str | Path, passphrase: str | None = None, rename: bool = False,
                       use_assumptions: bool = False, name: str | None = None) -> dict[str, Any]:
    """Import a bundle file of any kind: a streamed one entry by entry, an older one-document one whole."""
    from ..core.bundle import MAX_BYTES, parse_bundle

    path = Path(path).expanduser()
    name = name or path.name
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise DomainError(_("cannot read {path}: {error}").format(path=name, error=exc.strerror or exc)) from None
    with fh, tempfile.SpooledTemporaryFile(SPOOL) as plain:
        sealed = is_sealed(fh.read(len(MAGIC)))
        fh.seek(0)
        if sealed:
            unseal_stream(fh, plain, passphrase, name, limit=MAX_FILE)
            source: IO[bytes] = plain
        else:
            source = fh
        source.seek(0)
        if source.read(4) == b"PK\x03\x04":
            source.seek(0)
            if StreamReader.is_streamed(source):
                reader = StreamReader(source, name)
                try:
                    return import_stream(store, reader, rename=rename, use_assumptions=use_assumptions)
                finally:
                    reader.close()
        source.seek(0)
        data = source.read(MAX_BYTES + 4096 + 1)
        if len(data) > MAX_BYTES + 4096:
            raise DomainError(_("{name} is larger than {size} MB: not a file this app accepts").format(
                name=name, size=MAX_BYTES // (1024 * 1024)))
        return import_bundle(store, parse_bundle(data, name), rename=rename, use_assumptions=use_assumptions)


def read_whole(path: str | Path) -> bool:
    """True for a bundle file read whole as before (plain JSON, or a one-document zip); False for a
    sealed or streamed one, which import_bundle_file reads in steps."""
    try:
        with Path(path).expanduser().open("rb") as fh:
            if is_sealed(fh.read(len(MAGIC))):
                return False
            fh.seek(0)
            return not (fh.read(4) == b"PK\x03\x04" and StreamReader.is_streamed(fh))
    except OSError:
        return True  # the whole-file reader says what is wrong
