"""Flag severity is said by an icon and a word as well as by colour (issue 18, accessibility)."""

from __future__ import annotations

from desktop.core import ops
from desktop.ui.assessment_parts import SEVERITY_TEXT


def test_each_flag_shows_its_severity_as_an_icon_and_in_its_accessible_text(window):
    s = window.session
    window.editor.apply(ops.set_lever(s.proposal, "resilience", 90))  # beyond what Kenya accepts: a flag
    flags = s.assessment.flags
    assert flags
    rows = [r for r in window.assessment.flags.rows if r.isVisible()]
    assert len(rows) >= len(flags)
    for row, flag in zip(rows, flags, strict=False):
        word = SEVERITY_TEXT[flag.severity]
        assert row.severity == flag.severity
        assert row.severity_icon.isVisible() and not row.severity_icon.pixmap().isNull()
        assert row.severity_icon.accessibleName() == word
        assert row.text.accessibleName().startswith(f"{word}: ")
    moves = [r for r in window.assessment.moves.rows if r.isVisible()]
    assert moves and not any(r.severity_icon.isVisible() for r in moves)
