"""Regenerate section 6 ("Parameters") of docs/method.md from db/seed/assumptions.json.

    python docs/method_params.py           # rewrite the section in place
    python docs/method_params.py --check   # exit 1 (and say so) if the section is out of date

The section is never edited by hand: a test runs --check, so a changed seed row that is not
regenerated here fails the suite.  Groups and their titles are the Method page's
(desktop/core/method_page.GROUPS); measure rows are shown as one matrix (measure × effect).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.method_page import GROUPS  # noqa: E402

DOC = ROOT / "docs" / "method.md"
SEED = ROOT / "db" / "seed" / "assumptions.json"
MEASURES = ROOT / "db" / "seed" / "measures.json"
START = "## 6. Parameters"
END = "## 7. "
EFFECTS = (
    "offer_bonus", "overshoot_relief", "misuse_exposure", "misuse_reduction", "transfer_exposure",
    "transfer_reduction", "absorptive_bonus", "continuity_bonus", "cost",
)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _num(value: float) -> str:
    return f"{value:.15g}"  # 0.35, 1000, 20261126: no float noise, no exponent


def _range(row: dict) -> str:
    return f"{_num(row['low'])}–{_num(row['high'])}"


def section() -> str:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    rows = seed["rows"]
    measure_rows = {r["key"]: r for r in rows if r["key"].startswith("measure.")}
    other = [r for r in rows if not r["key"].startswith("measure.")]
    prefixes = [g[0] for g in GROUPS if g[0] != "measure"]
    prefixes += sorted({r["key"].split(".")[0] for r in other} - set(prefixes))
    titles = {g[0]: g[1] for g in GROUPS}
    out = [
        START,
        "",
        f"All {len(rows)} rows of assumption set version {seed['version']}, generated from "
        "`db/seed/assumptions.json` by `docs/method_params.py` (do not edit by hand). \"Range\" is the "
        "plausible range recorded for sensitivity and uncertainty analysis. Weights within a group "
        "(`st.w_*`, `cont.w_*`, `acc.w_*`, `asr.w_*`, `weight.*`) are normalised to sum 1 before use, so "
        "only their ratios matter; a stack component and dimension with no `component.*` row adds 0. "
        "\"Model design (analyst estimate)\" marks a judgement of the AI Export Desk team, not a "
        "measured quantity; \"Method choice\" a setting of the analysis, not of the model.",
        "",
        "| key | value | range | unit | source / rationale |",
        "|---|---:|---|---|---|",
    ]
    for prefix in prefixes:
        group = [r for r in other if r["key"].split(".")[0] == prefix]
        if not group:
            continue
        out.append(f"| **{_cell(titles.get(prefix, prefix))}** (`{prefix}.*`, {len(group)}) | | | | |")
        for r in group:
            out.append(
                f"| `{r['key']}` | {_num(r['value'])} | {_range(r)} | {_cell(r['unit'])} | {_cell(r['source'])} |"
            )
    sources = sorted({r["source"] for r in measure_rows.values()})
    measures = json.loads(MEASURES.read_text(encoding="utf-8"))["measures"]
    out += [
        "",
        f"**{titles.get('measure', 'Measures')}** ({len(measure_rows)} rows `measure.<id>.<effect>`, shown as "
        "value (range); — means no row, effect 0). Units: `offer_bonus`, `overshoot_relief` in lever points "
        "of the measure's own lever; `misuse_exposure` in openness points; `transfer_exposure` in partnership "
        "points; `*_reduction` as a share removed (multiplicative); `absorptive_bonus`, `continuity_bonus` and "
        "`cost` in points of absorptive capacity, continuity and commercial viability. Source of every row: "
        + "; ".join(f"\"{_cell(s)}\"" for s in sources) + ".",
        "",
        "| measure (lever) | " + " | ".join(f"`{e}`" for e in EFFECTS) + " |",
        "|---|" + "---|" * len(EFFECTS),
    ]
    for m in measures:
        cells = []
        for effect in EFFECTS:
            r = measure_rows.get(f"measure.{m['id']}.{effect}")
            cells.append("—" if r is None else f"{_num(r['value'])} ({_range(r)})")
        out.append(f"| `{m['id']}` ({m['lever']}) | " + " | ".join(cells) + " |")
    listed = {f"measure.{m['id']}.{e}" for m in measures for e in EFFECTS}
    unlisted = sorted(set(measure_rows) - listed)
    if unlisted:
        raise SystemExit(f"measure rows not shown in the matrix: {', '.join(unlisted)}")
    return "\n".join(out) + "\n\n"


def regenerate(text: str) -> str:
    start = text.index(START)
    end = text.index(END, start)
    return text[:start] + section() + text[end:]


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    wanted = regenerate(current)
    if "--check" in argv:
        if wanted != current:
            print("docs/method.md section 6 is out of date: run python docs/method_params.py", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        DOC.write_text(wanted, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)} section 6")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
