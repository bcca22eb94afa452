"""The domain's vocabulary: levers, dimensions, components, profile fields, bands, and DomainError.

Plain names and labels only, so every other domain module can import them without a cycle.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .i18n import N_, Labels, LabelTuple

LEVERS: tuple[str, ...] = ("security", "resilience", "openness", "partnership")

LEVER_LABELS: Mapping[str, str] = Labels(
    {
        "security": N_("Security"),
        "resilience": N_("Resilience"),
        "openness": N_("Openness"),
        "partnership": N_("Partnership"),
    }
)

# What the low, middle and high end of each lever mean (DESIGN.md, the four commitments).
LEVER_LEVELS: Mapping[str, tuple[str, str, str]] = Labels(
    {
        "security": (
            N_("Standard commercial security"),
            N_("Encryption + audits"),
            N_("Confidential computing, customer-held keys"),
        ),
        "resilience": (
            N_("One in-country site"),
            N_("Primary site + backup"),
            N_("Multi-site with failover"),
        ),
        "openness": (
            N_("Closed models via API"),
            N_("Hosted models, some weights"),
            N_("Evaluated open weights, fine-tunable"),
        ),
        "partnership": (
            N_("Turnkey delivery"),
            N_("Local integrator"),
            N_("Equity, co-development, joint governance"),
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

DIMENSION_LABELS: Mapping[str, str] = Labels(
    {
        "sovereignty_alignment": N_("Sovereignty alignment"),
        "absorptive_capacity": N_("Absorptive capacity"),
        "security_trust": N_("Security & trust"),
        "continuity": N_("Continuity"),
        "commercial_viability": N_("Commercial viability"),
        "competitive_position": N_("Edge over the alternative"),
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

COMPONENT_LABELS: Mapping[str, str] = Labels(
    {
        "compute": N_("Hardware, data centers and cloud"),
        "data": N_("Data pipelines and labeling"),
        "models": N_("AI models and systems"),
        "security_services": N_("Security and cybersecurity services"),
        "applications": N_("Sector applications"),
        "skills": N_("Skills and training"),
        "financing": N_("Financing (EXIM, DFC, USTDA)"),
    }
)

SCALE_LABELS: Sequence[str] = LabelTuple((N_("Not included"), N_("Pilot"), N_("National"), N_("Flagship")))
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

PROFILE_LABELS: Mapping[str, str] = Labels(
    {
        "demand_security": N_("Demand for data control and security"),
        "demand_localization": N_("Demand for localization"),
        "demand_openness": N_("Demand for open models"),
        "demand_partnership": N_("Demand for local partnership"),
        "trust": N_("Trust / alignment with the exporter"),
        "competition": N_("Pressure of competing offers"),
    }
)

PILLARS: tuple[str, ...] = (
    "digital_infrastructure",
    "human_capital_labor_policy",
    "innovation_economic_integration",
    "regulation_ethics",
)

PILLAR_LABELS: Mapping[str, str] = Labels(
    {
        "digital_infrastructure": N_("Digital infrastructure"),
        "human_capital_labor_policy": N_("Human capital & labor policy"),
        "innovation_economic_integration": N_("Innovation & economic integration"),
        "regulation_ethics": N_("Regulation & ethics"),
    }
)

# The catalog's measures as the seed names them (db/seed/measures.json, db/migrations/m011_model_v2):
# shown translated while a measure keeps its seeded name; a name the user edited is shown as typed.
MEASURE_LABELS: Mapping[str, str] = Labels(
    {
        "cc_enclaves": N_("Confidential-computing enclaves"),
        "customer_keys": N_("Customer-managed keys"),
        "pet_sensitive": N_("Privacy-enhancing tech (PETs)"),
        "independent_audits": N_("Independent security audits"),
        "air_gapped_option": N_("Air-gapped deployment option"),
        "onshore_sensitive_tier": N_("In-country sensitive-data tier"),
        "multi_region_failover": N_("Multi-region failover"),
        "sovereign_backup": N_("In-country encrypted backups"),
        "local_ops_center": N_("Local operations centre"),
        "exit_portability": N_("Portability and exit plan"),
        "open_weight_option": N_("Evaluated open-weight option"),
        "fine_tuning_rights": N_("Fine-tuning rights"),
        "red_team_reports": N_("Red-team reports shared"),
        "staged_release_eval": N_("Staged release with evaluations"),
        "local_language_models": N_("Local-language models"),
        "local_equity_partner": N_("Local equity partner"),
        "workforce_program": N_("Workforce program"),
        "co_development": N_("Co-development of applications"),
        "joint_oversight_board": N_("Joint oversight board"),
        "tech_transfer_safeguards": N_("Export-control & IP safeguards"),
        "end_use_monitoring": N_("End-use monitoring"),
        "kyc_screening": N_("Know-your-customer screening"),
        "usage_reporting": N_("Compliance reporting"),
        "remote_attestation": N_("Remote attestation for both sides"),
    }
)


MEASURE_DESCRIPTIONS: Mapping[str, str] = Labels(
    {
        "cc_enclaves": N_("Sensitive workloads run in hardware-isolated enclaves (TEEs) with remote attestation, so the operator cannot read data in use."),
        "customer_keys": N_("Encryption keys held by the customer (BYOK/HYOK) in an in-country HSM; the exporter cannot decrypt without the customer."),
        "pet_sensitive": N_("Federated learning, differential privacy and secure aggregation for health, finance and government data."),
        "independent_audits": N_("Third-party audits (e.g. ISO 27001, SOC 2) with reports shared with the customer's regulator."),
        "air_gapped_option": N_("An on-premises, disconnected deployment for defence and critical-infrastructure workloads."),
        "onshore_sensitive_tier": N_("Sensitive and regulated data (e.g. Kenya's strategic-interest data) stays on servers in the country; only non-sensitive tiers fail over abroad."),
        "multi_region_failover": N_("Active-passive replicas in a second region with tested failover and a stated recovery-time objective."),
        "sovereign_backup": N_("Encrypted backups of all tiers kept in the country under the customer's keys."),
        "local_ops_center": N_("A 24/7 operations and incident-response centre staffed in the country."),
        "exit_portability": N_("Open formats, documented migration path and contractual exit assistance against lock-in."),
        "open_weight_option": N_("Carefully evaluated open-weight models the country can host and run itself."),
        "fine_tuning_rights": N_("The right to fine-tune hosted or open models on national data."),
        "red_team_reports": N_("Pre-release red-team and evaluation reports shared with the customer's AI safety body."),
        "staged_release_eval": N_("Weights released in stages, each gated by dangerous-capability evaluations."),
        "local_language_models": N_("Models adapted to national languages with local data partners (e.g. Bahasa Indonesia, Portuguese, Swahili)."),
        "local_equity_partner": N_("A credible local firm or fund holds equity in the operating company."),
        "workforce_program": N_("Training and certification for local engineers, operators and public servants."),
        "co_development": N_("Joint R&D with local universities and firms on sector applications."),
        "joint_oversight_board": N_("A joint governance board with the government that reviews access, incidents and use."),
        "tech_transfer_safeguards": N_("Know-your-customer, end-use checks and IP terms that keep controlled technology where it belongs."),
        "end_use_monitoring": N_("The exporter (and, on request, the U.S. licensing authority) can inspect where the accelerators are and what runs on them: site visits, telemetry of workloads and tenants."),
        "kyc_screening": N_("Every tenant and end user of the compute is identified and screened against restricted-party lists before access, with records kept for audit."),
        "usage_reporting": N_("Regular reports to the exporter on capacity use, large training runs and access by foreign parties, for its licence obligations."),
        "remote_attestation": N_("Hardware attestation of the firmware and workloads, with the reports shared with the exporter as well as the partner, so both can verify what runs without reading the data."),
    }
)


def measure_description(measure: Any) -> str:
    """A catalog measure's description in the current language (as typed, if the user edited it)."""
    seeded = MEASURE_DESCRIPTIONS.source(measure.id) if measure.id in MEASURE_DESCRIPTIONS else None
    return MEASURE_DESCRIPTIONS[measure.id] if seeded == measure.description else measure.description


def measure_label(measure: Any) -> str:
    """A catalog measure's name in the current language (as typed, if the user renamed it)."""
    seeded = MEASURE_LABELS.source(measure.id) if measure.id in MEASURE_LABELS else None
    return MEASURE_LABELS[measure.id] if seeded == measure.name else measure.name


FIGURE_KINDS: tuple[str, ...] = ("published", "estimate", "default")

# How the deal is financed: U.S. federal support (EO 14320 names EXIM, DFC and USTDA).
FINANCING_KINDS: tuple[str, ...] = ("none", "exim_loan", "dfc_equity", "ustda_grant")
FINANCING_LABELS: Mapping[str, str] = Labels(
    {
        "none": N_("No federal financing"),
        "exim_loan": N_("EXIM loan"),
        "dfc_equity": N_("DFC equity"),
        "ustda_grant": N_("USTDA grant"),
    }
)

# Bands are identifiers (JSON, bundles, the room's predictions): English always; band_label() translates one.
BANDS: tuple[str, ...] = (N_("Not ready"), N_("At risk"), N_("Viable"), N_("Ready"))
# Bands the destination screen puts in place of the score's band (desktop/core/screen.py).
SCREEN_BANDS: tuple[str, ...] = (N_("Blocked"), N_("Prohibited"))


def band_label(band: str | None) -> str:
    """A band (an identifier: 'At risk') in the current language, for people to read."""
    from .i18n import _

    return "" if band is None else _(band)


class DomainError(ValueError):
    """Input that the domain rejects, with a message fit to show a user."""
