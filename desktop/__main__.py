"""`export-desk`: a command runs headless (desktop.cli); no command opens the window."""

from __future__ import annotations

import gc
import sys
from typing import Sequence

from .heap import keep_heap_top

_NOT_THE_WINDOW = object()


def window_db(argv: Sequence[str]) -> str | None | object:
    """The --db of a plain window start (nothing, `--db PATH` or `--db=PATH`); else _NOT_THE_WINDOW.

    The window needs no command-line parser: building the CLI's (and importing the modules only
    its commands use) would only delay the first paint.  Anything else, errors and --help
    included, goes to the CLI's parser.
    """
    args = list(argv)
    if not args:
        return None
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return args[0][len("--db="):]
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return args[1]
    return _NOT_THE_WINDOW


FILE_SUFFIXES = (".json", ".zip", ".sqlite3", ".sqlite", ".db")
SQLITE_MAGIC = b"SQLite format 3\x00"


def window_file(argv: Sequence[str]) -> tuple[str | None, str | None] | None:
    """(db, bundle) for `export-desk FILE` or `export-desk --db DB FILE`; else None.

    FILE is an existing bundle (.json, .zip: the window opens and imports it) or database (an
    SQLite file: the window opens on it). A command name never has one of these suffixes.
    """
    args = list(argv)
    db = None
    if len(args) == 3 and args[0] == "--db":
        db, args = args[1], args[2:]
    elif len(args) == 2 and args[0].startswith("--db="):
        db, args = args[0][len("--db="):], args[1:]
    if len(args) != 1 or not args[0].lower().endswith(FILE_SUFFIXES):
        return None
    path = args[0]
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return None  # the CLI's parser says what is wrong with it
    if head == SQLITE_MAGIC:
        return (path, None) if db is None else None
    return db, path


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI, or open the window when no command is given (or a file to open)."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    keep_heap_top()
    db = window_db(args_list)
    if db is _NOT_THE_WINDOW:
        opened = window_file(args_list)
        if opened is not None:
            return _window(opened[0], opened[1])
        return _command(args_list)
    return _window(db)


def _window(db: str | None, open_file: str | None = None) -> int:
    """Open the window, with the garbage collector off while it starts.

    Start-up makes many long-lived objects (modules, widgets) and no garbage cycles worth
    finding: the collector's passes over them cost ~50 ms of a window's start.  run_app turns it
    back on once the window has painted (after gc.freeze() moves the start-up objects out of its
    way); whatever happens, the caller gets the collector back as it had it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from .ui.app import run_app  # Qt only when the window is wanted

        return run_app(db) if open_file is None else run_app(db, open_file=open_file)
    finally:
        gc.enable() if was_enabled else gc.disable()


def _command(argv: list[str]) -> int:
    """A CLI command (or the window, asked for in a form only the full parser understands)."""
    from . import cli

    cli.choose_language(argv)
    try:
        args = cli.build_parser().parse_args(argv)
    except cli.UsageError as exc:
        return cli._fail(str(exc))
    if args.command is None:
        return _window(args.db)
    if args.command == "brief":
        from .ui.brief_render import run_cli  # QtGui only for the PDF, no window

        return cli.run(args, run_cli)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
