"""The window's catalogues (domain `export_desk_window`): tools/catalogues.py for that domain.

    python tools/window_catalogues.py update|compile|check    # = python tools/catalogues.py COMMAND window

Kept so the window's functions read by their old names (tests/i18n/test_window_catalogues.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogues import LANGUAGES, WINDOW, main, mo_bytes, untranslated  # noqa: E402

__all__ = ["LANGUAGES", "mo_bytes", "untranslated", "extract", "read", "po_path", "pot_path"]
DOMAIN = WINDOW.name
extract, read, po_path, pot_path = WINDOW.extract, WINDOW.read, WINDOW.po_path, WINDOW.pot_path

if __name__ == "__main__":
    sys.exit(main([sys.argv[1] if len(sys.argv) > 1 else "update", "window"]))
