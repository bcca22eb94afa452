"""Checks on the analyst-estimate sovereignty profiles seed (db/seed/sovereignty_profiles.json)."""

import csv
import json
from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[2] / "db" / "seed"
PROFILES_PATH = SEED_DIR / "sovereignty_profiles.json"
AIPI_PATH = SEED_DIR / "imf_aipi_2023.csv"

FIELDS = (
    "demand_security",
    "demand_localization",
    "demand_openness",
    "demand_partnership",
    "trust",
    "competition",
)
REQUIRED = {
    "IND", "IDN", "BRA", "SAU", "ARE", "KEN", "NGA", "EGY", "VNM", "MEX", "TUR", "ZAF",
    "MYS", "PHL", "MAR", "CHL", "COL", "POL", "JPN", "KOR", "DEU", "FRA", "GBR",
}
FORBIDDEN = {"USA", "CHN", "RUS", "IRN", "BLR", "VEN", "NIC", "SYR"}
MIN_PROFILES = 34
MIN_RATIONALE = 40
MIN_DISTINCT = 6


@pytest.fixture(scope="module")
def doc():
    with PROFILES_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def profiles(doc):
    return doc["profiles"]


@pytest.fixture(scope="module")
def aipi_codes():
    with AIPI_PATH.open(encoding="utf-8", newline="") as fh:
        return {row["iso3"] for row in csv.DictReader(fh)}


def test_header(doc):
    assert isinstance(doc.get("method"), str) and len(doc["method"]) >= 100
    assert doc.get("author")
    assert doc.get("as_of")
    assert isinstance(doc.get("profiles"), list)


def test_enough_profiles(profiles):
    assert len(profiles) >= MIN_PROFILES


def test_codes_known_to_aipi(profiles, aipi_codes):
    unknown = [p["iso3"] for p in profiles if p["iso3"] not in aipi_codes]
    assert not unknown, f"iso3 codes not in imf_aipi_2023.csv: {unknown}"


def test_no_duplicates(profiles):
    codes = [p["iso3"] for p in profiles]
    assert len(codes) == len(set(codes))


def test_sorted_by_iso3(profiles):
    codes = [p["iso3"] for p in profiles]
    assert codes == sorted(codes)


def test_required_present_forbidden_absent(profiles):
    codes = {p["iso3"] for p in profiles}
    assert not REQUIRED - codes, f"missing: {sorted(REQUIRED - codes)}"
    assert not FORBIDDEN & codes, f"must not be profiled: {sorted(FORBIDDEN & codes)}"


def test_sources_listed(profiles):
    for p in profiles:
        assert isinstance(p.get("sources"), list) and p["sources"], p["iso3"]
        assert all(isinstance(s, str) and s.strip() for s in p["sources"]), p["iso3"]


def test_fields_values_and_rationales(profiles):
    for p in profiles:
        values = p["values"]
        assert set(values) == set(FIELDS), p["iso3"]
        for field in FIELDS:
            entry = values[field]
            v = entry["value"]
            assert type(v) is int, (p["iso3"], field)
            assert 0 <= v <= 100, (p["iso3"], field, v)
            rationale = entry["rationale"]
            assert isinstance(rationale, str), (p["iso3"], field)
            assert len(rationale.strip()) >= MIN_RATIONALE, (p["iso3"], field, rationale)


@pytest.mark.parametrize("field", FIELDS)
def test_values_discriminate(profiles, field):
    distinct = {p["values"][field]["value"] for p in profiles}
    assert len(distinct) >= MIN_DISTINCT, (field, sorted(distinct))
