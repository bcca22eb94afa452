"""The blocks a brief is made of (plain data; every renderer escapes the text)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    """A paragraph of plain text (escaped by every renderer)."""

    text: str
    style: str = "body"  # body | lead | small | note


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # right-aligned column indexes
    widths: tuple[int, ...] = ()  # column widths in percent (optional)


@dataclass(frozen=True)
class Chart:
    """A chart drawn by the same paint code as on screen (desktop/ui/charts.py)."""

    kind: str  # radar | line_items
    data: tuple
    total: float = 0.0
    caption: str = ""
    title: str = ""


@dataclass(frozen=True)
class Section:
    """A headed part of the brief."""

    key: str
    title: str
    blocks: tuple = ()
    new_page: bool = False


@dataclass(frozen=True)
class Brief:
    """A whole brief: cover facts and sections, already filtered for its audience."""

    title: str
    subtitle: str
    counterpart: bool
    cover: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    highlights: tuple[str, ...] = ()
    language: str = "en"  # the language it was written in (the renderers set its direction and words by it)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        """All the brief's words, one block a line (tests, search)."""
        out = [self.title, self.subtitle]
        out += [f"{k}: {v}" for k, v in self.cover]
        out += list(self.highlights)
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                if isinstance(b, Para):
                    out.append(b.text)
                elif isinstance(b, Table):
                    out.append(b.caption)
                    out += [" | ".join(r) for r in b.rows]
                elif isinstance(b, Chart):
                    out.append(b.caption)
        return "\n".join(out)
