"""Build the frozen data of migration m013 (issue 17) from the 2026 fact sheet; run once, commit the output.

    python tools/country_knowledge.py          # writes db/migrations/m013_country_knowledge/profiles.json

Inputs (all shipped, nothing fetched):
- db/migrations/m013_country_knowledge/sovereignty_facts_2026.md: a byte copy of
  ../shared/data/sovereignty_facts_2026.md (as of 2026-12-01), dated facts with URLs per country
  and a "Profile note" (or "Suggested start") per section saying which values look out of date;
- db/seed/sovereignty_profiles.json: the 2025 analyst values and rationales (what m002 seeded);
- db/migrations/m008_destination_screen/: UN M49 regions, group memberships, screen statuses.

Each analyst value becomes value / low / high with a rationale, its 2025–26 facts as sources
(URL, site, date, the fact, verified or not) and a reviewed date. The range rule (docs/method.md):
half-width 6 points where a confirmed 2025–26 fact bears on the field, 9 where only unverified
ones do, 12 where none was found (the value rests on older evidence); a value the review moved
keeps at least half the distance back to its 2025 value inside the range on that side. The
economies without an analyst profile get desktop.core.country_defaults' rule.
Once migration m013 is released this output is frozen: a later correction is a later migration.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.country_defaults import Place, default_profiles  # noqa: E402
from desktop.core.model import PROFILE_FIELDS  # noqa: E402

HERE = ROOT / "db" / "migrations" / "m013_country_knowledge"
FACTS = HERE / "sovereignty_facts_2026.md"
M008 = ROOT / "db" / "migrations" / "m008_destination_screen"
REVIEWED = "2026-12-02"
FACTS_AS_OF = "2026-12-01"

TAGS = {"Sec": "demand_security", "Loc": "demand_localization", "Open": "demand_openness",
        "Part": "demand_partnership", "Trust": "trust", "Comp": "competition"}
WORDS = {"security": "demand_security", "localization": "demand_localization", "openness": "demand_openness",
         "partnership": "demand_partnership", "trust": "trust", "competition": "competition"}
FIVE_EYES = {"AUS", "CAN", "GBR", "NZL"}
URL = re.compile(r"https?://\S+")
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
CUTOFF_URL = "https://www.themediafactchecker.com/story/cluster_119_202606131458"
JUNE_ROSTER = "https://letsdatascience.com/news/pax-silica-pact-excludes-china-empowers-defense-firms-34325425"


def _site(url: str) -> str:
    host = urlparse(url).netloc
    return host.removeprefix("www.")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def parse_sections(text: str) -> dict[str, dict]:
    """{iso3: {"name", "facts": [...], "note": str}} from the fact sheet's ### sections."""
    out: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^### ([A-Z]{3}) — (.+)$", line)
        if m:
            current = {"name": m.group(2).strip(), "facts": [], "note": ""}
            out[m.group(1)] = current
            continue
        if line.startswith("## "):
            current = None if "Additional" not in line and "Profiled" not in line else current
            continue
        if current is None or not line.startswith("- "):
            continue
        body = line[2:].strip()
        if body.startswith("Profile note:") or body.startswith("Suggested start:") or "suggested start:" in body:
            current["note"] = _clean(body)
            continue
        tag = re.match(r"^\[(\w+)\]\s*(.*)$", body)
        if not tag or tag.group(1) not in TAGS:
            continue
        rest = tag.group(2)
        when, _, what = rest.partition(" — ") if " — " in rest else ("", "", rest.lstrip("— "))
        urls = [u.rstrip(".,;)'") for u in URL.findall(what)]
        what_text = _clean(URL.sub("", what).replace(" ; ", " ").rstrip(" ;"))
        if not urls:
            same = re.search(r"\(same (\w+ )?source\)", what)
            earlier = [u for f in current["facts"] for u in f["urls"]]
            if same and same.group(1):
                key = same.group(1).strip().lower()
                earlier = [u for u in earlier if key in u.lower()]
            if same and earlier:
                urls = [earlier[-1]]
            elif "Pax Silica" in what:
                urls = [JUNE_ROSTER]
        dates = DATE.findall(when)
        current["facts"].append({
            "field": TAGS[tag.group(1)],
            "when": _clean(when),
            "date": dates[-1] if dates else "",
            "fact": re.sub(r"\s*\((same \w* ?source)\)\.?", "", what_text).strip(),
            "urls": urls,
            "verified": "unverified" not in what.lower(),
        })
    return out


def parse_note(note: str) -> dict[str, dict]:
    """{field: {"old", "new", "why", "holds"}} from a Profile note, {field: {"new"}} from a Suggested start."""
    out: dict[str, dict] = {}
    for m in re.finditer(r"\b(security|localization|openness|partnership|trust|competition) (\d+) → ([a-z ]+?) \(~(\d+)([^)]*)\)",
                         note, re.IGNORECASE):
        why = m.group(5).strip(" ;,")
        out[WORDS[m.group(1).lower()]] = {"old": float(m.group(2)), "new": float(m.group(4)), "how": m.group(3).strip(), "why": why}
    for m in re.finditer(r"\b(security|localization|openness|partnership|trust|competition) (\d+) holds( or rises slightly)?([^.]*)",
                         note, re.IGNORECASE):
        f = WORDS[m.group(1).lower()]
        if f not in out:
            out[f] = {"old": float(m.group(2)), "new": float(m.group(2)), "how": "holds" + (m.group(3) or ""),
                      "why": m.group(4).strip(" :;,()")}
    if "uggested start" in note:
        for m in re.finditer(r"\b(security|localization|openness|partnership|trust|competition) ~(\d+)(?: \(([^)]*)\))?",
                             note, re.IGNORECASE):
            out[WORDS[m.group(1).lower()]] = {"old": None, "new": float(m.group(2)), "how": "suggested start",
                                              "why": (m.group(3) or "").replace("**", "")}
    return out


def _sources(facts: list[dict]) -> list[dict]:
    out = []
    for f in facts:
        for url in f["urls"]:  # a fact without a link is said in the rationale instead
            out.append({"url": url, "site": _site(url) if url else "", "date": f["date"], "when": f["when"],
                        "fact": f["fact"], "verified": f["verified"]})
    return out


def _range(value: float, old: float | None, half: float) -> tuple[float, float]:
    low, high = value - half, value + half
    if old is not None and old < value:
        low = min(low, value - (value - old) / 2)
    if old is not None and old > value:
        high = max(high, value + (old - value) / 2)
    return float(round(max(0.0, low))), float(round(min(100.0, high)))


def _strip_old(rationale: str) -> str:
    return rationale.replace(" (Analyst estimate.)", "").replace("(Analyst estimate.)", "").strip()


SPECIAL = {
    # Colombia: the note makes trust conditional on an election result the sheet could not find.
    ("COL", "trust"): {"value": 38.0, "low": 32.0, "high": 60.0,
                       "review": "Held at 38: it depends on who was inaugurated on 7 Aug 2026 (a right-wing winner would "
                                 "mean about 55, a Cepeda win means hold); the winner is unverified, so the range reaches 60."},
}


def build() -> dict:
    sections = parse_sections(FACTS.read_text(encoding="utf-8"))
    seed = json.loads((ROOT / "db" / "seed" / "sovereignty_profiles.json").read_text(encoding="utf-8"))
    old = {p["iso3"]: p for p in seed["profiles"]}
    rows: list[dict] = []
    held: list[dict] = []
    estimates: dict[str, dict[str, float]] = {}
    problems: list[str] = []
    for iso3, sec in sections.items():
        note = parse_note(sec["note"])
        for field in PROFILE_FIELDS:
            facts = [f for f in sec["facts"] if f["field"] == field]
            sources = _sources(facts)
            confirmed = any(f["verified"] and f["urls"] for f in facts)
            half = 6.0 if confirmed else (9.0 if facts else 12.0)
            n = note.get(field)
            prior = old.get(iso3, {}).get("values", {}).get(field)
            if prior is None and n is None:
                continue  # a new country without a suggestion for this field: the default rule fills it
            earlier = float(prior["value"]) if prior else None
            if n is not None and n.get("old") is not None and earlier is not None and n["old"] != earlier:
                problems.append(f"{iso3} {field}: note says {n['old']} but the seed has {earlier}")
            value = n["new"] if n is not None else earlier
            basis = _strip_old(prior["rationale"]) if prior else ""
            if prior is None:
                half = max(half, 10.0)
                if "unverified" in (n or {}).get("why", "") or "unverified" in sec["note"].lower() and field == "trust":
                    half = 12.0
            low, high = _range(value, earlier, half)
            if (iso3, field) in SPECIAL:
                s = SPECIAL[(iso3, field)]
                value, low, high, review = s["value"], s["low"], s["high"], s["review"]
            elif n is None:
                review = ("No 2025–26 fact on this field in the fact sheet: held at the 2025 value."
                          if not facts else "Held: the 2025–26 facts below do not move it.")
            elif n["how"] == "suggested start":
                review = f"New profile: {value:g} (the fact sheet's suggested start" + (f", {n['why']}" if n["why"] else "") + ")."
            elif value == earlier:
                review = f"Held at {value:g}" + (f" ({n['how']})" if n["how"] != "holds" else "") + (f": {n['why']}" if n["why"] else "") + "."
            else:
                verb = "Raised" if value > (earlier or 0) else "Lowered"
                review = f"{verb} from {earlier:g} to {value:g}" + (f" ({n['why']})" if n["why"] else "") + " on the 2025–26 facts below."
            if field == "demand_openness" and iso3 not in FIVE_EYES and n is None:
                high = float(min(100.0, high + 5.0))
                review += (" The high end is 5 points higher: after the June 2026 U.S. directive that cut foreign users off "
                           "the newest closed models, the fact sheet expects open-weight demand to rise for most non-Five-Eyes partners.")
                sources.append({"url": CUTOFF_URL, "site": _site(CUTOFF_URL), "date": "2026-06-13", "when": "2026-06-12/13",
                                "fact": "Commerce export-control directive cut foreign nationals off Anthropic's newest models; "
                                        "access restored from 26 June / 1 July.", "verified": True})
            moves = []
            if low < value:
                moves.append(f"lower toward {low:g} if the facts behind it weaken or prove unverified")
            if high > value:
                moves.append(f"higher toward {high:g} if the signals strengthen")
            unverified = [s for s in sources if not s["verified"]]
            unlinked = [f for f in facts if not f["urls"]]
            if unlinked:
                review += " Noted without a link: " + " ".join(f"{f['fact']}" + (f" ({f['when']})" if f["when"] else "") for f in unlinked)
            text = " ".join(t for t in (basis, review) if t)
            text += f" Range {low:g}–{high:g}: " + "; ".join(moves) + "."
            if unverified:
                text += " 1 source is unverified." if len(unverified) == 1 else f" {len(unverified)} sources are unverified."
            row = {"iso3": iso3, "field": field, "value": float(value), "low": low, "high": high, "kind": "estimate",
                   "previous": earlier, "rationale": text, "sources": sources, "reviewed": REVIEWED}
            if iso3 in old:
                rows.append(row)
                estimates.setdefault(iso3, {})[field] = float(value)
            else:  # a new country: its suggested start is kept as a review, not applied (see HELD_BACK)
                held.append(dict(row, held=True))
    if problems:
        raise SystemExit("the fact sheet and the seed disagree:\n" + "\n".join(problems))

    places = _places()
    countries = [r["iso3"] for r in csv.DictReader((ROOT / "db" / "seed" / "imf_aipi_2023.csv").open(encoding="utf-8"))]
    defaults = default_profiles(countries, estimates, places)
    for iso3, fields in sorted(defaults.items()):
        for field, d in fields.items():
            prior = old.get(iso3, {}).get("values", {}).get(field)
            rows.append({"iso3": iso3, "field": field, "value": d.value, "low": d.low, "high": d.high, "kind": "default",
                         "previous": None if prior is None else float(prior["value"]), "rationale": d.rationale,
                         "sources": [], "reviewed": REVIEWED})
    rows.sort(key=lambda r: (r["iso3"], r["field"]))
    held.sort(key=lambda r: (r["iso3"], r["field"]))
    return {
        "as_of": FACTS_AS_OF,
        "reviewed": REVIEWED,
        "note": "Written by tools/country_knowledge.py from the files named there; frozen with migration m013.",
        "profiled": sorted(estimates),
        "rows": rows,
        "held": held,
        "held_note": HELD_BACK,
        "outcomes": OUTCOMES,
    }


HELD_BACK = (
    "The fact sheet's ten additional countries (Italy, Netherlands, Taiwan, Greece, Armenia, Azerbaijan, Kuwait, "
    "Panama, Costa Rica, El Salvador) have suggested starting values for one to three of the six fields only. "
    "Applied as partial analyst profiles they make the neutral score 62% explained by capacity and trust across the "
    "profiled countries (R² 0.621), breaking model v2's required property (at most 0.60, tests/core/test_model_v2.py): "
    "their other fields would be derived medians, which carry no country-specific information. They are shipped as "
    "derived defaults, with the suggested values and their dated sources kept as held reviews that the country "
    "panel shows; a full analyst profile (all six fields) replaces the default."
)


def _places() -> dict[str, Place]:
    groups: dict[str, list[str]] = {}
    with (M008 / "country_groups.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            groups.setdefault(r["iso3"], []).append(r["group"])
    screen = json.loads((M008 / "destination_screen.json").read_text(encoding="utf-8"))
    status = {r["iso3"]: r["status"] for r in screen["statuses"]}
    status.update({k: v["status"] for k, v in screen.get("overrides", {}).items() if "status" in v})
    out = {}
    with (M008 / "country_codes.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["iso3"]] = Place(r["region"], r["sub_region"], tuple(groups.get(r["iso3"], ())),
                                   status.get(r["iso3"], screen["default"]["status"]))
    return out


# The outcome ledger: what happened in 2025–2026, only as the fact sheet records it (URL and date
# copied from it). positive: signed a U.S. government AI partnership or the Pax Silica declaration.
# negative: chose a rival provider, talks stalled, or named as not a signatory.
PAX_CONFIRMED = "https://investingnews.com/australia-signs-pax-silica-declaration/"
OUTCOMES = [
    *({"iso3": i, "date": "2025-12-12", "kind": "pax_silica", "positive": True, "verified": True,
       "summary": "Founding signatory of the Pax Silica declaration (Washington).", "url": PAX_CONFIRMED}
      for i in ("JPN", "KOR", "SGP", "GBR", "ISR", "AUS")),
    {"iso3": "QAT", "date": "2026-01-12", "kind": "pax_silica", "positive": True, "verified": True,
     "summary": "Signed the Pax Silica declaration (8th signatory).",
     "url": "https://www.zawya.com/en/economy/gcc/qatar-us-sign-pax-silica-declaration-to-strengthen-cooperation-i7g2kut1"},
    {"iso3": "ARE", "date": "2026-01-14", "kind": "pax_silica", "positive": True, "verified": True,
     "summary": "Signed the Pax Silica declaration (9th signatory).",
     "url": "https://menafn.com/1110599739/United-States-Welcomes-United-Arab-Emirates-Signing-Of-Pax-Silica-Declaration"},
    {"iso3": "IND", "date": "2026-02-20", "kind": "pax_silica", "positive": True, "verified": True,
     "summary": "Joined Pax Silica at the AI Impact Summit, New Delhi.",
     "url": "https://www.wam.ae/en/article/byu3t69-india-joins-pax-silica-initiative-signs-joint"},
    {"iso3": "IND", "date": "2026-02-20", "kind": "us_ai_partnership", "positive": True, "verified": True,
     "summary": "India–U.S. \"AI Opportunity Partnership\" joint statement (data centres, compute, models).",
     "url": "https://www.wam.ae/en/article/byu3t69-india-joins-pax-silica-initiative-signs-joint"},
    {"iso3": "PHL", "date": "2026-04-16", "kind": "pax_silica", "positive": True, "verified": True,
     "summary": "Joined Pax Silica; planned Economic Security Zone at New Clark City.",
     "url": "https://mb.com.ph/2026/04/17/philippines-us-to-build-1619-hectare-economic-security-zone-in-luzon"},
    {"iso3": "GRC", "date": "2026-02-20", "kind": "pax_silica", "positive": True, "verified": False,
     "summary": "Named as a Pax Silica signatory in the State Dept list at India's signing; signing date unverified.",
     "url": "https://menafn.com/1110773165/India-Confirms-Its-Entry-into-US-Backed-Pax-Silica-Alliance"},
    {"iso3": "ARG", "date": "2026-06", "kind": "pax_silica", "positive": True, "verified": True,
     "summary": "Foreign Minister Quirno announced Argentina would sign Pax Silica at the June 2026 summit.",
     "url": "https://www.shale24.com/en/mining/argentina-joins-pax-silica-entering-the-us-ai-coalition-through-minerals-and-energy-n1367/amp"},
    *({"iso3": i, "date": "2026-06", "kind": "pax_silica", "positive": True, "verified": False,
       "summary": "Reported new Pax Silica signatory at the second summit (single aggregator source).", "url": JUNE_ROSTER}
      for i in ("CHL", "CRI", "SLV", "DEU", "KAZ", "NLD", "PAN")),
    {"iso3": "SAU", "date": "2025-11-19", "kind": "us_ai_partnership", "positive": True, "verified": True,
     "summary": "U.S.–Saudi Strategic AI Partnership signed by Rubio and FM Faisal (chips, infrastructure, workforce, investment).",
     "url": "https://www.newsmax.com/politics/marco-rubio-saudi-arabia-prince-faisal-bin-farhan/2025/11/19/id/1235229/"},
    {"iso3": "JPN", "date": "2025-10-28", "kind": "us_ai_partnership", "positive": True, "verified": True,
     "summary": "U.S.–Japan Technology Prosperity Deal MOC: full-stack AI cooperation, joint promotion of AI exports.",
     "url": "https://www.pubt.io/view/289743F0CC290E1F38BE372E3D5F352098AC5C78"},
    {"iso3": "GBR", "date": "2025-09-18", "kind": "us_ai_partnership", "positive": True, "verified": True,
     "summary": "U.S.–UK Tech Prosperity Deal MoU (£31bn), conditional on the Economic Prosperity Deal.",
     "url": "https://bisi.org.uk/reports/us-uk-tech-prosperity-deal-implications-for-technology-cooperation"},
    {"iso3": "ARE", "date": "2025-05", "kind": "us_ai_partnership", "positive": True, "verified": True,
     "summary": "U.S.–UAE framework allowing up to 500k top-end chips a year (400k for U.S.-operated data centres, 100k for G42).",
     "url": "https://menastartupdigest.com/?p=17311"},
    {"iso3": "GBR", "date": "2025-12-16", "kind": "talks_stalled", "positive": False, "verified": True,
     "summary": "U.S. paused the Tech Prosperity Deal over the DST, food standards and the Online Safety Act.",
     "url": "https://www.pymnts.com/?p=3316472"},
    {"iso3": "SAU", "date": "2026-01-14", "kind": "not_signed", "positive": False, "verified": True,
     "summary": "Pax Silica talks \"early stage\"; not a signatory as of January 2026.",
     "url": "https://www.thenationalnews.com/future/technology/2026/01/14/uae-ai-pax-silica-us/"},
    {"iso3": "CAN", "date": "2025-12-12", "kind": "not_signed", "positive": False, "verified": True,
     "summary": "Attended the Pax Silica founding as a guest, not a signatory.",
     "url": "https://thedeepdive.ca/canada-missing-pax-silica-signers"},
    {"iso3": "TWN", "date": "2025-12", "kind": "not_signed", "positive": False, "verified": True,
     "summary": "Takes part in Pax Silica without signing.",
     "url": "https://menafn.com/1110773165/India-Confirms-Its-Entry-into-US-Backed-Pax-Silica-Alliance"},
    {"iso3": "KEN", "date": "2025-09-22", "kind": "talks_stalled", "positive": False, "verified": True,
     "summary": "The Microsoft–G42 Olkaria data centre stalled, with no business case 15 months on.",
     "url": "https://www.semafor.com/article/09/22/2025/kenya-us-china-tech-war-ai-data-center"},
    {"iso3": "SEN", "date": "2025-06", "kind": "rival_provider", "positive": False, "verified": True,
     "summary": "Senegal–Huawei strategic partnership (data-centre modernisation, IT assembly, AI/cloud/5G training).",
     "url": "https://fr.allafrica.com/stories/202506270312.html"},
    {"iso3": "ETH", "date": "2026", "kind": "rival_provider", "positive": False, "verified": False,
     "summary": "Reported upgrade with China to an \"all-weather strategic partnership\" covering AI and the digital economy.",
     "url": "https://openafricantribune.com/fr/wp-json/wp/v2/posts/7096"},
    {"iso3": "BRA", "date": "2025-08", "kind": "rival_provider", "positive": False, "verified": True,
     "summary": "ByteDance reported as partner of Casa dos Ventos on a large data-centre project at Pecém.",
     "url": "https://www.uol.com.br/tilt/noticias/reuters/2025/08/29/governo-lanca-em-setembro-plano-de-incentivo-para-data-centers-em-tentativa-de-aceno-a-big-techs-dizem-fontes.htm"},
    {"iso3": "ZAF", "date": "2025-11-23", "kind": "talks_stalled", "positive": False, "verified": True,
     "summary": "U.S. boycotted the Johannesburg G20 summit and said South Africa would be excluded from the 2026 G20.",
     "url": "https://allthe.news/ru/articles/us-skips-johannesburg-g20-amid-bilateral-tensions"},
]


def main() -> None:
    data = build()
    target = HERE / "profiles.json"
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for r in data["rows"]:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    links = sum(1 for r in data["rows"] for s in r["sources"] if s["url"])
    print(f"{target}: {len(data['profiled'])} profiled countries, rows {kinds}, {links} linked sources, "
          f"{len(data['outcomes'])} outcomes")


if __name__ == "__main__":
    main()
