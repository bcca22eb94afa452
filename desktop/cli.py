"""Headless commands over the same core and store as the window; JSON output for scripting."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, Sequence

from . import __version__
from .core.engine import assess, rank
from .core.model import (
    LEVERS,
    PILLARS,
    PROFILE_FIELDS,
    Assumption,
    CountryProfile,
    DomainError,
    Proposal,
)
from .core.ops import proposal_to_dict
from .core.optimize import OBJECTIVE_LABELS, OBJECTIVES, optimise
from .core.screen import optimiser_note
from .core.uncertainty import monte_carlo, summary
from .exchange_cli import EXCHANGE_COMMANDS, _add_exchange_commands
from .screen_cli import (
    add_program_options,
    add_screen_commands,
    assessment_json,
    bloc_country,
    cmd_screen,
    program_from_args,
    program_result,
    program_text,
    screen_text,
    unscored_text,
)
from .store import Store, StoreError, default_path, open_store
from .store.assumption_versions import set_assumption
from .store.backup import BackupError, backup_dir, list_backups, make_backup, restore_backup

PROG = "export-desk"


class UsageError(Exception):
    """Bad command-line input; exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _lever_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"lever value must be a whole number 0–100, got {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"lever value must be between 0 and 100, got {value}")
    return value


def _limit(text: str) -> tuple[str, tuple[int, int]]:
    """Parse LEVER=MIN:MAX."""
    lever, sep, rng = text.partition("=")
    lo, sep2, hi = rng.partition(":")
    if not sep or not sep2 or lever not in LEVERS:
        raise argparse.ArgumentTypeError(f"--limit must look like openness=20:60 (levers: {', '.join(LEVERS)}), got {text!r}")
    try:
        low, high = int(lo), int(hi)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--limit bounds must be whole numbers, got {text!r}") from None
    if not 0 <= low <= high <= 100:
        raise argparse.ArgumentTypeError(f"--limit needs 0 <= MIN <= MAX <= 100, got {text!r}")
    return lever, (low, high)


def _add_offer_options(p: argparse.ArgumentParser, defaults: bool = True) -> None:
    for lever in LEVERS:
        p.add_argument(
            f"--{lever}",
            type=_lever_value,
            default=50 if defaults else None,
            metavar="N",
            help=f"{lever} lever 0–100" + (" (default 50)" if defaults else " (default: unchanged, 50 when new)"),
        )
    p.add_argument("--measure", action="append", default=[], metavar="ID", help="a measure from the catalog (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar (shared with the GUI launcher)."""
    parser = _Parser(
        prog=PROG,
        description="AI Export Desk: assess an AI export proposal against a country's sovereignty demands. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $EXPORT_DESK_DB, else the user-data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print JSON")
        return p

    command("countries", "every country with its capacity figures and profile kind")
    p = command("assess", "assess an offer for one country")
    p.add_argument("--country", required=True, metavar="ISO3", help="target country, ISO 3166 alpha-3 (e.g. KEN)")
    _add_offer_options(p)
    p.add_argument("--uncertainty", action="store_true",
                   help="add the Monte Carlo interval (p10/p50/p90) of the overall score and both sides")
    p = command("rank", "assess the same offer for every country, best first")
    _add_offer_options(p)
    p = command("save", "create or update a proposal (it becomes the most recent)")
    p.add_argument("name", help="proposal name")
    p.add_argument("--country", metavar="ISO3", help="target country (required for a new proposal)")
    _add_offer_options(p, defaults=False)
    p.add_argument("--limit", action="append", type=_limit, default=[], metavar="LEVER=MIN:MAX", help="a red line (repeatable)")
    p.add_argument("--notes", help="negotiator's notes")
    add_program_options(p)
    command("proposals", "saved proposals, most recent first")
    p = command("show", "a saved proposal and its assessment")
    p.add_argument("name", help="proposal name")
    p = command("optimize", "propose the best package within the red lines (prints it; --apply saves it)")
    p.add_argument("name", help="proposal name")
    p.add_argument("--objective", choices=OBJECTIVES, default="overall", help="maximise the overall score or the weaker side")
    p.add_argument("--apply", action="store_true", help="save the proposed package (and a snapshot)")
    p = command("brief", "write a saved proposal's negotiation brief as PDF (and HTML)")
    p.add_argument("name", help="proposal name")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="PDF to write (replaced atomically)")
    p.add_argument("--html", action="store_true", help="also write FILE.html beside the PDF")
    p.add_argument("--counterpart", action="store_true", help="counterpart-safe: no red lines, notes, exporter side")
    _add_exchange_commands(command)
    p = command("compare", "compare two to four saved proposals side by side")
    p.add_argument("names", nargs="+", metavar="NAME", help="proposal names (two to four)")
    command("backup", "make a verified backup now (none when nothing changed since the last one)")
    command("backups", "list the verified backups, newest last")
    p = command("restore-backup", "replace the database with a verified backup (the current file is kept)")
    p.add_argument("backup", nargs="?", help="backup file (default: the newest)")
    _add_assumption_commands(command)
    add_screen_commands(command)
    return parser


def _add_assumption_commands(command: Any) -> None:
    p = command("assumptions", "the model's parameters (latest assumption set) with sources and plausible ranges")
    actions = p.add_subparsers(dest="assumptions_action", metavar="ACTION", parser_class=_Parser)
    s = actions.add_parser("set", help="set one parameter: creates a new assumption-set version",
                           description="Set one parameter: creates a new assumption-set version (none is edited in place).")
    s.add_argument("key", help="assumption key, e.g. weight.continuity")
    s.add_argument("value", help="new value (within the plausible range unless --force)")
    s.add_argument("--reason", required=True, help="why (recorded with the new version)")
    s.add_argument("--force", action="store_true", help="accept a value outside the plausible range")
    s.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `export-desk` with a command; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc))
    if args.command is None:
        build_parser().print_help()
        return 0
    return run(args)


def run(args: argparse.Namespace, handler: Any = None) -> int:
    """Run a parsed command (handler: a command implemented outside this module, e.g. `brief`)."""
    if args.command in _FILE_COMMANDS:
        try:
            result, text = _FILE_COMMANDS[args.command](args)
        except (StoreError, BackupError) as exc:
            return _fail(str(exc))
        return _print(args, result, text)
    try:
        store = open_store(args.db)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        handler = handler or _COMMANDS.get(args.command)
        if handler is None:
            raise DomainError(f"`{args.command}` needs the full app: run it as `{PROG} {args.command} …`")
        result, text = handler(store, args)
    except (DomainError, StoreError, BackupError) as exc:
        return _fail(str(exc))
    finally:
        store.close()
    return _print(args, result, text)


def _print(args: argparse.Namespace, result: Any, text: str) -> int:
    try:
        if args.json:
            json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `export-desk rank | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _fail(message: str) -> int:
    """Print a one-line error and return the exit status for bad input."""
    sys.stderr.write(f"{PROG}: {message}\n")
    return 2


# ---------------------------------------------------------------------------- commands


def _offer(args: argparse.Namespace, country: str, store: Store) -> Proposal:
    known = {m.id for m in store.measures()}
    for mid in args.measure:
        if mid not in known:
            raise DomainError(f"unknown measure {mid!r} (see the catalog in `export-desk countries --help` docs)")
    return Proposal(
        name="(command line)",
        country=country,
        levers={lv: getattr(args, lv) for lv in LEVERS},
        measures=frozenset(args.measure),
    )


def _country_row(p: CountryProfile) -> dict[str, Any]:
    return {
        "iso3": p.iso3,
        "name": p.name,
        "aipi": p.aipi.value,
        "pillars": {k: p.pillars[k].value for k in PILLARS},
        "capacity_source": p.aipi.source,
        "profile_kind": p.profile_kind,
        "sovereignty": {k: p.sovereignty[k].value for k in PROFILE_FIELDS},
        "screen": None if p.destination is None else p.destination.to_dict(),
    }


def _fmt(v: float | None) -> str:
    return "  n/a " if v is None else f"{v:6.3f}"


def cmd_countries(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    profiles = sorted(store.profiles().values(), key=lambda p: p.iso3)
    rows = [_country_row(p) for p in profiles]
    lines = [f"{'ISO3':4}  {'Country':32} {'AIPI':>6}  {'profile':9} screen"]
    lines += [f"{r['iso3']:4}  {r['name'][:32]:32} {_fmt(r['aipi'])}  {r['profile_kind']:9} "
              f"{(r['screen'] or {}).get('status', '')}" for r in rows]
    lines.append(f"{len(rows)} countries. Capacity: Source: IMF AI Preparedness Index, 2023 (n/a = not published).")
    return rows, "\n".join(lines)


def _assessment_text(name: str, country: str, a: dict[str, Any]) -> str:
    if a["overall"] is None:
        return unscored_text(name, country, a)
    lines = [
        f"{name} — {country}",
        f"Overall {a['overall']:.1f} ({a['band']})   counterpart acceptance {a['counterpart_acceptance']:.1f}"
        f"   exporter assurance {a['exporter_assurance']:.1f}",
        "",
        "Commitments (offer / demand → fit):",
    ]
    for lever, c in a["commitments"].items():
        lines.append(f"  {lever:12} {c['offer']:5.0f} / {c['demand']:5.0f} → {c['fit']:5.1f}")
    lines.append("Line items (add up to the overall score):")
    for li in a["line_items"]:
        lines.append(f"  {li['label']:24} {li['points']:+7.2f}")
    if a["flags"]:
        lines.append("Flags:")
        for f in a["flags"]:
            fix = f" → fix: {f['fix']['label']}" if f["fix"] else ""
            lines.append(f"  [{f['severity']}] {f['message']}{fix}")
    if a["moves"]["best"]:
        lines.append("Best moves:")
        for m in a["moves"]["best"]:
            lines.append(f"  {m['label']:44} {m['gain']:+.2f}")
    if a.get("screen"):
        lines.append(screen_text(a))
    lines.append(f"Assumption set v{a['assumptions_version']}. Capacity: Source: IMF AI Preparedness Index, 2023.")
    return "\n".join(lines)


def cmd_assess(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    profile = store.profile(args.country)
    proposal = _offer(args, profile.iso3, store)
    assumptions = store.assumption_set()
    result = assessment_json(assess(proposal, profile, assumptions), profile, assumptions)
    text = _assessment_text("Offer", profile.name, result)
    if args.uncertainty and result["overall"] is not None:
        mc = monte_carlo(proposal, profile, assumptions)
        result["interval"] = mc.overall.to_dict()
        result["acceptance_interval"] = mc.acceptance.to_dict()
        result["assurance_interval"] = mc.assurance.to_dict()
        result["uncertainty"] = mc.to_dict()
        info = summary(mc)
        text += f"\nUncertainty: overall {info['interval_text']} (p50 {mc.overall.p50:.1f}); {info['band_text']} ({info['note']})"
    return result, text


def cmd_rank(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    profiles = store.profiles()
    proposal = _offer(args, next(iter(profiles)), store)
    assumptions = store.assumption_set()
    results = rank(proposal, profiles.values(), assumptions)
    rows = [dict(assessment_json(r, profiles[r.country], assumptions), name=profiles[r.country].name) for r in results]
    lines = [f"{'#':>3}  {'ISO3':4}  {'Country':32} {'Overall':>7}  Band"]
    position, group = 0, None
    for r in rows:
        status = (r.get("screen") or {}).get("status", "eligible")
        here = {"denial": "denial", "embargoed": "embargoed"}.get(status, "proceed")
        if here != group and here != "proceed":
            lines.append({"denial": "Blocked — licence under a policy of denial (computed for analysis only):",
                          "embargoed": "Prohibited — comprehensive embargo (no score):"}[here])
        group = here
        if here == "proceed":
            position += 1
        mark = f"{position:3}" if here == "proceed" else "  —"
        score = "      —" if r["overall"] is None else f"{r['overall']:7.1f}"
        lines.append(f"{mark}  {r['country']:4}  {r['name'][:32]:32} {score}  {r['band']}")
    lines.append("Destination screen: a screening aid as of each status's date, not a legal determination.")
    return rows, "\n".join(lines)


def cmd_save(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    existing = store.find_proposal(args.name)
    if existing is None and not args.country and not args.target_bloc:
        raise DomainError(f"new proposal {args.name!r} needs --country ISO3 (or --target-bloc NAME)")
    first = store.profile(args.country).iso3 if args.country else (bloc_country(store, args.target_bloc) if existing is None else None)
    base = existing or Proposal(name=args.name, country=first)
    known = {m.id for m in store.measures()}
    for mid in args.measure:
        if mid not in known:
            raise DomainError(f"unknown measure {mid!r}")
    levers = {lv: (getattr(args, lv) if getattr(args, lv) is not None else base.levers[lv]) for lv in LEVERS}
    red_lines = dict(base.red_lines)
    red_lines.update(dict(args.limit))
    proposal = replace(
        base,
        country=store.profile(args.country).iso3 if args.country else base.country,
        levers=levers,
        measures=frozenset(args.measure) if args.measure else base.measures,
        red_lines=red_lines,
        notes=args.notes if args.notes is not None else base.notes,
        program=program_from_args(base.program, args),
    )
    saved = store.save_proposal(proposal)
    profile, assumptions = store.profile(saved.country), store.assumption_set()
    result = assessment_json(assess(saved, profile, assumptions), profile, assumptions)
    if result["overall"] is not None:  # an embargoed destination has no assessment to keep
        store.add_snapshot(saved, result)
    verb = "Updated" if existing else "Created"
    score = "no score (Prohibited)" if result["overall"] is None else f"overall {result['overall']:.1f} ({result['band']})"
    return (
        {"proposal": proposal_to_dict(saved), "created": existing is None, "assessment": result,
         "program": program_result(store, saved, assumptions).to_dict()},
        f"{verb} {saved.name!r}: {score}",
    )


def cmd_proposals(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    rows = [
        {
            "name": p.name,
            "country": p.country,
            "levers": dict(p.levers),
            "measures": sorted(p.measures),
            "modified": p.modified,
            "example": p.example,
            "description": p.description,
        }
        for p in store.proposals()
    ]
    lines = [f"{'Name':32} {'Country':7} {'Sec':>4} {'Res':>4} {'Opn':>4} {'Par':>4}  Modified"]
    for r in rows:
        lv = r["levers"]
        lines.append(
            f"{r['name'][:32]:32} {r['country']:7} {lv['security']:4} {lv['resilience']:4} {lv['openness']:4}"
            f" {lv['partnership']:4}  {r['modified'][:19]}" + ("  (example)" if r["example"] else "")
        )
    if not rows:
        lines.append("(no proposals yet: `export-desk save NAME --country ISO3`)")
    return rows, "\n".join(lines)


def cmd_show(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    profile, assumptions = store.profile(proposal.country), store.assumption_set()
    result = assessment_json(assess(proposal, profile, assumptions), profile, assumptions)
    program = program_result(store, proposal, assumptions)
    result["flags"] += [f for f in program.flags() if f["message"] not in {g["message"] for g in result["flags"]}]
    text = _assessment_text(proposal.name, profile.name, result) + "\n" + program_text(program)
    return {"proposal": proposal_to_dict(proposal), "assessment": result, "program": program.to_dict()}, text


def cmd_optimize(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    proposal = store.get_proposal(args.name)
    profile = store.profile(proposal.country)
    result = optimise(proposal, profile, store.assumption_set(), args.objective)
    data = result.to_dict()
    data["applied"] = False
    data["note"] = optimiser_note(profile)
    if args.apply and result.changes:
        saved = store.save_proposal(result.proposal)
        store.add_snapshot(saved, assess(saved, profile, store.assumption_set()).to_dict())
        data["applied"] = True
    lines = [f"{proposal.name}: {OBJECTIVE_LABELS[args.objective]} {result.before:.1f} → {result.after:.1f}"]
    lines += [f"  {c.why}" for c in result.changes] or ["  no change improves it within the red lines"]
    lines.append("Saved." if data["applied"] else "Not saved (use --apply to save).")
    if data["note"]:
        lines.append(data["note"])
    return data, "\n".join(lines)
def cmd_compare(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    from .core.compare import MAX_COMPARED, MIN_COMPARED, compare_proposals, comparison_to_dict

    if not MIN_COMPARED <= len(args.names) <= MAX_COMPARED:
        raise DomainError(f"compare takes two to four proposal names, got {len(args.names)}")
    proposals = [store.get_proposal(name) for name in args.names]
    assumptions = store.assumption_set()
    rows = compare_proposals(proposals, store.profiles(), assumptions)
    width = max(12, *(len(p.name[:20]) for p in proposals))

    def cell(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "—"
        if v is None:
            return "—"
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    lines = [f"{'':34}" + "".join(f"{p.name[:20]:>{width + 2}}" for p in proposals)]
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            lines.append(section)
        mark = "*" if r.differs else " "
        lines.append(f"{mark} {r.label[:32]:32}" + "".join(f"{cell(v)[:width]:>{width + 2}}" for v in r.values))
    lines.append(f"* = differs ({sum(r.differs for r in rows)} rows). Assumption set v{assumptions.version}.")
    return comparison_to_dict(proposals, rows), "\n".join(lines)


def cmd_backup(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if store.path is None:
        raise StoreError("an in-memory database has no backups")
    made = make_backup(store.db.conn, store.path)
    if made.path is None:
        return {"backup": None, "reason": made.reason}, f"No backup made: {made.reason}."
    return {"backup": str(made.path), "size": made.size}, f"Backed up to {made.path} ({made.size:,} bytes, verified)."


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_path()


def cmd_backups(args: argparse.Namespace) -> tuple[Any, str]:
    found = list_backups(_db_path(args))
    rows = [{"path": str(p), "size": p.stat().st_size} for p in found]
    lines = [f"{r['path']}  ({r['size']:,} bytes)" for r in rows] or [f"(no backups in {backup_dir(_db_path(args))})"]
    return rows, "\n".join(lines)


def cmd_restore_backup(args: argparse.Namespace) -> tuple[Any, str]:
    target = _db_path(args)
    used = restore_backup(target, Path(args.backup).expanduser() if args.backup else None)
    return {"restored": str(used), "database": str(target)}, f"Restored {target} from {used}."


_FILE_COMMANDS = {"backups": cmd_backups, "restore-backup": cmd_restore_backup}

def _assumption_row(r: Assumption) -> dict[str, Any]:
    return {"key": r.key, "value": r.value, "unit": r.unit, "range": [r.low, r.high], "description": r.description,
            "source": r.source}


def cmd_assumptions(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    if getattr(args, "assumptions_action", None) == "set":
        parent = store.assumption_set()
        new = set_assumption(store, args.key, args.value, args.reason, force=args.force)
        row = new.rows[args.key]
        old = parent.rows[args.key].value
        result = {"version": new.version, "parent_version": parent.version, "key": args.key, "old_value": old,
                  "value": row.value, "reason": args.reason.strip()}
        return result, f"Assumption set v{new.version} (from v{parent.version}): {args.key} {old:g} → {row.value:g}"
    a = store.assumption_set()
    rows = [_assumption_row(r) for r in a.rows.values()]
    lines = [f"Assumption set v{a.version} ({a.name}): {len(rows)} parameters", f"{'Key':48} {'Value':>10}  Range"]
    lines += [f"{r['key']:48} {r['value']:10g}  {r['range'][0]:g}–{r['range'][1]:g} {r['unit']}" for r in rows]
    lines.append("Descriptions and sources: --json, or Help ▸ Method in the window.")
    return {"version": a.version, "name": a.name, "rows": rows}, "\n".join(lines)


_COMMANDS = {
    "assumptions": cmd_assumptions,
    "backup": cmd_backup,
    "countries": cmd_countries,
    "assess": cmd_assess,
    "rank": cmd_rank,
    "save": cmd_save,
    "proposals": cmd_proposals,
    "show": cmd_show,
    "optimize": cmd_optimize,
    **EXCHANGE_COMMANDS,
    "compare": cmd_compare,
    "screen": cmd_screen,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
