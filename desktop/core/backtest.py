"""Does the score separate what happened? The neutral score against the outcome ledger (pure).

The ledger (store/outcomes.py) records observed outcomes per country with a source: positive
(signed a U.S. government AI partnership or the Pax Silica declaration) or negative (chose a
rival provider, talks stalled, named as not a signatory). A country is positive if any of its
included outcomes is, negative if all are. Each country is scored by the neutral offer
(levers at their defaults, no measures: the same offer the ranking's neutral column uses) and,
for comparison, by IMF capacity alone (AIPI). Separation is the AUC (the probability that a
random positive country scores above a random negative one; ties count half; 0.5 = chance),
with a seeded bootstrap interval over countries. Plain warnings say when the sample is small
and when the profile values were reviewed after the outcomes they are tested against
(circularity: the 2026 review raised trust where countries signed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np

from .model import AssumptionSet, CountryProfile, Proposal

MIN_COUNTRIES = 30
MIN_PER_CLASS = 10
POSITIVE_KINDS = ("pax_silica", "us_ai_partnership")
NEGATIVE_KINDS = ("rival_provider", "talks_stalled", "not_signed")
KINDS = POSITIVE_KINDS + NEGATIVE_KINDS + ("other",)
KIND_LABELS = {
    "pax_silica": "signed the Pax Silica declaration",
    "us_ai_partnership": "signed a government AI partnership with the U.S.",
    "rival_provider": "chose a rival provider",
    "talks_stalled": "talks stalled",
    "not_signed": "named as not a signatory",
    "other": "other",
}


@dataclass(frozen=True)
class Outcome:
    """One observed outcome: who, when, what, whether it counts for (positive) or against, its source."""

    iso3: str
    date: str
    kind: str
    positive: bool
    summary: str
    url: str = ""
    verified: bool = True
    private: bool = False
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "iso3": self.iso3, "date": self.date, "kind": self.kind, "positive": self.positive,
                "summary": self.summary, "url": self.url, "verified": self.verified, "private": self.private}


def auc(scores: Iterable[float], labels: Iterable[bool]) -> float | None:
    """Mann–Whitney AUC: P(score of a positive > score of a negative), ties ½; None without both classes."""
    s = np.asarray(list(scores), dtype=float)
    y = np.asarray(list(labels), dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return None
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def bootstrap_interval(
    columns: Mapping[str, np.ndarray], labels: np.ndarray, reps: int, seed: int, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Percentile interval of each column's AUC over `reps` resamples of the countries (seeded)."""
    rng = np.random.default_rng(int(seed))
    n = len(labels)
    draws: dict[str, list[float]] = {k: [] for k in columns}
    for _ in range(reps):
        idx = rng.integers(0, n, n)
        y = labels[idx]
        if y.all() or not y.any():
            continue
        for k, col in columns.items():
            draws[k].append(auc(col[idx], y))  # type: ignore[arg-type]
    tail = (1 - level) / 2 * 100
    return {k: (float(np.percentile(v, tail)), float(np.percentile(v, 100 - tail))) if v else (float("nan"), float("nan"))
            for k, v in draws.items()}


@dataclass(frozen=True)
class Case:
    iso3: str
    name: str
    positive: bool
    score: float
    capacity: float
    outcomes: tuple[str, ...]
    rank_error: float  # 0 … 1: how far from where its outcome says it should rank

    def to_dict(self) -> dict[str, Any]:
        return {"iso3": self.iso3, "name": self.name, "outcome": "positive" if self.positive else "negative",
                "score": round(self.score, 2), "capacity": round(self.capacity, 4), "rank_error": round(self.rank_error, 3),
                "outcomes": list(self.outcomes)}


@dataclass(frozen=True)
class Backtest:
    n: int
    positives: int
    negatives: int
    auc_score: float | None
    auc_capacity: float | None
    auc_before_review: float | None
    interval: Mapping[str, tuple[float, float]]
    worst: tuple[Case, ...]
    warnings: tuple[str, ...]
    cases: tuple[Case, ...] = field(default=(), repr=False)
    excluded: tuple[str, ...] = ()
    reps: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        r = (lambda x: None if x is None else round(x, 3))
        return {
            "n": self.n,
            "positives": self.positives,
            "negatives": self.negatives,
            "auc": {"score": r(self.auc_score), "capacity": r(self.auc_capacity),
                    "score_before_review": r(self.auc_before_review)},
            "interval": {k: [round(lo, 3), round(hi, 3)] for k, (lo, hi) in self.interval.items()},
            "bootstrap": {"reps": self.reps, "seed": self.seed, "level": 0.95},
            "worst": [c.to_dict() for c in self.worst],
            "warnings": list(self.warnings),
            "excluded": list(self.excluded),
            "cases": [c.to_dict() for c in self.cases],
            "method": "AUC = P(a positive country's neutral score > a negative one's), ties ½; capacity = IMF AIPI 2023 "
                      "alone; 95% percentile bootstrap over countries. Positive: signed a U.S. government AI "
                      "partnership or the Pax Silica declaration; negative: chose a rival provider, talks stalled or "
                      "named as not a signatory.",
        }


def _neutral_scores(isos: list[str], profiles: Mapping[str, CountryProfile], assumptions: AssumptionSet) -> dict[str, float | None]:
    from .engine import assess

    out: dict[str, float | None] = {}
    for iso in isos:
        out[iso] = assess(Proposal(name="neutral", country=iso), profiles[iso], assumptions).overall
    return out


def labels_by_country(outcomes: Iterable[Outcome], verified_only: bool = False, include_private: bool = True) -> dict[str, bool]:
    """{iso3: positive?}: positive if any included outcome is positive, negative if all are negative."""
    out: dict[str, bool] = {}
    for o in outcomes:
        if (verified_only and not o.verified) or (o.private and not include_private) or o.kind == "other":
            continue
        out[o.iso3] = out.get(o.iso3, False) or o.positive
    return out


def backtest(
    outcomes: Iterable[Outcome],
    profiles: Mapping[str, CountryProfile],
    assumptions: AssumptionSet,
    before_review: Mapping[str, CountryProfile] | None = None,
    verified_only: bool = False,
    include_private: bool = True,
    reps: int = 2000,
    seed: int = 20261202,
    worst: int = 5,
) -> Backtest:
    """Compare the neutral score and capacity alone against the ledger's outcomes.

    before_review: the same profiles with the values they had before the 2026 review (the
    upgrade keeps them in profile_reviews), for a score set before most outcomes.
    """
    outcomes = list(outcomes)
    labels = labels_by_country(outcomes, verified_only, include_private)
    excluded = []
    isos = []
    for iso in sorted(labels):
        prof = profiles.get(iso)
        if prof is None or prof.aipi.missing:
            excluded.append(f"{iso}: no IMF capacity figure" if prof is not None else f"{iso}: not in the index")
            continue
        isos.append(iso)
    scores = _neutral_scores(isos, profiles, assumptions)
    for iso in list(isos):
        if scores[iso] is None:
            excluded.append(f"{iso}: no score (embargoed destination)")
            isos.remove(iso)
    y = np.array([labels[i] for i in isos], dtype=bool)
    score = np.array([scores[i] for i in isos], dtype=float)
    capacity = np.array([profiles[i].aipi.value for i in isos], dtype=float)
    columns = {"score": score, "capacity": capacity}
    before = None
    if before_review is not None:
        earlier = _neutral_scores(isos, before_review, assumptions)
        columns["score_before_review"] = np.array([earlier[i] or 0.0 for i in isos], dtype=float)
        before = auc(columns["score_before_review"], y)
    interval = bootstrap_interval(columns, y, reps, seed) if len(isos) >= 2 else {}
    # Rank error: a positive near the bottom of the score ranking, or a negative near the top.
    order = score.argsort().argsort() / max(1, len(score) - 1)  # 0 = lowest score, 1 = highest
    cases = []
    for j, iso in enumerate(isos):
        mine = tuple(f"{o.date} {KIND_LABELS.get(o.kind, o.kind)}" for o in outcomes if o.iso3 == iso)
        cases.append(Case(iso, profiles[iso].name, bool(y[j]), float(score[j]), float(capacity[j]), mine,
                          float(1 - order[j] if y[j] else order[j])))
    ranked = tuple(sorted(cases, key=lambda c: (-c.rank_error, c.iso3)))
    npos, nneg = int(y.sum()), int((~y).sum())
    warnings = []
    if len(isos) < MIN_COUNTRIES or min(npos, nneg) < MIN_PER_CLASS:
        warnings.append(f"Small sample: {len(isos)} countries ({npos} positive, {nneg} negative). The interval is wide; "
                        "an AUC difference inside it is not evidence either way.")
    reviewed_after = sorted({i for i in isos for f in profiles[i].sovereignty.values()
                             if f.reviewed and any(f.reviewed >= o.date for o in outcomes if o.iso3 == i)})
    if reviewed_after:
        warnings.append(f"Circular: the profile values of {len(reviewed_after)} of these countries were reviewed after "
                        "their outcomes, and the review used them (e.g. trust raised after signing Pax Silica). "
                        "The score's AUC overstates what it would have predicted; compare the score before the review.")
    if not verified_only and any(not o.verified for o in outcomes):
        warnings.append("Includes unverified outcomes (single or weak sources): rerun with verified outcomes only to check.")
    warnings.append("Outcomes are what the fact sheet records for 2025–2026, not a complete record: a country with no "
                    "entry is left out, not counted as negative.")
    return Backtest(len(isos), npos, nneg, auc(score, y), auc(capacity, y), before, interval, ranked[:worst],
                    tuple(warnings), tuple(sorted(cases, key=lambda c: c.iso3)), tuple(excluded), reps, seed)
