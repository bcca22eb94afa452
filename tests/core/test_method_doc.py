"""docs/method.md's parameter table is generated from the seed and must not drift from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_method_annex_lists_every_seed_row_as_it_is():
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "method_params.py"), "--check"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_no_parameter_in_the_annex_lacks_a_rationale():
    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    section = text[text.index("## 6. Parameters"):text.index("## 7. ")]
    assert "no rationale recorded" not in section
