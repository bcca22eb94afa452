"""CLI commands for proposal bundles and country-figure imports (kept apart from cli.py for merges)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from .core.bundle import MAX_BYTES, dump_bundle, parse_bundle
from .core.model import DomainError
from .fileio import atomic_write_bytes
from .store import Store
from .store.exchange import export_bundle, import_bundle


def read_limited(path: str, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing one larger than limit without reading it all."""
    p = Path(path).expanduser()
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DomainError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise DomainError(f"{p.name} is larger than {limit // (1024 * 1024)} MB: not a file this app accepts")
    return data


def cmd_export(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    bundle = export_bundle(store, args.names)
    out = Path(args.out).expanduser()
    atomic_write_bytes(out, dump_bundle(bundle, as_zip=out.suffix.lower() == ".zip"))
    names = [p["name"] for p in bundle["proposals"]]
    result = {"out": str(out), "proposals": names, "assumption_sets": [s["version"] for s in bundle["assumption_sets"]],
              "schema_version": bundle["schema_version"]}
    return result, f"Wrote {out}: {len(names)} proposal{'s' if len(names) != 1 else ''} ({', '.join(names)})"


def cmd_import(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    path = Path(args.file).expanduser()
    bundle = parse_bundle(read_limited(args.file), path.name)
    result = import_bundle(store, bundle, rename=args.rename)
    lines = [f"Imported {len(result['imported'])} proposal(s) from {path.name}:"]
    for item in result["imported"]:
        renamed = f" (renamed from {item['renamed_from']!r})" if item["renamed_from"] else ""
        lines.append(f"  {item['name']}{renamed} — {item['country']}, assumption set v{item['assumptions_version']}")
    if result["assumption_sets_created"]:
        lines.append(f"New assumption set version(s): {', '.join(map(str, result['assumption_sets_created']))}")
    return result, "\n".join(lines)


EXCHANGE_COMMANDS: dict[str, Callable[..., tuple[Any, str]]] = {
    "export": cmd_export,
    "import": cmd_import,
}


def _add_exchange_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add `export`, `import` and `import-figures` to the CLI grammar."""
    p = command("export", "write proposals, their snapshots and assumption sets to a bundle (.json or .zip)")
    p.add_argument("names", nargs="+", metavar="NAME", help="proposal name (one or more)")
    p.add_argument("--out", required=True, metavar="FILE", help="bundle to write (.json, or .zip to compress)")
    p = command("import", "add the proposals of a bundle to this database (all or nothing)")
    p.add_argument("file", metavar="FILE", help="bundle file (.json or .zip)")
    p.add_argument("--rename", action="store_true", help="rename proposals whose names are taken instead of refusing")
