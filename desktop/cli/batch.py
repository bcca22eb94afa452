"""`batch [FILE|-]` and `assess --batch FILE|-`: many commands in one process, one JSON line each.

Each input line is one JSON object naming a command and its arguments as the CLI takes them:
`{"cmd": "save", "name": "Kenya pilot", "country": "KEN", "openness": 60}` — keys are the
command's options without the leading dashes (`target-bloc` or `target_bloc`), the positional
name is `name`, a flag is `true`, a repeatable option (`measure`, `limit`) takes a list. `cmd`
defaults to `assess` (so `assess --batch` reads plain offers: `{"country": "KEN", "security": 80}`).

Each line's result is written as one JSON line, in order, as the command's `--json` prints it;
a line that fails writes `{"error": "…", "line": N}` and the batch goes on. The database is opened
once; each write is its own transaction (as the command makes it). Exit status 0 when every line
succeeded, 2 when any line was bad input (or the file cannot be read).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any, Iterator

from ..core.i18n import _
from ..core.model import DomainError
from ..store import Store
from ..store.backup import BackupError
from ..store.errors import StoreError
from .common import Commands, UsageError

# Commands a batch does not run: they need no database, the window, or are a batch themselves.
NOT_IN_A_BATCH = {"batch", "backups", "restore-backup", "brief"}


def register(commands: Commands) -> None:
    p = commands.add("batch", "run many commands from a file of JSON lines (- for stdin), one JSON result a line", cmd_batch)
    p.add_argument("file", nargs="?", default="-", help="JSON lines, one command each (default: - for stdin)")


def _options(sub: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """A command's options by the names a batch line uses (dashes and underscores both)."""
    found: dict[str, argparse.Action] = {}
    for action in sub._actions:
        for flag in action.option_strings:
            if flag.startswith("--"):
                key = flag[2:]
                found[key] = action
                found[key.replace("-", "_")] = action
    return found


def _positionals(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in sub._actions if not a.option_strings]


def line_argv(entry: Any, parsers: dict[str, argparse.ArgumentParser], default_cmd: str) -> list[str]:
    """The command line a batch entry stands for; UsageError when it cannot be one."""
    if not isinstance(entry, dict):
        raise UsageError(_("each line must be a JSON object, e.g. {\"cmd\": \"assess\", \"country\": \"KEN\"}"))
    entry = dict(entry)
    cmd = entry.pop("cmd", default_cmd)
    if not isinstance(cmd, str) or cmd not in parsers:
        raise UsageError(_("unknown command {command!r}").format(command=cmd))
    if cmd in NOT_IN_A_BATCH:
        raise UsageError(_("`{command}` cannot run in a batch").format(command=cmd))
    sub = parsers[cmd]
    options = _options(sub)
    argv = [cmd]
    for action in _positionals(sub):
        if action.dest in entry:
            value = entry.pop(action.dest)
            argv.append(str(value))
    if "name" in entry and "name" not in options:
        raise UsageError(_("`{command}` takes no name").format(command=cmd))
    entry.pop("json", None)  # the output is JSON anyway
    for key, value in entry.items():
        if key == "batch":
            raise UsageError(_("a batch line cannot start another batch"))
        action = options.get(key)
        if action is None:
            raise UsageError(_("`{command}` has no option {key!r}").format(command=cmd, key=key))
        flag = action.option_strings[-1] if action.option_strings[-1].startswith("--") else action.option_strings[0]
        if action.nargs == 0:  # a flag: true or false
            if not isinstance(value, bool):
                raise UsageError(_("{key!r} is a flag: give true or false, got {value!r}").format(key=key, value=value))
            if value:
                argv.append(flag)
            continue
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not isinstance(action, argparse._AppendAction):
            raise UsageError(_("{key!r} takes one value, got a list").format(key=key))
        for v in values:
            if isinstance(v, (dict, list)) or v is None:
                raise UsageError(_("{key!r}: give a number or a text, got {value}").format(key=key, value=json.dumps(v)))
            argv += [flag, str(v).lower() if isinstance(v, bool) else str(v)]
    return argv


def _lines(source: IO[str]) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(source, 1):
        if text.strip():
            yield number, text


def run_batch(store: Store, source: IO[str], out: IO[str], default_cmd: str = "assess") -> int:
    """Run every line of source against store; write one JSON line each to out; the exit status."""
    from . import build_parser

    parser = build_parser()
    parsers: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers.update(action.choices)
    failed = 0
    for number, text in _lines(source):
        try:
            try:
                entry = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UsageError(_("not JSON ({error} at column {column})").format(error=exc.msg, column=exc.colno)) from None
            argv = line_argv(entry, parsers, default_cmd)
            # The command's own parser (half the time of the whole CLI's, which dispatches to it).
            args = parsers[argv[0]].parse_args(argv[1:], argparse.Namespace(command=argv[0], db=None, lang=None))
            result, _text = args.handler(store, args)
            line = json.dumps(result, ensure_ascii=False, allow_nan=False)
        except (UsageError, DomainError, StoreError, BackupError, ValueError) as exc:
            failed += 1
            line = json.dumps({"error": str(exc), "line": number}, ensure_ascii=False)
        except Exception as exc:  # noqa: BLE001 - one line's failure must not end the others
            failed += 1
            line = json.dumps({"error": f"could not run this line ({type(exc).__name__}: {exc})", "line": number})
        out.write(line + "\n")
    out.flush()
    return 2 if failed else 0


class BatchDone(Exception):
    """A batch ran: its results are written; `status` is the exit status."""

    def __init__(self, status: int, failed: bool) -> None:
        super().__init__(status)
        self.status = status
        self.failed = failed


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise DomainError(_("cannot read {path}: {error}").format(path=path, error=exc.strerror)) from None


def batch_from(store: Store, path: str, default_cmd: str) -> tuple[Any, str]:
    """Run a batch file and signal its status to cli.run (results are already written)."""
    source = _open(path)
    try:
        status = run_batch(store, source, sys.stdout, default_cmd)
    except UnicodeDecodeError:
        raise DomainError(_("{path} is not UTF-8 text").format(path=path)) from None
    finally:
        if source is not sys.stdin:
            source.close()
    raise BatchDone(status, status != 0)


def cmd_batch(store: Store, args: argparse.Namespace) -> tuple[Any, str]:
    return batch_from(store, args.file, "assess")
