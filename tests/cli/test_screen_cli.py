"""The CLI contract of the destination screen and the Program checklist (issue 12), in real subprocesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import N_COUNTRIES, ok, run, sha

SCREEN_KEYS = {"status", "groups", "reason", "financing", "sources", "as_of"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """One database with a few proposals (module-scoped: every test here only reads it or copies it)."""
    folder = tmp_path_factory.mktemp("screen-cli")
    path = folder / "s.sqlite3"
    ok(folder, "save", "Iran", "--country", "IRN", "--json", db=path)
    ok(folder, "save", "Russia", "--country", "RUS", "--json", db=path)
    ok(folder, "save", "Kenya", "--country", "KEN", "--json", db=path)
    return path


def test_countries_carry_the_screen(tmp_path, db):
    rows = ok(tmp_path, "countries", "--json", db=db)
    assert len(rows) == N_COUNTRIES
    by = {r["iso3"]: r for r in rows}
    assert all(SCREEN_KEYS <= set(r["screen"]) for r in rows)
    assert by["RUS"]["screen"]["status"] == "denial" and by["ARE"]["screen"]["status"] == "licence"
    assert by["KEN"]["screen"] == {**by["KEN"]["screen"], "status": "eligible", "groups": [], "financing": "yes"}
    assert all({"key", "title", "url", "date"} <= set(s) for s in by["IRN"]["screen"]["sources"])


@pytest.mark.parametrize(
    ("iso3", "band", "scored"),
    [("IRN", "Prohibited", False), ("RUS", "Blocked", True), ("CHN", "Blocked", True), ("ARE", None, True), ("KEN", None, True)],
)
def test_assess_json_per_category(tmp_path, db, iso3, band, scored):
    d = ok(tmp_path, "assess", "--country", iso3, "--json", db=db)
    assert SCREEN_KEYS <= set(d["screen"])
    if band:
        assert d["band"] == band
    assert (d["overall"] is not None) is scored
    compliance = [f for f in d["flags"] if f["type"] == "compliance"]
    if iso3 == "KEN":
        assert compliance == []
    else:
        assert compliance and all(f["fix"] is None for f in compliance)
        assert all("not a legal determination" in f["message"] for f in compliance)


def test_assess_text_for_an_embargoed_destination_shows_no_score(tmp_path, db):
    text = ok(tmp_path, "assess", "--country", "IRN", db=db)
    assert "Prohibited: no readiness score." in text and "Overall" not in text and "Best moves" not in text
    assert "Screening aid as of 2026-07-08, not a legal determination." in text


def test_destinations_outside_the_index_say_why(tmp_path, db):
    for iso3, words in (("CUB", "comprehensive U.S. embargo"), ("PRK", "comprehensive U.S. embargo"), ("ERI", "cannot be assessed")):
        proc = run(tmp_path, "assess", "--country", iso3, db=db)
        assert proc.returncode == 2 and words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_rank_entries_carry_the_screen_and_blocked_rank_apart(tmp_path, db):
    rows = ok(tmp_path, "rank", "--json", db=db)
    assert all(SCREEN_KEYS <= set(r["screen"]) for r in rows)
    statuses = [r["screen"]["status"] for r in rows]
    assert statuses[-1] == "embargoed" and rows[-1]["overall"] is None
    first_denial = statuses.index("denial")
    assert set(statuses[first_denial:-1]) == {"denial"}
    text = ok(tmp_path, "rank", db=db)
    assert "Blocked — licence under a policy of denial" in text and "Prohibited — comprehensive embargo" in text


def test_brief_and_optimize_refuse_an_embargoed_destination(tmp_path, db):
    digest = sha(db)
    for args in (("brief", "Iran", "--out", str(tmp_path / "iran.pdf")), ("optimize", "Iran")):
        proc = run(tmp_path, *args, db=db)
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "comprehensive U.S. embargo" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "iran.pdf").exists() and sha(db) == digest


def test_optimize_says_so_for_denial(tmp_path, db):
    data = ok(tmp_path, "optimize", "Russia", "--json", db=db)
    assert data["note"].startswith("Blocked: Russian Federation is a denial destination") and data["applied"] is False
    assert ok(tmp_path, "optimize", "Kenya", "--json", db=db)["note"] is None


def test_save_takes_the_program_fields_and_show_carries_the_checklist(tmp_path):
    path = tmp_path / "p.sqlite3"
    saved = ok(tmp_path, "save", "Gulf", "--country", "ARE",
               "--member", "Acme Compute:USA:compute,data:anchor", "--member", "Dragon AI:CHN:models,security,applications",
               "--us-content", "0.45", "--buyer-home", "ARE", "--build-own-operate", "consortium:partner:joint",
               "--federal-support", "exim,advocacy", "--json", db=path)
    program = saved["proposal"]["program"]
    assert program["members"][0] == {"name": "Acme Compute", "home": "USA", "layers": ["compute", "data"], "anchor": True}
    assert program["us_content"] == 0.45 and program["support"] == ["exim", "advocacy"]
    shown = ok(tmp_path, "show", "Gulf", "--json", db=path)
    checks = {c["id"]: c for c in shown["program"]["checks"]}
    assert shown["program"]["ready"] is False
    assert all(set(c) == {"id", "ok", "message"} for c in shown["program"]["checks"])
    assert checks["members_origin"]["ok"] is False and "Dragon AI" in checks["members_origin"]["message"]
    assert checks["us_content"]["ok"] is False and "45%" in checks["us_content"]["message"]
    assert checks["layers"]["ok"] is True and checks["anchor"]["ok"] is True
    assert any("AI Exports Program:" in f["message"] for f in shown["assessment"]["flags"])
    fixed = ok(tmp_path, "save", "Gulf", "--member", "Acme Compute:USA:compute,data:anchor",
               "--member", "Beacon:USA:models,security,applications", "--us-content", "0.6", "--json", db=path)
    assert fixed["program"]["ready"] is True, fixed["program"]
    ok(tmp_path, "save", "Gulf", "--target-bloc", "GCC", "--json", db=path)
    bloc = ok(tmp_path, "show", "Gulf", "--json", db=path)["program"]["bloc"]
    assert bloc["name"] == "GCC" and len(bloc["members"]) == 6 and bloc["weakest"]["iso3"] in {m["iso3"] for m in bloc["members"]}
    assert bloc["spread"] >= 0
    new = ok(tmp_path, "save", "Asean offer", "--target-bloc", "ASEAN", "--json", db=path)
    assert new["proposal"]["country"] == "BRN" and new["proposal"]["program"]["target_bloc"] == "ASEAN"


def test_a_fresh_proposal_states_nothing(tmp_path, db):
    shown = ok(tmp_path, "show", "Kenya", "--json", db=db)
    checks = {c["id"]: c["ok"] for c in shown["program"]["checks"]}
    assert checks["layers"] is None and checks["us_content"] is None and checks["destination"] is True


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--member", "Acme:USA:gpus"), "unknown layer 'gpus'"),
        (("--member", "Acme:USA"), "--member must look like"),
        (("--member", "Acme:USA:compute:lead"), "--member must look like"),
        (("--member", "Acme:US1:compute"), "ISO 3166 alpha-3"),
        (("--member", "Acme:ZZZ:compute"), "unknown home country"),
        (("--us-content", "1.2"), "between 0 and 1"),
        (("--us-content", "-0.1"), "between 0 and 1"),
        (("--us-content", "half"), "--us-content must be a share"),
        (("--buyer-home", "QQQ"), "buyer"),
        (("--target-bloc", "MERCOSUR"), "unknown bloc"),
        (("--target-bloc", "EU"), "not a member of EU"),
        (("--build-own-operate", "us:them:joint"), "--build-own-operate must look like"),
        (("--federal-support", "grants"), "--federal-support must be"),
    ],
)
def test_bad_program_values_exit_2_and_leave_the_database_untouched(tmp_path, db, args, words):
    digest = sha(db)
    proc = run(tmp_path, "save", "Kenya", *args, db=db)
    assert proc.returncode == 2 and words in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert sha(db) == digest


def test_screen_lists_every_destination_and_a_correction_needs_a_reason(tmp_path):
    path = tmp_path / "e.sqlite3"
    rows = ok(tmp_path, "screen", "--json", db=path)
    assert len(rows) == 178 and {"CUB", "PRK"} <= {r["iso3"] for r in rows}
    one = ok(tmp_path, "screen", "ISR", "--json", db=path)
    assert one["verified"] is False and "A:6" in one["unverified"]
    digest = sha(path)
    proc = run(tmp_path, "screen", "ISR", "--status", "licence", db=path)
    assert proc.returncode == 2 and "--reason" in proc.stderr and sha(path) == digest
    proc = run(tmp_path, "screen", "ISR", "--status", "banned", "--reason", "x", db=path)
    assert proc.returncode == 2 and sha(path) == digest
    proc = run(tmp_path, "screen", "--status", "licence", "--reason", "x", db=path)
    assert proc.returncode == 2 and "name the destination" in proc.stderr and sha(path) == digest
    edited = ok(tmp_path, "screen", "ISR", "--status", "licence", "--verified", "yes",
                "--reason", "Counsel: A:6 not confirmed", "--json", db=path)
    assert edited["status"] == "licence" and edited["edit_reason"] == "Counsel: A:6 not confirmed" and edited["edited_at"]
    d = ok(tmp_path, "assess", "--country", "ISR", "--json", db=path)
    assert d["screen"]["status"] == "licence" and "Corrected by the user " in d["screen"]["notice"]
    assert "Counsel: A:6" not in d["screen"]["notice"]  # the reason is ours (the notice rides in safe flags)
    assert any(f["message"].startswith("Licence:") for f in d["flags"])


def test_a_stale_status_is_flagged(tmp_path, db):
    d = ok(tmp_path, "assess", "--country", "ARE", "--json", db=db)  # as of 2025-11-20
    assert d["screen"]["stale"] is None or "possibly stale" in d["screen"]["stale"]
    assert ("possibly stale" in " ".join(f["message"] for f in d["flags"])) == (d["screen"]["stale"] is not None)
