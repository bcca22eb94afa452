"""The session's state and the edits that change it beyond the proposal: assumptions, country data, baseline.

An Edit names, per aspect of the State it touches, the value before and after; the session applies
`after`, and undo puts `before` back (for those aspects only). Proposal edits are ops.Change, which
becomes an Edit with `as_edit()`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Callable, Hashable, Mapping

from .assumptions import check_value, default_changes
from .i18n import _
from .languages import local_name
from .model import (
    LEVERS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    AlternativeOffer,
    AssumptionSet,
    CountryProfile,
    DomainError,
    Figure,
    Proposal,
)
from .screen import FINANCING, STATUSES, DestinationStatus


@dataclass(frozen=True)
class Pin:
    """The proposal pinned as the baseline (a frozen copy of its state) and its label."""

    proposal: Proposal
    label: str


@dataclass(frozen=True)
class State:
    """Everything a session's views show, apart from what is computed from it (the assessments)."""

    proposal: Proposal
    assumptions: AssumptionSet
    profiles: Mapping[str, CountryProfile]
    baseline: Pin | None = None
    trashed: frozenset[int] = frozenset()  # ids this session put in the trash (its writer keeps the store so)


@dataclass(frozen=True)
class NewAssumptionSet:
    """An assumption set an edit asks for: `base` with some values changed, to be stored as a new version.

    The session's writer stores it and hands back the stored set (with its version number); a
    session without one uses `provisional()`.
    """

    base: AssumptionSet
    values: Mapping[str, float]
    note: str

    def provisional(self) -> AssumptionSet:
        result = self.base
        for key, value in self.values.items():
            result = result.with_value(key, value)
        return result


@dataclass(frozen=True)
class Edit:
    """One undoable step: for each State field it touches, the value before and after.

    Consecutive edits with the same `merge` key (a drag of one lever, typing in the notes) may
    form one undo step; `relabel(before, after)` then names the merged step.
    """

    label: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    merge: Hashable | None = None
    relabel: Callable[[Mapping[str, Any], Mapping[str, Any]], str] | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        return all(self.before.get(k) == v for k, v in self.after.items())

    def as_edit(self) -> Edit:
        return self


# ---------------------------------------------------------------------------- which proposal is current


def delete_proposal(state: State, then: Proposal) -> Edit:
    """Put the current (saved) proposal in the trash and make `then` current: one undo step, whose
    undo takes it out of the trash and makes it current again (the writer stores both ways)."""
    current = state.proposal
    if current.id is None:
        raise DomainError(_("only a saved proposal can be deleted"))
    if then.id is not None and then.id == current.id:
        raise DomainError(_("the proposal to open after a delete must be another one"))
    return Edit(
        _("Delete “{name}”").format(name=current.name),
        {"proposal": current, "baseline": state.baseline, "trashed": state.trashed},
        # baseline None: the writer reads the pin stored for `then` as it opens it
        {"proposal": then, "baseline": None, "trashed": state.trashed | {current.id}},
    )


# ---------------------------------------------------------------------------- assumptions


def new_value(current: AssumptionSet, key: str, value: object, reason: str, force: bool = False) -> NewAssumptionSet:
    """A new version of `current` with one parameter changed (out of range only when forced), noted with why."""
    number = check_value(current, key, value, force=force)
    note = (reason or "").strip() or f"set {key}"
    return NewAssumptionSet(current, MappingProxyType({key: number}), f"{key} = {number:g}: {note}")


def set_assumption(current: AssumptionSet, key: str, value: object, reason: str, force: bool = False) -> Edit:
    """Assess under a new version of the set in use with one parameter changed (empty if it is the same)."""
    new = new_value(current, key, value, reason, force)
    old, number = current.rows[key].value, new.values[key]
    wanted: AssumptionSet | NewAssumptionSet = current if number == old else new
    return Edit(f"{key} {old:g} → {number:g}", {"assumptions": current}, {"assumptions": wanted})


def reset_assumptions(current: AssumptionSet, defaults: AssumptionSet) -> Edit:
    """A new version with the shipped default values (empty when they are already in use)."""
    changes = default_changes(current, defaults)
    wanted: AssumptionSet | NewAssumptionSet = current
    if changes:
        wanted = NewAssumptionSet(current, MappingProxyType(changes), f"reset to the shipped defaults (version {defaults.version})")
    return Edit("Reset assumptions to the defaults", {"assumptions": current}, {"assumptions": wanted})


def use_assumptions(current: AssumptionSet, chosen: AssumptionSet) -> Edit:
    """Assess under another stored version."""
    return Edit(_("Assess under assumption set v{version}").format(version=chosen.version), {"assumptions": current},
                {"assumptions": chosen})


# ---------------------------------------------------------------------------- country data


def edit_marker(edited_at: str, reason: str) -> str:
    """What an edited figure's rationale ends with: when and why it was changed."""
    return f" [edited {edited_at[:10]}: {reason}]"


def base_rationale(fig: Figure) -> str:
    """A figure's rationale without the note of its last edit."""
    if fig.edited_at is None:
        return fig.rationale
    return fig.rationale.removesuffix(edit_marker(fig.edited_at, fig.edit_reason or ""))


def editable_fields(profile: CountryProfile) -> tuple[str, ...]:
    """The profile fields a user may edit: every one that is not a published fact."""
    return tuple(f for f in PROFILE_FIELDS if f in profile.sovereignty and profile.sovereignty[f].kind != "published")


def edit_profile(
    profiles: Mapping[str, CountryProfile], iso3: str, values: Mapping[str, float], reason: str, stamp: str,
    alternative: Mapping[str, float] | None = None,
) -> Edit:
    """Change some sovereignty-profile figures of one country (estimates and defaults only) and
    fields of its alternative offer (`alternative`), with a reason, in one step.

    An edited figure becomes (or stays) kind "estimate" and records when (`stamp`) and why; so
    does an edited alternative offer.
    """
    profile = profiles.get(iso3.strip().upper())
    if profile is None:
        raise DomainError(_("unknown country {iso3!r} (use an ISO 3166 alpha-3 code such as KEN)").format(iso3=iso3))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("say why you change these figures (a reason is required and is recorded)"))
    if not values and not alternative:
        raise DomainError(_("nothing to change"))
    sovereignty = dict(profile.sovereignty)
    for name, value in values.items():
        if name not in PROFILE_FIELDS:
            raise DomainError(_("unknown profile field {name!r} (fields: {items})").format(name=name, items=', '.join(PROFILE_FIELDS)))
        fig = profile.sovereignty.get(name)
        if fig is None:
            raise DomainError(_("{name} has no {name2} figure").format(name=profile.name, name2=name))
        if fig.kind == "published":
            raise DomainError(_("{profile_labels} for {name} is a published fact and cannot be edited").format(profile_labels=PROFILE_LABELS[name], name=profile.name))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise DomainError(_("{profile_labels} must be a number 0–100, got {value!r}").format(profile_labels=PROFILE_LABELS[name], value=value)) from None
        if math.isnan(number) or not 0.0 <= number <= 100.0:
            raise DomainError(_("{profile_labels} must be between 0 and 100, got {value!r}").format(profile_labels=PROFILE_LABELS[name], value=value))
        sovereignty[name] = replace(
            fig, value=number, kind="estimate", rationale=base_rationale(fig) + edit_marker(stamp, reason),
            edited_at=stamp, edit_reason=reason,
        )
    edited = replace(profile, sovereignty=MappingProxyType(sovereignty))
    if alternative:
        edited = replace(edited, alternative=edited_alternative(profile, alternative, reason, stamp))
    return replace_profiles(profiles, {edited.iso3: edited}, _("Edit {country} country data").format(
        country=local_name(profile.iso3, profile.name)))


ALTERNATIVE_EDITABLE: tuple[str, ...] = LEVERS + ("price", "financing_share")
_ALTERNATIVE_RANGES = {"price": (0.5, 1.5), "financing_share": (0.0, 1.0)}


def edited_alternative(profile: CountryProfile, values: Mapping[str, float], reason: str, stamp: str) -> AlternativeOffer:
    """The country's alternative offer with some fields changed (positions 0–100, price 0.5–1.5,
    financing share 0–1); it becomes an estimate and records when and why."""
    alt = profile.alternative
    if alt is None:
        raise DomainError(_("no alternative offer is recorded for {name}").format(name=profile.name))
    positions = dict(alt.positions)
    other: dict[str, float] = {}
    for name, value in values.items():
        if name not in ALTERNATIVE_EDITABLE:
            raise DomainError(_("unknown field {name!r} of the alternative offer (fields: {items})").format(name=name, items=', '.join(ALTERNATIVE_EDITABLE)))
        low, high = _ALTERNATIVE_RANGES.get(name, (0.0, 100.0))
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or not low <= value <= high:
            raise DomainError(_("alternative {name} must be between {low:g} and {high:g}, got {value!r}").format(name=name, low=low, high=high, value=value))
        if name in LEVERS:
            positions[name] = float(value)
        else:
            other[name] = float(value)
    return replace(alt, positions=positions, **other, kind="estimate", edited_at=stamp, edit_reason=reason)


def replace_profiles(profiles: Mapping[str, CountryProfile], new: Mapping[str, CountryProfile], label: str) -> Edit:
    """Some countries' data replaced (an edit, an imported data vintage)."""
    after = dict(profiles)
    after.update(new)
    return Edit(label, {"profiles": profiles}, {"profiles": MappingProxyType(after)})


# ---------------------------------------------------------------------------- destination status

DESTINATION_EDITABLE: tuple[str, ...] = ("status", "groups", "reason", "financing", "financing_note", "verified", "unverified", "caveat")
_GROUPS = frozenset(f"{letter}:{n}" for letter in "ABDE" for n in range(1, 7))


def status_row(status: DestinationStatus) -> dict[str, Any]:
    """The fields of a destination status a user may edit."""
    return {
        "status": status.status,
        "groups": list(status.groups),
        "reason": status.reason,
        "financing": status.financing,
        "financing_note": status.financing_note,
        "verified": status.verified,
        "unverified": status.unverified,
        "caveat": status.caveat,
    }


def clean_changes(current: DestinationStatus, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that differ from the current status, checked; DomainError names the first bad one."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in DESTINATION_EDITABLE:
            raise DomainError(_("cannot edit {name!r} of a destination status (fields: {items})").format(name=name, items=', '.join(DESTINATION_EDITABLE)))
        if name == "status" and value not in STATUSES:
            raise DomainError(_("status must be one of {items}, got {value!r}").format(items=', '.join(STATUSES), value=value))
        if name == "financing" and value not in FINANCING:
            raise DomainError(_("financing must be one of {items}, got {value!r}").format(items=', '.join(FINANCING), value=value))
        if name == "groups":
            value = [g.strip().upper() for g in value if g.strip()]
            bad = [g for g in value if g not in _GROUPS]
            if bad:
                raise DomainError(_("unknown EAR country group {bad!r} (e.g. D:1, D:4, D:5, E:1)").format(bad=bad[0]))
            value = sorted(set(value))
        if name == "verified":
            value = bool(value)
        if name in ("reason", "financing_note", "unverified", "caveat"):
            value = " ".join(str(value).split())
            if name == "reason" and not value:
                raise DomainError(_("a destination status needs a reason (one line: why this status)"))
            if len(value) > 2000:
                raise DomainError(_("{name} is too long (at most 2000 characters)").format(name=name))
        if status_row(current)[name] != value:
            out[name] = value
    return out


def edited_destination(current: DestinationStatus, changes: Mapping[str, Any], reason: str, stamp: str) -> DestinationStatus:
    """The status with some fields changed (clean_changes' rules) and when (`stamp`) and why recorded."""
    why = " ".join((reason or "").split())
    if not why:
        raise DomainError(_("say why you change this status (a reason is required and is recorded with the date)"))
    clean = clean_changes(current, changes)
    if not clean:
        raise DomainError(_("nothing to change"))
    values = dict(clean)
    if "groups" in values:
        values["groups"] = tuple(values["groups"])
    return replace(current, **values, edited_at=stamp, edit_reason=why)


def edit_destination(
    profiles: Mapping[str, CountryProfile], iso3: str, changes: Mapping[str, Any], reason: str, stamp: str
) -> Edit:
    """Correct the destination status of a country with profile data (an undoable edit)."""
    profile = profiles.get(iso3.strip().upper())
    if profile is None or profile.destination is None:
        raise DomainError(_("unknown destination {iso3!r} (an ISO 3166 alpha-3 code such as KEN)").format(iso3=iso3))
    status = edited_destination(profile.destination, changes, reason, stamp)
    edited = replace(profile, destination=status)
    return replace_profiles(profiles, {edited.iso3: edited}, _("Edit {country} destination status").format(country=status.local_name))


# ---------------------------------------------------------------------------- baseline


def pin_baseline(current: Pin | None, proposal: Proposal, label: str) -> Edit:
    """Pin a proposal's state as the baseline."""
    return Edit(_("Pin baseline {label}").format(label=label), {"baseline": current}, {"baseline": Pin(proposal, label)})


def clear_baseline(current: Pin | None) -> Edit:
    """Forget the baseline."""
    return Edit("Clear baseline", {"baseline": current}, {"baseline": None})
