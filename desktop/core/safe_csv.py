"""Hardened CSV reading for files from others: size, row and column counts, field length, encoding."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .i18n import _
from .safe_json import UnsafeFileError, check_size


@dataclass(frozen=True)
class CsvLimits:
    """What an outside CSV may be."""

    max_bytes: int = 5_000_000
    max_rows: int = 20_000
    max_columns: int = 200
    max_field: int = 100_000


def read_table(data: bytes, limits: CsvLimits = CsvLimits(), what: str = "file") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and every non-blank record as (line number, fields), or raise UnsafeFileError.

    Every safety check lives here (size, NUL bytes, encoding, field length, row and column counts,
    malformed quoting). Records whose field count differs from the header's are returned as they
    are, so an importer that reports every bad row can list them; `read_rows` refuses them.
    The line number is the file line on which the record ends.
    """
    check_size(len(data), limits.max_bytes, what)
    if b"\0" in data:
        raise UnsafeFileError(_("{what} is not a text file (it contains NUL bytes)").format(what=what))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(_("{what} is not UTF-8 text ({reason} at byte {position})").format(what=what, reason=exc.reason, position=exc.start)) from None
    # The field limit is enforced by csv itself while reading, before a huge field is built.
    previous = csv.field_size_limit(limits.max_field)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise UnsafeFileError(_("{what} is empty: a header row is needed").format(what=what))
            if len(header) > limits.max_columns:
                raise UnsafeFileError(_("{what} has {count} columns; the limit is {limit}").format(what=what, count=len(header), limit=limits.max_columns))
            if len(set(header)) != len(header):
                raise UnsafeFileError(_("{what} repeats a column name in its header").format(what=what))
            records: list[tuple[int, list[str]]] = []
            for row in reader:
                if not row:
                    continue
                if len(records) >= limits.max_rows:
                    raise UnsafeFileError(_("{what} has more than {limit:,.0f} rows").format(what=what, limit=limits.max_rows))
                if len(row) > limits.max_columns:
                    raise UnsafeFileError(_("{what} line {line}: {count} fields; the limit is {limit}").format(
                        what=what, line=reader.line_num, count=len(row), limit=limits.max_columns))
                records.append((reader.line_num, row))
        except csv.Error as exc:
            raise UnsafeFileError(_("{what} is not valid CSV (line {line}: {detail})").format(what=what, line=reader.line_num, detail=exc)) from None
    finally:
        csv.field_size_limit(previous)
    return header, records


def read_rows(data: bytes, limits: CsvLimits = CsvLimits(), what: str = "file") -> list[dict[str, str]]:
    """Rows as dicts keyed by the header, or raise UnsafeFileError naming the first problem."""
    header, records = read_table(data, limits, what)
    rows = []
    for line, row in records:
        if len(row) != len(header):
            raise UnsafeFileError(_("{what} line {line}: {count} fields, the header has {columns}").format(
                what=what, line=line, count=len(row), columns=len(header)))
        rows.append(dict(zip(header, row, strict=True)))
    return rows
