"""The brief read from the store carries the stored workshop record in the internal edition only."""

from __future__ import annotations

from desktop.core.brief import brief_html
from desktop.core.model import Proposal
from desktop.core.room import Prediction, Reveal, Workshop
from desktop.store import open_store
from desktop.store.room import save_workshop
from desktop.ui import brief_render

TEAM = "Table Quokka-9"


def test_the_stored_record_reaches_the_internal_brief_and_never_the_counterpart_one(tmp_path):
    store = open_store(tmp_path / "desk.sqlite3")
    try:
        p = store.save_proposal(Proposal(name="Kenya room", country="KEN"))
        w = Workshop((TEAM,)).record("2026-12-02T05:00", {}, [Prediction(TEAM, 44)], Reveal(47.5, "At risk"))
        save_workshop(store, p.id, w)
        internal = brief_render.load_brief(store, "Kenya room")
        assert "workshop" in [s.key for s in internal.sections] and TEAM in internal.text()
        counterpart = brief_render.load_brief(store, "Kenya room", counterpart=True)
        assert "workshop" not in [s.key for s in counterpart.sections]
        assert TEAM not in counterpart.text() and TEAM not in brief_html(counterpart)
        assert "Workshop record" not in brief_html(counterpart)
    finally:
        store.close()
