"""Who may read what: one registry of every kind of thing that can reach an output (issue 14).

Each kind is named `<type>.<field>` and carries an audience: SAFE (may be handed to the
counterpart, shown to the room, sent in a counterpart bundle) or INTERNAL (our position: red
lines, notes, the lever history and its reasons, costs and margins, thresholds, exporter-side
weights, and our estimates of the counterpart). It is decided here, by type, never by the
wording of a message. The counterpart outputs are allow-lists: they show a kind only when
`safe(kind)`; a kind missing from the registry is a KeyError, so nothing new leaks silently,
and a test checks that every field of the types that reach an output is registered.

Assumption rows are registered by key family (`assumption_audience`): a row is safe only if
its family is listed safe and it is not an exporter-side row (engine.params.exporter_side).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .engine.params import exporter_side

SAFE = "safe"
INTERNAL = "internal"
AUDIENCES = (SAFE, INTERNAL)

_S, _I = SAFE, INTERNAL

REGISTRY: Mapping[str, str] = MappingProxyType({
    # the proposal (model.Proposal); what we offer is safe, how far we would go is not
    "proposal.name": _S,  # the title of the brief; no other scenario name is printed
    "proposal.country": _S,
    "proposal.levers": _S,  # the commitments as offered now
    "proposal.measures": _S,
    "proposal.components": _S,
    "proposal.description": _S,
    "proposal.deal": _S,  # the deal terms both sides sign
    "proposal.red_lines": _I,
    "proposal.notes": _I,
    "proposal.program": _I,  # consortium, U.S. content: our compliance work
    "proposal.id": _I,
    "proposal.created": _I,
    "proposal.modified": _I,
    "proposal.example": _I,
    "proposal.parent": _I,  # another scenario's name
    "proposal.snapshots": _I,  # past positions and scores
    "proposal.assumptions_version": _I,
    "proposal.screen": _S,  # the destination status: a public fact with sources
    "proposal.change_log": _I,
    # the change log (lever history): never in a counterpart output, marked or not
    "change.when": _I,
    "change.change": _I,
    "change.reason": _I,
    "change.private": _I,
    # deal terms (model.DealTerms): agreed terms
    "deal.value_musd": _S,
    "deal.term_years": _S,
    "deal.price": _S,
    "deal.compute_mw": _S,
    "deal.accelerators": _S,
    "deal.financing": _S,
    "deal.financing_share": _S,
    # what the deal costs us (assessment["deal"])
    "deal.revenue_musd": _I,
    "deal.delivery_cost_musd": _I,
    "deal.concession_cost_musd": _I,
    "deal.financing_cost_musd": _I,
    "deal.margin": _I,
    "deal.margin_musd": _I,
    "deal.min_margin": _I,
    "deal.financing_available": _S,
    "deal.effective_price": _I,
    "deal.annual_cost_musd": _I,
    "deal.burden": _I,  # our estimate of what their market carries
    "deal.market": _S,  # GDP, a published World Bank figure
    # country figures (model.Figure); rationales and edit reasons are our notes
    "figure.value": _S,
    "figure.kind": _S,
    "figure.source": _S,
    "figure.year": _S,
    "figure.rationale": _I,
    "figure.edited_at": _I,
    "figure.edit_reason": _I,
    # issue 17: a profile estimate's range, the sources chosen for it and its review date are our
    # reading of the counterpart (like its rationale): internal
    "figure.low": _I,
    "figure.high": _I,
    "figure.sources": _I,
    "figure.reviewed": _I,
    # the sovereignty profile: their demand is what they told us; trust and competition are our estimates of them
    "profile.demand_security": _S,
    "profile.demand_localization": _S,
    "profile.demand_openness": _S,
    "profile.demand_partnership": _S,
    "profile.trust": _I,
    "profile.competition": _I,
    "profile.iso3": _S,
    "profile.name": _S,
    "profile.aipi": _S,
    "profile.pillars": _S,
    "profile.sovereignty": _S,  # per field as above
    "profile.gdp": _S,
    "profile.alternative": _I,  # the rival offer (our estimate of it)
    "profile.destination": _S,
    "profile.classification": _S,
    # the assessment (engine results)
    "assessment.overall": _I,  # blends in our margin and assurance gate: the residual would reveal them
    "assessment.band": _I,
    "assessment.uncertainty": _I,
    "assessment.counterpart_acceptance": _S,
    "assessment.exporter_assurance": _I,
    "assessment.risks": _I,
    "assessment.line_items": _I,  # they add up to the overall (see above)
    "assessment.moves": _I,
    "assessment.alternative": _I,
    "assessment.security": _I,  # partner control, licensing, monitoring: our side of security
    "assessment.program": _I,
    "assessment.screen": _S,
    "assessment.change_log": _I,
    "assessment.workshop": _I,  # the room's record: teams, predictions, votes (core.room)
    "assessment.country": _S,
    "assessment.assumptions_version": _I,
    "assessment.commitments": _S,  # per field: commitment.*
    "assessment.dimensions": _S,  # per dimension: dimension.*
    "assessment.deal": _S,  # per field: deal.*
    "assessment.flags": _S,  # per flag: its rule's audience (flag_safe)
    # per commitment: the promise and their demand are safe; what they credit is our estimate of their trust
    "commitment.lever": _S,
    "commitment.demand": _S,
    "commitment.fit": _S,
    "commitment.offer": _I,
    "commitment.credited": _I,
    "commitment.credibility": _I,
    "commitment.alternative": _I,
    # dimensions: safe only where no exporter figure or estimate of the counterpart enters
    "dimension.sovereignty_alignment": _S,
    "dimension.absorptive_capacity": _S,
    "dimension.continuity": _S,
    "dimension.security_trust": _I,  # uses our trust estimate
    "dimension.commercial_viability": _I,  # the exporter's margin
    "dimension.competitive_position": _I,  # the rival offer estimate
    # the assumption set
    "assumption_set.version": _S,
    "assumption_set.name": _I,  # an internal label (e.g. "aggressive pricing")
    "assumption_set.note": _I,
    "assumption_set.rows": _S,  # per row: assumption_audience
    "assumption.key": _S,  # per row: see assumption_audience
    "assumption.value": _S,
    "assumption.low": _S,
    "assumption.high": _S,
    "assumption.unit": _S,
    "assumption.description": _S,
    "assumption.source": _S,
    "assumption.reason": _I,
    # bundle envelope
    "bundle.format": _S,
    "bundle.schema_version": _S,
    "bundle.app_version": _S,
    "bundle.exported": _S,
    "bundle.assumption_sets": _S,  # rows filtered by assumption_audience
    "bundle.proposals": _S,  # fields filtered by the proposal kinds
    "bundle.edition": _S,
    # presentation mode (the projector)
    "presentation.red_lines": _I,
    "presentation.exporter_assurance": _I,
    "presentation.overall": _S,  # the room sees the score it predicts; the facilitator may hide it (R)
    "presentation.radar": _S,
    "presentation.screen": _S,
})

# Sources by key: a source that documents only an internal kind is not listed to the counterpart.
SOURCES: Mapping[str, str] = MappingProxyType({
    "alternative_offers": _I,  # documents our estimate of the rival offer
    "analyst_profiles": _S,
    "analyst_profiles_2026": _S,  # like analyst_profiles: the attribution of a profile value
    "default_profile_rule_2026": _S,
    "country_groups": _S,
    "default_profile_rule": _S,
    "destination_controls": _S,
    "diffusion_rule_2025": _S,
    "imf_aipi_2023": _S,
    "model_design": _S,
    "un_m49_country_codes": _S,
    "world_bank_gdp": _S,
})

# Assumption rows by key family: what a counterpart may read of the method. Every key of the
# set must match one family (a test checks); a row is safe only if its family is safe and it is
# not exporter-side.
ASSUMPTION_FAMILIES: Mapping[str, str] = MappingProxyType({
    "weight.sovereignty_alignment": _S,
    "weight.absorptive_capacity": _S,
    "weight.continuity": _S,
    "weight.": _I,  # the other weights speak for our side or our estimates
    "fit.": _S,
    "align.": _S,
    "absorb.": _S,
    "capacity.": _S,
    "cont.": _S,
    "measure.": _S,
    "component.": _S,
    "data.": _S,
    "screen.": _S,
    "program.": _S,
    "band.": _I,  # bands of the overall score, which is internal
    "acc.": _I,  # how we weigh trust and the alternative in their acceptance
    "alt.": _I,
    "asr.": _I,
    "comm.": _I,
    "comp.": _I,
    "cred.": _I,  # how far they credit us: our trust estimate at work
    "deal.": _I,
    "fin.": _I,
    "flag.": _I,  # our alarm thresholds
    "gate.": _I,
    "lic.": _I,
    "market.": _I,
    "moves.": _I,
    "risk.": _I,
    "side.": _I,  # acceptance and assurance thresholds: the walk-away
    "st.": _I,
    "uncertainty.": _I,
})


def audience(kind: str) -> str:
    """The audience of a registered kind (KeyError for one nobody registered)."""
    return REGISTRY[kind]


def safe(kind: str) -> bool:
    """True if a kind may reach the counterpart."""
    return REGISTRY[kind] == SAFE


def assumption_family(key: str) -> str:
    """The registered family of an assumption key (the longest matching prefix; KeyError if none)."""
    matches = [f for f in ASSUMPTION_FAMILIES if key == f or (f.endswith(".") and key.startswith(f))]
    if not matches:
        raise KeyError(f"assumption key {key!r} has no audience family in desktop.core.audience")
    return max(matches, key=len)


def assumption_audience(key: str) -> str:
    if exporter_side(key):
        return INTERNAL
    return ASSUMPTION_FAMILIES[assumption_family(key)]


def assumption_safe(key: str) -> bool:
    return assumption_audience(key) == SAFE


def flag_safe(flag: Mapping[str, Any]) -> bool:
    """A flag reaches the counterpart only if its rule marked it safe (the engine's Flag.audience)."""
    return flag.get("audience") == SAFE


class Edition:
    """What one output may show: everything (internal) or the safe kinds only (counterpart)."""

    def __init__(self, counterpart: bool) -> None:
        self.counterpart = counterpart

    def shows(self, kind: str) -> bool:
        allowed = safe(kind)  # looked up for both editions: an unregistered kind fails at once
        return allowed or not self.counterpart

    def shows_assumption(self, key: str) -> bool:
        allowed = assumption_safe(key)
        return allowed or not self.counterpart

    def shows_source(self, key: str) -> bool:
        """A source this edition lists; one not registered is listed only internally."""
        return SOURCES.get(key) == SAFE or not self.counterpart

    def shows_flag(self, flag: Mapping[str, Any]) -> bool:
        return flag_safe(flag) or not self.counterpart
