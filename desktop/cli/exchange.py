"""`brief`, `export`, `import`, `import-figures`: files written from and read into the database.

The bundle code (core.bundle, store.exchange) loads pydantic: it is imported inside the commands
that use it, so that building the CLI grammar (which every start of the window does) stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.figures_csv import MAX_BYTES as FIGURES_MAX_BYTES
from ..core.i18n import _
from ..core.model import DomainError
from ..fileio import atomic_write_bytes, read_limited
from ..store import Store
from ..store.vintages import apply_preview, preview_figures
from .common import Commands, language


def register(commands: Commands) -> None:
    # The brief is drawn with QtGui: desktop.__main__ passes its handler (ui.brief_render.run_cli).
    p = commands.add("brief", _("write a saved proposal's negotiation brief as PDF (and HTML)"))
    p.add_argument("name", help=_("proposal name"))
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("PDF to write (replaced atomically)"))
    p.add_argument("--html", action="store_true", help=_("also write FILE.html beside the PDF"))
    p.add_argument("--counterpart", action="store_true", help=_("counterpart-safe: no red lines, notes, exporter side"))
    p.add_argument("--lang", dest="brief_lang", type=language, metavar="LANG",
                   help=_("language of the brief: en, fr, es, pt or ar (default: the language of the text)"))
    p = commands.add("export", "write proposals, their snapshots and assumption sets to a bundle (.json, or .zip streamed for any number)", cmd_export)
    p.add_argument("names", nargs="+", metavar="NAME", help="proposal name (one or more)")
    p.add_argument("--out", required=True, metavar="FILE", help="bundle to write (.json, or .zip to compress)")
    p.add_argument("--encrypt", action="store_true", help="seal the bundle with a passphrase (scrypt + AES-256-GCM)")
    p.add_argument("--passphrase-file", metavar="FILE", help="file whose first line is the passphrase")
    p.add_argument("--counterpart", action="store_true",
                   help="the counterpart edition: the offer only (no notes, red lines, history, snapshots, assumptions)")
    p.add_argument("--plain", action="store_true",
                   help="write the internal bundle unencrypted (anyone who gets the file reads notes and red lines)")
    p = commands.add("import", "add the proposals of a bundle to this database (all or nothing)", cmd_import)
    p.add_argument("file", metavar="FILE", help="bundle file (.json or .zip, sealed or not)")
    p.add_argument("--rename", action="store_true", help="rename proposals whose names are taken instead of refusing")
    p.add_argument("--use-assumptions", action="store_true",
                   help="make the bundle's assumption set the one in use (default: stored for its snapshots only)")
    p.add_argument("--passphrase-file", metavar="FILE", help="file whose first line is the sealed bundle's passphrase")
    p = commands.add(
        "import-figures",
        "import country figures from CSV (iso3, indicator, value, year, source) as a new data vintage",
        cmd_import_figures,
    )
    p.add_argument("file", metavar="FILE.csv", help="CSV with columns iso3, indicator, value, year, source")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")


def read_passphrase(path: str | None) -> str | None:
    """The first line of a passphrase file (its line end dropped), or None without a file."""
    if path is None:
        return None
    data = read_limited(path, 4096)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(_("{name} is not a UTF-8 text file").format(name=Path(path).name)) from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise DomainError(_("{name} holds no passphrase on its first line").format(name=Path(path).name))
    return line


def cmd_export(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    from ..core.bundle import dump_bundle
    from ..store.exchange import export_bundle

    if args.encrypt and not args.passphrase_file:
        raise DomainError(_("--encrypt needs --passphrase-file FILE"))
    if args.passphrase_file and not args.encrypt:
        raise DomainError(_("--passphrase-file is for --encrypt (add it, or leave the passphrase out)"))
    if args.plain and args.encrypt:
        raise DomainError(_("choose --plain or --encrypt, not both"))
    if not (args.encrypt or args.counterpart or args.plain):
        raise DomainError(_("an internal bundle carries notes, red lines and reasons: add --encrypt --passphrase-file FILE, "
                            "or --counterpart (the offer only), or --plain to write it readable by anyone"))
    passphrase = read_passphrase(args.passphrase_file)
    out = Path(args.out).expanduser()
    if out.suffix.lower() == ".zip":  # streamed (schema 5): any number of proposals, one at a time
        from ..store.exchange_stream import write_bundle_file

        bundle = write_bundle_file(store, args.names, out, counterpart=args.counterpart, passphrase=passphrase)
    else:
        bundle = export_bundle(store, args.names, counterpart=args.counterpart)
        atomic_write_bytes(out, dump_bundle(bundle, as_zip=False, passphrase=passphrase))
    names = [p["name"] for p in bundle["proposals"]]
    result = {"out": str(out), "proposals": names, "assumption_sets": [s["version"] for s in bundle["assumption_sets"]],
              "schema_version": bundle["schema_version"], "edition": bundle["edition"], "encrypted": passphrase is not None}
    how = ", ".join(x for x in ("counterpart edition" if args.counterpart else "internal edition",
                                "encrypted" if passphrase else "not encrypted"))
    return result, f"Wrote {out} ({how}): {len(names)} proposal{'s' if len(names) != 1 else ''} ({', '.join(names)})"


def cmd_import(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    from ..core.bundle import MAX_BYTES, parse_bundle  # pydantic: loaded only when importing
    from ..store.exchange import import_bundle
    from ..store.exchange_stream import import_bundle_file, read_whole

    path = Path(args.file).expanduser()
    passphrase = read_passphrase(getattr(args, "passphrase_file", None))
    use = getattr(args, "use_assumptions", False)
    if read_whole(path):
        bundle = parse_bundle(read_limited(args.file, MAX_BYTES + 4096), path.name, passphrase)
        result = import_bundle(store, bundle, rename=args.rename, use_assumptions=use)
    else:  # sealed or streamed: read in steps
        result = import_bundle_file(store, path, passphrase, rename=args.rename, use_assumptions=use)
    lines = [f"Imported {len(result['imported'])} proposal(s) from {path.name}:"]
    for item in result["imported"]:
        renamed = f" (renamed from {item['renamed_from']!r})" if item["renamed_from"] else ""
        lines.append(f"  {item['name']}{renamed} — {item['country']}, assumption set v{item['assumptions_version']}")
        if item.get("screen_then") and item["screen_then"] != item.get("screen_now"):
            lines.append(f"    destination screen: {item['screen_then']} when exported, {item['screen_now']} here")
    if result["assumption_sets_created"]:
        lines.append(f"New assumption set version(s): {', '.join(map(str, result['assumption_sets_created']))}")
        lines.append(
            "The bundle's assumption set is now the one in use." if result["used_imported_assumptions"] else
            f"Still in use: your assumption set (stored again as v{result['assumptions_in_use']}); "
            "--use-assumptions would use the bundle's"
        )
    return result, "\n".join(lines)


def cmd_import_figures(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    path = Path(args.file).expanduser()
    preview = preview_figures(store, read_limited(args.file, FIGURES_MAX_BYTES), path.name)
    changed = preview.changed
    vintage = None if args.dry_run else apply_preview(store, preview, f"Imported from {path.name}")
    comparison = preview.comparison if changed else []
    changes = preview.changes
    rows = preview.rows
    result = {
        "file": str(path),
        "dry_run": bool(args.dry_run),
        "vintage": vintage,
        "rows": len(rows),
        "changes": [
            {"iso3": c.iso3, "indicator": c.indicator, "old": c.old, "new": c.new, "old_year": c.old_year,
             "new_year": c.new_year, "source": c.source}
            for c in changed
        ],
        "unchanged": len(changes) - len(changed),
        "proposals": comparison,
    }
    verb = "Would change" if args.dry_run else ("Changed" if vintage else "No change:")
    lines = [f"{verb} {len(changed)} figure(s), {result['unchanged']} unchanged" + (f"; new data vintage {vintage}" if vintage else "")]
    lines += [f"  {c.iso3} {c.indicator}: {'n/a' if c.old is None else f'{c.old:g}'} → {c.new:g} ({c.new_year})" for c in changed[:50]]
    lines += [f"  {p['name']}: overall {p['old']:.1f} → {p['new']:.1f}" for p in comparison]
    return result, "\n".join(lines)
