"""`export-desk rank --range`: every scored country with its p10–p50–p90 (its own Monte Carlo)."""

from __future__ import annotations

from pathlib import Path

from test_cli import N_COUNTRIES, ok, run


def test_rank_range_json_adds_each_countrys_interval(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    rows = ok(tmp_path, "rank", "--range", "--json", db=db)
    assert len(rows) == N_COUNTRIES
    plain = ok(tmp_path, "rank", "--json", db=db)
    assert [r["country"] for r in rows] == [r["country"] for r in plain]
    for r in rows:
        if r["overall"] is None:  # embargoed: no score, nothing to vary
            assert "interval" not in r
            continue
        i = r["interval"]
        assert i["p10"] <= i["p50"] <= i["p90"]
        assert r["uncertainty"]["draws"] == 1000
        for side in ("acceptance_interval", "assurance_interval"):
            assert 0.0 <= r[side]["p10"] <= r[side]["p50"] <= r[side]["p90"] <= 100.0
    ken = next(r for r in rows if r["country"] == "KEN")
    single = ok(tmp_path, "assess", "--country", "KEN", "--uncertainty", "--json", db=db)
    assert ken["interval"] == single["interval"]


def test_rank_range_text_shows_the_column(tmp_path: Path) -> None:
    proc = run(tmp_path, "rank", "--range", db=tmp_path / "t.sqlite3")
    assert proc.returncode == 0, proc.stderr
    assert "p10–p90" in proc.stdout.splitlines()[0]
    assert "seeded draws per country" in proc.stdout
