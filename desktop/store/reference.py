"""Reference data the Store reads: destination statuses, UN regions and group memberships, blocs."""

from __future__ import annotations

from typing import Any

from ..core.regions import Classification, classification
from ..core.screen import DestinationStatus, ScreenSource


def read_destinations(db: Any) -> dict[str, DestinationStatus]:
    """Every screened destination by ISO3 (the 174 economies and those outside the index)."""
    sources = {
        r["key"]: ScreenSource(r["key"], r["title"], r["url"], r["date"])
        for r in db.query("SELECT key, title, url, date FROM screen_sources")
    }
    return {
        r["iso3"]: DestinationStatus(
            iso3=r["iso3"],
            name=r["name"],
            status=r["status"],
            groups=tuple(g for g in r["groups"].split(",") if g),
            reason=r["reason"],
            financing=r["financing"],
            financing_note=r["financing_note"],
            sources=tuple(sources[k] for k in r["sources"].split(",") if k in sources),
            as_of=r["as_of"],
            verified=bool(r["verified"]),
            unverified=r["unverified"],
            groups_note=r["groups_note"],
            ofac=r["ofac"],
            caveat=r["caveat"],
            country_of_concern=bool(r["country_of_concern"]),
            edited_at=r["edited_at"],
            edit_reason=r["edit_reason"],
        )
        for r in db.query("SELECT * FROM destinations ORDER BY name")
    }


def classifications(self: Any) -> dict[str, Classification]:
    """UN region and group memberships per ISO3, from the seeded tables."""
    groups: dict[str, list[str]] = {}
    for r in self.db.query(
        "SELECT g.iso3, g.grp FROM country_groups g JOIN country_group_info i ON i.grp = g.grp ORDER BY i.position"
    ):
        groups.setdefault(r["iso3"], []).append(r["grp"])
    return {
        r["iso3"]: classification(r["region"], r["sub_region"], r["intermediate_region"], tuple(groups.get(r["iso3"], ())))
        for r in self.db.query("SELECT iso3, region, sub_region, intermediate_region FROM country_regions")
    }


def blocs(self: Any) -> dict[str, dict[str, Any]]:
    """The regional blocs a proposal may target: {name: {title, members: [ISO3 …], since, sources}}."""
    out: dict[str, dict[str, Any]] = {}
    for r in self.db.query("SELECT grp, title FROM country_group_info WHERE regional = 1 ORDER BY position"):
        out[r["grp"]] = {"title": r["title"], "members": [], "since": {}, "sources": []}
    for r in self.db.query("SELECT grp, iso3, since, source FROM country_groups ORDER BY iso3"):
        if r["grp"] in out:
            bloc = out[r["grp"]]
            bloc["members"].append(r["iso3"])
            bloc["since"][r["iso3"]] = r["since"]
            if r["source"] not in bloc["sources"]:
                bloc["sources"].append(r["source"])
    return out
