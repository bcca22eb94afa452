"""File I/O without Qt: atomic writes (temp file, fsync, os.replace) and size-limited reads of outside files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Callable

from .core.i18n import _
from .core.model import DomainError


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write data to path so that readers see the old file or the new one, never a partial one.

    A failure (folder not writable, disk full) raises DomainError and leaves an existing file
    byte-identical.
    """
    return atomic_write_stream(path, lambda fh: fh.write(data))


def atomic_write_stream(path: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> Path:
    """atomic_write_bytes for content written by write(fh) as it is made (a streamed bundle)."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise DomainError(_("{path} is a folder, not a file").format(path=target))
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise DomainError(_("cannot write {path}: {error}").format(path=target, error=exc.strerror or exc)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """An outside file's bytes, refusing one larger than limit without reading more than limit + 1 bytes.

    The content checks (JSON, CSV, zip) are then done by desktop.core.safe_json/safe_csv/safe_zip.
    """
    p = Path(path).expanduser()
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DomainError(_("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from None
    if len(data) > limit:
        raise DomainError(_("{name} is larger than {size} MB: not a file this app accepts").format(
            name=p.name, size=limit // (1024 * 1024)))
    return data
