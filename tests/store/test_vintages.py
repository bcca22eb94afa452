"""Country-figure imports: every bad row by line number, nothing partial, a new vintage, old vs new."""

from __future__ import annotations

import pytest

from desktop.core.engine import assess
from desktop.core.figures_csv import CsvErrors, compare_overall, diff_figures, parse_figures_csv
from desktop.core.model import Proposal
from desktop.store import memory_store
from desktop.store.vintages import apply_figures, latest_vintage, profiles_at, vintages

GOOD = b"iso3,indicator,value,year,source\nKEN,aipi,0.52,2024,IMF AIPI 2024 update\nken,digital_infrastructure,0.13,2024,IMF AIPI 2024 update\n"
BAD = (
    b"iso3,indicator,value,year,source\n"
    b"KEN,aipi,0.5,2024,ok\n"
    b"KEN,aipi,7,2024,a\n"
    b"XXX,aipi,0.3,2024,b\n"
    b"KEN,regulation_ethics,NaN,2024,c\n"
    b"KEN,foo,0.1,20,\n"
    b"only-one-field\n"
)


def _parse(store, data):
    return parse_figures_csv(data, set(store.profiles()), store.assumption_set()["capacity.pillar_max"], "f.csv")


def test_every_bad_row_is_reported_by_line_number():
    store = memory_store()
    with pytest.raises(CsvErrors) as err:
        _parse(store, BAD)
    assert [3, 4, 5, 6, 7] == [int(e.split(":")[0].split()[1]) for e in err.value.errors]
    assert "aipi must be between 0 and 1" in err.value.errors[0]
    assert "unknown country 'XXX'" in err.value.errors[1]
    assert "not a number" in err.value.errors[2]
    assert "unknown indicator 'foo'" in err.value.errors[3] and "source is empty" in err.value.errors[3]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"iso3,value\nKEN,1\n", "columns must be"),
        (b"iso3,indicator,value,year,source\nKEN,aipi,0.5,2024,a\nKEN,aipi,0.6,2024,a\n", "already given on line 2"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_files_are_refused(data, message):
    with pytest.raises(Exception, match=message):
        _parse(memory_store(), data)


def test_apply_makes_a_new_vintage_and_old_one_stays_readable():
    store = memory_store()
    p = store.save_proposal(Proposal(name="K", country="KEN"))
    rows = _parse(store, GOOD)
    changes = diff_figures(rows, store.profiles())
    assert [(0.4452, 0.52), (0.0971, 0.13)] == [(c.old, c.new) for c in changes]
    assert all(c.changed for c in changes)
    old = latest_vintage(store)
    before = assess(p, store.profile("KEN"), store.assumption_set()).to_dict()["overall"]
    new = apply_figures(store, rows, "test")
    assert old + 1 == new == vintages(store)[-1]["id"]
    assert 0.52 == store.profile("KEN").aipi.value
    assert "IMF AIPI 2024 update" == store.profile("KEN").aipi.source
    assert 0.4452 == profiles_at(store, old)["KEN"].aipi.value
    assert 0.5163 == store.profile("IDN").aipi.value  # untouched figures carry over
    after = assess(p, store.profile("KEN"), store.assumption_set()).to_dict()["overall"]
    mine = [q for q in store.proposals() if not q.example]  # the seeded examples are compared too
    [row] = compare_overall(mine, profiles_at(store, old), store.profiles(), store.assumption_set())
    assert (before, after) == (row["old"], row["new"])
    assert after > before  # more digital infrastructure, more capacity


def test_bad_file_changes_nothing():
    store = memory_store()
    dump = list(store.db.conn.iterdump())
    with pytest.raises(CsvErrors):
        _parse(store, BAD)
    assert dump == list(store.db.conn.iterdump())
