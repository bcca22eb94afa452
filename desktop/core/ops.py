"""Named operations on a proposal; each returns the change it makes (undo is built on them)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

from .edits import Edit
from .engine.results import Move
from .i18n import _
from .languages import local_name
from .model import (
    COMPONENT_LABELS,
    COMPONENTS,
    LEVER_LABELS,
    LEVERS,
    MAX_SCALE,
    SCALE_LABELS,
    AssumptionSet,
    DomainError,
    Program,
    Proposal,
)
from .text import NOTES_MAX, check_length, clean_name
from .vocabulary import measure_label


@dataclass(frozen=True)
class Change:
    """What an operation changed: the proposal before and after, and a label for Edit ▸ Undo."""

    kind: str  # lever | measure | component | country | name | notes | red_line | deal | program | several
    label: str
    before: Proposal
    after: Proposal
    field: str | None = None
    mergeable: bool = False  # consecutive mergeable changes of one field may form one undo step

    @property
    def empty(self) -> bool:
        return self.before == self.after

    def as_edit(self) -> Edit:
        """The change as an undo step of the session (a drag of one lever merges into one step)."""
        relabel = None
        if self.kind == "lever":
            lever = self.field

            def relabel(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
                return _("{lever} {before} → {after}").format(lever=LEVER_LABELS[lever], before=before["proposal"].levers[lever],
                                                                after=after["proposal"].levers[lever])

        merge = (self.kind, self.field) if self.mergeable else None
        return Edit(self.label, {"proposal": self.before}, {"proposal": self.after}, merge, relabel)


def set_field(p: Proposal, name: str, value: Any, label: str, mergeable: bool = False) -> Change:
    """Set any one field of the proposal (a field a later model adds needs no op of its own)."""
    if name not in {f.name for f in fields(Proposal)} or name in ("id", "created", "modified"):
        raise DomainError(_("a proposal has no field {name!r} to set").format(name=name))
    return Change(name, label, p, replace(p, **{name: value}), name, mergeable)


def set_lever(p: Proposal, lever: str, value: int) -> Change:
    """Move one lever to value (0–100)."""
    if lever not in LEVERS:
        raise DomainError(_("unknown lever {lever!r}").format(lever=lever))
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN != NaN
        raise DomainError(_("{lever} lever must be a number between 0 and 100, got {value!r}").format(lever=lever, value=value))
    value = int(round(value))
    if not 0 <= value <= 100:
        raise DomainError(_("{lever} lever must be between 0 and 100, got {value}").format(lever=lever, value=value))
    return Change(
        "lever", f"{LEVER_LABELS[lever]} {p.levers[lever]} → {value}", p, p.with_lever(lever, value), lever, mergeable=True
    )


def set_levers(p: Proposal, levers: Mapping[str, int], label: str) -> Change:
    """Move several levers at once (one undo step)."""
    after = p
    for lever, value in levers.items():
        after = set_lever(after, lever, value).after
    return Change("several", label, p, after)


def set_measure(p: Proposal, measure_id: str, on: bool, assumptions: AssumptionSet) -> Change:
    """Add (on) or drop a catalog measure."""
    measure = assumptions.measure(measure_id)
    label = (_("Add {measure}") if on else _("Drop {measure}")).format(measure=measure_label(measure))
    return Change("measure", label, p, p.with_measure(measure_id, on), measure_id)


def set_component(p: Proposal, component: str, scale: int) -> Change:
    """Set a stack component's scale (0 none … 3 flagship)."""
    if component not in COMPONENTS:
        raise DomainError(_("unknown component {component!r}").format(component=component))
    if isinstance(scale, bool) or not isinstance(scale, int) or not 0 <= scale <= MAX_SCALE:
        raise DomainError(_("scale must be a whole number 0..{limit}, got {scale!r}").format(limit=MAX_SCALE, scale=scale))
    comps = dict(p.components)
    comps[component] = int(scale)
    return Change(
        "component", f"{COMPONENT_LABELS[component]}: {SCALE_LABELS[scale]}", p, replace(p, components=comps), component
    )


def set_country(p: Proposal, iso3: str, name: str) -> Change:
    """Retarget the proposal at another country."""
    return Change("country", _("Target {country}").format(country=local_name(iso3, name)), p, replace(p, country=iso3))


def rename(p: Proposal, name: str) -> Change:
    """Give the proposal a new name."""
    name = clean_name(name)
    return Change("name", _("Rename to {name}").format(name=name), p, replace(p, name=name))


def set_notes(p: Proposal, notes: str) -> Change:
    """Replace the negotiator's notes (at most NOTES_MAX characters)."""
    check_length(notes, _("notes are limited to {limit:,.0f} characters (this text has {length:,.0f})"), NOTES_MAX)
    return Change("notes", _("Edit notes"), p, replace(p, notes=notes), "notes", mergeable=True)


def set_program(p: Proposal, program: Program, label: str = "AI Exports Program") -> Change:
    """Replace the proposal's AI Exports Program fields (consortium, U.S. content, model, support, buyer, bloc)."""
    program.validate()
    return Change("program", label, p, replace(p, program=program), "program")


def set_red_line(p: Proposal, lever: str, low: int, high: int) -> Change:
    """Set the range a lever must stay within (0–100 clears it)."""
    if lever not in LEVERS:
        raise DomainError(_("unknown lever {lever!r}").format(lever=lever))
    if not 0 <= low <= high <= 100:
        raise DomainError(_("red line must be 0 <= min <= max <= 100, got {low}:{high}").format(low=low, high=high))
    lines = dict(p.red_lines)
    if (low, high) == (0, 100):
        lines.pop(lever, None)
    else:
        lines[lever] = (int(low), int(high))
    return Change("red_line", _("{lever} red line {low}–{high}").format(lever=LEVER_LABELS[lever], low=low, high=high), p,
                  replace(p, red_lines=lines), lever)


def set_red_lines(p: Proposal, lines: Mapping[str, tuple[int, int]], label: str = "Red lines") -> Change:
    """Set several levers' red lines at once (one undo step); (0, 100) clears one."""
    after = p
    for lever, (low, high) in lines.items():
        after = set_red_line(after, lever, int(low), int(high)).after
    return Change("several", label, p, after)


def apply_package(p: Proposal, levers: Mapping[str, int], measures: frozenset[str], label: str, price: float | None = None) -> Change:
    """Move levers, replace the measure set and (optionally) set the price at once (an
    optimiser's proposal: one undo step)."""
    after = set_levers(p, levers, label).after
    after = replace(after, measures=frozenset(measures))
    if price is not None:
        after = set_deal(after, price=float(price)).after
    return Change("several", label, p, after)


def apply_suggestion(p: Proposal, move: Move, assumptions: AssumptionSet) -> Change:
    """Apply a flag's fix or a move from an assessment, every step of it (one undo step)."""
    after = p
    for step in move.steps:
        if step.kind == "lever":
            after = set_lever(after, step.target, int(step.after)).after
        elif step.kind == "measure":
            after = set_measure(after, step.target, bool(step.after), assumptions).after
        elif step.kind == "price":
            after = set_deal(after, price=float(step.after)).after
        else:
            raise DomainError(_("cannot apply a step of kind {kind!r}").format(kind=step.kind))
    kind = "several" if len(move.steps) > 1 else {"price": "deal"}.get(move.steps[0].kind, move.steps[0].kind)
    field = move.steps[0].target if len(move.steps) == 1 else None
    return Change(kind, move.label or "Apply suggestion", p, after, field)


def set_deal(p: Proposal, **terms: Any) -> Change:
    """Change deal terms (value, term, price, compute size, financing); validated."""
    try:
        after = p.with_deal(**terms)
    except TypeError:
        raise DomainError(_("unknown deal term {value!r}").format(value=sorted(terms)[0])) from None
    names = ", ".join(DEAL_TERM_LABELS.get(k, k) for k in terms)
    return Change("deal", f"Deal: {names}", p, after, next(iter(terms)) if len(terms) == 1 else None, mergeable=True)


DEAL_TERM_LABELS = {
    "value_musd": "value", "term_years": "term", "price": "price", "compute_mw": "compute size",
    "accelerators": "accelerators", "financing": "financing", "financing_share": "financing share",
}


def proposal_to_dict(p: Proposal) -> dict[str, Any]:
    """A proposal as JSON-ready data."""
    return {
        "id": p.id,
        "name": p.name,
        "country": p.country,
        "levers": {lv: int(p.levers[lv]) for lv in LEVERS},
        "measures": sorted(p.measures),
        "components": {c: int(p.components.get(c, 0)) for c in COMPONENTS},
        "red_lines": {k: list(v) for k, v in sorted(p.red_lines.items())},
        "notes": p.notes,
        "description": p.description,
        "example": p.example,
        "program": p.program.to_dict(),
        "created": p.created,
        "modified": p.modified,
        "deal": p.deal.to_dict(),
    }
