"""Headless commands over the same core and store as the window; JSON output for scripting.

One module per group of commands; each declares its commands in `register(commands)`, and
GROUPS lists the groups in the order `--help` shows them. A new command is a function in a
group module (or a new module added to GROUPS): nothing else here changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from .. import __version__
from ..core import i18n
from ..core.i18n import _
from ..core.model import DomainError
from ..core.text import DIRECTION_MARKS, printable
from ..store import StoreError, open_store
from ..store.backup import BackupError
from ..store.connection import wait_for_writers
from . import (
    analysis,
    assumptions,
    backups,
    batch,
    compare,
    exchange,
    history,
    outcomes,
    profile,
    proposals,
    room,
    screen,
    trash,
)
from .common import PROG, Commands, Parser, UsageError, language

GROUPS = (analysis, proposals, trash, history, exchange, compare, backups, assumptions, screen, room, outcomes, profile, batch)

__all__ = ["PROG", "UsageError", "build_parser", "choose_language", "main", "run"]


def choose_language(argv: Sequence[str]) -> str:
    """Set the language of the CLI's text from `--lang X` in argv, else the environment; returns it.

    Read before the parser is built, so that its help texts are in that language too. A bad value
    is left to the parser, which refuses it in one line (exit status 2).
    """
    args, wanted = list(argv), None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            wanted = args[i + 1]
            break
        if arg.startswith("--lang="):
            wanted = arg.partition("=")[2]
            break
    return i18n.set_language(i18n.normalise(wanted) or i18n.language_from_env())


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar (shared with the GUI launcher)."""
    parser = Parser(
        prog=PROG,
        description=_("AI Export Desk: assess an AI export proposal against a country's sovereignty demands. "
                      "With no command, opens the window."),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("database file (default: $EXPORT_DESK_DB, else the user-data folder)"))
    parser.add_argument("--lang", type=language, metavar="LANG",
                        help=_("language of the text: en, fr, es, pt or ar (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"))
    commands = Commands(parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser))
    for group in GROUPS:
        group.register(commands)
    return parser


# A command waits this long for another writer (the window, another command) before "busy".
CLI_BUSY_MS = 30_000


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `export-desk` with a command; returns the exit status."""
    choose_language(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc))
    if args.command is None:
        build_parser().print_help()
        return 0
    return run(args)


def run(args: argparse.Namespace, handler: Any = None) -> int:
    """Run a parsed command (handler: one implemented outside this package, e.g. `brief`)."""
    handler = handler or getattr(args, "handler", None)
    if not getattr(args, "needs_store", True):
        try:
            result, text = handler(args)
        except (StoreError, BackupError) as exc:
            return _fail(str(exc))
        return _print(args, result, text)
    try:
        store = open_store(args.db)
        wait_for_writers(store, CLI_BUSY_MS)
    except StoreError as exc:
        return _fail(str(exc))
    try:
        if handler is None:
            raise DomainError(_("`{command}` needs the full app: run it as `{prog} {command} …`").format(
                command=args.command, prog=PROG))
        result, text = handler(store, args)
    except batch.BatchDone as done:  # its results are written, one line each
        if done.failed:
            sys.stderr.write(f"{PROG}: " + _('some lines of the batch failed (their results are {"error": …})') + "\n")
        return done.status
    except (DomainError, StoreError, BackupError) as exc:
        return _fail(str(exc))
    finally:
        store.close()
    return _print(args, result, text)


def _print(args: argparse.Namespace, result: Any, text: str) -> int:
    try:
        # Never a raw control or bidi character on the terminal (a name with an escape sequence);
        # in JSON the escapes are JSON's own (a backslash-u escape), so the document stays valid.
        if args.json:
            sys.stdout.write(printable(json.dumps(result, indent=2, ensure_ascii=False), keep="\n", json_escapes=True) + "\n")
        else:  # a handler may give its text as a function that writes it (only a shown text is written)
            text = text() if callable(text) else text
            sys.stdout.write(printable(text.rstrip("\n").translate(DIRECTION_MARKS)) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `export-desk rank | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _fail(message: str) -> int:
    """Print a one-line error and return the exit status for bad input.

    The catalogues' direction marks (Arabic wraps options and figures in them) are dropped, as on
    stdout, rather than printed escaped; a bidi override in a name is still escaped.
    """
    sys.stderr.write(f"{PROG}: {printable(' '.join(str(message).split()).translate(DIRECTION_MARKS), keep='')}\n")
    return 2
