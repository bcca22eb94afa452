"""Words the brief's sections share, in the current language: the country's name, severities, scores."""

from __future__ import annotations

from typing import Any

from .i18n import N_, Labels, _, format_number
from .languages import local_name

SEVERITY_LABELS = Labels({"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")})
FIGURE_KIND_LABELS = Labels({"published": N_("Published"), "estimate": N_("Estimate"), "default": N_("Default (derived)")})


def country_name(profile: Any) -> str:
    """The country's name as the UN writes it in the current language (the profile's own name in English)."""
    return local_name(profile.iso3, profile.name)


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS[severity] if severity in SEVERITY_LABELS else severity.capitalize()


def num(value: float | None, digits: int = 1) -> str:
    """A figure with the locale's decimal mark; 'n/a' for none."""
    return _("n/a") if value is None else format_number(value, digits)


def out_of_100(value: float, digits: int = 1) -> str:
    return _("{score} / 100").format(score=format_number(value, digits))
