"""The example proposals shipped in db/seed/examples.json, seeded by a migration (never over a user's own)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from ..core.model import COMPONENTS, LEVERS, Proposal
from ..paths import seed_file
from .seed import now

if TYPE_CHECKING:  # the migration imports this module while database.py is being loaded
    from .database import Store


def load_examples() -> list[dict[str, Any]]:
    """The example proposals as shipped (name, country, description, levers, measures, …)."""
    with seed_file("examples.json").open(encoding="utf-8") as fh:
        return json.load(fh)["examples"]


def seed_examples(db: Database) -> list[str]:
    """Insert every shipped example whose name is free; returns the names inserted.

    A user's proposal that already has an example's name is left alone (that example is skipped).
    """
    inserted = []
    stamp = now()
    for ex in load_examples():
        if db.execute("SELECT 1 FROM proposals WHERE name = ?", [ex["name"]]).fetchone():
            continue
        cursor = db.execute(
            "INSERT INTO proposals (name, country, security, resilience, openness, partnership, components,"
            " red_lines, notes, description, example, created, modified)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [
                ex["name"],
                ex["country"],
                *(int(ex["levers"][lv]) for lv in LEVERS),
                json.dumps({c: int(ex["components"].get(c, 0)) for c in COMPONENTS}, sort_keys=True),
                json.dumps(ex.get("red_lines", {}), sort_keys=True),
                ex.get("notes", ""),
                ex["description"],
                stamp,
                stamp,
            ],
        )
        for mid in sorted(ex["measures"]):
            db.execute(
                "INSERT INTO proposal_measures (proposal_id, measure_id) VALUES (?, ?)", [cursor.lastrowid, mid]
            )
        inserted.append(ex["name"])
    return inserted


DEMO_SUFFIX = " (demo)"


def working_copy(store: Store, example: Proposal) -> Proposal:
    """Save and return a fresh, editable copy of an example ('<name> (demo)', '… (demo) (2)' …).

    Demos run on the copy, so the shipped example stays as it was for the next audience.
    """
    from dataclasses import replace

    copy = replace(
        example, id=None, name=store.unique_name(example.name + DEMO_SUFFIX), example=False, created=None, modified=None
    )
    return store.save_proposal(copy)
