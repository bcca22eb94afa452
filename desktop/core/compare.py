"""Side-by-side comparison of two to four proposals and their assessments (pure: rows in, rows out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .i18n import _
from .model import (
    COMPONENT_LABELS,
    COMPONENTS,
    DIMENSION_LABELS,
    DIMENSIONS,
    LEVER_LABELS,
    LEVERS,
    SCALE_LABELS,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Proposal,
)

MIN_COMPARED, MAX_COMPARED = 2, 4

SECTIONS: tuple[str, ...] = ("Proposal", "Levers", "Measures", "Components", "Scores", "Dimensions", "Line items", "Flags")


@dataclass(frozen=True)
class CompareRow:
    """One compared quantity: its section, key, label, one value per proposal, and whether they differ."""

    section: str
    key: str
    label: str
    values: tuple[Any, ...]
    differs: bool

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "key": self.key, "label": self.label, "values": list(self.values), "differs": self.differs}


def _row(section: str, key: str, label: str, values: Sequence[Any]) -> CompareRow:
    return CompareRow(section, key, label, tuple(values), len({repr(v) for v in values}) > 1)


def compare(
    proposals: Sequence[Proposal],
    assessments: Sequence[Mapping[str, Any]],
    measure_names: Mapping[str, str] | None = None,
    country_names: Mapping[str, str] | None = None,
) -> list[CompareRow]:
    """Rows comparing proposals (with their assessments as dicts, Assessment.to_dict()), section by section.

    Values are raw (numbers, booleans, strings, None where absent) so a view can format and colour them.
    """
    n = len(proposals)
    if not MIN_COMPARED <= n <= MAX_COMPARED:
        raise DomainError(_("compare two to four proposals, got {count}").format(count=n))
    if len(assessments) != n:
        raise DomainError("one assessment per proposal")
    measure_names = measure_names or {}
    country_names = country_names or {}
    rows: list[CompareRow] = []
    add = rows.append

    add(_row("Proposal", "country", "Country", [country_names.get(p.country, p.country) for p in proposals]))
    for lever in LEVERS:
        add(_row("Levers", lever, LEVER_LABELS[lever], [int(p.levers[lever]) for p in proposals]))
    measures = sorted(set().union(*(p.measures for p in proposals)), key=lambda m: (measure_names.get(m, m), m))
    for mid in measures:
        add(_row("Measures", mid, measure_names.get(mid, mid), [mid in p.measures for p in proposals]))
    for comp in COMPONENTS:
        add(
            _row(
                "Components",
                comp,
                COMPONENT_LABELS[comp],
                [SCALE_LABELS[int(p.components.get(comp, 0))] for p in proposals],
            )
        )
    add(_row("Scores", "overall", "Overall", [a["overall"] for a in assessments]))
    add(_row("Scores", "band", "Band", [a["band"] for a in assessments]))
    add(_row("Scores", "counterpart_acceptance", "Counterpart acceptance", [a["counterpart_acceptance"] for a in assessments]))
    add(_row("Scores", "exporter_assurance", "Exporter assurance", [a["exporter_assurance"] for a in assessments]))
    for dim in DIMENSIONS:
        add(_row("Dimensions", dim, DIMENSION_LABELS[dim], [a["dimensions"].get(dim) for a in assessments]))
    labels: dict[str, str] = {}
    for a in assessments:
        for li in a["line_items"]:
            labels.setdefault(li["weight_key"], li["label"])
    for key, label in labels.items():
        points = [next((li["points"] for li in a["line_items"] if li["weight_key"] == key), None) for a in assessments]
        add(_row("Line items", key, label, points))
    messages: dict[str, str] = {}
    for a in assessments:
        for f in a["flags"]:
            messages.setdefault(f["message"], f["severity"])
    for message, severity in messages.items():
        present = [any(f["message"] == message for f in a["flags"]) for a in assessments]
        add(_row("Flags", message, f"[{severity}] {message}", present))
    return rows


def comparison_to_dict(proposals: Sequence[Proposal], rows: Sequence[CompareRow]) -> dict[str, Any]:
    """The comparison as JSON-ready data."""
    return {
        "proposals": [p.name for p in proposals],
        "rows": [r.to_dict() for r in rows],
        "differences": sum(r.differs for r in rows),
    }


def compare_proposals(
    proposals: Sequence[Proposal], profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet
) -> list[CompareRow]:
    """Assess each proposal for its own country under one assumption set, then compare them."""
    from .engine import assess

    for p in proposals:
        if p.country not in profiles:
            raise DomainError(_("unknown country {iso3!r} in proposal {name!r}").format(iso3=p.country, name=p.name))
    results = [assess(p, profiles[p.country], assumptions).to_dict() for p in proposals]
    return compare(
        proposals,
        results,
        {m.id: m.name for m in assumptions.measures},
        {iso: prof.name for iso, prof in profiles.items()},
    )
