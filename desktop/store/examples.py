"""The example proposals shipped in db/seed/examples.json (migration m004 inserted them), and working copies of them."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ..core.model import Proposal
from ..paths import seed_file
from .database import Store


def load_examples() -> list[dict[str, Any]]:
    """The example proposals as shipped (name, country, description, levers, measures, …)."""
    with seed_file("examples.json").open(encoding="utf-8") as fh:
        return json.load(fh)["examples"]


DEMO_SUFFIX = " (demo)"


def working_copy(store: Store, example: Proposal) -> Proposal:
    """Save and return a fresh, editable copy of an example ('<name> (demo)', '… (demo) (2)' …).

    Demos run on the copy, so the shipped example stays as it was for the next audience.
    """
    copy = replace(
        example, id=None, name=store.unique_name(example.name + DEMO_SUFFIX), example=False, created=None, modified=None
    )
    return store.save_proposal(copy)
