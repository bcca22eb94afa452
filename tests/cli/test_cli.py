"""The headless CLI, run for real in subprocesses (`python -m desktop`), against databases under tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__

LEVERS = ("security", "resilience", "openness", "partnership")
DIMENSIONS = (
    "sovereignty_alignment",
    "absorptive_capacity",
    "security_trust",
    "continuity",
    "commercial_viability",
    "competitive_position",
)
ASSESS_KEYS = {
    "country",
    "overall",
    "band",
    "commitments",
    "dimensions",
    "counterpart_acceptance",
    "exporter_assurance",
    "line_items",
    "flags",
    "moves",
    "assumptions_version",
}
N_COUNTRIES = 174


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Never fall back to the user's real data folder, whatever the test forgets.
    env["EXPORT_DESK_DB"] = str(tmp_path / "env-default.sqlite3")
    env.pop("PYTHONWARNINGS", None)
    env.update(extra)
    return env


def run(
    tmp_path: Path, *args: str, db: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "desktop"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += list(args)
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env or _env(tmp_path),
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        timeout=120,
    )


def ok(tmp_path: Path, *args: str, db: Path | None = None, env: dict[str, str] | None = None):
    proc = run(tmp_path, *args, db=db, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout) if "--json" in args else proc.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


# ---------------------------------------------------------------------------- good commands


def test_version(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"export-desk {__version__}"
    assert proc.stderr == ""


def test_countries_json(tmp_path: Path, db: Path) -> None:
    rows = ok(tmp_path, "countries", "--json", db=db)
    assert len(rows) == N_COUNTRIES
    assert len({r["iso3"] for r in rows}) == N_COUNTRIES
    for r in rows:
        assert {"iso3", "name", "aipi", "pillars", "profile_kind"} <= set(r)
        assert set(r["pillars"]) == {
            "digital_infrastructure",
            "human_capital_labor_policy",
            "innovation_economic_integration",
            "regulation_ethics",
        }
        assert r["profile_kind"] in {"estimate", "default"}
    by = {r["iso3"]: r for r in rows}
    assert by["TWN"]["aipi"] is None
    assert by["AFG"]["pillars"]["innovation_economic_integration"] is None
    assert by["KEN"]["profile_kind"] == "estimate"
    assert by["BEL"]["profile_kind"] == "default"
    assert db.is_file()


def _check_assessment(a: dict, country: str) -> None:
    assert ASSESS_KEYS <= set(a), ASSESS_KEYS - set(a)
    assert a["country"] == country
    assert set(a["commitments"]) == set(LEVERS)
    for lever in LEVERS:
        assert {"fit", "demand", "offer"} <= set(a["commitments"][lever]), lever
    assert set(a["dimensions"]) == set(DIMENSIONS)
    assert 0 <= a["overall"] <= 100
    assert sum(li["points"] for li in a["line_items"]) == pytest.approx(a["overall"], abs=0.01)
    assert a["assumptions_version"] == 2  # model v2's shipped set (version 1 holds model v1's)
    assert a["band"] in {"Not ready", "At risk", "Viable", "Ready"}
    # Model v2's additions (issue 11): deal, alternative, credited commitments, effects, sides.
    assert {"value_musd", "margin", "min_margin", "financing", "effective_price", "market"} <= set(a["deal"])
    assert a["deal"]["market"]["source"] == "Source: World Bank, GDP (current US$)"
    assert {"name", "offer", "price", "comparison", "summary"} <= set(a["alternative"])
    assert set(a["alternative"]["offer"]) == set(LEVERS)
    for lever in LEVERS:
        c = a["commitments"][lever]
        assert c["credited"] == c["offer"] and 0 <= c["credited"] <= 100 and "lever" in c
    for move in a["moves"]["best"]:
        assert set(move["effect"]) == {"overall", "counterpart_acceptance", "exporter_assurance"}
        assert move["effect"]["overall"] == move["gain"]
    for flag in a["flags"]:
        assert flag["side"] in {"counterpart", "exporter", "both"}
        assert (flag["fix"] is None) == (flag["fix_effect"] is None)
    assert all(li["side"] in {"counterpart", "exporter", "both"} for li in a["line_items"])


def test_assess_json_shape_and_line_items(tmp_path: Path, db: Path) -> None:
    a = ok(tmp_path, "assess", "--country", "KEN", "--openness", "90", "--json", db=db)
    _check_assessment(a, "KEN")
    openness = a["commitments"]["openness"]
    assert openness["lever"] == 90 and 0 < openness["credited"] < 90  # a promise is credited only in part
    assert openness["credited"] == pytest.approx(90 * openness["credibility"], abs=0.5)  # credibility shown to 0.01
    assert isinstance(a["flags"], list) and isinstance(a["moves"], dict)


def test_deal_terms_are_saved_shown_and_priced(tmp_path: Path, db: Path) -> None:
    saved = ok(tmp_path, "save", "Kenya deal", "--country", "KEN", "--value", "120", "--term", "6", "--price", "1.05",
               "--compute-mw", "20", "--financing", "exim_loan", "--financing-share", "0.4", "--json", db=db)
    deal = saved["proposal"]["deal"]
    assert deal == {"value_musd": 120.0, "term_years": 6, "price": 1.05, "compute_mw": 20.0, "accelerators": None,
                    "financing": "exim_loan", "financing_share": 0.4}
    shown = ok(tmp_path, "show", "Kenya deal", "--json", db=db)
    assert shown["proposal"]["deal"] == deal
    d = shown["assessment"]["deal"]
    assert d["value_musd"] == 120.0 and d["revenue_musd"] == pytest.approx(126.0)
    # The margin is what is left of the revenue after delivery, concessions and financing.
    cost = d["delivery_cost_musd"] + d["concession_cost_musd"] + d["financing_cost_musd"]
    assert d["margin_musd"] == pytest.approx(d["revenue_musd"] - cost, abs=0.02)
    again = ok(tmp_path, "save", "Kenya deal", "--price", "0.95", "--json", db=db)
    assert again["proposal"]["deal"] == dict(deal, price=0.95)  # only what was given changes
    assert again["assessment"]["deal"]["margin"] < d["margin"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--price", "2"), "price must be between 0.5 and 1.5"),
        (("--price", "1,05"), "no commas"),
        (("--value", "-5"), "deal value must be between"),
        (("--term", "2.5"), "not a whole number"),
        (("--financing-share", "0.3"), "needs a financing kind"),
        (("--financing", "grant"), "invalid choice"),
    ],
)
def test_bad_deal_terms_exit_2_and_leave_the_database_untouched(tmp_path: Path, db: Path, args, message) -> None:
    ok(tmp_path, "save", "Kenya deal", "--country", "KEN", db=db)
    before = db.read_bytes()
    r = run(tmp_path, "save", "Kenya deal", *args, db=db)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert db.read_bytes() == before


def test_assess_text_output(tmp_path: Path, db: Path) -> None:
    out = ok(tmp_path, "assess", "--country", "ken", db=db)
    assert "Kenya" in out and "Overall" in out and "Source: IMF AI Preparedness Index, 2023" in out


def test_openness_changes_misuse_risk(tmp_path: Path, db: Path) -> None:
    high = ok(tmp_path, "assess", "--country", "KEN", "--openness", "90", "--json", db=db)
    low = ok(tmp_path, "assess", "--country", "KEN", "--openness", "10", "--json", db=db)
    assert high["risks"]["misuse"] > low["risks"]["misuse"]
    assert high["commitments"]["openness"]["offer"] > low["commitments"]["openness"]["offer"]


def test_measures_on_the_command_line(tmp_path: Path, db: Path) -> None:
    base = ok(tmp_path, "assess", "--country", "KEN", "--openness", "90", "--json", db=db)
    safer = ok(
        tmp_path,
        "assess",
        "--country",
        "KEN",
        "--openness",
        "90",
        "--measure",
        "staged_release_eval",
        "--measure",
        "red_team_reports",
        "--json",
        db=db,
    )
    assert safer["risks"]["misuse"] < base["risks"]["misuse"]


def test_rank_json_sorted_best_first(tmp_path: Path, db: Path) -> None:
    rows = ok(tmp_path, "rank", "--json", db=db)
    assert len(rows) == N_COUNTRIES
    assert all("country" in r for r in rows)
    assert len({r["country"] for r in rows}) == N_COUNTRIES
    # Where a deal can proceed, best first; then denial (Blocked), then embargoed (Prohibited, no score).
    groups = [{"denial": 1, "embargoed": 2}.get(r["screen"]["status"], 0) for r in rows]
    assert groups == sorted(groups)
    scores = [r["overall"] for r, g in zip(rows, groups, strict=True) if g == 0]
    assert scores == sorted(scores, reverse=True)
    assert all(r["band"] == "Blocked" for r, g in zip(rows, groups, strict=True) if g == 1)
    assert [(r["country"], r["overall"], r["band"]) for r, g in zip(rows, groups, strict=True) if g == 2] == [("IRN", None, "Prohibited")]
    for r in rows[:3]:
        assert sum(li["points"] for li in r["line_items"]) == pytest.approx(r["overall"], abs=0.01)


def test_env_var_selects_the_database(tmp_path: Path) -> None:
    target = tmp_path / "via-env.sqlite3"
    env = _env(tmp_path, EXPORT_DESK_DB=str(target))
    rows = ok(tmp_path, "countries", "--json", env=env)
    assert len(rows) == N_COUNTRIES
    assert target.is_file()
    ok(tmp_path, "save", "Env proposal", "--country", "IND", env=env)
    # --db wins over the environment variable.
    other = tmp_path / "flag.sqlite3"
    assert [p for p in ok(tmp_path, "proposals", "--json", db=other, env=env) if not p["example"]] == []
    assert [p["name"] for p in ok(tmp_path, "proposals", "--json", env=env) if not p["example"]] == ["Env proposal"]


def test_save_proposals_show(tmp_path: Path, db: Path) -> None:
    saved = ok(
        tmp_path,
        "save",
        "Kenya pilot",
        "--country",
        "KEN",
        "--security",
        "70",
        "--openness",
        "40",
        "--measure",
        "customer_keys",
        "--notes",
        "first draft",
        "--json",
        db=db,
    )
    assert saved["created"] is True
    assert saved["proposal"]["levers"] == {
        "security": 70,
        "resilience": 50,
        "openness": 40,
        "partnership": 50,
    }

    rows = [r for r in ok(tmp_path, "proposals", "--json", db=db) if not r["example"]]
    assert len(rows) == 1
    row = rows[0]
    assert {"name", "country", "levers", "modified", "example"} <= set(row)
    assert row["name"] == "Kenya pilot" and row["country"] == "KEN"
    assert row["levers"] == {"security": 70, "resilience": 50, "openness": 40, "partnership": 50}
    assert row["example"] is False
    assert row["modified"]

    shown = ok(tmp_path, "show", "Kenya pilot", "--json", db=db)
    assert set(shown) == {"proposal", "assessment", "program"}
    p = shown["proposal"]
    assert p["name"] == "Kenya pilot" and p["country"] == "KEN"
    assert p["levers"] == {"security": 70, "resilience": 50, "openness": 40, "partnership": 50}
    assert p["measures"] == ["customer_keys"] and p["notes"] == "first draft"
    _check_assessment(shown["assessment"], "KEN")

    # A snapshot of the assessment was stored with the assumption version.
    conn = sqlite3.connect(str(db))
    try:
        snaps = conn.execute("SELECT assumptions_version, overall FROM snapshots").fetchall()
    finally:
        conn.close()
    assert snaps == [(2, saved["assessment"]["overall"])]

    text = ok(tmp_path, "show", "Kenya pilot", db=db)
    assert "Kenya pilot" in text


def test_save_again_updates_one_lever_and_becomes_most_recent(tmp_path: Path, db: Path) -> None:
    ok(
        tmp_path,
        "save",
        "First",
        "--country",
        "KEN",
        "--security",
        "20",
        "--resilience",
        "30",
        "--openness",
        "40",
        "--partnership",
        "60",
        "--measure",
        "workforce_program",
        "--notes",
        "keep me",
        db=db,
    )
    ok(tmp_path, "save", "Second", "--country", "BRA", db=db)
    assert [r["name"] for r in ok(tmp_path, "proposals", "--json", db=db) if not r["example"]] == ["Second", "First"]

    ok(tmp_path, "save", "First", "--security", "85", db=db)
    rows = [r for r in ok(tmp_path, "proposals", "--json", db=db) if not r["example"]]
    assert [r["name"] for r in rows] == ["First", "Second"]
    assert rows[0]["levers"] == {
        "security": 85,
        "resilience": 30,
        "openness": 40,
        "partnership": 60,
    }
    shown = ok(tmp_path, "show", "First", "--json", db=db)["proposal"]
    assert shown["country"] == "KEN"
    assert shown["measures"] == ["workforce_program"]
    assert shown["notes"] == "keep me"
    assert len(rows) == 2


def test_limit_is_stored_as_a_red_line(tmp_path: Path, db: Path) -> None:
    ok(
        tmp_path,
        "save",
        "Limited",
        "--country",
        "KEN",
        "--openness",
        "70",
        "--limit",
        "openness=20:60",
        db=db,
    )
    shown = ok(tmp_path, "show", "Limited", "--json", db=db)
    assert shown["proposal"]["red_lines"] == {"openness": [20, 60]}
    # The breach is flagged, with a fix that goes back inside the line.
    breaches = [f for f in shown["assessment"]["flags"] if "red line" in f["message"]]
    assert breaches and breaches[0]["fix"]["to"] == 60
    # On disk.
    conn = sqlite3.connect(str(db))
    try:
        (stored,) = conn.execute(
            "SELECT red_lines FROM proposals WHERE name = 'Limited'"
        ).fetchone()
    finally:
        conn.close()
    assert json.loads(stored) == {"openness": [20, 60]}
    # A second limit is added, the first kept.
    ok(tmp_path, "save", "Limited", "--limit", "security=50:100", db=db)
    assert ok(tmp_path, "show", "Limited", "--json", db=db)["proposal"]["red_lines"] == {
        "openness": [20, 60],
        "security": [50, 100],
    }


# ---------------------------------------------------------------------------- bad input
#
# Each bad command must exit 2 with exactly one line on stderr that names the problem, print no
# traceback, and leave the database file byte-identical. The database is created first by a good
# command; the store closes its connection at the end of every command, and SQLite checkpoints and
# removes the -wal file when the last connection closes, so the main file holds everything and its
# bytes are stable between commands (a read-only command does not change them: checked below).

BAD = [
    (["assess", "--country", "XXX"], "XXX"),
    (["assess", "--country", "KEN", "--security", "101"], "101"),
    (["assess", "--country", "KEN", "--openness", "-1"], "-1"),
    (["assess", "--country", "KEN", "--partnership", "abc"], "abc"),
    (["assess", "--country", "KEN", "--resilience", "50.5"], "50.5"),
    (["assess", "--country", "KEN", "--measure", "no_such_measure"], "no_such_measure"),
    (["rank", "--measure", "no_such_measure"], "no_such_measure"),
    (["save", "New", "--country", "XXX"], "XXX"),
    (["save", "New"], "--country"),
    (["save", "New", "--country", "KEN", "--measure", "no_such_measure"], "no_such_measure"),
    (["save", "Existing", "--security", "101"], "101"),
    (["save", "Existing", "--country", "XXX"], "XXX"),
    (["save", "Existing", "--measure", "no_such_measure"], "no_such_measure"),
    (["save", "New", "--country", "KEN", "--limit", "openness"], "openness"),
    (["save", "New", "--country", "KEN", "--limit", "openness=20"], "openness=20"),
    (["save", "New", "--country", "KEN", "--limit", "openness:20:60"], "openness:20:60"),
    (["save", "New", "--country", "KEN", "--limit", "=20:60"], "=20:60"),
    (["save", "New", "--country", "KEN", "--limit", "bravery=20:60"], "bravery=20:60"),
    (["save", "New", "--country", "KEN", "--limit", "openness=a:b"], "openness=a:b"),
    (["save", "New", "--country", "KEN", "--limit", "openness=60:20"], "openness=60:20"),
    (["save", "New", "--country", "KEN", "--limit", "openness=-5:20"], "openness=-5:20"),
    (["save", "New", "--country", "KEN", "--limit", "openness=20:101"], "openness=20:101"),
    (["save", "New", "--country", "KEN", "--limit", "openness=20:60:80"], "openness=20:60:80"),
    (["save", "New", "--country", "KEN", "--limit", "openness="], "openness="),
    (["save", "Existing", "--limit", "openness=90:10"], "openness=90:10"),
    (["show", "No such proposal"], "No such proposal"),
    (["no-such-command"], "no-such-command"),
    (["assess"], "--country"),
]


@pytest.fixture(scope="module")
def prepared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one saved proposal, created by good commands and closed."""
    tmp = tmp_path_factory.mktemp("bad-input")
    path = tmp / "prepared.sqlite3"
    ok(
        tmp,
        "save",
        "Existing",
        "--country",
        "KEN",
        "--openness",
        "30",
        "--limit",
        "openness=10:40",
        db=path,
    )
    ok(tmp, "countries", db=path)  # a read: the file is checkpointed and closed
    assert sidecars(path) == set()
    return path


def _assert_one_line_error(proc: subprocess.CompletedProcess, needle: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("export-desk: ")
    assert needle in lines[0], (needle, lines[0])
    assert proc.stdout == ""


def test_reads_leave_the_file_byte_identical(tmp_path: Path, prepared_db: Path) -> None:
    digest = sha(prepared_db)
    for args in (
        ["countries"],
        ["proposals", "--json"],
        ["show", "Existing"],
        ["assess", "--country", "KEN"],
    ):
        ok(tmp_path, *args, db=prepared_db)
    assert sha(prepared_db) == digest


@pytest.mark.parametrize(("args", "needle"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_changes_nothing(
    tmp_path: Path, prepared_db: Path, args: list[str], needle: str
) -> None:
    digest = sha(prepared_db)
    proc = run(tmp_path, *args, db=prepared_db)
    _assert_one_line_error(proc, needle)
    assert sha(prepared_db) == digest
    assert sidecars(prepared_db) == set()


def test_bad_input_via_env_var_changes_nothing(tmp_path: Path, prepared_db: Path) -> None:
    digest = sha(prepared_db)
    proc = run(
        tmp_path, "assess", "--country", "XXX", env=_env(tmp_path, EXPORT_DESK_DB=str(prepared_db))
    )
    _assert_one_line_error(proc, "XXX")
    assert sha(prepared_db) == digest


@pytest.mark.parametrize(
    "content",
    [b"just some notes\nnot a database at all\n" * 20, os.urandom(4096)],
    ids=["text-file", "random-bytes"],
)
def test_db_that_is_not_a_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    proc = run(tmp_path, "countries", db=path)
    _assert_one_line_error(proc, "notes.txt")
    assert path.read_bytes() == content
    assert sidecars(path) == set()


def test_db_that_is_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    proc = run(tmp_path, "countries", db=folder)
    _assert_one_line_error(proc, "a-folder")
    assert list(folder.iterdir()) == []


def test_newer_database_is_refused(tmp_path: Path, db: Path) -> None:
    ok(tmp_path, "countries", db=db)
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    digest = sha(db)
    proc = run(tmp_path, "countries", db=db)
    _assert_one_line_error(proc, "newer")
    assert sha(db) == digest


# ---------------------------------------------------------------------------- pipes and imports


@pytest.mark.parametrize(
    "args", [["rank", "--json"], ["rank"], ["countries", "--json"]], ids=" ".join
)
def test_broken_pipe_gives_no_traceback(tmp_path: Path, db: Path, args: list[str]) -> None:
    ok(tmp_path, "countries", db=db)  # create first, so the piped run only reads
    cmd = [sys.executable, "-m", "desktop", "--db", str(db), *args]
    producer = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(tmp_path), cwd=tmp_path
    )
    assert producer.stdout is not None and producer.stderr is not None
    first = producer.stdout.readline()  # like `| head -1`
    producer.stdout.close()
    err = producer.stderr.read().decode("utf-8", "replace")
    producer.stderr.close()
    code = producer.wait(timeout=120)
    assert first.strip()
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert code in (0, 141, -13), code  # 0 normally; SIGPIPE statuses are acceptable too


def test_broken_pipe_through_a_shell(tmp_path: Path, db: Path) -> None:
    ok(tmp_path, "countries", db=db)
    script = f'"{sys.executable}" -m desktop --db "{db}" rank --json | head -1'
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=_env(tmp_path), timeout=120
    )
    assert proc.stdout.strip() == "["
    assert "Traceback" not in proc.stderr and proc.stderr == ""


def test_cli_does_not_import_qt(tmp_path: Path) -> None:
    code = "import sys, desktop.cli, desktop.store, desktop.core.engine; sys.exit('PySide6' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_history_lists_settled_states_with_lever_and_measure_changes_and_sets_reasons(tmp_path):
    db = tmp_path / "history.sqlite3"
    assert run(tmp_path, "save", "Deal", "--country", "KEN", "--security", "80", "--measure", "customer_keys", db=db).returncode == 0
    assert run(tmp_path, "save", "Deal", "--openness", "20", db=db).returncode == 0
    done = run(tmp_path, "history", "Deal", "--json", db=db)
    assert done.returncode == 0, done.stderr
    states = json.loads(done.stdout)["states"]
    assert [[(c["kind"], c["item"], c["from"], c["to"]) for c in s["changes"]] for s in states] == [
        [("lever", "openness", 50, 20)],
        [("lever", "security", 50, 80), ("measure", "customer_keys", 0, 1)],
    ]
    assert states[0]["levers"]["openness"] == 20 and states[1]["measures"] == ["customer_keys"]
    change = states[1]["changes"][1]
    assert change["text"] == "Added Customer-managed keys" and change["reason"] == ""
    done = run(tmp_path, "history", "Deal", "--reason", str(change["id"]), "Nairobi asked for key custody", db=db)
    assert done.returncode == 0, done.stderr
    assert "#" in done.stdout and "Nairobi asked for key custody" in done.stdout
    again = json.loads(run(tmp_path, "history", "Deal", "--json", db=db).stdout)["states"]
    assert again[1]["changes"][1]["reason"] == "Nairobi asked for key custody"


@pytest.mark.parametrize("args", [["--reason", "9999", "x"], ["--reason", "abc", "x"]])
def test_history_reason_for_an_unknown_change_exits_2_and_changes_nothing(tmp_path, args):
    db = tmp_path / "history.sqlite3"
    assert run(tmp_path, "save", "Deal", "--country", "KEN", "--security", "80", db=db).returncode == 0
    done = run(tmp_path, "history", "Deal", *args, db=db)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert json.loads(run(tmp_path, "history", "Deal", "--json", db=db).stdout)["states"][0]["changes"][0]["reason"] == ""


def test_countries_json_states_each_profile_value_with_range_kind_sources_and_review(tmp_path: Path, db: Path) -> None:
    rows = {r["iso3"]: r for r in ok(tmp_path, "countries", "--json", db=db)}
    trust = rows["IND"]["sovereignty"]["trust"]
    assert set(trust) >= {"value", "low", "high", "kind", "rationale", "sources", "reviewed"}
    assert trust["low"] <= trust["value"] <= trust["high"] and trust["kind"] == "estimate"
    assert all(s["url"].startswith("http") for s in trust["sources"]) and trust["sources"]
    default = rows["AUT"]["sovereignty"]["trust"]
    assert default["kind"] == "default" and default["high"] - default["low"] >= 30


def test_outcomes_and_backtest(tmp_path: Path, db: Path) -> None:
    public = ok(tmp_path, "outcomes", "--json", db=db)
    assert len(public) >= 30 and all(o["url"].startswith("http") and not o["private"] for o in public)
    added = ok(tmp_path, "outcomes", "add", "--country", "KEN", "--date", "2026-10", "--kind", "talks_stalled",
               "--summary", "Our sovereign-cloud talks stalled", "--json", db=db)
    assert added["private"] is True and added["positive"] is False
    assert len(ok(tmp_path, "outcomes", "--json", db=db)) == len(public) + 1
    assert len(ok(tmp_path, "outcomes", "--public-only", "--json", db=db)) == len(public)
    bad = run(tmp_path, "outcomes", "add", "--country", "KEN", "--date", "soon", "--kind", "talks_stalled", "--summary", "x", db=db)
    assert bad.returncode == 2 and "date must be" in bad.stderr and "Traceback" not in bad.stderr
    result = ok(tmp_path, "backtest", "--json", "--reps", "200", db=db)
    assert set(result) >= {"n", "auc", "interval", "worst", "warnings"}
    assert set(result["auc"]) >= {"score", "capacity"} and result["worst"]
