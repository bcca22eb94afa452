"""`backup`, `backups`, `restore-backup`: verified copies of the database file; `check`: its integrity."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.i18n import _
from ..store import Store, default_path
from ..store.backup import backup_dir, latest_backup, list_backups
from ..store.connection import resolve_path, restore_backup
from ..store.errors import StoreError
from .common import Commands


def register(commands: Commands) -> None:
    commands.add("backup", "make a verified backup now (none when nothing changed since the last one)", cmd_backup)
    commands.add("backups", "list the verified backups, newest last", cmd_backups, store=False)
    p = commands.add(
        "restore-backup", "replace the database with a verified backup (the current file is kept)", cmd_restore_backup,
        store=False,
    )
    p.add_argument("backup", nargs="?", help="backup file (default: the newest)")
    p = commands.add("check", "check the database file for damage (quick_check; --full: integrity_check)", cmd_check)
    p.add_argument("--full", action="store_true", help="check every page and index (slower on a large file)")


def cmd_backup(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    made = store.backup()
    if made.path is None:
        return {"backup": None, "reason": made.reason}, f"No backup made: {made.reason}."
    return {"backup": str(made.path), "size": made.size}, f"Backed up to {made.path} ({made.size:,} bytes, verified)."


def _db_path(args: argparse.Namespace) -> Path:
    return resolve_path(args.db) if args.db else default_path()


def cmd_backups(args: argparse.Namespace) -> tuple[Any, str]:
    found = list_backups(_db_path(args))
    rows = [{"path": str(p), "size": p.stat().st_size} for p in found]
    lines = [f"{r['path']}  ({r['size']:,} bytes)" for r in rows] or [f"(no backups in {backup_dir(_db_path(args))})"]
    return rows, "\n".join(lines)


def cmd_restore_backup(args: argparse.Namespace) -> tuple[Any, str]:
    target = _db_path(args)
    used = restore_backup(target, Path(args.backup).expanduser() if args.backup else None)
    return {"restored": str(used), "database": str(target)}, f"Restored {target} from {used}."


def cmd_check(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    problems = store.check(full=args.full)
    kind = "integrity_check" if args.full else "quick_check"
    if problems != ["ok"]:
        assert store.path is not None
        backup = latest_backup(store.path)
        first = " ".join(problems[0].split())  # integrity_check's rows may hold several lines
        if backup:
            message = _("{path} is damaged ({check}: {problem}); the latest verified backup is {backup} "
                        "(`export-desk restore-backup`)")
        else:
            message = _("{path} is damaged ({check}: {problem}); no backup exists")
        raise StoreError(message.format(path=store.path, check=kind, problem=first, backup=backup))
    return {"ok": True, "check": kind}, f"{store.path}: no damage found ({kind})."
