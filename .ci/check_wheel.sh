#!/usr/bin/env bash
# Build a wheel from this checkout, install it into a fresh venv outside the repository and run
# the CLI from `/`, so nothing can come from the clone: the shipped db/ and resources/ must be
# inside the wheel. Exits non-zero on any failure.
#   PY=/path/to/python bash .ci/check_wheel.sh   # use another build interpreter (default .venv)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
PY=${PY:-.venv/bin/python}
export PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONPATH EXPORT_DESK_DB || true

fail() { echo "check_wheel: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/export-desk-wheel.XXXXXX")
tmp=$(cd "$tmp" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
case "$tmp/" in "$root"/*) fail "temp dir $tmp is inside the repository" ;; esac

echo "-- building the wheel"
"$PY" -m build --wheel --outdir "$tmp/dist" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "build failed"; }
shopt -s nullglob
wheels=("$tmp"/dist/*.whl)
shopt -u nullglob
((${#wheels[@]} == 1)) || fail "expected one wheel, found ${#wheels[@]}"
wheel=${wheels[0]}
echo "   $(basename "$wheel")"

echo "-- checking the wheel's contents"
"$PY" - "$wheel" <<'PYEOF'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = [
    "desktop/__init__.py",
    "desktop/_data/db/seed/assumptions.json",
    "desktop/_data/db/seed/imf_aipi_2023.csv",
    "desktop/_data/db/seed/measures.json",
    "desktop/_data/db/seed/examples.json",
    "desktop/_data/db/seed/sources.json",
    "desktop/_data/db/seed/sovereignty_profiles.json",
    "desktop/_data/db/migrations/m002_seed_reference_data/tables.json",
    "desktop/_data/db/migrations/m004_example_proposals/examples.json",
    "desktop/_data/db/migrations/m007_uncertainty_rows/assumptions.json",
]
missing = [n for n in need if n not in names]
if not any(n.startswith("desktop/_data/resources/") for n in names):
    missing.append("desktop/_data/resources/*")
if missing:
    sys.exit(f"wheel lacks: {', '.join(missing)}")
leaked = sorted(n for n in names if n.startswith(("tests/", "db/", "resources/")))
if leaked:
    sys.exit(f"wheel has top-level files it should not: {leaked[:5]}")
PYEOF

echo "-- installing into a fresh venv outside the repository"
venv="$tmp/venv"
"$PY" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet "$wheel" || fail "pip install of the wheel failed"

cd /
echo "-- checking the installed package (from /)"
"$venv/bin/python" - "$venv" "$root" <<'PYEOF'
import sys
from pathlib import Path

venv, repo = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
import desktop  # noqa: E402

pkg = Path(desktop.__file__).resolve().parent
if venv not in pkg.parents:
    sys.exit(f"desktop was imported from {pkg}, not from the venv {venv}")
if repo in pkg.parents:
    sys.exit(f"desktop was imported from the repository: {pkg}")
if not (pkg / "_data" / "db" / "seed" / "assumptions.json").is_file():
    sys.exit(f"missing {pkg}/_data/db/seed/assumptions.json")
resources = pkg / "_data" / "resources"
if not resources.is_dir() or not any(resources.iterdir()):
    sys.exit(f"missing or empty {resources}")
from desktop.paths import db_dir, resources_dir  # noqa: E402

if db_dir() != pkg / "_data" / "db" or resources_dir() != resources:
    sys.exit(f"paths resolve outside the package: {db_dir()}, {resources_dir()}")
print(f"   {pkg}")
PYEOF

echo "-- export-desk --version"
version=$("$venv/bin/export-desk" --version) || fail "--version exited non-zero"
echo "   $version"
[[ $version =~ ^export-desk\ [0-9]+\.[0-9]+ ]] || fail "unexpected --version output: $version"

echo "-- export-desk assess --country KEN --openness 90 --json"
"$venv/bin/export-desk" --db "$tmp/w.sqlite3" assess --country KEN --openness 90 --json >"$tmp/assess.json" \
  || fail "assess exited non-zero"
"$venv/bin/python" - "$tmp/assess.json" <<'PYEOF'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as fh:
    a = json.load(fh)
if not isinstance(a.get("overall"), (int, float)):
    sys.exit(f"no numeric overall in {sorted(a)}")
if a.get("country") != "KEN":
    sys.exit(f"country is {a.get('country')!r}")
total = sum(li["points"] for li in a["line_items"])
if abs(total - a["overall"]) > 0.01:
    sys.exit(f"line items add up to {total:.4f}, overall is {a['overall']}")
print(f"   overall {a['overall']} ({a['band']}), {len(a['line_items'])} line items add up")
PYEOF
[[ -f "$tmp/w.sqlite3" ]] || fail "the database was not created at --db"

echo "check_wheel: OK"
