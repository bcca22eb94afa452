"""A Brief as escaped HTML (the PDF renderer lays out the same HTML with Qt)."""

from __future__ import annotations

import html
from typing import Mapping

from .brief_blocks import Brief, Chart, Para, Table
from .i18n import N_, _, current_language, is_rtl, use_language

COVER_NOTE = N_(
    "The scores are indicative, transparent 0–100 assessments under stated assumptions, not a "
    "prediction that a deal closes. Capacity figures: Source: IMF AI Preparedness Index, 2023; sovereignty "
    "profiles are analyst estimates or derived defaults, labelled as such. Prepared with AI Export Desk."
)


_CSS = """
body { font-family: 'DejaVu Sans', 'Helvetica', sans-serif; font-size: 10pt; color: #1f2328; }
h1 { font-size: 22pt; color: #12355b; margin-bottom: 4pt; }
h2 { font-size: 15pt; color: #12355b; border-bottom: 1px solid #12355b; margin-top: 14pt; }
h3 { font-size: 11pt; color: #12355b; margin-top: 14pt; margin-bottom: 3pt; }
p.lead { font-size: 11.5pt; font-weight: bold; }
p.small { font-size: 8.5pt; color: #555; }
p.note { font-size: 10pt; font-weight: bold; color: #9a3412; margin-top: 8pt; }
p.caption { font-size: 8.5pt; color: #555; }
table.data { border-collapse: collapse; margin-bottom: 6pt; }
table.data th { background-color: #e8eef6; text-align: left; padding: 3px 6px; font-size: 9pt; }
table.data td { padding: 3px 6px; font-size: 9pt; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.num { text-align: right; }
table.cover td { padding: 4px 10px 4px 0; font-size: 11pt; }
"""


def brief_html(brief: Brief, images: Mapping[str, str] | None = None, standalone: bool = True) -> str:
    """The brief as HTML in its own language (lang, dir); every user or file text is escaped. images: chart key -> src."""
    with use_language(brief.language):
        return _brief_html(brief, images or {}, standalone)


def _brief_html(brief: Brief, images: Mapping[str, str], standalone: bool) -> str:
    e = html.escape
    banner = _("COUNTERPART-SAFE EDITION") if brief.counterpart else _("INTERNAL EDITION — NOT FOR THE COUNTERPART")
    parts = [f"<p class='note'>{banner}</p>", f"<h1>{e(brief.title)}</h1>", f"<p class='lead'>{e(brief.subtitle)}</p>",
             "<table class='cover'>"]
    parts += [f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in brief.cover]
    parts.append("</table>")
    if brief.highlights:
        parts.append("<h3>" + e(_("At a glance")) + "</h3><ul>")
        parts += [f"<li>{e(h)}</li>" for h in brief.highlights]
        parts.append("</ul>")
    parts.append("<h3>" + e(_("Contents")) + "</h3><ol>")
    parts += [f"<li>{e(s.title)}</li>" for s in brief.sections]
    parts.append("</ol>")
    parts.append(f"<p class='small'>{e(_(COVER_NOTE))}</p>")
    chart_no = 0
    for s in brief.sections:
        style = " style='page-break-before: always'" if s.new_page else ""
        parts.append(f"<h2{style}>{e(s.title)}</h2>")
        for b in s.blocks:
            if isinstance(b, Para):
                parts.append(f"<p class='{e(b.style)}'>{e(b.text)}</p>")
            elif isinstance(b, Table):
                parts.append(_table_html(b))
            elif isinstance(b, Chart):
                key = f"{s.key}-{b.kind}-{chart_no}"
                chart_no += 1
                src = images.get(key)
                if src:
                    w, h = chart_size(b)
                    parts.append(f"<p><img src='{e(src)}' width='{w}' height='{h}' alt='{e(b.caption)}'></p>")
                parts.append(f"<p class='caption'>{e(b.caption)}</p>")
    lang, direction = current_language(), "rtl" if is_rtl() else "ltr"
    body = "\n".join(parts)
    if not standalone:  # Qt's rich text takes the direction from a block's dir (the renderer sets it too)
        return f"<div dir='{direction}' lang='{lang}'>\n{body}\n</div>" if direction == "rtl" else body
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}' dir='{direction}'><head><meta charset='utf-8'>"
        f"<title>{e(brief.title)}</title><style>{_CSS}{RTL_CSS if direction == 'rtl' else ''}</style></head><body>\n{body}\n</body></html>\n"
    )


# Right to left (Arabic): headers and cells start on the right; numbers keep their own order.
RTL_CSS = """
body { font-family: 'DejaVu Sans', 'Noto Naskh Arabic', 'Noto Sans Arabic', sans-serif; }
table.data th { text-align: right; }
td.num { text-align: left; }
"""


def chart_keys(brief: Brief) -> list[tuple[str, Chart]]:
    """The charts in order with the keys brief_html uses for their images."""
    out, n = [], 0
    for s in brief.sections:
        for b in s.blocks:
            if isinstance(b, Chart):
                out.append((f"{s.key}-{b.kind}-{n}", b))
                n += 1
    return out


CHART_TITLE_PX = 30  # the chart's title is drawn into its image, so it never parts from the chart


def chart_size(chart: Chart) -> tuple[int, int]:
    """Logical size (px at 96 dpi) a chart gets on the page, its title band included."""
    title = CHART_TITLE_PX if chart.title else 0
    if chart.kind == "radar":
        return 440, 340 + title
    return 600, 36 * (len(chart.data) + 1) + 40 + title


def _table_html(t: Table) -> str:
    e = html.escape
    out = []
    if t.caption:
        out.append(f"<h3>{e(t.caption)}</h3>")
    out.append("<table class='data' width='100%' cellspacing='0'><thead><tr>")
    end = "left" if is_rtl() else "right"  # numbers sit at the end of the line
    for i, c in enumerate(t.columns):
        width = f" width='{t.widths[i]}%'" if i < len(t.widths) else ""
        align = f" align='{end}'" if i in t.numeric else ""
        out.append(f"<th{width}{align}>{e(c)}</th>")
    out.append("</tr></thead><tbody>")
    for row in t.rows:
        cells = "".join(
            f"<td class='num' align='{end}'>{e(c)}</td>" if i in t.numeric else f"<td>{e(c)}</td>" for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)
