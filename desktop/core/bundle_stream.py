"""Streamed bundles (schema 5, issue 16): one zip entry per proposal, written and read one at a time.

A streamed bundle is a zip holding `manifest.json` (format, schema 5, edition, the assumption sets,
the proposals' names and their entry names), one `proposals/NNNNNN.json` per proposal (the
ProposalData of core.bundle, snapshots included) and, for compact states, `inputs/<sha256>.json`
(a country version or an offer's inputs, core.state_codec; written once, shared by every state
that uses it). A compact snapshot carries `recipe` = {"offer", "country", "as_of"} (digests)
instead of `result`. Memory stays bounded by one entry, whatever the number of proposals.

Reading goes through the same hardened checks as any outside zip (names, member count, sizes,
compression ratio, chunked reads that do not trust the header) and each entry through safe_json
and the pydantic models; the limits are per entry, and on the whole archive.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Iterator

from .i18n import _
from .model import DomainError
from .safe_json import JsonLimits, UnsafeFileError, loads
from .safe_zip import ZipLimits, check_table, open_archive

SCHEMA_VERSION = 5
MANIFEST = "manifest.json"
MAX_PROPOSALS = 10_000
ENTRY_BYTES = 8 * 1024 * 1024  # one proposal with 1,000 settled states is ~1 MB
LIMITS = ZipLimits(max_bytes=2 * 1024**3, max_members=3 * MAX_PROPOSALS + 10, max_member_bytes=ENTRY_BYTES,
                   max_total_bytes=2 * 1024**3, max_ratio=100.0)
ENTRY_JSON = JsonLimits(max_bytes=ENTRY_BYTES, max_depth=24)
_INPUT = re.compile(r"^inputs/[0-9a-f]{64}\.json$")
_PROPOSAL = re.compile(r"^proposals/\d{6}\.json$")


def proposal_entry(i: int) -> str:
    return f"proposals/{i:06d}.json"


def input_entry(digest: str) -> str:
    return f"inputs/{digest}.json"


class StreamWriter:
    """Writes a streamed bundle to a binary file object, one entry at a time (the manifest last)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self._written: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self._written

    def add(self, name: str, data: Any) -> None:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        text = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        if len(text) > ENTRY_BYTES:
            raise DomainError(_("not written: {name} would be {size:.1f} MB, over the {limit:.0f} MB an entry may hold").format(
                name=name, size=len(text) / 1e6, limit=ENTRY_BYTES / 1e6))
        self._zip.writestr(info, text)
        self._written.add(name)

    def close(self) -> None:
        self._zip.close()


@dataclass(frozen=True)
class _Entry:
    name: str
    size: int


class StreamReader:
    """A streamed bundle opened for reading: its checked table of entries; each entry read on demand."""

    def __init__(self, fh: IO[bytes], what: str = "bundle", limits: ZipLimits = LIMITS) -> None:
        self.what = what
        self._zip = open_archive(fh, what)
        infos = self._zip.infolist()
        check_table(infos, limits, what)
        total = 0
        self._entries: dict[str, _Entry] = {}
        for info in infos:
            name = info.filename
            if name != MANIFEST and not _INPUT.match(name) and not _PROPOSAL.match(name):
                raise UnsafeFileError(_("{what} holds a file a bundle does not: {member!r}").format(what=what, member=name[:80]))
            if name in self._entries:
                raise UnsafeFileError(_("{what} holds {member!r} twice").format(what=what, member=name[:80]))
            total += info.file_size
            self._entries[name] = _Entry(name, info.file_size)
        if total > limits.max_total_bytes:
            raise UnsafeFileError(_("{what} expands to {size:,.0f} bytes; the limit is {limit:,.0f}").format(
                what=what, size=total, limit=limits.max_total_bytes))
        if MANIFEST not in self._entries:
            raise UnsafeFileError(_("{what} is a zip, but not a streamed bundle (no {manifest})").format(what=what, manifest=MANIFEST))
        self._limits = limits

    @staticmethod
    def is_streamed(fh: IO[bytes]) -> bool:
        """True when a zip file holds a manifest (a schema-5 bundle), False for an older one-document zip."""
        try:
            with zipfile.ZipFile(fh) as zf:
                return MANIFEST in zf.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
        finally:
            fh.seek(0)

    def has(self, name: str) -> bool:
        return name in self._entries

    def read(self, name: str) -> Any:
        """One entry's JSON (bounded read: the header's size is the sender's claim, not a fact)."""
        if name not in self._entries:
            raise DomainError(_("{what} lacks {member!r}, which its manifest names").format(what=self.what, member=name[:80]))
        chunks, size = [], 0
        try:
            with self._zip.open(name) as member:
                while chunk := member.read(65536):
                    size += len(chunk)
                    if size > self._limits.max_member_bytes:
                        raise UnsafeFileError(_("{what}: {member!r} expands past {limit:,.0f} bytes").format(
                            what=self.what, member=name[:80], limit=self._limits.max_member_bytes))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise UnsafeFileError(_("{what}: cannot read {member!r} ({detail})").format(what=self.what, member=name[:80], detail=exc)) from None
        return loads(b"".join(chunks), ENTRY_JSON, f"{self.what}: {name[:80]}")

    def proposals(self, names: list[str]) -> Iterator[Any]:
        """Each proposal entry's JSON, in the manifest's order."""
        for name in names:
            if not _PROPOSAL.match(name):
                raise DomainError(_("{what}: the manifest names {member!r}, not a proposal entry").format(what=self.what, member=name[:80]))
            yield self.read(name)

    def close(self) -> None:
        self._zip.close()
