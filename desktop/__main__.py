"""`export-desk`: a command runs headless (desktop.cli); no command opens the window."""

from __future__ import annotations

import gc
import sys
from typing import Sequence

# Start-up makes many long-lived objects (modules, widgets) and no garbage cycles worth finding:
# the collector's passes over them cost ~50 ms of a window's start.  It is off until the window
# has painted (app.run_app re-enables it, after gc.freeze() moves the start-up objects out of its
# way), or until a command starts.
gc.disable()

from . import cli  # noqa: E402 - after gc.disable(), on purpose


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI, or open the window when no command is given."""
    try:
        args = cli.build_parser().parse_args(argv)
    except cli.UsageError as exc:
        gc.enable()
        return cli._fail(str(exc))
    if args.command is not None:
        gc.enable()
    if args.command == "brief":
        from .ui.brief_render import run_cli  # QtGui only for the PDF, no window

        return cli.run(args, run_cli)
    if args.command is not None:
        return cli.run(args)
    from .ui.app import run_app  # Qt only when the window is wanted

    try:
        return run_app(args.db)
    finally:
        gc.enable()  # normally done once the window has painted; also when it never opened


if __name__ == "__main__":
    sys.exit(main())
