"""The assessment as text to copy: a readable summary and a tab-separated table (no Qt here).

Both are internal (the first line says so): flags may state our position, so what is pasted from
here is not a counterpart output; the counterpart-safe one is the brief's counterpart edition.
"""

from __future__ import annotations

from typing import Any

INTERNAL = "Internal — not counterpart-safe (AI Export Desk)"


def _points(value: float) -> str:
    return f"{value:.1f}"


def assessment_text(name: str, country: str, a: Any) -> str:
    """A plain-text summary: score and band, both sides, the line items, flags and best moves."""
    lines = [INTERNAL, f"{name} — {country}"]
    if not a.scored:
        lines.append(f"No score ({a.band}): {getattr(getattr(a.screen, 'status', None), 'reason', 'destination screen')}")
        return "\n".join(lines) + "\n"
    lines += [
        f"Overall {a.overall:.1f} / 100 — {a.band}",
        f"Counterpart acceptance {a.counterpart_acceptance:.0f} · Exporter assurance {a.exporter_assurance:.0f}",
        "",
        "Score lines:",
    ]
    lines += [f"  {li.label}: {_points(li.points)} / {_points(li.max_points)}" for li in a.line_items]
    if a.flags:
        lines += ["", "Flags:"]
        for f in a.flags:
            fix = f" — fix: {f.fix.label} ({f.fix.gain:+.1f})" if f.fix is not None else ""
            lines.append(f"  [{f.severity}] {f.message}{fix}")
    best = a.moves.get("best") or []
    if best:
        lines += ["", "Best next moves:"]
        lines += [f"  {m.label} ({m.gain:+.1f} → {m.overall:.1f} {m.band})" for m in best]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("\t", " ").replace("\n", " ")


def assessment_table(name: str, country: str, a: Any) -> str:
    """Tab-separated rows (pasted into a spreadsheet, one cell each): what, points, out of, side."""
    rows: list[tuple[Any, ...]] = [(INTERNAL,), ("Proposal", name, "Country", country), ("What", "Points", "Out of", "Side")]
    if a.scored:
        rows.append(("Overall", f"{a.overall:.2f}", "100", a.band))
        rows.append(("Counterpart acceptance", f"{a.counterpart_acceptance:.2f}", "100", "counterpart"))
        rows.append(("Exporter assurance", f"{a.exporter_assurance:.2f}", "100", "exporter"))
        rows += [(li.label, f"{li.points:.2f}", f"{li.max_points:.2f}", li.side) for li in a.line_items]
    else:
        rows.append(("Overall", "", "100", a.band))
    return "\n".join("\t".join(_cell(v) for v in row) for row in rows) + "\n"
