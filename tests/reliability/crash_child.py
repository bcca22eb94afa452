"""Child for the crash test: autosaves a proposal in a loop, reporting each commit on stdout.

    python crash_child.py DB START

Prints "begin N" before the write of state N and "commit N" once it is committed; the
parent kills it with SIGKILL at a random moment. State N: notes "state N", levers from N.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.store import open_store  # noqa: E402


def levers_for(n: int) -> dict[str, int]:
    return {"security": n % 101, "resilience": (n * 7) % 101, "openness": (n * 13) % 101, "partnership": (n * 29) % 101}


def main(db: str, start: int) -> None:
    store = open_store(db)
    proposal = store.get_proposal("Crash test")
    n = start
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    while True:
        n += 1
        proposal = replace(proposal, levers=levers_for(n), notes=f"state {n}")
        out.write(f"begin {n}\n")
        out.flush()
        proposal = store.save_proposal(proposal)
        out.write(f"commit {n}\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
