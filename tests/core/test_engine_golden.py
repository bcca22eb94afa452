"""Golden tests: lock the engine's outputs so that internal optimisations cannot change them.

The fixture golden_engine.json holds its own inputs (an assumption set, the measures catalog
and every country profile, snapshotted from the seeded store) and the outputs the engine gave
for them before the performance work. Each case assesses one proposal (several countries,
levers at extremes and middles, measure sets, red lines, components, a few assumption
overrides) and compares every unrounded field of the `Assessment` (floats to 1e-9, everything
else exactly, int vs float included) as well as the rounded `to_dict()`. Rankings are compared
by order, by overall score, in full for a few countries and by fingerprint of `to_dict()` for
every country (its shape exactly, its numbers to a unit in their last rounded digit); grids by value. Because the inputs live in the fixture, edits to the seed data do not
touch this test.

Regenerated for model v2 (issue 11: deal terms, credibility, the rival offer, two faces of
security, advice with effects); the inputs now carry each profile's GDP and alternative offer.

Regenerate (only when a behaviour change is intended) with:

    python tests/core/test_engine_golden.py --regenerate
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

if __name__ == "__main__":  # allow running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.core import engine
from desktop.core.model import (
    LEVERS,
    AlternativeOffer,
    Assumption,
    AssumptionSet,
    CountryProfile,
    DealTerms,
    Figure,
    Measure,
    Proposal,
)

FIXTURE = Path(__file__).with_name("golden_engine.json")
TOL = 1e-9

ALL_MEASURES = (
    "cc_enclaves", "customer_keys", "pet_sensitive", "independent_audits", "air_gapped_option",
    "onshore_sensitive_tier", "multi_region_failover", "sovereign_backup", "local_ops_center",
    "exit_portability", "open_weight_option", "fine_tuning_rights", "red_team_reports",
    "staged_release_eval", "local_language_models", "local_equity_partner", "workforce_program",
    "co_development", "joint_oversight_board", "tech_transfer_safeguards",
    "end_use_monitoring", "kyc_screening", "usage_reporting", "remote_attestation",
)


def _levers(security: float, resilience: float, openness: float, partnership: float) -> dict[str, float]:
    return dict(zip(LEVERS, (security, resilience, openness, partnership), strict=True))


# Each case: a proposal (as keyword arguments) and optional assumption overrides.
CASES: dict[str, dict[str, Any]] = {
    "ken_default_workforce": {
        "proposal": {"country": "KEN", "measures": ["workforce_program"]},
    },
    "jpn_extremes_security_open": {
        "proposal": {
            "country": "JPN",
            "levers": _levers(100, 0, 100, 0),
            "measures": ["cc_enclaves", "customer_keys", "open_weight_option"],
        },
    },
    "idn_middle_no_measures_no_components": {
        "proposal": {
            "country": "IDN",
            "levers": _levers(50, 50, 50, 50),
            "measures": [],
            "components": {c: 0 for c in ("compute", "data", "models", "security_services", "applications", "skills", "financing")},
        },
    },
    "rus_extremes_red_line_broken": {
        "proposal": {
            "country": "RUS",
            "levers": _levers(0, 100, 0, 100),
            "measures": ["cc_enclaves", "customer_keys", "pet_sensitive", "independent_audits", "air_gapped_option"],
            "red_lines": {"openness": (20, 60)},
        },
    },
    "afg_missing_pillars_flagship": {
        "proposal": {
            "country": "AFG",
            "levers": _levers(30, 70, 20, 80),
            "measures": ["local_equity_partner", "tech_transfer_safeguards"],
            "components": {"compute": 3, "data": 3, "models": 3, "security_services": 3,
                           "applications": 3, "skills": 3, "financing": 3},
        },
    },
    "twn_two_red_lines": {
        "proposal": {
            "country": "TWN",
            "levers": _levers(75, 25, 60, 40),
            "measures": ["open_weight_option", "fine_tuning_rights", "sovereign_backup"],
            "red_lines": {"openness": (20, 60), "security": (70, 100)},
        },
    },
    "ssd_zero_levers_all_measures": {
        "proposal": {"country": "SSD", "levers": _levers(0, 0, 0, 0), "measures": list(ALL_MEASURES)},
    },
    "ken_max_levers_partnership_capped": {
        "proposal": {
            "country": "KEN",
            "levers": _levers(100, 100, 100, 100),
            "measures": ["red_team_reports", "staged_release_eval"],
            "red_lines": {"partnership": (0, 40)},
        },
    },
    "jpn_mixed_components": {
        "proposal": {
            "country": "JPN",
            "levers": _levers(45, 55, 35, 65),
            "measures": ["pet_sensitive", "multi_region_failover", "local_ops_center", "co_development", "joint_oversight_board"],
            "components": {"compute": 3, "models": 3, "skills": 0},
        },
    },
    "idn_at_red_line_boundary": {
        "proposal": {
            "country": "IDN",
            "levers": _levers(20, 80, 60, 10),
            "measures": ["exit_portability", "local_language_models"],
            "red_lines": {"openness": (20, 60), "resilience": (10, 80)},
        },
    },
    "rus_odd_levers": {
        "proposal": {
            "country": "RUS",
            "levers": _levers(1, 99, 7, 93),
            "measures": ["workforce_program", "tech_transfer_safeguards", "onshore_sensitive_tier"],
            "components": {"security_services": 2, "financing": 0},
        },
    },
    "ssd_step5_top3_gain05": {
        "proposal": {
            "country": "SSD",
            "levers": _levers(63, 37, 52, 48),
            "measures": ["air_gapped_option", "local_equity_partner"],
            "red_lines": {"partnership": (30, 50)},
        },
        "assumptions": {"moves.lever_step": 5, "moves.top_n": 3, "moves.min_gain": 0.5},
    },
    "twn_zero_weights": {
        "proposal": {"country": "TWN", "levers": _levers(90, 10, 80, 20), "measures": ["customer_keys"]},
        "assumptions": {w: 0 for w in (
            "weight.sovereignty_alignment", "weight.absorptive_capacity", "weight.security_trust",
            "weight.continuity", "weight.commercial_viability")},
    },
    "ken_priced_and_financed": {
        "proposal": {
            "country": "KEN",
            "levers": _levers(70, 40, 60, 80),
            "measures": ["workforce_program", "joint_oversight_board", "remote_attestation"],
            "deal": {"value_musd": 120.0, "term_years": 6, "price": 1.1, "financing": "exim_loan", "financing_share": 0.5},
        },
    },
    "are_licence_monitoring": {
        "proposal": {
            "country": "ARE",
            "levers": _levers(80, 50, 70, 90),
            "measures": ["end_use_monitoring", "kyc_screening", "customer_keys"],
            "deal": {"value_musd": 2000.0, "term_years": 10, "price": 0.95, "accelerators": 20000},
        },
    },
    "ken_float_levers": {
        "proposal": {
            "country": "KEN",
            "levers": _levers(42.5, 57.25, 33.3, 66.6),
            "measures": ["workforce_program", "exit_portability"],
        },
    },
}

RANK_CASES = ("ken_default_workforce", "jpn_extremes_security_open", "rus_extremes_red_line_broken", "ssd_step5_top3_gain05")
RANK_FULL = ("KEN", "JPN", "IDN", "RUS", "AFG", "TWN", "SSD")

GRID_CASES: dict[str, dict[str, Any]] = {
    "ken_overall": {"case": "ken_default_workforce", "x": "security", "y": "openness", "n": 11, "metric": "overall"},
    "afg_acceptance": {"case": "afg_missing_pillars_flagship", "x": "partnership", "y": "resilience", "n": 7, "metric": "acceptance"},
    "twn_continuity": {"case": "twn_two_red_lines", "x": "resilience", "y": "security", "n": 5, "metric": "continuity"},
}


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def inputs(golden) -> Inputs:
    return Inputs.from_json(golden["inputs"])


def _figure_json(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "kind": f.kind}


def _figure(d: dict[str, Any]) -> Figure:
    return Figure(d["value"], d["kind"], "golden fixture")


class Inputs:
    """The assumption set and country profiles the golden cases run on."""

    def __init__(self, assumptions: AssumptionSet, profiles: dict[str, CountryProfile]) -> None:
        self.assumptions = assumptions
        self.profiles = profiles

    @classmethod
    def from_store(cls) -> Inputs:
        from desktop.store import memory_store

        store = memory_store()
        return cls(store.assumption_set(), dict(store.profiles()))

    def to_json(self) -> dict[str, Any]:
        a = self.assumptions
        return {
            "assumptions": {
                "version": a.version,
                "name": a.name,
                "rows": {k: r.value for k, r in a.rows.items()},
                "measures": [[m.id, m.lever, m.name] for m in a.measures],
            },
            "profiles": [
                {
                    "iso3": pr.iso3,
                    "name": pr.name,
                    "aipi": _figure_json(pr.aipi),
                    "pillars": {k: _figure_json(f) for k, f in pr.pillars.items()},
                    "sovereignty": {k: _figure_json(f) for k, f in pr.sovereignty.items()},
                    "gdp": None if pr.gdp is None else _figure_json(pr.gdp),
                    "alternative": None if pr.alternative is None else {
                        "provider": pr.alternative.provider, "archetype": pr.alternative.archetype,
                        "positions": dict(pr.alternative.positions), "price": pr.alternative.price,
                        "financing_share": pr.alternative.financing_share, "kind": pr.alternative.kind,
                    },
                }
                for pr in self.profiles.values()
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inputs:
        a = data["assumptions"]
        rows = {k: Assumption(k, float(v), "", "golden fixture", float(v), float(v)) for k, v in a["rows"].items()}
        measures = tuple(Measure(mid, lever, name, "", "") for mid, lever, name in a["measures"])
        assumptions = AssumptionSet(a["version"], a["name"], MappingProxyType(rows), measures)
        profiles = {
            pr["iso3"]: CountryProfile(
                iso3=pr["iso3"],
                name=pr["name"],
                aipi=_figure(pr["aipi"]),
                pillars=MappingProxyType({k: _figure(f) for k, f in pr["pillars"].items()}),
                sovereignty=MappingProxyType({k: _figure(f) for k, f in pr["sovereignty"].items()}),
                gdp=None if pr.get("gdp") is None else _figure(pr["gdp"]),
                alternative=None if pr.get("alternative") is None else AlternativeOffer(
                    financing="golden fixture", rationale="golden fixture", **pr["alternative"]),
            )
            for pr in data["profiles"]
        }
        return cls(assumptions, profiles)


def _inputs(inputs: Inputs, name: str) -> tuple[Proposal, AssumptionSet]:
    case = CASES[name]
    spec = dict(case["proposal"])
    spec["measures"] = frozenset(spec.get("measures", ()))
    if "deal" in spec:
        spec["deal"] = DealTerms(**spec["deal"])
    if "red_lines" in spec:
        spec["red_lines"] = {k: tuple(v) for k, v in spec["red_lines"].items()}
    proposal = Proposal(name=name, **spec)
    assumptions = inputs.assumptions
    for key, value in case.get("assumptions", {}).items():
        assumptions = assumptions.with_value(key, value)
    return proposal, assumptions


def _plain(value: Any) -> Any:
    """JSON-shaped data (tuples become lists) so a fresh result compares with the fixture."""
    return json.loads(json.dumps(value))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _fingerprint(data: Any) -> dict[str, str]:
    """A `to_dict()` as its shape (keys, types, text with each number masked) and its numbers.

    The numbers are compared with a tolerance of one unit in their last rounded digit: `to_dict()`
    rounds to 2 or 4 decimals and the prose prints figures, so a last-bit difference of the
    unrounded value (numpy's SIMD paths differ by CPU: AVX-512 here, AVX2 on CI) may move a value
    sitting on a rounding boundary, such as an effect of -0.525, by one unit."""
    numbers: list[str] = []

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            numbers.append(f"i{value}")
            return "<int>"
        if isinstance(value, float):
            numbers.append(repr(value))
            return "<float>"
        if isinstance(value, str):
            numbers.extend(f"t{m}" for m in _NUMBER.findall(value))
            return _NUMBER.sub("#", value)
        raise TypeError(type(value))

    shape = walk(data)
    return {"shape": hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:24], "numbers": " ".join(numbers)}


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def fingerprint_differences(actual: dict[str, str], expected: dict[str, str]) -> list[str]:
    """What differs between two fingerprints beyond a unit in the last rounded digit."""
    if actual["shape"] != expected["shape"]:
        return ["shape"]
    got, want = actual["numbers"].split(), expected["numbers"].split()
    if len(got) != len(want):
        return [f"{len(got)} numbers, expected {len(want)}"]
    wrong = []
    for a, e in zip(got, want, strict=True):
        if a[0] != e[0] or a[0] == "i":  # an int field is exact; a kind change is a difference
            if a != e:
                wrong.append(f"{a} != {e}")
            continue
        x, y = (t.lstrip("t") for t in (a, e))
        if "e" in x or "e" in y or "n" in x or "n" in y:  # exponent, nan or inf: unrounded
            ok = x == y or (not math.isnan(float(y)) and abs(float(x) - float(y)) <= TOL)
        else:
            places = max(_decimals(x), _decimals(y))
            tol = TOL if places > 4 else 10.0 ** -max(places, 2 if a[0] != "t" else places) + 1e-12
            ok = abs(float(x) - float(y)) <= tol
        if not ok:
            wrong.append(f"{x} != {y}")
    return wrong


def assert_same(actual: Any, expected: Any, path: str = "$") -> None:
    """Floats within TOL, everything else (types included) exactly."""
    if isinstance(expected, float):
        assert isinstance(actual, float), f"{path}: expected a float, got {actual!r}"
        if math.isinf(expected) or math.isnan(expected):
            assert repr(actual) == repr(expected), f"{path}: {actual!r} != {expected!r}"
        else:
            assert abs(actual - expected) <= TOL, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a dict, got {type(actual).__name__}"
        assert list(actual) == list(expected), f"{path}: keys {list(actual)} != {list(expected)}"
        for key in expected:
            assert_same(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {type(actual).__name__}"
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != {len(expected)}"
        for i, (x, y) in enumerate(zip(actual, expected, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert type(actual) is type(expected) and actual == expected, f"{path}: {actual!r} != {expected!r}"


def _unscreened(data: dict[str, Any]) -> dict[str, Any]:
    """The fixture's profiles carry no destination status (issue 12): the screen leaves the result alone."""
    data = dict(data)
    assert data.pop("screen") is None
    return data


def compute(inputs: Inputs, eng: Any = engine) -> dict[str, Any]:
    """Everything the fixture holds, computed with an engine module (by default the current one)."""
    profiles = inputs.profiles
    result: dict[str, Any] = {"inputs": inputs.to_json(), "assess": {}, "rank": {}, "grid": {}}
    for name in CASES:
        proposal, assumptions = _inputs(inputs, name)
        a = eng.assess(proposal, profiles[proposal.country], assumptions)
        result["assess"][name] = {"fields": _plain(_unscreened(dataclasses.asdict(a))), "dict": _plain(_unscreened(a.to_dict()))}
    for name in RANK_CASES:
        proposal, assumptions = _inputs(inputs, name)
        ranked = eng.rank(proposal, profiles.values(), assumptions)
        result["rank"][name] = {
            "order": [a.country for a in ranked],
            "overall": [a.overall for a in ranked],
            "full": {a.country: _plain(_unscreened(dataclasses.asdict(a))) for a in ranked if a.country in RANK_FULL},
            "fingerprints": {a.country: _fingerprint(_plain(_unscreened(a.to_dict()))) for a in ranked},
        }
    for name, spec in GRID_CASES.items():
        proposal, assumptions = _inputs(inputs, spec["case"])
        values = eng.grid(proposal, profiles[proposal.country], assumptions, spec["x"], spec["y"], spec["n"], spec["metric"])
        result["grid"][name] = values.tolist()
    return result


def test_fixture_inputs_round_trip(golden, inputs):
    """The inputs rebuilt from the fixture serialise back to the same data."""
    assert _plain(inputs.to_json()) == golden["inputs"]


@pytest.mark.parametrize("name", list(CASES))
def test_assess_matches_golden(inputs, golden, name):
    proposal, assumptions = _inputs(inputs, name)
    a = engine.assess(proposal, inputs.profiles[proposal.country], assumptions)
    expected = golden["assess"][name]
    assert_same(_plain(_unscreened(dataclasses.asdict(a))), expected["fields"])
    actual = _plain(_unscreened(a.to_dict()))
    assert not fingerprint_differences(_fingerprint(actual), _fingerprint(expected["dict"])), actual


@pytest.mark.parametrize("name", RANK_CASES)
def test_rank_matches_golden(inputs, golden, name):
    proposal, assumptions = _inputs(inputs, name)
    ranked = engine.rank(proposal, inputs.profiles.values(), assumptions)
    expected = golden["rank"][name]
    assert [a.country for a in ranked] == expected["order"]
    assert_same([a.overall for a in ranked], expected["overall"])
    for a in ranked:
        if a.country in expected["full"]:
            assert_same(_plain(_unscreened(dataclasses.asdict(a))), expected["full"][a.country], f"$.{a.country}")
    changed = {a.country: wrong for a in ranked
               if (wrong := fingerprint_differences(_fingerprint(_plain(_unscreened(a.to_dict()))),
                                                    expected["fingerprints"][a.country]))}
    assert not changed, f"to_dict() differs for {changed}"


@pytest.mark.parametrize("name", list(GRID_CASES))
def test_grid_matches_golden(inputs, golden, name):
    spec = GRID_CASES[name]
    proposal, assumptions = _inputs(inputs, spec["case"])
    values = engine.grid(
        proposal, inputs.profiles[proposal.country], assumptions, spec["x"], spec["y"], spec["n"], spec["metric"]
    )
    assert_same(values.tolist(), golden["grid"][name])


def test_rank_entries_match_assess(inputs):
    """Ranking assesses the same offer for each country: entries equal a direct assessment."""
    proposal, assumptions = _inputs(inputs, "twn_two_red_lines")
    profiles = inputs.profiles
    ranked = {a.country: a for a in engine.rank(proposal, profiles.values(), assumptions)}
    for iso3 in RANK_FULL:
        direct = engine.assess(dataclasses.replace(proposal, country=iso3), profiles[iso3], assumptions)
        ranked_one, direct_one = (_plain(_unscreened(dataclasses.asdict(r))) for r in (ranked[iso3], direct))
        for d in (ranked_one, direct_one):  # the two-step search for the next band runs in assess only
            d["moves"].pop("smallest")
            d["moves"].pop("note")
        assert_same(ranked_one, direct_one, f"$.{iso3}")


if __name__ == "__main__":
    if "--fingerprints" in sys.argv:  # the rankings' fingerprints only, from the fixture's own inputs
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        fresh = compute(Inputs.from_json(data["inputs"]))
        for case, ranking in data["rank"].items():
            ranking.pop("digests", None)
            ranking["fingerprints"] = fresh["rank"][case]["fingerprints"]
        FIXTURE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        sys.exit(f"rewrote the fingerprints in {FIXTURE}")
    if "--regenerate" not in sys.argv:
        sys.exit("usage: python tests/core/test_engine_golden.py --regenerate | --fingerprints")
    # Computed from the inputs as the fixture keeps them (no destination status: the screen has its own tests).
    FIXTURE.write_text(json.dumps(compute(Inputs.from_json(_plain(Inputs.from_store().to_json()))), indent=1) + "\n",
                       encoding="utf-8")
    print(f"wrote {FIXTURE}")
