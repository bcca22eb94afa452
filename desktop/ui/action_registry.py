"""Every menu entry and shortcut of the window, declared once (no Qt here).

The menus are built from MENUS (desktop/ui/menus.py binds each id to its handler), the F1 list
and the README's shortcut table are generated from MENUS and KEYS, and a test checks that the
README's table is this one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """A menu entry: its id (what the handlers are keyed by), text, shortcuts and what it does."""

    id: str
    text: str
    shortcuts: tuple[str, ...] = ()
    help: str = ""  # for the shortcut lists; default: the text without its mnemonic

    @property
    def description(self) -> str:
        return self.help or self.text.replace("&", "").rstrip("…")


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
    Menu("&File", (
        Action("file.new", "&New proposal…", ("Ctrl+N",)),
        Action("file.open", "&Open…", ("Ctrl+O",), "Open a proposal (searchable)"),
        Submenu("file.examples", "Open e&xample"),
        Action("file.duplicate", "&Duplicate", ("Ctrl+D", "Ctrl+Shift+S"), "Duplicate the proposal (save as a copy)"),
        Action("file.rename", "&Rename…", ("F2",), "Rename the proposal"),
        SEP,
        Action("file.delete", "De&lete…"),
        SEP,
        Action("file.export_brief", "Export &brief…", ("Ctrl+E",), "Export the negotiation brief (PDF)"),
        Action("file.export_bundle", "Export proposal b&undle…"),
        Action("file.import_bundle", "&Import proposal bundle…"),
        Action("file.import_figures", "Import country &figures…"),
        SEP,
        Action("file.quit", "&Quit", ("Ctrl+Q",), "Quit (saves first)"),
    )),
    Menu("&Edit", (
        Action("edit.undo", "&Undo", ("Ctrl+Z",), "Undo (the Edit menu names the step)"),
        Action("edit.redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo"),
        SEP,
        Action("edit.copy_assessment", "Cop&y assessment", ("Ctrl+C",),
               "Copy the assessment as text (where no text field has the focus; internal)"),
        Action("edit.copy_table", "Copy assessment as &table", (), "Copy the assessment as a table"),
        SEP,
        Action("edit.country_data", "&Country data…", ("Ctrl+Shift+E",), "Edit the country's sovereignty profile"),
        Action("edit.destination", "&Destination status…", ("Ctrl+Shift+D",), "Correct the destination status"),
        Action("edit.program", "AI Exports &Program…", ("Ctrl+Shift+P",), "Edit the AI Exports Program fields"),
    )),
    Menu("&Levers", tuple(
        Action(f"levers.focus_{lever}", f"Focus &{lever.capitalize()} lever", (f"Ctrl+{i}",))
        for i, lever in enumerate(("security", "resilience", "openness", "partnership"), start=1)
    )),
    Menu("&View", (
        Action("view.tradeoff_map", "&Trade-off map", ("Ctrl+Shift+M",), "Show or hide the trade-off map"),  # not Ctrl+M: Minimise on macOS
        Action("view.presentation", "&Presentation mode", ("F11",), "Presentation mode (full screen)"),
        SEP,
        Action("view.assumptions", "&Assumptions…", ("Ctrl+Shift+A",)),
        Action("view.sensitivity", "&Sensitivity", ("Ctrl+Alt+S",)),  # not Ctrl+Shift+S: Save As everywhere
        Action("view.backtest", "&Backtest…", (), "The score against the outcomes of 2025–2026"),
        Action("view.timeline", "Time&line", ("Ctrl+T",), "Show or hide the timeline"),
        Action("view.ranking", "&Ranking", ("Ctrl+R",), "Show or hide the ranking"),
    )),
    Menu("&Workshop", (
        Action("workshop.pin", "&Pin current as baseline", ("Ctrl+B",)),
        Action("workshop.pin_proposal", "Pin a proposal as &baseline…"),
        Action("workshop.clear_baseline", "&Clear baseline"),
        SEP,
        Action("workshop.red_lines", "&Red lines…", ("Ctrl+L",)),
        Action("workshop.optimise", "&Optimise…", ("Ctrl+Shift+O",), "Optimise within the red lines"),
    )),
    Menu("&Scenarios", (
        Action("scenarios.new", "&New scenario from current…", ("Ctrl+Shift+N",)),
        Action("scenarios.compare", "&Compare…", ("Ctrl+Shift+C",), "Compare proposals side by side"),
        # ScenarioTools lists the proposal's scenarios below these when the menu opens.
    )),
    Menu("&Help", (
        Action("help.shortcuts", "&Keyboard shortcuts", ("F1",), "This list of shortcuts"),
        Action("help.about", "&About AI Export Desk"),
        Action("help.method", "&Method"),
    )),
)

KEYS: tuple[Key, ...] = (
    Key("F6 / Shift+F6", "Next / previous area (proposal, levers, assessment, country, open docks)", "the window"),
    Key("Esc", "Close a floating trade-off map, timeline or ranking", "a floating dock"),
    Key("← → ↑ ↓", "Move the focused lever by 1", "a lever"),
    Key("PageUp / PageDown", "Move the focused lever by 10", "a lever"),
    Key("Home / End", "Move the focused lever to 0 / 100", "a lever"),
    Key("Arrows, Enter", "Pick a cell: move both levers there", "the trade-off map"),
    Key("Enter", "Retarget the proposal at the selected country", "the ranking"),
    Key("F2", "Type the reason for the selected change", "the timeline"),
    Key("Name or code, Enter / Tab", "Pick that country (a name, KEN or KE, or a unique start)", "the country picker"),
    Key("Ctrl+1…4, Ctrl+Z, Ctrl+B", "As in the main window (the presentation's own levers)", "presentation mode"),
    Key("R", "Hide or reveal the results", "presentation mode"),
    Key("S", "Room-safe on or off (off: red lines and our figures shown)", "presentation mode"),
    Key("Esc, F11", "Leave presentation mode", "presentation mode"),
)


def actions() -> list[Action]:
    """Every menu action, in menu order."""
    return [item for menu in MENUS for item in menu.items if isinstance(item, Action)]


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every shortcut: the menus' in menu order, then the other keys."""
    rows = []
    for menu in MENUS:
        for item in menu.items:
            if isinstance(item, Action) and item.shortcuts:
                rows.append((" / ".join(item.shortcuts), item.description, f"{menu.name} menu"))
    rows += [(k.keys, k.help, k.where) for k in KEYS]
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
