"""Every menu entry and shortcut of the window, declared once (no Qt here).

The menus are built from MENUS (desktop/ui/menus.py binds each id to its handler), the F1 list
and the README's shortcut table are generated from MENUS and KEYS, and a test checks that the
README's table is this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.i18n import N_, _


@dataclass(frozen=True)
class Action:
    """A menu entry: its id (what the handlers are keyed by), text, shortcuts and what it does."""

    id: str
    text: str
    shortcuts: tuple[str, ...] = ()
    help: str = ""  # for the shortcut lists; default: the text without its mnemonic

    @property
    def description(self) -> str:
        """What it does, in the current language (the texts are translated where shown, see menus.py)."""
        return _(self.help) if self.help else _(self.text).replace("&", "").rstrip("…")


@dataclass(frozen=True)
class Submenu:
    """A menu its part fills (the examples, say)."""

    id: str
    text: str


@dataclass(frozen=True)
class Separator:
    pass


SEP = Separator()


@dataclass(frozen=True)
class Menu:
    title: str
    items: tuple[Action | Submenu | Separator, ...]

    @property
    def name(self) -> str:
        return self.title.replace("&", "")


@dataclass(frozen=True)
class Key:
    """A key that is not a menu entry's shortcut (it acts on the focused control)."""

    keys: str
    help: str
    where: str


MENUS: tuple[Menu, ...] = (
    Menu(N_("&File"), (
        Action("file.new", N_("&New proposal…"), ("Ctrl+N",)),
        Action("file.open", N_("&Open…"), ("Ctrl+O",), N_("Open a proposal (searchable)")),
        Submenu("file.examples", N_("Open e&xample")),
        Action("file.duplicate", N_("&Duplicate"), ("Ctrl+D", "Ctrl+Shift+S"), N_("Duplicate the proposal (save as a copy)")),
        Action("file.rename", N_("&Rename…"), ("F2",), N_("Rename the proposal")),
        SEP,
        Action("file.delete", N_("De&lete")),  # no dialog (undoable instead): no ellipsis
        SEP,
        Action("file.export_brief", N_("Export &brief…"), ("Ctrl+E",), N_("Export the negotiation brief (PDF)")),
        Action("file.export_bundle", N_("Export proposal b&undle…")),
        Action("file.import_bundle", N_("&Import proposal bundle…")),
        Action("file.import_figures", N_("Import country &figures…")),
        SEP,
        Action("file.quit", N_("&Quit"), ("Ctrl+Q",), N_("Quit (saves first)")),
    )),
    Menu(N_("&Edit"), (
        Action("edit.undo", N_("&Undo"), ("Ctrl+Z",), N_("Undo (the Edit menu names the step)")),
        Action("edit.redo", N_("&Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), N_("Redo")),
        SEP,
        Action("edit.copy_assessment", N_("Cop&y assessment"), ("Ctrl+C",),
               N_("Copy the assessment as text (where no text field has the focus; internal)")),
        Action("edit.copy_table", N_("Copy assessment as &table"), (), N_("Copy the assessment as a table")),
        SEP,
        Action("edit.country_data", N_("&Country data…"), ("Ctrl+Shift+E",), N_("Edit the country's sovereignty profile")),
        Action("edit.destination", N_("&Destination status…"), ("Ctrl+Shift+D",), N_("Correct the destination status")),
        Action("edit.program", N_("AI Exports &Program…"), ("Ctrl+Shift+P",), N_("Edit the AI Exports Program fields")),
    )),
    Menu(N_("&Levers"), (
        Action("levers.focus_security", N_("Focus &Security lever"), ("Ctrl+1",)),
        Action("levers.focus_resilience", N_("Focus &Resilience lever"), ("Ctrl+2",)),
        Action("levers.focus_openness", N_("Focus &Openness lever"), ("Ctrl+3",)),
        Action("levers.focus_partnership", N_("Focus &Partnership lever"), ("Ctrl+4",)),
    )),
    Menu(N_("&View"), (
        Action("view.tradeoff_map", N_("&Trade-off map"), ("Ctrl+Shift+M",), N_("Show or hide the trade-off map")),  # not Ctrl+M: Minimise on macOS
        Action("view.presentation", N_("&Presentation mode"), ("F11",), N_("Presentation mode (full screen)")),
        SEP,
        Action("view.assumptions", N_("&Assumptions…"), ("Ctrl+Shift+A",)),
        Action("view.sensitivity", N_("&Sensitivity"), ("Ctrl+Alt+S",)),  # not Ctrl+Shift+S: Save As everywhere
        Action("view.backtest", N_("&Backtest…"), (), N_("The score against the outcomes of 2025–2026")),
        Action("view.timeline", N_("Time&line"), ("Ctrl+T",), N_("Show or hide the timeline")),
        Action("view.ranking", N_("&Ranking"), ("Ctrl+R",), N_("Show or hide the ranking")),
        SEP,
        Submenu("view.language", N_("Lan&guage")),
    )),
    Menu(N_("&Workshop"), (
        Action("workshop.pin", N_("&Pin current as baseline"), ("Ctrl+B",)),
        Action("workshop.pin_proposal", N_("Pin a proposal as &baseline…")),
        Action("workshop.clear_baseline", N_("&Clear baseline")),
        SEP,
        Action("workshop.red_lines", N_("&Red lines…"), ("Ctrl+L",)),
        Action("workshop.optimise", N_("&Optimise…"), ("Ctrl+Shift+O",), N_("Optimise within the red lines")),
    )),
    Menu(N_("&Scenarios"), (
        Action("scenarios.new", N_("&New scenario from current…"), ("Ctrl+Shift+N",)),
        Action("scenarios.compare", N_("&Compare…"), ("Ctrl+Shift+C",), N_("Compare proposals side by side")),
        # ScenarioTools lists the proposal's scenarios below these when the menu opens.
    )),
    Menu(N_("&Help"), (
        Action("help.shortcuts", N_("&Keyboard shortcuts"), ("F1",), N_("This list of shortcuts")),
        Action("help.about", N_("&About AI Export Desk")),
        Action("help.method", N_("&Method")),
    )),
)

KEYS: tuple[Key, ...] = (
    Key("F6 / Shift+F6", N_("Next / previous area (proposal, levers, assessment, country, open docks)"), N_("the window")),
    Key("Esc", N_("Close a floating trade-off map, timeline or ranking"), N_("a floating dock")),
    Key("← → ↑ ↓", N_("Move the focused lever by 1"), N_("a lever")),
    Key("PageUp / PageDown", N_("Move the focused lever by 10"), N_("a lever")),
    Key("Home / End", N_("Move the focused lever to 0 / 100"), N_("a lever")),
    Key("Arrows, Enter", N_("Pick a cell: move both levers there"), N_("the trade-off map")),
    Key("Enter", N_("Retarget the proposal at the selected country"), N_("the ranking")),
    Key("F2", N_("Type the reason for the selected change"), N_("the timeline")),
    Key("Ctrl+C", N_("Copy the selected rows with their header, for a spreadsheet (internal); right-click: Copy all"),
        N_("the ranking, timeline and comparison")),
    Key("Name or code, Enter / Tab", N_("Pick that country (a name, KEN or KE, or a unique start)"), N_("the country picker")),
    Key("Ctrl+1…4, Ctrl+Z, Ctrl+B", N_("As in the main window (the presentation's own levers)"), N_("presentation mode")),
    Key("R", N_("Hide or reveal the results"), N_("presentation mode")),
    Key("S", N_("Room-safe on or off (off: red lines and our figures shown)"), N_("presentation mode")),
    Key("Esc, F11", N_("Leave presentation mode"), N_("presentation mode")),
)


def actions() -> list[Action]:
    """Every menu action, in menu order."""
    return [item for menu in MENUS for item in menu.items if isinstance(item, Action)]


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every shortcut: the menus' in menu order, then the other keys
    (in the current language: English for the README's table)."""
    rows = []
    for menu in MENUS:
        for item in menu.items:
            if isinstance(item, Action) and item.shortcuts:
                rows.append((" / ".join(item.shortcuts), item.description,
                             _("{menu} menu").format(menu=_(menu.title).replace("&", ""))))
    rows += [(k.keys, _(k.help), _(k.where)) for k in KEYS]
    return rows


def shortcut_table() -> str:
    """The shortcut list as a Markdown table (the README's)."""
    lines = ["| Keys | Does | Where |", "|---|---|---|"]
    lines += [f"| {keys} | {what} | {where} |" for keys, what, where in shortcut_rows()]
    return "\n".join(lines)


def shortcut_text() -> str:
    """The shortcut list as plain text (Help ▸ Keyboard shortcuts)."""
    rows = shortcut_rows()
    width = max(len(keys) for keys, _, _ in rows)
    return "\n".join(f"{keys:<{width}}   {what}  ({where})" for keys, what, where in rows)
