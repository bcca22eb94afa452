"""Sealed (passphrase-encrypted) bundle files (issue 14).

Library and format: `cryptography` (pyca), the key derived from the passphrase with scrypt
(RFC 7914; N = 2^17, r = 8, p = 1, a random 16-byte salt) and the bundle sealed with AES-256-GCM
(a random 96-bit nonce; the header is authenticated as associated data, so neither the header nor
the ciphertext can be altered unnoticed). age (pyrage) was the first choice but is not in the
package registry this project installs from.

File layout: the magic line, a one-line JSON header (format, version, kdf and its parameters,
salt, cipher, nonce; no names, no content), then the ciphertext of the plain bundle file bytes
(JSON or zip). Nothing of the bundle is readable without the passphrase.

Version 2 (issue 16, streamed bundles of any size in bounded memory) seals in chunks: the header
adds `chunk` (plain bytes per chunk) and its nonce is a 7-byte prefix; chunk i is sealed with the
nonce prefix ‖ i (4 bytes, big-endian) ‖ 1 for the last chunk and 0 before it, the header as
associated data (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár), so chunks
cannot be reordered, dropped or the file cut short unnoticed. Version 1 files still open.
"""

from __future__ import annotations

import base64
import io
import json
import os
from typing import IO

from .i18n import _
from .model import DomainError

MAGIC = b"AI-EXPORT-DESK-SEALED-BUNDLE\n"
FORMAT = "ai-export-desk-sealed-bundle"
VERSION = 1  # one AES-GCM message (small bundles)
STREAM_VERSION = 2  # chunked (streamed bundles)
VERSIONS = (VERSION, STREAM_VERSION)
CHUNK = 1024 * 1024
TAG = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MAX_HEADER = 1024
MIN_PASSPHRASE = 8


class PassphraseNeeded(DomainError):
    """The file is sealed and no passphrase was given."""


class WrongPassphrase(DomainError):
    """The passphrase does not open the file (or the file was altered)."""


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise DomainError(_("the passphrase must have at least {count} characters").format(count=MIN_PASSPHRASE))


def seal(data: bytes, passphrase: str, *, n: int = SCRYPT_N) -> bytes:
    """The sealed file bytes of plain bundle bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": FORMAT, "version": VERSION, "kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode("ascii"), "cipher": "AES-256-GCM",
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    head = MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    return head + AESGCM(_key(passphrase, salt, n, SCRYPT_R, SCRYPT_P)).encrypt(nonce, data, head)


def seal_stream(src: IO[bytes], dst: IO[bytes], passphrase: str, *, n: int = SCRYPT_N, chunk: int = CHUNK) -> None:
    """Seal a plain bundle file read from src into dst, chunk by chunk (version 2)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    salt, prefix = os.urandom(16), os.urandom(7)
    header = {
        "format": FORMAT, "version": STREAM_VERSION, "kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode("ascii"), "cipher": "AES-256-GCM",
        "nonce": base64.b64encode(prefix).decode("ascii"), "chunk": chunk,
    }
    head = MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    dst.write(head)
    aead = AESGCM(_key(passphrase, salt, n, SCRYPT_R, SCRYPT_P))
    block, i = src.read(chunk), 0
    while True:
        following = src.read(chunk) if len(block) == chunk else b""
        last = not following
        dst.write(aead.encrypt(prefix + i.to_bytes(4, "big") + (b"\x01" if last else b"\x00"), block, head))
        if last:
            return
        block, i = following, i + 1


def _header(start: bytes, name: str) -> tuple[bytes, dict]:
    """The header line (as authenticated) and its checked fields, from the file's first bytes."""
    end = start.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if not is_sealed(start) or end < 0:
        raise DomainError(_("{name} is not a sealed AI Export Desk bundle").format(name=name))
    head = start[: end + 1]
    try:
        h = json.loads(head[len(MAGIC):].decode("ascii"))
        ok = (isinstance(h, dict) and h.get("format") == FORMAT and h.get("kdf") == "scrypt"
              and h.get("cipher") == "AES-256-GCM")
        if ok and h.get("version") not in VERSIONS:
            raise DomainError(_("{name} is sealed with format version {version}; this app reads versions {versions}").format(
                name=name, version=h.get("version"), versions=", ".join(map(str, VERSIONS))))
        n, r, p = int(h["n"]), int(h["r"]), int(h["p"])
        salt, nonce = base64.b64decode(h["salt"], validate=True), base64.b64decode(h["nonce"], validate=True)
        ok = ok and 2**14 <= n <= 2**20 and n & (n - 1) == 0 and r == SCRYPT_R and p == SCRYPT_P
        ok = ok and len(salt) == 16 and len(nonce) == (12 if h["version"] == VERSION else 7)
        if ok and h["version"] == STREAM_VERSION:
            chunk = h.get("chunk")
            ok = isinstance(chunk, int) and not isinstance(chunk, bool) and 4096 <= chunk <= 16 * 1024 * 1024
    except DomainError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise DomainError(_("{name} has a damaged or unknown seal header").format(name=name))
    return head, dict(h, salt=salt, nonce=nonce)


def unseal_stream(src: IO[bytes], dst: IO[bytes], passphrase: str | None, name: str = "bundle", limit: int | None = None) -> None:
    """Write the plain bundle bytes of a sealed file (either version) to dst; PassphraseNeeded / WrongPassphrase / DomainError.

    limit: the most plain bytes accepted (a larger file is refused before it is all read).
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    start = src.read(len(MAGIC) + MAX_HEADER)
    head, h = _header(start, name)
    if passphrase is None:
        raise PassphraseNeeded(_("{name} is encrypted: give its passphrase (--passphrase-file FILE)").format(name=name))
    aead = AESGCM(_key(passphrase, h["salt"], h["n"], h["r"], h["p"]))
    rest = io.BytesIO(start[len(head):])
    wrong = f"wrong passphrase for {name} (or the file was altered): nothing was imported"
    too_big = f"{name} holds more than {limit or 0:,} bytes: not read"
    if h["version"] == VERSION:
        body = rest.read() + src.read((limit or 2**40) + TAG + 1)
        if limit is not None and len(body) > limit + TAG:
            raise DomainError(too_big)
        try:
            dst.write(aead.decrypt(h["nonce"], body, head))
        except InvalidTag:
            raise WrongPassphrase(wrong) from None
        return
    size = h["chunk"] + TAG

    def piece() -> bytes:
        got = rest.read(size)
        return got + src.read(size - len(got)) if len(got) < size else got

    block, i, total = piece(), 0, 0
    while True:
        following = piece() if len(block) == size else b""
        last = not following
        try:
            plain = aead.decrypt(h["nonce"] + i.to_bytes(4, "big") + (b"\x01" if last else b"\x00"), block, head)
        except InvalidTag:
            raise WrongPassphrase(wrong) from None
        total += len(plain)
        if limit is not None and total > limit:
            raise DomainError(too_big)
        dst.write(plain)
        if last:
            return
        block, i = following, i + 1


def unseal(data: bytes, passphrase: str | None, name: str = "bundle") -> bytes:
    """The plain bundle bytes of a sealed file; PassphraseNeeded / WrongPassphrase / DomainError."""
    out = io.BytesIO()
    unseal_stream(io.BytesIO(data), out, passphrase, name)
    return out.getvalue()
