"""The first two pages of the counterpart brief in French and in Arabic (issue 19), as a Moroccan
official would receive them: a proposal for Morocco, `brief … --counterpart --lang fr|ar`, each PDF
rendered with poppler's pdftoppm.

    python docs/brief_screenshots.py     # writes docs/brief_fr_p1.png, brief_fr_p2.png, brief_ar_p1.png, brief_ar_p2.png

Runs the real CLI (`python -m desktop`) on a fresh database in a temporary folder. Needs pdftoppm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPOSAL = "Morocco sovereign cloud"
OFFER = ["--country", "MAR", "--security", "70", "--resilience", "45", "--openness", "60", "--partnership", "75",
         "--measure", "customer_keys", "--measure", "local_language_models", "--measure", "workforce_program",
         "--value", "400", "--term", "7", "--financing", "exim_loan", "--financing-share", "0.3",
         "--notes", "Internal: walk away below a 15 percent margin"]


def run(db: Path, *args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args], check=True, env=env, cwd=ROOT)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        sys.exit("needs pdftoppm (Debian: poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "brief.sqlite3"
        run(db, "save", PROPOSAL, *OFFER)
        for lang in ("fr", "ar"):
            pdf = Path(tmp) / f"brief_{lang}.pdf"
            run(db, "brief", PROPOSAL, "--counterpart", "--lang", lang, "--out", str(pdf))
            stem = Path(tmp) / f"brief_{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(stem)], check=True)
            for page in (1, 2):
                found = sorted(Path(tmp).glob(f"brief_{lang}-*{page}.png"))
                shutil.copyfile(found[0], ROOT / "docs" / f"brief_{lang}_p{page}.png")
                print(f"wrote docs/brief_{lang}_p{page}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
