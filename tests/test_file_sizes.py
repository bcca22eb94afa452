"""Every module in desktop/ stays under 500 lines: a file that grows past it is split by responsibility."""

from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"
LIMIT = 500


def test_every_desktop_module_is_under_500_lines():
    lengths = {
        p.relative_to(DESKTOP.parent).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in sorted(DESKTOP.rglob("*.py"))
    }
    assert len(lengths) > 50  # the walk found the package
    too_long = {name: n for name, n in lengths.items() if n >= LIMIT}
    assert not too_long, f"split these modules (at most {LIMIT - 1} lines each): {too_long}"
