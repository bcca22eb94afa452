"""Is this file one the app made? Its schema, checked against the one our own migrations produce.

A database from elsewhere (opened with --db, a backup restored from a path, a colleague's file) can
carry SQL of its own: a trigger runs plain DML on our writes (`trusted_schema = OFF` does not stop
that), a view can hang every read (a recursive CTE) or return huge values (zeroblob). So before
anything reads a table or writes a row, `check_schema` compares `sqlite_master` with the schema the
migrations the file says it has applied make on an empty database, and refuses the file with one
line naming the first difference: any trigger or view (the app creates none), a virtual table, a
table or index the app did not create or one it lacks, a column that differs (name, type, NOT NULL,
default, key, generated), a changed foreign key or index. Nothing of the file's schema runs: only
`sqlite_master` and the `PRAGMA table_xinfo`-family are read.

CHECK constraints and the exact text of CREATE statements are not compared (they differ harmlessly
between sqlite-utils versions; a CHECK cannot hold a subquery, so it cannot run DML or a CTE).

The connection also gets bounds (`apply_bounds`): a statement that runs longer than
`STATEMENT_SECONDS` is interrupted (progress handler with a deadline, reset at each statement), and
no string or blob longer than `MAX_VALUE_BYTES` is read or written (SQLITE_LIMIT_LENGTH).
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..core.i18n import _
from .errors import StoreError

STATEMENT_SECONDS = 15.0  # no single statement the app runs takes near this on a realistic file
MAX_VALUE_BYTES = 32 * 1024 * 1024  # notes are ≤ 100,000 characters; a snapshot's JSON is a few kB
_PROGRESS_STEPS = 20_000  # VM steps between deadline checks (a few ms)
_MIGRATIONS_TABLE = "_sqlite_migrations"
# Tables SQLite itself may add to a file we made (ANALYZE, PRAGMA optimize, AUTOINCREMENT).
_SQLITE_OWN = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"})


class ForeignSchemaError(StoreError):
    """The file's schema is not the app's: refused before any of it runs."""

    def __init__(self, path: Any, difference: str) -> None:
        self.difference = difference
        super().__init__(
            _("refusing {path}: {difference}, which AI Export Desk did not create (a database from elsewhere can "
              "carry SQL of its own; nothing in it was run or changed)").format(path=path, difference=difference)
        )


class QueryTimeout(StoreError):
    """A statement ran past its deadline and was interrupted."""


# ---------------------------------------------------------------------------- bounds on a connection


@dataclass
class _Deadline:
    seconds: float
    started: float = 0.0

    def statement(self, _sql: str) -> None:  # trace callback: a statement starts
        self.started = time.monotonic()

    def progress(self) -> int:  # progress handler: non-zero interrupts the statement
        return 1 if self.started and time.monotonic() - self.started > self.seconds else 0


def apply_bounds(conn: sqlite3.Connection, seconds: float | None = None, max_bytes: int | None = None) -> None:
    """Interrupt any statement running past `seconds`; refuse values longer than `max_bytes`."""
    deadline = _Deadline(STATEMENT_SECONDS if seconds is None else seconds)
    deadline.started = time.monotonic()
    conn.set_trace_callback(deadline.statement)
    conn.set_progress_handler(deadline.progress, _PROGRESS_STEPS)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES if max_bytes is None else max_bytes)


def lift_bounds(conn: sqlite3.Connection) -> None:
    """No deadline (the value limit stays): for our own migrations on a checked schema."""
    conn.set_trace_callback(None)
    conn.set_progress_handler(None, 0)


@contextmanager
def unbounded(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The connection without its statement deadline for a while (the value limit stays), then
    with the default bounds again: for our own long work on a checked schema, whose time grows
    with the file (a check reads every page: a minute for a cold 2 GiB file; a migration), not
    for a query."""
    lift_bounds(conn)
    try:
        yield conn
    finally:
        apply_bounds(conn)


def bounded_error(exc: sqlite3.Error) -> str | None:
    """A user's reason for an error the bounds caused, else None."""
    text = str(exc)
    if "interrupted" in text:
        return _("a query ran longer than {seconds} s and was stopped").format(seconds=f"{STATEMENT_SECONDS:g}")
    if "too big" in text:
        return _("a value is larger than {size} MB").format(size=MAX_VALUE_BYTES // (1024 * 1024))
    return None


# ---------------------------------------------------------------------------- the schema as data


Schema = dict[str, Any]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_schema(conn: sqlite3.Connection) -> Schema:
    """The schema's shape: objects by type, each table's columns, foreign keys and indexes.

    Reads only sqlite_master and pragmas: no table row, no view, no trigger body is evaluated.
    """
    master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    tables: dict[str, Any] = {}
    indexes: dict[str, Any] = {}
    others: list[tuple[str, str, str]] = []
    for kind, name, table, sql in master:
        if kind == "table":
            if (sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
                others.append(("virtual table", name, table))
                continue
            q = _quote(name)
            columns = tuple(
                (r[1], (r[2] or "").upper(), int(r[3]), r[4], int(r[5]), int(r[6]))
                for r in conn.execute(f"PRAGMA table_xinfo({q})")
            )
            fks = tuple(sorted(tuple(str(x) for x in r[2:8]) for r in conn.execute(f"PRAGMA foreign_key_list({q})")))
            tables[name] = {"columns": columns, "foreign_keys": fks}
        elif kind == "index":
            q = _quote(name)
            cols = tuple((r[2], int(r[3]), r[4]) for r in conn.execute(f"PRAGMA index_xinfo({q})") if r[5])
            meta = {r[1]: (int(r[2]), r[3], int(r[4])) for r in conn.execute(f"PRAGMA index_list({_quote(table)})")}
            unique, origin, partial = meta.get(name, (0, "c", 0))
            where = " ".join((sql or "").split()).lower().partition(" where ")[2] if partial else ""
            indexes[name] = {"table": table, "columns": cols, "unique": unique, "origin": origin, "where": where}
        else:
            others.append((kind, name, table))
    return {"tables": tables, "indexes": indexes, "others": others}


def _difference(found: Schema, expected: Schema) -> str | None:
    """The first difference, as a clause of ForeignSchemaError's sentence (translated whole, the
    names quoted as SQLite has them); None when the shapes agree."""
    for kind, name, table in sorted(found["others"]):
        if kind == "trigger":
            return _("it contains a trigger {name} on {table}").format(name=repr(name), table=table)
        if kind == "view":
            return _("it contains a view {name}").format(name=repr(name))
        if kind == "virtual table":
            return _("it contains a virtual table {name}").format(name=repr(name))
        return _("it contains an object {name} of the SQLite type {kind}").format(name=repr(name), kind=kind)
    ours, theirs = expected["tables"], found["tables"]
    for name in sorted(set(theirs) - set(ours) - _SQLITE_OWN):
        return _("it has a table {name}").format(name=repr(name))
    for name in sorted(set(ours) - set(theirs)):
        return _("it lacks the table {name}").format(name=repr(name))
    for name in sorted(ours):
        if name not in theirs:
            continue
        want = {c[0]: c for c in ours[name]["columns"]}
        got = {c[0]: c for c in theirs[name]["columns"]}
        for col in sorted(set(got) - set(want)):
            return _("its table {table} has a column {column}").format(table=repr(name), column=repr(col))
        for col in sorted(set(want) - set(got)):
            return _("its table {table} lacks the column {column}").format(table=repr(name), column=repr(col))
        for col in sorted(want):
            if want[col] != got[col]:
                return _("the column {column} is defined differently").format(column=f"{name}.{col}")
        if ours[name]["foreign_keys"] != theirs[name]["foreign_keys"]:
            return _("the table {table} has different foreign keys").format(table=repr(name))
    ours_i, theirs_i = expected["indexes"], found["indexes"]
    for name in sorted(set(theirs_i) - set(ours_i)):
        return _("it has an index {name} on {table}").format(name=repr(name), table=theirs_i[name]["table"])
    for name in sorted(set(ours_i) - set(theirs_i)):
        return _("it lacks the index {name}").format(name=repr(name))
    for name in sorted(ours_i):
        if ours_i[name] != theirs_i[name]:
            return _("the index {name} is defined differently").format(name=repr(name))
    return None


_expected: dict[tuple[str, ...], Schema] = {}
SHIPPED_NAME = "schema.json"  # db/schema.json: the full chain's schema, so an open need not replay it


def _plain(schema: Schema) -> Schema:
    """The schema as JSON has it (lists for tuples, others sorted), so a shipped and a built one compare."""
    out = json.loads(json.dumps(schema))
    out["others"] = sorted(out["others"])
    return out


def build_schema(applied: tuple[str, ...]) -> Schema:
    """Replay our migrations named in `applied` (in our order) on an empty in-memory database; its schema."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from .migrations import migrations

    wanted = set(applied)
    replay = Migrations(migrations.name)
    replay._migrations = [m for m in migrations._migrations if m.name in wanted]
    db = Database(memory=True)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        replay.apply(db)
        return _plain(read_schema(db.conn))
    finally:
        db.conn.close()


def _shipped() -> dict[str, Any] | None:
    from ..paths import db_dir

    try:
        with (db_dir() / SHIPPED_NAME).open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def expected_schema(applied: tuple[str, ...]) -> Schema:
    """The schema our migrations `applied` (names in our order) make on an empty database.

    The full chain's comes from db/schema.json when it names the same migrations (migrations are
    frozen, so the same names make the same schema; tests/reliability checks it); otherwise it is
    built by replaying them in memory (a fraction of a second), once per process.
    """
    if applied not in _expected:
        shipped = _shipped()
        if shipped is not None and tuple(shipped.get("migrations", ())) == applied:
            _expected[applied] = shipped["schema"]
        else:
            _expected[applied] = build_schema(applied)
    return _expected[applied]


def write_shipped_schema() -> Path:
    """Regenerate db/schema.json from the migrations (after adding one): `python -m desktop.store.trust`."""
    from ..paths import db_dir
    from .migrations import migrations

    names = tuple(m.name for m in migrations._migrations)
    target = db_dir() / SHIPPED_NAME
    target.write_text(json.dumps({"migrations": names, "schema": build_schema(names)}, indent=1, sort_keys=True) + "\n")
    return target


def applied_migrations(conn: sqlite3.Connection) -> tuple[str, ...] | None:
    """The names of our migrations the file records as applied (None: it has no record table)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if _MIGRATIONS_TABLE not in tables:
        return None
    rows = conn.execute(
        f"SELECT name FROM {_MIGRATIONS_TABLE} WHERE migration_set = 'export_desk' ORDER BY rowid"  # noqa: S608 - a constant
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def check_schema(conn: sqlite3.Connection, path: Any) -> None:
    """Raise ForeignSchemaError unless the file's schema is exactly what its applied migrations make.

    A file with no tables at all (a new, empty file) passes: the migrations create everything.
    """
    from .migrations import migrations

    found = _plain(read_schema(conn))
    if not found["tables"] and not found["indexes"] and not found["others"]:
        return
    # Triggers and views first: they are what runs, whatever else differs.
    if found["others"]:
        raise ForeignSchemaError(path, _difference(found, {"tables": {}, "indexes": {}}) or "")
    if _MIGRATIONS_TABLE not in found["tables"]:
        raise StoreError(_("{path} is an SQLite database, but not an AI Export Desk one: refusing to change it").format(path=path))
    applied = applied_migrations(conn) or ()
    names = tuple(m.name for m in migrations._migrations)
    unknown = [a for a in applied if a not in names]
    if unknown:
        raise ForeignSchemaError(path, _("it records a migration {name!r} this version does not have").format(name=unknown[0]))
    difference = _difference(found, expected_schema(tuple(n for n in names if n in set(applied))))
    if difference is not None:
        raise ForeignSchemaError(path, difference)


def check_file(path: Any) -> None:
    """check_schema on a file opened read-only (a backup to restore): nothing in it runs or changes."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(_("cannot open {path}: {error}").format(path=path, error=exc)) from None
    try:
        apply_bounds(conn)
        check_schema(conn, path)
    except sqlite3.Error as exc:
        raise StoreError(_("cannot read {path}: {error}").format(path=path, error=bounded_error(exc) or exc)) from None
    finally:
        conn.close()


if __name__ == "__main__":
    print(write_shipped_schema())
