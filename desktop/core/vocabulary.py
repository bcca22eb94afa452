"""The domain's vocabulary: levers, dimensions, components, profile fields, bands, and DomainError.

Plain names and labels only, so every other domain module can import them without a cycle.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

LEVERS: tuple[str, ...] = ("security", "resilience", "openness", "partnership")

LEVER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "security": "Security",
        "resilience": "Resilience",
        "openness": "Openness",
        "partnership": "Partnership",
    }
)

# What the low, middle and high end of each lever mean (DESIGN.md, the four commitments).
LEVER_LEVELS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "security": (
            "Standard commercial security",
            "Encryption + audits",
            "Confidential computing, customer-held keys",
        ),
        "resilience": (
            "One in-country site",
            "Primary site + backup",
            "Multi-site with failover",
        ),
        "openness": (
            "Closed models via API",
            "Hosted models, some weights",
            "Evaluated open weights, fine-tunable",
        ),
        "partnership": (
            "Turnkey delivery",
            "Local integrator",
            "Equity, co-development, joint governance",
        ),
    }
)

DIMENSIONS: tuple[str, ...] = (
    "sovereignty_alignment",
    "absorptive_capacity",
    "security_trust",
    "continuity",
    "commercial_viability",
    "competitive_position",
)

DIMENSION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "sovereignty_alignment": "Sovereignty alignment",
        "absorptive_capacity": "Absorptive capacity",
        "security_trust": "Security & trust",
        "continuity": "Continuity",
        "commercial_viability": "Commercial viability",
        "competitive_position": "Edge over the alternative",
    }
)

# Which side of the table each dimension speaks for (the counterpart-safe brief filters on it).
SIDES: tuple[str, ...] = ("counterpart", "exporter", "both")
DIMENSION_SIDES: Mapping[str, str] = MappingProxyType(
    {
        "sovereignty_alignment": "counterpart",
        "absorptive_capacity": "counterpart",
        "security_trust": "both",
        "continuity": "both",
        "commercial_viability": "exporter",
        "competitive_position": "counterpart",
    }
)

# The stack components of the export package (EO 14320's layers plus skills and financing).
COMPONENTS: tuple[str, ...] = (
    "compute",
    "data",
    "models",
    "security_services",
    "applications",
    "skills",
    "financing",
)

COMPONENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "compute": "Hardware, data centers and cloud",
        "data": "Data pipelines and labeling",
        "models": "AI models and systems",
        "security_services": "Security and cybersecurity services",
        "applications": "Sector applications",
        "skills": "Skills and training",
        "financing": "Financing (EXIM, DFC, USTDA)",
    }
)

SCALE_LABELS: tuple[str, ...] = ("Not included", "Pilot", "National", "Flagship")
MAX_SCALE = len(SCALE_LABELS) - 1

DEFAULT_COMPONENTS: Mapping[str, int] = MappingProxyType(
    {
        "compute": 2,
        "data": 1,
        "models": 1,
        "security_services": 1,
        "applications": 1,
        "skills": 1,
        "financing": 1,
    }
)

# Sovereignty profile fields: the country's demand per commitment, trust, competing offers.
PROFILE_FIELDS: tuple[str, ...] = (
    "demand_security",
    "demand_localization",
    "demand_openness",
    "demand_partnership",
    "trust",
    "competition",
)

PROFILE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "demand_security": "Demand for data control and security",
        "demand_localization": "Demand for localization",
        "demand_openness": "Demand for open models",
        "demand_partnership": "Demand for local partnership",
        "trust": "Trust / alignment with the exporter",
        "competition": "Pressure of competing offers",
    }
)

PILLARS: tuple[str, ...] = (
    "digital_infrastructure",
    "human_capital_labor_policy",
    "innovation_economic_integration",
    "regulation_ethics",
)

PILLAR_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "digital_infrastructure": "Digital infrastructure",
        "human_capital_labor_policy": "Human capital & labor policy",
        "innovation_economic_integration": "Innovation & economic integration",
        "regulation_ethics": "Regulation & ethics",
    }
)

FIGURE_KINDS: tuple[str, ...] = ("published", "estimate", "default")

# How the deal is financed: U.S. federal support (EO 14320 names EXIM, DFC and USTDA).
FINANCING_KINDS: tuple[str, ...] = ("none", "exim_loan", "dfc_equity", "ustda_grant")
FINANCING_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "none": "No federal financing",
        "exim_loan": "EXIM loan",
        "dfc_equity": "DFC equity",
        "ustda_grant": "USTDA grant",
    }
)

BANDS: tuple[str, ...] = ("Not ready", "At risk", "Viable", "Ready")
# Bands the destination screen puts in place of the score's band (desktop/core/screen.py).
SCREEN_BANDS: tuple[str, ...] = ("Blocked", "Prohibited")


class DomainError(ValueError):
    """Input that the domain rejects, with a message fit to show a user."""
