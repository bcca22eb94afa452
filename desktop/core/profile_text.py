"""How a sovereignty-profile figure reads (panel, brief, CLI): kind, range, sources and review age, each said once."""

from __future__ import annotations

from datetime import date
from typing import Any

from .i18n import N_, Labels
from .model import Figure

KIND_TEXT = Labels({"published": N_("Published"), "estimate": N_("Analyst estimate"), "default": N_("Derived default")})


def range_text(fig: Figure) -> str:
    """'64–76' for a figure with a stated range, '' otherwise."""
    return f"{fig.low:.0f}–{fig.high:.0f}" if fig.has_range else ""


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def review_age(fig: Figure, today: date) -> int | None:
    """Whole months since the figure was reviewed (None when no review date is known)."""
    if not fig.reviewed:
        return None
    try:
        reviewed = date.fromisoformat(fig.reviewed[:10])
    except ValueError:
        return None
    return max(0, months_between(reviewed, today))


def review_text(fig: Figure, today: date, max_months: float) -> tuple[str, bool]:
    """('reviewed 2026-12-02', False) or ('reviewed 14 months ago (2025-10-01)', True) when older than max_months;
    ('no review date', True) when none is known."""
    age = review_age(fig, today)
    if age is None:
        return "no review date", True
    if age > max_months:
        return f"reviewed {age} months ago ({fig.reviewed[:10]})", True
    return f"reviewed {fig.reviewed[:10]}", False


def source_line(s: Any) -> str:
    """'wam.ae, 2026-02-20: <the fact> (unverified)' for one dated source."""
    flag = "" if s.get("verified", True) else " (unverified)"
    when = s.get("when") or s.get("date") or "undated"
    return f"{s.get('site') or 'source'}, {when}: {s.get('fact', '')}{flag}"


def figure_json(fig: Figure) -> dict[str, Any]:
    """A profile figure for `countries --json`: value, range, kind, rationale, sources (each with url), reviewed."""
    return {
        "value": fig.value,
        "low": fig.low if fig.has_range else None,
        "high": fig.high if fig.has_range else None,
        "kind": fig.kind,
        "rationale": fig.rationale,
        "sources": [dict(s) for s in fig.sources],
        "reviewed": fig.reviewed,
        "edited_at": fig.edited_at,
    }
