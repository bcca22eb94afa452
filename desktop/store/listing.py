"""What lists of proposals show (Open…, Compare's pickers, the examples menu): one query, filtered and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .trash import live

# A proposals query's extra column: the proposal's measures in the same row (no query per proposal).
MEASURE_IDS = "(SELECT group_concat(measure_id, ',') FROM proposal_measures m WHERE m.proposal_id = proposals.id) AS measure_ids"


@dataclass(frozen=True)
class ProposalSummary:
    """What a list of proposals shows (Open…, Compare's pickers, the examples menu): one row, no JSON read."""

    id: int
    name: str
    country: str
    country_name: str
    modified: str | None
    example: bool
    description: str
    parent_id: int | None


def measures_of(db: Any, r: Any) -> frozenset[str]:
    """A proposals row's measures: from its MEASURE_IDS column when the query had it, else one query."""
    if "measure_ids" in r:
        return frozenset(m for m in (r["measure_ids"] or "").split(",") if m)
    return frozenset(
        m["measure_id"] for m in db.query("SELECT measure_id FROM proposal_measures WHERE proposal_id = ?", [r["id"]])
    )


def latest_own_proposal(store: Any, besides: int | None = None) -> Any:
    """The most recently changed proposal that is not a shipped example (nor `besides`, nor in the trash), or None."""
    rows = list(store.db.query(
        f"SELECT *, {MEASURE_IDS} FROM proposals WHERE example = 0 AND {live()} AND id IS NOT ?"  # noqa: S608
        " ORDER BY modified DESC, id DESC LIMIT 1", [besides]
    ))
    return store.proposal_from_row(rows[0]) if rows else None


def _like(text: str) -> str:
    """A LIKE pattern matching text anywhere, with LIKE's own characters taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matching(search: str, example: bool | None) -> tuple[str, dict[str, Any]] | None:
    """The WHERE clause (over `proposals p` joined to `countries c`) for a list's search and
    example filter, with its parameters; None when nothing can match."""
    needle = search.strip()
    if "\x00" in needle:  # SQLite's LIKE ends a pattern at NUL (matching everything); no name holds one
        return None
    clause = f"""{live("p")} AND (:needle = '' OR p.name LIKE :like ESCAPE '\\' OR p.country LIKE :like ESCAPE '\\'
                  OR c.name LIKE :like ESCAPE '\\')
             AND (:example IS NULL OR p.example = :example)"""
    return clause, {"needle": needle, "like": _like(needle), "example": None if example is None else int(example)}


def proposal_summaries(
    store: Any, search: str = "", limit: int | None = None, offset: int = 0, example: bool | None = None
) -> list[ProposalSummary]:
    """Proposals as lists show them (none in the trash), most recently changed first, filtered and paged in SQL.

    search: matches the name, the ISO3 code or the country's name anywhere (any case);
    example: only examples (True), only the user's own (False), or both (None).
    """
    matching = _matching(search, example)
    if matching is None:
        return []
    where, params = matching
    rows = store.db.execute(
        f"""SELECT p.id, p.name, p.country, coalesce(c.name, p.country), p.modified, p.example,
                  coalesce(p.description, ''), p.parent_id
           FROM proposals p LEFT JOIN countries c ON c.iso3 = p.country
           WHERE {where}
           ORDER BY p.modified DESC, p.id DESC LIMIT :limit OFFSET :offset""",  # noqa: S608 - the clause is ours
        {**params, "limit": -1 if limit is None else int(limit), "offset": int(offset)},
    ).fetchall()
    return [ProposalSummary(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7]) for r in rows]


def count_proposals(store: Any, search: str = "", example: bool | None = None) -> int:
    """How many proposals a list with this search and filter holds (none in the trash)."""
    matching = _matching(search, example)
    if matching is None:
        return 0
    where, params = matching
    return int(store.db.execute(
        f"SELECT count(*) FROM proposals p LEFT JOIN countries c ON c.iso3 = p.country WHERE {where}",  # noqa: S608
        params,
    ).fetchone()[0])

