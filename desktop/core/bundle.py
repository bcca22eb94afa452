"""Proposal bundles: the file format, and parsing that refuses anything hostile before it is used.

A bundle is one JSON document (optionally the single member of a .zip) with a schema version.
Parsing is layered: the shared hardened readers (`safe_zip` for a .zip, `safe_json` for the
JSON: size, nesting depth without recursion, duplicate keys, NaN/Infinity, huge strings) refuse
hostile bytes first; then pydantic models (types, ranges, unknown fields) do the validation. Checks that need the database (countries, measures, assumption keys, names) are in
`desktop.store.exchange`.

Editions (schema 4, issue 14): an internal bundle carries everything (for a colleague: seal it
with a passphrase, `desktop.core.sealed`); a counterpart bundle (`counterpart_bundle`) keeps only
the proposal fields the audience registry marks safe (the offer: levers, measures, components,
deal terms, description, destination status) and no assumption set, snapshot, note, red line,
change log, program or parent. A bundle file is plain JSON or zip, or either sealed.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from .audience import safe
from .i18n import _
from .model import (
    BANDS,
    COMPONENTS,
    FINANCING_KINDS,
    LAYERS,
    LEVERS,
    MAX_SCALE,
    PARTIES,
    SCREEN_BANDS,
    SUPPORT,
    DomainError,
)
from .safe_json import JsonLimits, UnsafeFileError, loads
from .safe_zip import ZipLimits, read_members
from .sealed import is_sealed, seal, unseal
from .text import NOTES_MAX

FORMAT = "ai-export-desk-bundle"
# 2: a proposal's Program fields and the destination status it was assessed under;
# snapshot bands Blocked (denial). Schema 1 bundles still import.
# 4 (issue 14): the edition (internal | counterpart); a counterpart bundle has no assumption set.
SCHEMA_VERSION = 4
EDITIONS = ("internal", "counterpart")
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 24
ZIP_MEMBER = "bundle.json"

Lever = Annotated[StrictInt, Field(ge=0, le=100)]
Number = StrictFloat | StrictInt
Name = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Text = Annotated[StrictStr, Field(max_length=NOTES_MAX)]  # the notes a proposal may hold (core.text)
Short = Annotated[StrictStr, Field(max_length=2_000)]
Stamp = Annotated[StrictStr, Field(max_length=40)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AssumptionRow(_Model):
    key: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    value: Number
    description: Short
    source: Short
    low: Number
    high: Number
    unit: Annotated[StrictStr, Field(max_length=40)] = ""

    @field_validator("value", "low", "high")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v) or abs(v) > 1e9:
            raise ValueError("must be a finite number of sensible size")
        return v


class AssumptionSetData(_Model):
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    name: Name
    note: Short = ""
    rows: Annotated[list[AssumptionRow], Field(min_length=1, max_length=5_000)]

    @model_validator(mode="after")
    def _unique_keys(self) -> AssumptionSetData:
        keys = [r.key for r in self.rows]
        if len(set(keys)) != len(keys):
            raise ValueError("assumption keys must be unique within a set")
        return self

    def values(self) -> dict[str, float]:
        return {r.key: float(r.value) for r in self.rows}


Digest = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]


class RecipeData(_Model):
    """A compact state's recipe (schema 5): its inputs by digest (entries inputs/<digest>.json) and its day."""

    offer: Digest
    country: Digest
    as_of: Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class SnapshotData(_Model):
    created: Stamp
    assumptions_version: Annotated[StrictInt, Field(ge=1)]
    levers: dict[Literal["security", "resilience", "openness", "partnership"], Lever]
    overall: Annotated[Number, Field(ge=0, le=100)]
    band: Literal[BANDS + SCREEN_BANDS]  # type: ignore[valid-type]
    result: dict[str, Any] | None = None  # schema 5: None for a compact state (its recipe instead)
    measures: Annotated[list[Annotated[StrictStr, Field(max_length=80)]], Field(max_length=100)] | None = None
    recipe: RecipeData | None = None

    @model_validator(mode="after")
    def _one_form(self) -> SnapshotData:
        if (self.result is None) == (self.recipe is None):
            raise ValueError("a snapshot carries either its result or its recipe")
        if self.recipe is not None and self.measures is None:
            raise ValueError("a snapshot's recipe needs its measures")
        return self


class ChangeData(_Model):
    """One change-log entry (bundles from before the change log carry none)."""

    when: Stamp = ""
    change: Short
    reason: Short = ""
    private: StrictBool = False


Iso3 = Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
Party = Literal[PARTIES] | None  # type: ignore[valid-type]


class MemberData(_Model):
    name: Name
    home: Iso3
    layers: Annotated[list[Literal[LAYERS]], Field(min_length=1, max_length=len(LAYERS))]  # type: ignore[valid-type]
    anchor: StrictBool = False


class ProgramData(_Model):
    """The AI Exports Program fields (schema 2)."""

    members: Annotated[list[MemberData], Field(max_length=50)] = []
    us_content: Annotated[Number, Field(ge=0, le=1)] | None = None
    build: Party = None
    own: Party = None
    operate: Party = None
    support: Annotated[list[Literal[SUPPORT]], Field(max_length=len(SUPPORT))] | None = None  # type: ignore[valid-type]
    buyer_home: Iso3 | None = None
    target_bloc: Annotated[StrictStr, Field(min_length=1, max_length=40)] | None = None


class ScreenSourceData(_Model):
    key: Annotated[StrictStr, Field(max_length=20)]
    title: Short
    url: Short
    date: Annotated[StrictStr, Field(max_length=80)]


class ScreenData(_Model):
    """The destination status a proposal was assessed under when exported (schema 2; for the record)."""

    model_config = ConfigDict(extra="ignore", frozen=True)  # later fields of the screen are kept out, not refused
    status: Literal["embargoed", "denial", "licence", "eligible"]
    groups: Annotated[list[Annotated[StrictStr, Field(max_length=10)]], Field(max_length=40)]
    reason: Short
    financing: Literal["no", "limited", "yes"]
    sources: Annotated[list[ScreenSourceData], Field(max_length=60)]
    as_of: Annotated[StrictStr, Field(max_length=40)]


class DealData(_Model):
    """The deal terms (schema 3); a bundle without them imports with the documented defaults."""

    value_musd: Annotated[Number, Field(gt=0, le=1_000_000)]
    term_years: Annotated[StrictInt, Field(ge=1, le=30)]
    price: Annotated[Number, Field(ge=0.5, le=1.5)]
    compute_mw: Annotated[Number, Field(ge=0, le=100_000)] | None = None
    accelerators: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None
    financing: Literal[FINANCING_KINDS]  # type: ignore[valid-type]
    financing_share: Annotated[Number, Field(ge=0, le=1)]


class ProposalData(_Model):
    name: Name
    country: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
    levers: dict[Literal["security", "resilience", "openness", "partnership"], Lever]
    measures: Annotated[list[Annotated[StrictStr, Field(max_length=80)]], Field(max_length=100)] = []
    components: dict[Literal[COMPONENTS], Annotated[StrictInt, Field(ge=0, le=MAX_SCALE)]]  # type: ignore[valid-type]
    red_lines: dict[Literal["security", "resilience", "openness", "partnership"], tuple[Lever, Lever]] = {}
    notes: Text = ""
    description: Text = ""
    assumptions_version: Annotated[StrictInt, Field(ge=1)] | None = None  # None: a counterpart bundle's
    parent: Name | None = None
    snapshots: Annotated[list[SnapshotData], Field(max_length=1_000)] = []
    change_log: Annotated[list[ChangeData], Field(max_length=10_000)] = []
    program: ProgramData | None = None
    screen: ScreenData | None = None
    deal: DealData | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ProposalData:
        if set(self.levers) != set(LEVERS):
            raise ValueError(f"levers must be exactly {', '.join(LEVERS)}")
        if len(set(self.measures)) != len(self.measures):
            raise ValueError("a measure is listed twice")
        for lever, (lo, hi) in self.red_lines.items():
            if lo > hi:
                raise ValueError(f"red line for {lever} has min > max")
        return self


class Bundle(_Model):
    format: Literal["ai-export-desk-bundle"]
    schema_version: Literal[1, 2, 3, 4]
    app_version: Annotated[StrictStr, Field(max_length=40)]
    exported: Stamp
    edition: Literal[EDITIONS] = "internal"  # type: ignore[valid-type]
    assumption_sets: Annotated[list[AssumptionSetData], Field(max_length=20)]
    proposals: Annotated[list[ProposalData], Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _references(self) -> Bundle:
        if self.edition == "counterpart":
            for p in self.proposals:
                private = private_fields(p)
                if private:
                    raise ValueError(f"a counterpart bundle carries internal fields ({', '.join(private)}) of {p.name!r}")
            if self.assumption_sets:
                raise ValueError("a counterpart bundle carries no assumption set")
            return self
        if not self.assumption_sets:
            raise ValueError("assumption_sets: an internal bundle needs at least one assumption set")
        if any(p.assumptions_version is None for p in self.proposals):
            raise ValueError("each proposal of an internal bundle names its assumption set version")
        versions = [s.version for s in self.assumption_sets]
        if len(set(versions)) != len(versions):
            raise ValueError("assumption set versions must be unique")
        names = [p.name for p in self.proposals]
        if len(set(names)) != len(names):
            raise ValueError("proposal names must be unique within a bundle")
        for p in self.proposals:
            check_references(p, set(versions), set(names))
            if any(s.recipe is not None for s in p.snapshots):
                raise ValueError(f"proposal {p.name!r}: recipes are for streamed bundles (schema 5)")
        return self


def check_references(p: ProposalData, versions: set[int], names: set[str]) -> None:
    """A proposal of an internal bundle names only assumption sets and parents the bundle holds (ValueError)."""
    refs = {p.assumptions_version} | {s.assumptions_version for s in p.snapshots}
    missing = sorted(refs - versions)
    if missing:
        raise ValueError(f"proposal {p.name!r} refers to assumption set {missing[0]}, which is not in the bundle")
    if p.parent is not None and p.parent not in names:
        raise ValueError(f"proposal {p.name!r} has parent {p.parent!r}, which is not in the bundle")


def private_fields(p: ProposalData) -> list[str]:
    """The fields of a proposal that the audience registry does not mark safe for the counterpart, if set."""
    return [k for k in ProposalData.model_fields if getattr(p, k) != ProposalData.model_fields[k].default
            and not safe(f"proposal.{k}")]


class ManifestEntry(_Model):
    name: Name
    entry: Annotated[StrictStr, Field(pattern=r"^proposals/\d{6}\.json$")]


class Manifest(_Model):
    """A streamed bundle's manifest (schema 5, core.bundle_stream): all but the proposals themselves."""

    format: Literal["ai-export-desk-bundle"]
    schema_version: Literal[5]
    app_version: Annotated[StrictStr, Field(max_length=40)]
    exported: Stamp
    edition: Literal[EDITIONS] = "internal"  # type: ignore[valid-type]
    assumption_sets: Annotated[list[AssumptionSetData], Field(max_length=1_000)]
    proposals: Annotated[list[ManifestEntry], Field(min_length=1, max_length=10_000)]

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        if self.edition == "counterpart" and self.assumption_sets:
            raise ValueError("a counterpart bundle carries no assumption set")
        if self.edition == "internal" and not self.assumption_sets:
            raise ValueError("assumption_sets: an internal bundle needs at least one assumption set")
        versions = [s.version for s in self.assumption_sets]
        if len(set(versions)) != len(versions):
            raise ValueError("assumption set versions must be unique")
        for what, items in (("proposal names", [p.name for p in self.proposals]), ("entries", [p.entry for p in self.proposals])):
            if len(set(items)) != len(items):
                raise ValueError(f"{what} must be unique within a bundle")
        return self

    def check(self, p: ProposalData, name: str) -> None:
        """One proposal entry against the manifest (its name, edition and references): ValueError."""
        if p.name != name:
            raise ValueError(f"entry of {name!r} holds a proposal named {p.name!r}")
        if self.edition == "counterpart":
            if private_fields(p):
                raise ValueError(f"a counterpart bundle carries internal fields ({', '.join(private_fields(p))}) of {p.name!r}")
            return
        if p.assumptions_version is None:
            raise ValueError("each proposal of an internal bundle names its assumption set version")
        check_references(p, {s.version for s in self.assumption_sets}, {e.name for e in self.proposals})


# ---------------------------------------------------------------------------- parsing


# Every outside byte goes through the shared hardened readers (one implementation of the size,
# nesting, NaN/Infinity, duplicate-key, huge-string and zip checks); this module adds the format.
JSON_LIMITS = JsonLimits(max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)
ZIP_LIMITS = ZipLimits(max_bytes=MAX_BYTES, max_members=16, max_member_bytes=MAX_BYTES, max_total_bytes=MAX_BYTES)


def read_bytes(data: bytes, name: str = "bundle") -> bytes:
    """The JSON bytes of a bundle file (unzipping a .zip with one bundle.json), size-limited."""
    if data[:4] != b"PK\x03\x04":
        return data  # safe_json.loads checks the size
    members = read_members(data, ZIP_LIMITS, name)
    if list(members) != [ZIP_MEMBER]:
        raise UnsafeFileError(_("{name} is a zip, but not a bundle (it must hold exactly {member})").format(name=name, member=ZIP_MEMBER))
    return members[ZIP_MEMBER]


def counterpart_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """The counterpart edition of a bundle dict: each proposal's safe fields only (audience registry)."""
    out = {k: v for k, v in bundle.items() if k not in ("assumption_sets", "proposals", "edition")}
    out["edition"] = "counterpart"
    out["assumption_sets"] = []
    out["proposals"] = [{k: v for k, v in p.items() if safe(f"proposal.{k}")} for p in bundle["proposals"]]
    return out


def parse_bundle(data: bytes, name: str = "bundle", passphrase: str | None = None) -> Bundle:
    """A validated Bundle from file bytes (sealed ones opened with the passphrase), or DomainError (one line)."""
    if is_sealed(data):
        data = unseal(data, passphrase, name)
    raw = loads(read_bytes(data, name), JSON_LIMITS, name)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DomainError(_("{name} is not an AI Export Desk bundle").format(name=name))
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise DomainError(
            f"{name} uses bundle schema {version}; this app reads schema {SCHEMA_VERSION}: "
            f"install an AI Export Desk that reads bundle schema {version} to import it"
        )
    try:
        return Bundle.model_validate(raw)
    except ValidationError as exc:
        raise DomainError(_("{name} is not a valid bundle: {detail}").format(name=name, detail=_first_error(exc))) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "top level"
    count = exc.error_count()
    more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
    return f"{where}: {err['msg']}{more}"


def dump_bundle(bundle: dict[str, Any], as_zip: bool = False, passphrase: str | None = None) -> bytes:
    """The file bytes of a bundle dict (validated first, so the app never writes a bad one); sealed with a passphrase.

    A bundle that import would refuse (a list or text over its limit, over MAX_BYTES in all) is not
    written: DomainError says which limit, in one line.
    """
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise DomainError(_("not written: import would refuse this bundle ({detail}); export fewer proposals").format(detail=_first_error(exc))) from None
    text = json.dumps(bundle, indent=2, ensure_ascii=False, sort_keys=False, allow_nan=False).encode("utf-8")
    if len(text) > MAX_BYTES:
        raise DomainError(
            f"not written: the bundle would be {len(text) / 1e6:.1f} MB and import reads at most {MAX_BYTES / 1e6:.1f} MB;"
            " export fewer proposals at a time"
        )
    if not as_zip:
        return text if passphrase is None else seal(text, passphrase)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(ZIP_MEMBER, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, text)
    return out.getvalue() if passphrase is None else seal(out.getvalue(), passphrase)
