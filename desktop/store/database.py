"""The Store: reads and writes domain objects over the one connection (opened by store.connection)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping

from sqlite_utils import Database

from ..core.edits import edit_marker
from ..core.i18n import _
from ..core.model import (
    LEVERS,
    PILLARS,
    Assumption,
    AssumptionSet,
    CountryProfile,
    DealTerms,
    DomainError,
    Figure,
    Measure,
    Program,
    Proposal,
)
from ..core.screen import DestinationStatus, not_assessable
from . import history
from . import rows as readrows
from .alternatives import read_alternatives
from .backup import BackupResult, count_changes, make_backup
from .clock import now
from .errors import SaveError, StaleWrite, StoreError
from .integrity import check_store
from .listing import count_proposals, latest_own_proposal, measures_of, proposal_summaries
from .reference import blocs, classifications, read_destinations
from .trash import live
from .trust import bounded_error


def _loads(text: str | None, default: Any) -> Any:
    return json.loads(text) if text else default


def _links(text: str | None) -> tuple[dict[str, Any], ...]:
    """A profile row's dated sources (JSON list of objects); a damaged value reads as none."""
    try:
        found = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(s for s in found if isinstance(s, dict)) if isinstance(found, list) else ()


class Store:
    """Reads and writes domain objects; keeps reference data cached after the first read."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._profiles: dict[str, CountryProfile] | None = None
        self._assumptions: dict[int, AssumptionSet] = {}
        self._measures: tuple[Measure, ...] | None = None
        self._destinations: dict[str, DestinationStatus] | None = None
        self.skipped: dict[int, str] = {}  # proposal rows that cannot be read: id → why (reported, never opened)
        self._counted = db.conn.total_changes  # rows this connection had changed when last counted
        self._has_counter = "store_state" in db.table_names()

    def close(self) -> None:
        self.db.conn.close()

    reconnect: Callable[[], sqlite3.Connection] | None = None  # set by open_store: a new checked connection
    count_changes = count_changes  # store/backup.py: the change counter backups compare

    def reference_changed(self) -> None:
        """Forget the cached reference data (profiles, assumption sets): the next read sees the database."""
        self._profiles = None
        self._assumptions.clear()
        self._measures = None
        self._destinations = None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Turn a failed write (disk full, read-only file, busy, damage) into a SaveError a user can read.

        A constraint violation (IntegrityError) passes through: the caller knows what it means.
        """
        try:
            yield
            if not self.db.conn.in_transaction:  # committed (autocommit, or an atomic block that ended)
                self.count_changes()
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            text = str(exc)
            where = self.path or "memory"
            if bounded_error(exc):
                reason = bounded_error(exc) or text
                message = _("cannot save to {path}: {reason} ({detail})").format(path=where, reason=reason, detail=text)
            elif "full" in text:
                reason = "the disk is full"
                message = _("cannot save to {path}: the disk is full ({detail})").format(path=where, detail=text)
            elif "readonly" in text or "read-only" in text:
                reason = "the database is read-only"
                message = _("cannot save to {path}: the database is read-only ({detail})").format(path=where, detail=text)
                readrows.reconnect_if_writable(self)
            elif "locked" in text or "busy" in text:
                reason = "the database is busy in another program"
                message = _("cannot save to {path}: the database is busy in another program ({detail})").format(
                    path=where, detail=text)
            else:
                reason = text
                message = _("cannot save to {path}: {reason} ({detail})").format(path=where, reason=reason, detail=text)
            raise SaveError(reason, message) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested ones become savepoints; the outermost counts changes); a failure is a SaveError."""
        outermost = not self.db.conn.in_transaction
        with self.writing(), self.db.atomic():
            yield
            if outermost:
                self.count_changes()

    def backup(self, force: bool = False, reason: str = "") -> BackupResult:
        """A verified backup of the open database (none when nothing changed, unless force)."""
        if self.path is None:
            raise StoreError(_("an in-memory database has no backups"))
        with self.writing():
            self.count_changes()
        return make_backup(self.db.conn, self.path, force=force, reason=reason)

    check = check_store  # store/integrity.py: quick_check or integrity_check on demand
    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ reference data

    def sources(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.db.query("SELECT * FROM sources ORDER BY id")}

    def measures(self) -> tuple[Measure, ...]:
        if self._measures is None:
            self._measures = tuple(
                Measure(r["id"], r["lever"], r["name"], r["description"], r["effect"])
                for r in self.db.query("SELECT * FROM measures ORDER BY position")
            )
        return self._measures

    def profiles(self) -> dict[str, CountryProfile]:
        """Every country's profile, by ISO3 (latest data vintage), cached."""
        if self._profiles is None:
            self._profiles = self.read_profiles()
        return self._profiles

    def profile(self, iso3: str) -> CountryProfile:
        key = iso3.strip().upper()
        try:
            return self.profiles()[key]
        except KeyError:
            outside = self.destinations().get(key)
            if outside is not None:  # screened, but outside the index (Cuba, North Korea …)
                raise DomainError(not_assessable(outside)) from None
            raise DomainError(_("unknown country {iso3!r} (use an ISO 3166 alpha-3 code such as KEN)").format(iso3=iso3)) from None

    def destinations(self) -> dict[str, DestinationStatus]:
        """Every screened destination by ISO3 (the 174 economies and those outside the index), cached."""
        if self._destinations is None:
            self._destinations = read_destinations(self.db)
        return self._destinations

    classifications, blocs = classifications, blocs  # store/reference.py: regions, groups and blocs

    def read_profiles(self, vintage: int | None = None) -> dict[str, CountryProfile]:
        """Profiles with each figure from the latest data vintage (up to `vintage` if given)."""
        sources = self.sources()

        def cite(source_id: str) -> str:
            return sources[source_id]["attribution"]

        figures: dict[str, dict[str, Figure]] = {}
        for r in self.db.query(
            """SELECT f.* FROM country_figures f
               JOIN (SELECT iso3, indicator, max(vintage) AS v FROM country_figures WHERE vintage <= ?
                     GROUP BY iso3, indicator) latest
               ON f.iso3 = latest.iso3 AND f.indicator = latest.indicator AND f.vintage = latest.v""",
            [vintage if vintage is not None else 2**62],
        ):
            figures.setdefault(r["iso3"], {})[r["indicator"]] = Figure(
                r["value"], r["kind"], cite(r["source_id"]), r["year"], r["rationale"]
            )
        sovereignty: dict[str, dict[str, Figure]] = {}
        for r in self.db.query("SELECT * FROM sovereignty_profiles"):
            rationale = r["rationale"]
            if r["edited_at"]:
                rationale += edit_marker(r["edited_at"], r["edit_reason"] or "")
            sovereignty.setdefault(r["iso3"], {})[r["field"]] = Figure(
                r["value"], r["kind"], cite(r["source_id"]), r["year"], rationale, r["edited_at"], r["edit_reason"],
                low=r.get("low"), high=r.get("high"), sources=_links(r.get("sources")), reviewed=r.get("reviewed"),
            )
        alternatives = read_alternatives(self.db)
        no_gdp = Figure(None, "published", cite("world_bank_gdp"), None, "Not published by the World Bank for this economy.")
        destinations = self.destinations()
        where = self.classifications()
        out = {}
        for r in self.db.query("SELECT iso3, name FROM countries ORDER BY name"):
            figs = figures.get(r["iso3"], {})
            missing = Figure(None, "published", cite("imf_aipi_2023"), 2023, "Not published by the IMF for this economy.")
            out[r["iso3"]] = CountryProfile(
                iso3=r["iso3"],
                name=r["name"],
                aipi=figs.get("aipi", missing),
                pillars=MappingProxyType({k: figs.get(k, missing) for k in PILLARS}),
                sovereignty=MappingProxyType(sovereignty.get(r["iso3"], {})),
                gdp=figs.get("gdp_usd", no_gdp),
                alternative=alternatives.get(r["iso3"]),
                destination=destinations.get(r["iso3"]),
                classification=where.get(r["iso3"]),
            )
        return out

    def defaults_version(self) -> int:
        """The version holding the shipped defaults of the current model."""
        if "shipped_defaults" not in self.db.table_names():
            return 1
        return int(self.db.execute("SELECT max(version) FROM shipped_defaults").fetchone()[0] or 1)

    def assumption_versions(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM assumption_sets ORDER BY version"))

    def assumption_set(self, version: int | None = None) -> AssumptionSet:
        """An assumption set by version (default: the latest), cached."""
        if version is None:
            version = self.db.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]
        if version in self._assumptions:
            return self._assumptions[version]
        head = list(self.db.query("SELECT * FROM assumption_sets WHERE version = ?", [version]))
        if not head:
            raise DomainError(_("no assumption set version {version}").format(version=version))
        rows = {
            r["key"]: Assumption(r["key"], r["value"], r["description"], r["source"], r["low"], r["high"], r["unit"])
            for r in self.db.query("SELECT * FROM assumptions WHERE version = ? ORDER BY key", [version])
        }
        result = AssumptionSet(version, head[0]["name"], MappingProxyType(rows), self.measures())
        self._assumptions[version] = result
        return result

    def derive_assumption_set(self, changes: dict[str, float], note: str, base: int | None = None) -> AssumptionSet:
        """A new assumption-set version: base (default latest) with some values changed.

        Versions are never edited in place, so every stored snapshot stays reproducible.
        """
        parent = self.assumption_set(base)
        unknown = sorted(set(changes) - set(parent.rows))
        if unknown:
            raise DomainError(_("unknown assumption {key!r}").format(key=unknown[0]))
        rows = [replace(r, value=float(changes[k])) if k in changes else r for k, r in parent.rows.items()]
        with self.writing():
            version = self.insert_assumption_set(parent.name, rows, note, parent.version)
        return self.assumption_set(version)

    def insert_assumption_set(
        self, name: str, rows: Iterable[Assumption], note: str, parent_version: int | None = None
    ) -> int:
        """Store a new assumption-set version with its rows (one transaction); returns its number."""
        with self.db.atomic():
            version = int(self.db.execute("SELECT max(version) FROM assumption_sets").fetchone()[0]) + 1
            self.db.execute(
                "INSERT INTO assumption_sets (version, name, created, parent_version, note) VALUES (?, ?, ?, ?, ?)",
                [version, name, now(), parent_version, note],
            )
            for r in rows:
                self.db.execute(
                    "INSERT INTO assumptions (version, key, value, description, source, low, high, unit)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [version, r.key, float(r.value), r.description, r.source, float(r.low), float(r.high), r.unit],
                )
        return version

    # ------------------------------------------------------------------ proposals

    def proposal_from_row(self, r: Mapping[str, Any]) -> Proposal:
        """A proposal from its `proposals` row (any query selecting proposals.*; with MEASURE_IDS, no extra query)."""
        measures = measures_of(self.db, r)
        red_lines = {k: (int(v[0]), int(v[1])) for k, v in _loads(r["red_lines"], {}).items()}
        return Proposal(
            name=r["name"],
            country=r["country"],
            levers={lv: int(r[lv]) for lv in LEVERS},
            measures=measures,
            components=_loads(r["components"], {}),
            red_lines=red_lines,
            notes=r["notes"],
            id=r["id"],
            created=r["created"],
            modified=r["modified"],
            example=bool(r["example"]),
            description=r["description"],
            deal=DealTerms.from_dict(_loads(r.get("deal"), {})),
            program=Program.from_dict(_loads(r["program"], {})),
        )

    def proposals(self, search: str = "", limit: int | None = None, offset: int = 0) -> list[Proposal]:
        """Saved proposals, most recently changed first (unreadable rows skipped: store.rows).

        All of them in one query, measures included; or one page of the list (search, limit,
        offset as `proposal_summaries` takes them), its ids chosen in SQL, then read in one query."""
        if not search.strip() and limit is None and not offset:
            return list(readrows.readable(self, readrows.proposal_rows(self, "ORDER BY modified DESC, id DESC", [])))
        ids = [s.id for s in self.proposal_summaries(search, limit, offset)]
        if not ids:
            return []
        tail = f"AND id IN ({', '.join('?' * len(ids))})"
        found = {p.id: p for p in readrows.readable(self, readrows.proposal_rows(self, tail, ids))}
        return [found[i] for i in ids if i in found]

    # store/listing.py
    proposal_summaries, latest_own_proposal, count_proposals = proposal_summaries, latest_own_proposal, count_proposals

    def find_proposal(self, name: str) -> Proposal | None:
        """The proposal named `name` (never one in the trash: its row's name is freed), or None."""
        rows = list(self.db.query("SELECT * FROM proposals WHERE name = ?", [name]))
        return self.proposal_from_row(rows[0]) if rows else None

    def get_proposal(self, name: str) -> Proposal:
        found = self.find_proposal(name)
        if found is None:
            raise DomainError(_("no proposal named {name!r}").format(name=name))
        return found

    def proposal_by_id(self, proposal_id: int, trashed: bool = False) -> Proposal | None:
        """The proposal with this id, or None (also when it is in the trash, unless `trashed`)."""
        hidden = "" if trashed else f" AND {live()}"
        rows = list(self.db.query(f"SELECT * FROM proposals WHERE id = ?{hidden}", [proposal_id]))  # noqa: S608 - ours
        return self.proposal_from_row(rows[0]) if rows else None

    def latest_proposal(self, besides: int | None = None) -> Proposal | None:
        return readrows.latest_readable(self, besides)  # the newest one that can be read (not `besides`)

    def save_proposal(self, proposal: Proposal, expected: str | None = None) -> Proposal:
        """Insert or update a proposal in one transaction; it becomes the most recent.

        expected: the row's `modified` as last read; if the row on disk has another (a write by
        another program since), StaleWrite is raised and nothing is written.
        """
        self.profile(proposal.country)
        proposal = readrows.check_name(self, proposal)  # its name cleaned, no look-alike of another's
        proposal.validate({m.id for m in self.measures()})
        self.check_program(proposal)
        stamp = now()
        record = {
            "name": proposal.name,
            "country": proposal.country,
            **{lv: int(proposal.levers[lv]) for lv in LEVERS},
            "components": json.dumps(dict(proposal.components), sort_keys=True),
            "red_lines": json.dumps({k: list(v) for k, v in proposal.red_lines.items()}, sort_keys=True),
            "notes": proposal.notes,
            "description": proposal.description,
            "example": int(proposal.example),
            "deal": json.dumps(proposal.deal.to_dict(), sort_keys=True),
            "program": json.dumps(proposal.program.to_dict(), sort_keys=True) if proposal.program.stated else "{}",
            "modified": stamp,
        }
        try:
            with self.transaction():
                if proposal.id is None:
                    record["created"] = stamp
                    cursor = self.db.execute(
                        "INSERT INTO proposals (name, country, security, resilience, openness, partnership, components,"
                        " red_lines, notes, description, example, program, deal, created, modified) VALUES (:name,"
                        " :country, :security, :resilience, :openness, :partnership, :components, :red_lines, :notes,"
                        " :description, :example, :program, :deal, :created, :modified)",
                        record,
                    )
                    pid = cursor.lastrowid
                else:
                    pid = proposal.id
                    cursor = self.db.execute(
                        "UPDATE proposals SET name = :name, country = :country, security = :security,"  # noqa: S608
                        " resilience = :resilience, openness = :openness, partnership = :partnership,"
                        " components = :components, red_lines = :red_lines, notes = :notes,"
                        " description = :description, example = :example, program = :program, deal = :deal,"
                        " modified = :modified WHERE id = :id AND (:expected IS NULL OR modified = :expected)"
                        f" AND {live()}",
                        dict(record, id=pid, expected=expected),
                    )
                    if cursor.rowcount != 1 and expected is not None and self.db.execute(
                        f"SELECT 1 FROM proposals WHERE id = ? AND {live()}", [pid]  # noqa: S608 - ours
                    ).fetchone():
                        raise StaleWrite(_("proposal {name!r} was changed by another program since it was read").format(
                            name=proposal.name))
                    if cursor.rowcount != 1:
                        raise DomainError(_("proposal {name!r} no longer exists").format(name=proposal.name))
                    self.db.execute("DELETE FROM proposal_measures WHERE proposal_id = ?", [pid])
                for mid in sorted(proposal.measures):
                    self.db.execute("INSERT INTO proposal_measures (proposal_id, measure_id) VALUES (?, ?)", [pid, mid])
        except sqlite3.IntegrityError as exc:
            if "proposals.name" in str(exc):
                raise DomainError(_("a proposal named {name!r} already exists").format(name=proposal.name)) from None
            raise
        saved = self.proposal_by_id(pid)
        assert saved is not None
        return saved

    def check_program(self, proposal: Proposal) -> None:
        """The Program fields name real destinations and a real bloc the target country belongs to."""
        program = proposal.program
        known = self.destinations()
        for m in program.members:
            if m.home not in known:
                raise DomainError(_("member {member!r}: unknown home country {home!r} (an ISO 3166 alpha-3 code such as USA)").format(
                    member=m.name, home=m.home))
        if program.buyer_home is not None and program.buyer_home not in known:
            raise DomainError(_("unknown buyer's home country {home!r} (an ISO 3166 alpha-3 code)").format(home=program.buyer_home))
        if program.target_bloc is not None:
            blocs = self.blocs()
            bloc = blocs.get(program.target_bloc)
            if bloc is None:
                raise DomainError(_("unknown bloc {bloc!r} (regional blocs: {blocs})").format(
                    bloc=program.target_bloc, blocs=", ".join(blocs)))
            if proposal.country not in bloc["members"]:
                raise DomainError(_("{country} is not a member of {bloc}; target one of its members").format(
                    country=proposal.country, bloc=program.target_bloc))

    def delete_proposal(self, proposal_id: int) -> None:
        """Remove a proposal and its rows for good (a user's delete puts it in the trash: store/trash.py)."""
        with self.transaction():
            self.db.execute("DELETE FROM proposals WHERE id = ?", [proposal_id])

    def unique_name(self, base: str) -> str:
        """base, or 'base (2)', 'base (3)' … whichever is free."""
        taken = {r["name"] for r in self.db.query("SELECT name FROM proposals")}
        if base not in taken:
            return base
        i = 2
        while f"{base} ({i})" in taken:
            i += 1
        return f"{base} ({i})"

    # ------------------------------------------------------------------ snapshots

    def add_snapshot(self, proposal: Proposal, assessment: dict[str, Any]) -> int:
        """Store an assessment snapshot with the assumption-set version it used (compact when its recipe reproduces it)."""
        if proposal.id is None:
            raise DomainError(_("save the proposal before snapshotting it"))
        if assessment["overall"] is None:
            raise DomainError(_("an embargoed destination has no assessment to snapshot"))
        with self.transaction():
            return self.insert_snapshot(
                proposal.id, now(), proposal.levers, assessment["overall"], assessment["band"], assessment,
                measures=proposal.measures, proposal=proposal,
            )

    def insert_snapshot(
        self, proposal_id: int, created: str, levers: Mapping[str, int], overall: float, band: str,
        result: Mapping[str, Any], measures: frozenset[str] | None = None, proposal: Proposal | None = None,
        recipe: tuple[int, int, str] | None = None,
    ) -> int:
        """The one snapshot INSERT (a settled state, a bundle's imported history); returns its id.

        measures: the proposal's measures at that state (None: not known, e.g. an imported one).
        proposal: the state itself; given, the state is stored as its recipe (store/history.py)
        when the recipe gives `result` back exactly, else with its JSON. recipe: one already known.
        """
        if recipe is None and proposal is not None and measures is not None:
            recipe = history.recipe(self, proposal, result)
        cursor = self.db.execute(
            "INSERT INTO snapshots (proposal_id, created, assumptions_version, levers, measures, overall, band, result,"
            " offer_ref, country_ref, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                proposal_id,
                created,
                int(result["assumptions_version"]),
                json.dumps(dict(levers), sort_keys=True, separators=(",", ":")),
                None if measures is None else json.dumps(sorted(measures), separators=(",", ":")),
                float(overall),
                band,
                "" if recipe else json.dumps(result, sort_keys=True, allow_nan=False),
                *(recipe or (None, None, history.KEPT)),
            ],
        )
        return int(cursor.lastrowid)

    def snapshots(self, proposal_id: int) -> list[dict[str, Any]]:
        """A proposal's settled states, newest first, each with its assessment (`result`, recomputed if compact)."""
        rows = self.db.query("SELECT * FROM snapshots WHERE proposal_id = ? ORDER BY created DESC, id DESC", [proposal_id])
        return [dict(r, levers=json.loads(r["levers"]), result=history.readable_result(self, r)) for r in rows]

    def count(self, table: str) -> int:
        if table not in self.db.table_names():
            raise DomainError(_("no table {table!r}").format(table=table))
        return self.db[table].count

    def table_names(self) -> Iterable[str]:
        return self.db.table_names()
