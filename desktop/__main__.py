"""`export-desk`: a command runs headless (desktop.cli); no command opens the window."""

from __future__ import annotations

import sys
from typing import Sequence

from . import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI, or open the window when no command is given."""
    try:
        args = cli.build_parser().parse_args(argv)
    except cli.UsageError as exc:
        return cli._fail(str(exc))
    if args.command == "brief":
        from .ui.brief_render import run_cli  # QtGui only for the PDF, no window

        return cli.run(args, run_cli)
    if args.command is not None:
        return cli.run(args)
    from .ui.app import run_app  # Qt only when the window is wanted

    return run_app(args.db)


if __name__ == "__main__":
    sys.exit(main())
