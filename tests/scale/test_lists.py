"""Issue 16: lists read what they show — one query for every proposal, summaries filtered and paged in SQL."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from desktop.core.model import Proposal  # noqa: E402
from desktop.store import memory_store, open_store  # noqa: E402


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    for i in range(30):
        iso = ("KEN", "BRA", "IND")[i % 3]
        s.save_proposal(Proposal(name=f"Offer {i} 50%_off", country=iso, measures=frozenset({"customer_keys"} if i % 2 else set())))
    return s


def _statements(store, fn):
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        result = fn()
    finally:
        store.db.conn.set_trace_callback(None)
    return result, [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_proposals_is_one_query_with_the_measures(store):
    found, selects = _statements(store, store.proposals)
    assert len(found) >= 30
    assert len(selects) == 1
    slow = [store.proposal_from_row(r) for r in store.db.query("SELECT * FROM proposals ORDER BY modified DESC, id DESC")]
    assert found == slow  # the same proposals, measures included


def test_summaries_filter_and_page_in_sql(store):
    everything = store.proposal_summaries()
    assert [s.id for s in everything] == [p.id for p in store.proposals()]
    page, selects = _statements(store, lambda: store.proposal_summaries(limit=10, offset=5))
    assert [s.id for s in page] == [s.id for s in everything[5:15]] and len(selects) == 1
    kenya = store.proposal_summaries("kenya")
    assert kenya and all(s.country == "KEN" and s.country_name == "Kenya" for s in kenya)
    assert {s.country for s in store.proposal_summaries("bra")} == {"BRA"}
    assert len(store.proposal_summaries("Offer 1")) == 11  # 1, 10–19
    assert store.proposal_summaries("50%_") and not store.proposal_summaries("5_%")  # LIKE's own characters are literal
    examples = store.proposal_summaries(example=True)
    assert examples and all(s.example for s in examples)
    assert not any(s.example for s in store.proposal_summaries(example=False))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=6))
@example("\x00")  # SQLite's LIKE ends its pattern at NUL: it once matched every row
def test_a_search_finds_what_a_filter_in_python_finds(store, text):
    needle = text.strip().lower()
    expected = [
        s.id for s in store.proposal_summaries()
        if any(needle in field.lower() for field in (s.name, s.country, s.country_name))
    ]
    got = [s.id for s in store.proposal_summaries(text)]
    if text.strip().isascii():  # SQLite's LIKE folds ASCII case only
        assert got == expected


def test_the_open_dialog_pages_and_searches_through_the_store(qtbot, store):
    from desktop.ui.dialogs import OpenDialog

    calls: list[tuple[str, int, int]] = []

    def fetch(text, limit, offset):
        calls.append((text, limit, offset))
        return store.proposal_summaries(text, limit, offset)

    OpenDialog.PAGE, page = 10, OpenDialog.PAGE
    try:
        dialog = OpenDialog(None, fetch, store.profiles())
        qtbot.addWidget(dialog)
        assert dialog.list.count() == 10 and calls == [("", 10, 0)]
        dialog.show()
        dialog._maybe_more(dialog.list.verticalScrollBar().maximum())
        assert dialog.list.count() == 20 and calls[-1] == ("", 10, 10)
        dialog.filter.setText("kenya")
        assert calls[-1] == ("kenya", 10, 0)
        assert dialog.list.count() == 10 and "Kenya" in dialog.list.item(0).text()
        assert dialog.chosen_id() == store.proposal_summaries("kenya")[0].id
    finally:
        OpenDialog.PAGE = page


def test_the_proposal_list_model_fetches_a_page_as_the_view_asks_and_searches_in_sql(qtbot, qtmodeltester, store):
    from desktop.ui.proposal_list_model import ID_ROLE, ProposalListModel

    calls: list[tuple[str, int, int]] = []

    def fetch(text, limit, offset):
        calls.append((text, limit, offset))
        return store.proposal_summaries(text, limit, offset)

    pinned = store.proposal_summaries("Offer 3 ", 1)
    model = ProposalListModel(fetch, pinned, none_row="(none)")
    model.PAGE = 8
    assert model.rowCount() == 2 and model.canFetchMore()  # the none row and the pinned one, nothing read yet
    model.fetchMore()
    assert calls == [("", 8, 0)] and model.rowCount() == 2 + 8 - (pinned[0].id in {p.id for p in fetch("", 8, 0)})
    everything = {p.id for p in store.proposal_summaries()}
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.data(model.index(r), ID_ROLE) for r in range(model.rowCount())]
    assert ids[0] is None and set(ids[1:]) == everything and len(ids) == len(everything) + 1  # no repeat of the pinned
    model.set_search("brazil")
    assert calls[-1] == ("brazil", 8, 0)
    assert all("Brazil" in s.country_name for s in store.proposal_summaries("brazil", 8))
    complete = ProposalListModel(store.proposal_summaries, pinned, none_row="(none)")
    while complete.canFetchMore():
        complete.fetchMore()
    qtmodeltester.check(complete)


def test_the_compare_pickers_read_a_page_not_the_whole_list(qtbot, store):
    from desktop.ui.compare import CompareDialog
    from desktop.ui.proposal_list_model import ProposalListModel

    calls: list[tuple[str, int, int]] = []

    def fetch(text, limit, offset):
        calls.append((text, limit, offset))
        return store.proposal_summaries(text, limit, offset)

    first, second = store.proposals()[:2]
    page, ProposalListModel.PAGE = ProposalListModel.PAGE, 5
    try:
        dialog = CompareDialog(None, fetch, [first.id, second.id], store.profiles(), store.assumption_set(),
                               store.proposal_by_id)
        qtbot.addWidget(dialog)
        assert dialog.chosen_ids() == [first.id, second.id]
        assert all(offset == 0 and limit == 5 for _t, limit, offset in calls)  # one page per picker
        assert dialog.pickers[0].count() < len(store.proposal_summaries())
    finally:
        ProposalListModel.PAGE = page


def test_a_page_of_whole_proposals_is_the_page_of_summaries_in_two_queries(store):
    everything = store.proposals()
    page, selects = _statements(store, lambda: store.proposals(limit=7, offset=3))
    assert page == everything[3:10] and len(selects) == 2  # the page's ids, then those rows
    assert [p.country for p in store.proposals("kenya")] == [p.country for p in everything if p.country == "KEN"]
    assert store.count_proposals() == len(everything) and store.count_proposals("bra") == sum(p.country == "BRA" for p in everything) == 11
    assert store.count_proposals("\x00") == 0 and store.proposals("\x00") == []


def test_the_cli_lists_a_page_and_says_how_to_see_the_rest(tmp_path, capsys):
    import json

    from desktop import cli

    db = tmp_path / "listed.db"
    seeded = open_store(db)  # seeds the examples
    for i in range(120):
        seeded.save_proposal(Proposal(name=f"Offer {i:03}", country="KEN"))
    seeded.close()
    assert cli.main(["--db", str(db), "proposals", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first) == 100 and first[0]["name"] == "Offer 119"  # most recent first, 100 unless told
    assert cli.main(["--db", str(db), "proposals", "--json", "--offset", "100", "--max", "50"]) == 0
    rest = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in first + rest] == [r["name"] for r in _all(cli, db, capsys)]
    assert len(rest) == 25  # 120 saved and the 5 examples
    assert cli.main(["--db", str(db), "proposals", "--max", "10"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(1–10 of 125: --offset 10 for the next page, --all for every one)")
    assert cli.main(["--db", str(db), "proposals", "--search", "offer 11"]) == 0
    text = capsys.readouterr().out
    assert [line.split()[1] for line in text.splitlines()[1:]] == [str(i) for i in range(119, 109, -1)]  # no footer
    assert cli.main(["--db", str(db), "proposals", "--max", "0"]) == 2
    assert "--max" in capsys.readouterr().err


def _all(cli, db, capsys):
    import json

    assert cli.main(["--db", str(db), "proposals", "--json", "--all"]) == 0
    return json.loads(capsys.readouterr().out)
