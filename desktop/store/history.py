"""Compact history (issue 16): a settled state stores its recipe; reading it recomputes its assessment.

(`store` is a database.Store; typed Any here because database imports this module.)

A snapshot row keeps its levers, measures, overall and band (what lists and the timeline show),
the assumption-set version, and its recipe: `offer_ref` and `country_ref` (rows of state_inputs,
content-addressed and never updated: immutable versions of the offer's inputs and of the country
as the engine read it) and `as_of` (the day its dated flags were judged on). Its `result` is ''.

A state is stored compact only when its recipe gives back exactly the assessment it was settled
with (core.state_codec.reproduce, checked at write time); otherwise its JSON is kept, with
`as_of` = '' (looked at, kept as JSON). Old files (before migration m015) are compacted once,
at open, by the same check: a state whose inputs are gone or changed since (a profile edited, an
assumption set missing, another engine) keeps its JSON and loses nothing.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date, timedelta
from typing import Any, Mapping

from ..core import state_codec
from ..core.i18n import _, use_language
from ..core.model import DomainError, Proposal
from .errors import StoreError

READ_CACHE = 256  # recently read assessments (canonical text) kept in memory, per store
CHECK_CACHE = 2048  # recently checked recipes' assessments (as canonical text, ~10 kB each), per store
KEPT = ""  # as_of of a state looked at and kept as JSON
DONE_KEY = "history"  # store_state: 'compact' once the old states have been looked at


def _cache(store: Any) -> dict[str, Any]:
    found = getattr(store, "_history", None)
    if found is None:
        found = store._history = {"read": OrderedDict(), "checked": OrderedDict(), "profiles": {}, "encoded": {}}  # type: ignore[attr-defined]
    return found


def _remember(store: Any, which: str, key: Any, value: Any) -> Any:
    kept = _cache(store)[which]
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > (READ_CACHE if which == "read" else CHECK_CACHE):
        kept.popitem(last=False)
    return value


def input_ref(store: Any, body: str) -> int:
    """The state_inputs row holding body (inserted the first time; never updated)."""
    key = state_codec.digest(body)
    row = store.db.execute("SELECT id FROM state_inputs WHERE digest = ?", [key]).fetchone()
    if row is not None:
        return int(row[0])
    return int(store.db.execute("INSERT INTO state_inputs (digest, body) VALUES (?, ?)", [key, body]).lastrowid)


def input_body(store: Any, ref: int) -> str:
    row = store.db.execute("SELECT body FROM state_inputs WHERE id = ?", [ref]).fetchone()
    if row is None:
        raise DomainError(_("a settled state's input {ref} is missing").format(ref=ref))
    return str(row[0])


def _country_body(store: Any, proposal: Proposal) -> tuple[Any, str]:
    """The country's current profile and its encoded version (encoded once per profile read)."""
    profile = store.profile(proposal.country)
    encoded = _cache(store)["encoded"]
    hit = encoded.get(proposal.country)
    if hit is None or hit[0] is not profile:
        hit = encoded[proposal.country] = (profile, state_codec.encode_country(profile))
    return hit


def _reproduced(store: Any, proposal: Proposal, profile: Any, offer: str, country: str, version: int, as_of: str) -> str:
    """The recipe's assessment as canonical JSON text (states settled from the same recipe share it)."""
    key = (state_codec.digest(offer + country), version, tuple(sorted(proposal.levers.items())),
           tuple(sorted(proposal.measures)), as_of)
    hit = _cache(store)["checked"].get(key)
    if hit is None:
        again = state_codec.reproduce(proposal, profile, store.assumption_set(version), as_of)
        hit = _remember(store, "checked", key, state_codec.canonical(again))
    return hit


def recipe(
    store: Any, proposal: Proposal, result: Mapping[str, Any], days: tuple[str, ...] | None = None
) -> tuple[int, int, str] | None:
    """(offer_ref, country_ref, as_of) of a state whose recipe reproduces result exactly, else None.

    days: the dates the dated flags may have been judged on (default: today).
    """
    if result.get("overall") is None or "assumptions_version" not in result:
        return None
    try:
        profile, country = _country_body(store, proposal)
        offer = state_codec.encode_offer(proposal)
        version = int(result["assumptions_version"])
        wanted = state_codec.canonical(result)
        for as_of in days or (date.today().isoformat(),):
            again = _reproduced(store, proposal, profile, offer, country, version, as_of)
            if again == wanted:
                return input_ref(store, offer), input_ref(store, country), as_of
            if json.loads(again).get("overall") != result.get("overall"):
                return None  # not a question of the day
    except (DomainError, ValueError, TypeError, KeyError):
        return None
    return None


def result_of(store: Any, row: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot row's assessment JSON: stored, or recomputed from its recipe (recent ones cached)."""
    if row["result"]:
        return json.loads(row["result"])
    key = row["id"]
    hit = _cache(store)["read"].get(key)
    if hit is not None:
        return json.loads(hit)  # a new dict each time: a caller may change its copy
    cache = _cache(store)
    profile = cache["profiles"].get(row["country_ref"])
    if profile is None:
        profile = cache["profiles"][row["country_ref"]] = state_codec.decode_country(input_body(store, row["country_ref"]))
    measures = frozenset(json.loads(row["measures"] or "[]"))
    proposal = state_codec.decode_offer(input_body(store, row["offer_ref"]), json.loads(row["levers"]), measures)
    result = state_codec.reproduce(proposal, profile, store.assumption_set(int(row["assumptions_version"])), row["as_of"])
    return json.loads(_remember(store, "read", key, state_codec.canonical(result)))


def readable_result(store: Any, row: Mapping[str, Any]) -> dict[str, Any]:
    """result_of, or (a damaged file: a state's inputs missing or unreadable) what its row says, marked so."""
    try:
        return result_of(store, row)
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile input must not stop a listing
        return {"overall": row["overall"], "band": row["band"], "assumptions_version": row["assumptions_version"],
                "unreadable": str(exc)}


def _days(created: str) -> tuple[str, ...]:
    """The day a state was settled (UTC) and the days either side (its flags were judged in local time)."""
    day = date.fromisoformat(created[:10])
    return tuple(d.isoformat() for d in (day, day - timedelta(days=1), day + timedelta(days=1)))


def needs_compacting(store: Any) -> bool:
    if "state_inputs" not in store.db.table_names():
        return False
    row = store.db.execute("SELECT value FROM store_state WHERE key = ?", [DONE_KEY]).fetchone()
    return row is None


def compact_history(store: Any, batch: int = 500) -> dict[str, int]:
    """Compact the states stored before compact history (once; resumable): {"compacted", "kept"}.

    Each old state is recomputed from its levers and measures, its proposal's other inputs and the
    country as it is now; where that gives back its stored assessment exactly, its JSON is dropped,
    otherwise (inputs changed or missing since) it is kept.
    """
    counts = {"compacted": 0, "kept": 0}
    proposals: dict[int, Proposal | None] = {}
    with use_language("en"):  # states stored before translations are in English
        while True:
            rows = list(store.db.query(
                "SELECT id, proposal_id, created, levers, measures, result FROM snapshots"
                " WHERE as_of IS NULL ORDER BY id LIMIT ?", [batch],
            ))
            if not rows:
                break
            with store.transaction():
                for r in rows:
                    pid = r["proposal_id"]
                    if pid not in proposals:
                        proposals[pid] = store.proposal_by_id(pid, trashed=True)
                    found = _old_recipe(store, proposals[pid], r)
                    if found is None:
                        store.db.execute("UPDATE snapshots SET as_of = ? WHERE id = ?", [KEPT, r["id"]])
                        counts["kept"] += 1
                    else:
                        store.db.execute(
                            "UPDATE snapshots SET offer_ref = ?, country_ref = ?, as_of = ?, result = '' WHERE id = ?",
                            [*found, r["id"]],
                        )
                        counts["compacted"] += 1
        with store.transaction():
            store.db.execute("INSERT OR REPLACE INTO store_state (key, value) VALUES (?, 'compact')", [DONE_KEY])
    if counts["compacted"]:
        reclaim_space(store)
    return counts


RECLAIM_SHARE = 0.25  # free pages, as a share of the file, worth rewriting the file for


def reclaim_space(store: Any, share: float = RECLAIM_SHARE) -> bool:
    """VACUUM the file when at least `share` of its pages are free (the JSON compaction dropped),
    so a compacted file is also a smaller file on disk; True when it did. Once, after compacting:
    it rewrites the whole file (and needs as much free disk while it runs)."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    free = store.db.execute("PRAGMA freelist_count").fetchone()[0]
    if not pages or free < share * pages or store.db.conn.in_transaction:
        return False
    with store.writing():
        store.db.execute("VACUUM")
    return True


def _old_recipe(store: Any, base: Proposal | None, r: Mapping[str, Any]) -> tuple[int, int, str] | None:
    if base is None or r["measures"] is None or not r["result"]:
        return None
    try:
        result = json.loads(r["result"])
        proposal = Proposal(
            name=base.name, country=base.country, levers={k: int(v) for k, v in json.loads(r["levers"]).items()},
            measures=frozenset(json.loads(r["measures"])), components=base.components, red_lines=base.red_lines,
            deal=base.deal, program=base.program,
        )
    except (ValueError, TypeError, AttributeError):
        return None
    return recipe(store, proposal, result, _days(r["created"]))


def compact_at_open(store: Any) -> None:
    """Compact an old file's history the first time it is opened by this version (skipped when read-only)."""
    try:
        if needs_compacting(store):
            compact_history(store)
    except StoreError:
        pass  # read-only or busy: the states stay as they are, and are looked at next time


def bundle_states(store: Any, proposal_id: int) -> list[dict[str, Any]]:
    """A proposal's states as a streamed bundle holds them, oldest first: compact ones as their recipe
    (digests; `offer_ref`/`country_ref` say which inputs to write), the others with their result."""
    rows = store.db.query(
        "SELECT s.*, o.digest AS offer_digest, c.digest AS country_digest FROM snapshots s"
        " LEFT JOIN state_inputs o ON o.id = s.offer_ref LEFT JOIN state_inputs c ON c.id = s.country_ref"
        " WHERE s.proposal_id = ? ORDER BY s.created, s.id",
        [proposal_id],
    )
    out = []
    for r in rows:
        state = {"created": r["created"], "assumptions_version": int(r["assumptions_version"]),
                 "levers": json.loads(r["levers"]), "overall": r["overall"], "band": r["band"],
                 "measures": None if r["measures"] is None else json.loads(r["measures"])}
        if r["result"] or r["offer_digest"] is None or r["country_digest"] is None:
            state["result"] = readable_result(store, r)
        else:
            state["recipe"] = {"offer": r["offer_digest"], "country": r["country_digest"], "as_of": r["as_of"]}
            state["refs"] = (r["offer_ref"], r["country_ref"])
        out.append(state)
    return out


def import_input(store: Any, digest: str, data: Any) -> int:
    """Store a bundle's input (a country version or an offer) after checking it is one and matches its digest."""
    body = state_codec.canonical(data)
    if state_codec.digest(body) != digest:
        raise DomainError(_("a bundle's input {digest}… does not match its digest").format(digest=digest[:12]))
    if isinstance(data, dict) and data.get("@") == "CountryProfile":
        state_codec.decode_country(body)
    else:
        state_codec.decode_offer(body, {"security": 50, "resilience": 50, "openness": 50, "partnership": 50}, frozenset())
    return input_ref(store, body)


def state_versions(store: Any, proposal_id: int) -> tuple[int | None, set[int]]:
    """The assumption-set version of a proposal's newest state (None without one) and of all its states."""
    rows = store.db.execute(
        "SELECT assumptions_version FROM snapshots WHERE proposal_id = ? ORDER BY created DESC, id DESC", [proposal_id]
    ).fetchall()
    return (int(rows[0][0]) if rows else None), {int(r[0]) for r in rows}
