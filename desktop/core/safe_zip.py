"""Hardened reading of zip archives from others: no `../` or absolute paths, bounded expansion."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from .i18n import _
from .safe_json import UnsafeFileError, check_size


@dataclass(frozen=True)
class ZipLimits:
    """What an outside archive may hold."""

    max_bytes: int = 20_000_000
    max_members: int = 200
    max_member_bytes: int = 10_000_000
    max_total_bytes: int = 50_000_000
    max_ratio: float = 100.0


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in PurePosixPath(name).parts


def open_archive(fh: IO[bytes], what: str) -> zipfile.ZipFile:
    """The zip archive in fh, or UnsafeFileError (one line) when it is none."""
    try:
        return zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsafeFileError(_("{what} is not a zip archive ({detail})").format(what=what, detail=exc)) from None


def check_table(infos: list[zipfile.ZipInfo], limits: ZipLimits, what: str) -> None:
    """Refuse an archive's table of files before any is read: too many files, a path outside
    its folder, a file claiming too many bytes, or compressed suspiciously far (a zip bomb)."""
    if len(infos) > limits.max_members:
        raise UnsafeFileError(_("{what} has {count} files; the limit is {limit}").format(what=what, count=len(infos), limit=limits.max_members))
    for info in infos:
        if not _safe_name(info.filename):
            raise UnsafeFileError(_("{what} holds a file outside its folder: {member!r}").format(what=what, member=info.filename[:80]))
        if info.file_size > limits.max_member_bytes:
            raise UnsafeFileError(_("{what}: {member!r} expands to {size:,.0f} bytes").format(what=what, member=info.filename[:80], size=info.file_size))
        if info.file_size > 1000 and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise UnsafeFileError(_("{what}: {member!r} is compressed suspiciously far (a zip bomb?)").format(
                what=what, member=info.filename[:80]))


def read_members(data: bytes, limits: ZipLimits = ZipLimits(), what: str = "archive") -> dict[str, bytes]:
    """Every file in the archive by name, or raise UnsafeFileError; nothing is written to disk."""
    check_size(len(data), limits.max_bytes, what)
    archive = open_archive(io.BytesIO(data), what)
    with archive:
        infos = archive.infolist()
        check_table(infos, limits, what)
        out: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            # Read in bounded chunks: the sizes in the header are the sender's claim, not a fact.
            chunks, size = [], 0
            try:
                with archive.open(info) as member:
                    while chunk := member.read(65536):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.max_member_bytes or total > limits.max_total_bytes:
                            raise UnsafeFileError(_("{what} expands past {limit:,.0f} bytes").format(what=what, limit=limits.max_total_bytes))
                        chunks.append(chunk)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                raise UnsafeFileError(_("{what}: cannot read {member!r} ({detail})").format(what=what, member=info.filename[:80], detail=exc)) from None
            out[info.filename] = b"".join(chunks)
        return out
