"""What every command group shares: the parser that fails in one line, the command registry, option types, text."""

from __future__ import annotations

import argparse
from typing import Any, Callable, NoReturn

from ..core import i18n
from ..core.i18n import N_, Labels, _
from ..core.i18n import figure as fig
from ..core.languages import local_name
from ..core.model import DEFAULT_DEAL, FINANCING_KINDS, LEVERS, DealTerms, DomainError, Proposal
from ..core.screen import FINANCING_LABELS as SCREEN_FINANCING
from ..core.screen import STATUS_LABELS
from ..core.vocabulary import FINANCING_LABELS, LEVER_LABELS, band_label
from ..store import Store

PROG = "export-desk"
SEVERITY_WORDS = Labels({"high": N_("high"), "medium": N_("medium"), "low": N_("low")})
ALTERNATIVE_KINDS = Labels({"estimate": N_("estimate"), "default": N_("default")})

Text = str | Callable[[], str]  # a command's text, or a function writing it (when it is shown)
StoreHandler = Callable[[Store, argparse.Namespace], tuple[Any, Text]]
FileHandler = Callable[[argparse.Namespace], tuple[Any, Text]]


class UsageError(Exception):
    """Bad command-line input; exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class Commands:
    """The subcommands being declared: each group module adds its own through `add`.

    A handler takes (store, args) and returns (JSON-ready result, text); with store=False it
    takes args alone and runs without opening the database (backups, restore). A command
    declared without a handler (`brief`) is run by a handler the caller passes to `run`.
    """

    def __init__(self, sub: Any) -> None:
        self._sub = sub

    def add(
        self, name: str, help_text: str, handler: StoreHandler | FileHandler | None = None, *, store: bool = True
    ) -> argparse.ArgumentParser:
        p = self._sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=handler, needs_store=store)
        return p


def language(text: str) -> str:
    """An argparse type: a supported language code (fr, es, pt, ar, en; fr_FR.UTF-8 is fr)."""
    code = i18n.normalise(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            _("unknown language {lang!r} (choose from: {choices})").format(lang=text, choices=", ".join(i18n.SUPPORTED)))
    return code


def lever_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("lever value must be a whole number 0–100, got {value!r}").format(value=text)) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(_("lever value must be between 0 and 100, got {value}").format(value=value))
    return value


def limit(text: str) -> tuple[str, tuple[int, int]]:
    """Parse LEVER=MIN:MAX."""
    lever, sep, rng = text.partition("=")
    lo, sep2, hi = rng.partition(":")
    if not sep or not sep2 or lever not in LEVERS:
        raise argparse.ArgumentTypeError(_("--limit must look like openness=20:60 (levers: {levers}), got {value!r}").format(
            levers=", ".join(LEVERS), value=text))
    try:
        low, high = int(lo), int(hi)
    except ValueError:
        raise argparse.ArgumentTypeError(_("--limit bounds must be whole numbers, got {value!r}").format(value=text)) from None
    if not 0 <= low <= high <= 100:
        raise argparse.ArgumentTypeError(_("--limit needs 0 <= MIN <= MAX <= 100, got {value!r}").format(value=text))
    return lever, (low, high)


def add_offer_options(p: argparse.ArgumentParser, defaults: bool = True) -> None:
    """--security … --partnership and --measure (repeatable)."""
    for lever in LEVERS:
        p.add_argument(
            f"--{lever}",
            type=lever_value,
            default=50 if defaults else None,
            metavar="N",
            help=f"{lever} lever 0–100" + (" (default 50)" if defaults else " (default: unchanged, 50 when new)"),
        )
    p.add_argument("--measure", action="append", default=[], metavar="ID", help="a measure from the catalog (repeatable)")
    add_deal_options(p)


def number(text: str) -> float:
    """A plain decimal number ('1.5'); a comma is refused, not guessed ('1,5' could mean 15 or 1.5)."""
    if "," in text:
        raise argparse.ArgumentTypeError(_("write numbers with a decimal point and no commas, got {value!r}").format(value=text))
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is not a number").format(value=text)) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(_("{value!r} is not a finite number").format(value=text))
    return value


def whole(text: str) -> int:
    value = number(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(_("{value!r} is not a whole number").format(value=text))
    return int(value)


def _at_least(low: int, what: str) -> Callable[[str], int]:
    def check(text: str) -> int:
        value = whole(text)
        if value < low:
            raise argparse.ArgumentTypeError(_("{value!r} is below {low}").format(value=text, low=low))
        return value

    check.__doc__ = what
    return check


page_size = _at_least(0, "A count of list rows: a whole number, 0 or more.")
page_count = _at_least(1, "How many list rows to show: a whole number, 1 or more.")


_DEAL_OPTIONS = (
    ("value", "value_musd", number, "US$M", "contract value at market price, US$ millions"),
    ("term", "term_years", whole, "YEARS", "contract term in years"),
    ("price", "price", number, "X", "price relative to market (1.0 = market)"),
    ("compute-mw", "compute_mw", number, "MW", "compute size in MW"),
    ("accelerators", "accelerators", whole, "N", "number of AI accelerators"),
    ("financing-share", "financing_share", number, "SHARE", "share of the value the federal financing covers (0–1)"),
)


def add_deal_options(p: argparse.ArgumentParser) -> None:
    """--value, --term, --price, --compute-mw, --accelerators, --financing, --financing-share."""
    d = DEFAULT_DEAL
    for flag, field, kind, metavar, text in _DEAL_OPTIONS:
        p.add_argument(f"--{flag}", dest=f"deal_{field}", type=kind, metavar=metavar,
                       help=f"{text} (default: unchanged; {getattr(d, field)!r} when new)")
    p.add_argument("--financing", dest="deal_financing", choices=FINANCING_KINDS,
                   help=f"U.S. federal financing requested (default: unchanged; {d.financing!r} when new)")


def deal_from_args(args: argparse.Namespace, base: DealTerms = DEFAULT_DEAL) -> DealTerms:
    """The deal terms the options give, over base; DomainError names the first bad one."""
    changes = {f: getattr(args, f"deal_{f}") for f in DealTerms.__dataclass_fields__ if getattr(args, f"deal_{f}", None) is not None}
    if changes.get("financing") == "none" and "financing_share" not in changes:
        changes["financing_share"] = 0.0
    terms = DealTerms(**{**base.to_dict(), **changes})  # type: ignore[arg-type]
    terms.validate()
    return terms


def offer(args: argparse.Namespace, country: str, store: Store) -> Proposal:
    """The unsaved offer the options describe, for one country."""
    known = {m.id for m in store.measures()}
    for mid in args.measure:
        if mid not in known:
            raise DomainError(_("unknown measure {measure!r} (see the catalog in `export-desk countries --help` docs)").format(
                measure=mid))
    return Proposal(
        name="(command line)",
        country=country,
        levers={lv: getattr(args, lv) for lv in LEVERS},
        measures=frozenset(args.measure),
        deal=deal_from_args(args),
    )


def screen_text(a: dict[str, Any]) -> str:
    """The destination screen of an assessment's JSON in one short paragraph ('' when unscreened)."""
    s = a.get("screen")
    if not s:
        return ""
    head = _("Destination screen: {status} — {reason} (groups: {groups}; U.S. federal financing: {financing})").format(
        status=STATUS_LABELS.get(s["status"], s["status"]), reason=s["reason"],
        groups=", ".join(s["groups"]) or _("no D/E group"), financing=SCREEN_FINANCING.get(s["financing"], s["financing"]))
    return head + "\n  " + s["notice"] + (f"\n  {s['stale']}" if s.get("stale") else "")


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - len(text))


def assessment_text(name: str, country: str, a: dict[str, Any]) -> str:
    """An assessment as the text commands print it, in the CLI's language (an embargoed destination:
    no score, the reason). Figures take the locale's decimal mark; identifiers stay in the JSON."""
    country = local_name(str(a.get("country") or ""), country) if a.get("country") else country
    if a["overall"] is None:
        return f"{name} — {country}\n" + _("Prohibited: no readiness score.") + f"\n{screen_text(a)}"
    lines = [
        f"{name} — {country}",
        _("Overall {overall} ({band})   counterpart acceptance {acceptance}   exporter assurance {assurance}").format(
            overall=fig(a["overall"], 1), band=band_label(a["band"]), acceptance=fig(a["counterpart_acceptance"], 1),
            assurance=fig(a["exporter_assurance"], 1)),
        "",
        _("Commitments (promised → credited / demand → fit):"),
    ]
    labels = {lever: LEVER_LABELS[lever].lower() if lever in LEVER_LABELS else lever for lever in a["commitments"]}
    width = max([12, *map(len, labels.values())])
    for lever, c in a["commitments"].items():
        lines.append(f"  {_pad(labels[lever], width)} {fig(c['lever']):>5} → {fig(c['credited']):>5} / {fig(c['demand']):>5}"
                     f" → {fig(c['fit'], 1):>5}")
    d = a.get("deal") or {}
    if d:
        lines.append(_("Deal: US${value}M over {years} years at {price}× market; margin {margin}% (minimum {minimum}%); "
                       "financing {financing}").format(
            value=i18n.format_number(d["value_musd"], 0), years=d["term_years"], price=fig(d["price"], 2),
            margin=fig(d["margin"] * 100, 1), minimum=fig(d["min_margin"] * 100),
            financing=d["financing"] if i18n.current_language() == i18n.SOURCE_LANGUAGE  # the identifier, as it always read
            else FINANCING_LABELS.get(d["financing"], d["financing"])))
    alt = a.get("alternative")
    if alt:
        kind = ALTERNATIVE_KINDS.get(alt["kind"], alt["kind"])
        lines.append(_("Alternative: {name} ({kind}): {summary}").format(name=alt["name"], kind=kind, summary=alt["summary"]))
    lines.append(_("Line items (add up to the overall score):"))
    width = max([24, *(len(li["label"]) for li in a["line_items"])])
    for li in a["line_items"]:
        lines.append(f"  {_pad(li['label'], width)} {signed(li['points'], 2):>7}")
    if a["flags"]:
        lines.append(_("Flags:"))
        for f in a["flags"]:
            fix = _(" → fix: {move} ({effect})").format(move=f["fix"]["label"], effect=signed(f["fix_effect"]["overall"], 1)) if f["fix"] else ""
            lines.append(f"  [{SEVERITY_WORDS.get(f['severity'], f['severity'])}] {f['message']}{fix}")
    if a["moves"]["best"]:
        lines.append(_("Best moves:"))
        width = max([44, *(len(m["label"]) for m in a["moves"]["best"])])
        for m in a["moves"]["best"]:
            lines.append(f"  {_pad(m['label'], width)} {signed(m['gain'], 2)}")
    if a["moves"].get("note"):
        lines.append(a["moves"]["note"])
    if a.get("screen"):
        lines.append(screen_text(a))
    lines.append(_("Assumption set v{version}. Capacity: Source: IMF AI Preparedness Index, 2023.").format(
        version=a["assumptions_version"]))
    return "\n".join(lines)


def signed(value: float, digits: int) -> str:
    """A change with its sign ("+2.28", "-0.4"; the locale's decimal mark outside English)."""
    if i18n.current_language() == i18n.SOURCE_LANGUAGE:
        return f"{value:+.{digits}f}"
    text = i18n.format_number(value, digits)
    return text if text.startswith(("-", "−")) else "+" + text
