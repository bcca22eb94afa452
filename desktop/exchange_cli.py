"""CLI commands for proposal bundles and country-figure imports (kept apart from cli.py for merges)."""

from __future__ import annotations

import argparse
from typing import Any, Callable

EXCHANGE_COMMANDS: dict[str, Callable[..., tuple[Any, str]]] = {}


def _add_exchange_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add `export`, `import` and `import-figures` to the CLI grammar."""
