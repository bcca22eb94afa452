"""Hostile files from others are refused fast, in bounded memory, before anything is stored."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.model import DomainError
from desktop.core.safe_csv import CsvLimits, read_rows
from desktop.core.safe_json import JsonLimits, UnsafeFileError, loads
from desktop.core.safe_zip import read_members

MB = 1_000_000


def refused(fn, data, match):
    """Call fn(data): it must raise UnsafeFileError (a DomainError) within 1 s and 50 MB."""
    started = time.perf_counter()
    with pytest.raises(UnsafeFileError, match=match) as caught:
        fn(data)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second run, traced (tracing slows it: not timed)
    try:
        with pytest.raises(UnsafeFileError):
            fn(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(caught.value, DomainError)
    assert "\n" not in str(caught.value)
    assert elapsed < 1.0, elapsed
    assert peak < 50 * MB, peak
    return caught.value


def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- JSON


HOSTILE_JSON = {
    "over the size limit": (b'{"a": "' + b"x" * (6 * MB) + b'"}', "limit is 5,000,000"),
    "10,000-deep arrays": (b"[" * 10_000 + b"]" * 10_000, "nested more than"),
    "10,000-deep objects": (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "nested more than"),
    "NaN": (b'{"overall": NaN}', "NaN"),
    "Infinity": (b'{"levers": [Infinity]}', "Infinity"),
    "-Infinity": (b'[-Infinity]', "Infinity"),
    "a float that overflows": (b'{"x": 1e999}', "out of range"),
    "duplicate keys": (b'{"name": "a", "name": "b"}', "duplicate key 'name'"),
    "a huge string": (b'{"notes": "' + b"x" * (4 * MB) + b'"}', "a text of 4,000,000"),
    "a huge key": (b'{"' + b"k" * 200_000 + b'": 1}', "key of 200,000"),
    "too many items": (b"[" + b"0," * 300_000 + b"0]", "more than 200,000 items"),
    "a flood of empty objects": (b"[" + b"{}," * 1_600_000 + b"{}]", "more than 200,000 items"),
    "a flood of short strings": (b"[" + b'"ab",' * 990_000 + b'"a"]', "more than 200,000 items"),
    "a flood of closing brackets": (b"[" + b"]" * 4_000_000, "brackets do not pair up"),
    "not UTF-8": (b'{"a": "\xff\xfe"}', "not UTF-8"),
    "not JSON": (b"{'a': 1}", "not valid JSON"),
}


@pytest.mark.parametrize("case", HOSTILE_JSON, ids=list(HOSTILE_JSON))
def test_hostile_json_is_refused_fast_in_bounded_memory(case):
    data, match = HOSTILE_JSON[case]
    refused(lambda d: loads(d, what="bundle"), data, match)


def test_brackets_inside_strings_do_not_count_as_depth():
    deep_text = "[" * 1000
    assert loads(json.dumps({"notes": deep_text, "q": 'say "hi" \\ ['})) == {"notes": deep_text, "q": 'say "hi" \\ ['}


def test_depth_at_the_limit_is_accepted():
    limits = JsonLimits(max_depth=32)
    assert loads(b"[" * 32 + b"]" * 32, limits) == json.loads("[" * 32 + "]" * 32)
    with pytest.raises(UnsafeFileError):
        loads(b"[" * 33 + b"]" * 33, limits)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_every_ordinary_document_reads_back_as_written(value):
    assert loads(json.dumps(value)) == value


# ---------------------------------------------------------------------------- CSV


HOSTILE_CSV = {
    "over the size limit": (b"a,b\n" + b"1,2\n" * (2 * MB), "limit is 5,000,000"),
    "a huge field": (b"a,b\n" + b'"' + b"x" * 300_000 + b'",2\n', "not valid CSV"),
    "NUL bytes": (b"a,b\n1,\x002\n", "NUL"),
    "too many columns": (",".join(f"c{i}" for i in range(1000)).encode() + b"\n", "1000 columns"),
    "a ragged row": (b"a,b\n1,2,3\n", "line 2: 3 fields"),
    "repeated column": (b"a,a\n1,2\n", "repeats a column"),
    "not UTF-8": (b"a,b\n\xff,2\n", "not UTF-8"),
    "too many rows": (b"a\n" + b"1\n" * 60_000, "more than 20,000 rows"),
    "empty": (b"", "header row"),
}


@pytest.mark.parametrize("case", HOSTILE_CSV, ids=list(HOSTILE_CSV))
def test_hostile_csv_is_refused_fast_in_bounded_memory(case):
    data, match = HOSTILE_CSV[case]
    refused(lambda d: read_rows(d, what="figures.csv"), data, match)


def test_ordinary_csv_reads_as_rows():
    data = "\ufeffiso3,value,note\nKEN,0.5,\"a, quoted \"\"note\"\"\"\nBRA,0.6,\n".encode()
    assert read_rows(data) == [
        {"iso3": "KEN", "value": "0.5", "note": 'a, quoted "note"'},
        {"iso3": "BRA", "value": "0.6", "note": ""},
    ]


def test_the_csv_field_limit_is_restored_afterwards():
    import csv

    before = csv.field_size_limit()
    read_rows(b"a\n1\n", CsvLimits(max_field=10))
    assert csv.field_size_limit() == before


# ---------------------------------------------------------------------------- archives


HOSTILE_ZIP = {
    "a ../ path": (_zip([("../../.bashrc", b"echo owned")]), "outside its folder"),
    "a nested ../ path": (_zip([("bundle/../../x.json", b"{}")]), "outside its folder"),
    "an absolute path": (_zip([("/etc/passwd", b"x")]), "outside its folder"),
    "a Windows path": (_zip([("..\\..\\evil.dll", b"x")]), "outside its folder"),
    "a zip bomb": (_zip([("proposal.json", b"\0" * (8 * MB))]), "suspiciously far"),
    "a member over the limit": (_zip([("proposal.json", b"\0" * (30 * MB))]), "expands to 30,000,000"),
    "too many files": (_zip([(f"f{i}.json", b"{}") for i in range(500)]), "500 files"),
    "not an archive": (b"PK\x03\x04 not really a zip", "not a zip archive"),
    "over the size limit": (b"\0" * (25 * MB), "limit is 20,000,000"),
}


@pytest.mark.parametrize("case", HOSTILE_ZIP, ids=list(HOSTILE_ZIP))
def test_hostile_archives_are_refused_fast_in_bounded_memory(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data, match = HOSTILE_ZIP[case]
    refused(lambda d: read_members(d, what="bundle.zip"), data, match)
    assert list(tmp_path.iterdir()) == []  # nothing extracted anywhere


def test_an_ordinary_archive_reads_every_member():
    data = _zip([("bundle/proposal.json", b'{"name": "x"}'), ("bundle/figures.csv", b"a\n1\n")])
    assert read_members(data) == {"bundle/proposal.json": b'{"name": "x"}', "bundle/figures.csv": b"a\n1\n"}


def test_a_hostile_file_is_refused_in_the_language_in_use():
    """The refusal is one sentence in the window's language; the file's name and the numbers are its own."""
    from desktop.core.i18n import use_language

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../evil.json", "{}")
    deep = b"[" * 40 + b"]" * 40
    with use_language("fr"):
        with pytest.raises(UnsafeFileError) as json_error:
            loads(deep, JsonLimits(max_depth=8), what="offre.json")
        with pytest.raises(UnsafeFileError) as size_error:
            loads(b"[1]" * 2000, JsonLimits(max_bytes=5000), what="offre.json")
        with pytest.raises(UnsafeFileError) as zip_error:
            read_members(buf.getvalue(), what="offre.zip")
        with pytest.raises(UnsafeFileError) as csv_error:
            read_rows(b"a,b\n1,2,3\n", what="chiffres.csv")
    assert str(json_error.value) == "offre.json : imbriqué sur plus de 8 niveaux"
    assert str(size_error.value) == "offre.json fait 6\u202f000 octets ; la limite est de 5\u202f000"
    assert str(zip_error.value) == "offre.zip contient un fichier hors de son dossier : '../evil.json'"
    assert str(csv_error.value) == "chiffres.csv ligne 2 : 3 champs, l'en-tête en a 2"
    with pytest.raises(UnsafeFileError, match=r"^offre.json is 6,000 bytes; the limit is 5,000$"):
        loads(b"[1]" * 2000, JsonLimits(max_bytes=5000), what="offre.json")
