"""Hardened CSV reading for files from others: size, row and column counts, field length, encoding."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .safe_json import UnsafeFileError


@dataclass(frozen=True)
class CsvLimits:
    """What an outside CSV may be."""

    max_bytes: int = 5_000_000
    max_rows: int = 20_000
    max_columns: int = 200
    max_field: int = 100_000


def read_rows(data: bytes, limits: CsvLimits = CsvLimits(), what: str = "file") -> list[dict[str, str]]:
    """Rows as dicts keyed by the header, or raise UnsafeFileError naming the first problem."""
    if len(data) > limits.max_bytes:
        raise UnsafeFileError(f"{what} is {len(data):,} bytes; the limit is {limits.max_bytes:,}")
    if b"\0" in data:
        raise UnsafeFileError(f"{what} is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(f"{what} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    # The field limit is enforced by csv itself while reading, before a huge field is built.
    previous = csv.field_size_limit(limits.max_field)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise UnsafeFileError(f"{what} is empty: a header row is needed")
            if len(header) > limits.max_columns:
                raise UnsafeFileError(f"{what} has {len(header)} columns; the limit is {limits.max_columns}")
            if len(set(header)) != len(header):
                raise UnsafeFileError(f"{what} repeats a column name in its header")
            rows = []
            for number, row in enumerate(reader, start=2):
                if len(rows) >= limits.max_rows:
                    raise UnsafeFileError(f"{what} has more than {limits.max_rows:,} rows")
                if not row:
                    continue
                if len(row) != len(header):
                    raise UnsafeFileError(f"{what} line {number}: {len(row)} fields, the header has {len(header)}")
                rows.append(dict(zip(header, row, strict=True)))
        except csv.Error as exc:
            raise UnsafeFileError(f"{what} is not valid CSV (line {reader.line_num}: {exc})") from None
    finally:
        csv.field_size_limit(previous)
    return rows
