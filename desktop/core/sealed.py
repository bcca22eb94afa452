"""Sealed (passphrase-encrypted) bundle files (issue 14).

Library and format: `cryptography` (pyca), the key derived from the passphrase with scrypt
(RFC 7914; N = 2^17, r = 8, p = 1, a random 16-byte salt) and the bundle sealed with AES-256-GCM
(a random 96-bit nonce; the header is authenticated as associated data, so neither the header nor
the ciphertext can be altered unnoticed). age (pyrage) was the first choice but is not in the
package registry this project installs from.

File layout: the magic line, a one-line JSON header (format, version, kdf and its parameters,
salt, cipher, nonce; no names, no content), then the ciphertext of the plain bundle file bytes
(JSON or zip). Nothing of the bundle is readable without the passphrase.
"""

from __future__ import annotations

import base64
import json
import os

from .model import DomainError

MAGIC = b"AI-EXPORT-DESK-SEALED-BUNDLE\n"
FORMAT = "ai-export-desk-sealed-bundle"
VERSION = 1
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
        raise DomainError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")


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


def unseal(data: bytes, passphrase: str | None, name: str = "bundle") -> bytes:
    """The plain bundle bytes of a sealed file; PassphraseNeeded / WrongPassphrase / DomainError."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if not is_sealed(data) or end < 0:
        raise DomainError(f"{name} is not a sealed AI Export Desk bundle")
    head = data[: end + 1]
    try:
        h = json.loads(head[len(MAGIC):].decode("ascii"))
        ok = (isinstance(h, dict) and h.get("format") == FORMAT and h.get("kdf") == "scrypt"
              and h.get("cipher") == "AES-256-GCM")
        if ok and h.get("version") != VERSION:
            raise DomainError(f"{name} is sealed with format version {h.get('version')}; this app reads version {VERSION}")
        n, r, p = int(h["n"]), int(h["r"]), int(h["p"])
        salt, nonce = base64.b64decode(h["salt"], validate=True), base64.b64decode(h["nonce"], validate=True)
        ok = ok and 2**14 <= n <= 2**20 and n & (n - 1) == 0 and r == SCRYPT_R and p == SCRYPT_P
        ok = ok and len(salt) == 16 and len(nonce) == 12
    except DomainError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise DomainError(f"{name} has a damaged or unknown seal header")
    if passphrase is None:
        raise PassphraseNeeded(f"{name} is encrypted: give its passphrase (--passphrase-file FILE)")
    try:
        return AESGCM(_key(passphrase, salt, n, r, p)).decrypt(nonce, data[end + 1:], head)
    except InvalidTag:
        raise WrongPassphrase(f"wrong passphrase for {name} (or the file was altered): nothing was imported") from None
