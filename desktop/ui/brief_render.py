"""Render a Brief (desktop.core.brief) to PDF with Qt's own PDF writer, and to standalone HTML.

The charts are drawn by the same paint functions as on screen (desktop/ui/charts.py) into
high-DPI images. Pages are laid out by QTextDocument and painted one by one so every page
gets a footer with the page number and the IMF attribution. Needs only QtGui: works under a
QGuiApplication on QT_QPA_PLATFORM=offscreen (the `brief` command), no window.
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..core.brief import (
    CHART_TITLE_PX,
    Brief,
    Chart,
    brief_html,
    build_brief,
    chart_keys,
    chart_size,
    edition_label,
    imf_attribution,
    pdf_metadata,
)
from ..core.evaluate import evaluate
from ..core.i18n import _, current_language, is_rtl, ngettext, use_language
from ..core.model import DomainError

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

PAGE_FOOTER_PX = 34
RESOLUTION = 96  # device units = CSS px; charts are embedded at CHART_SCALE x this
CHART_SCALE = 4.0


def ensure_gui_app():
    """A QGuiApplication for painting (offscreen when there is no display)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a PDF needs fonts, not a display
        app = QGuiApplication(["export-desk"])
    return app


def load_brief(store, name: str, *, counterpart: bool = False, change_log: Sequence[Mapping[str, Any]] | None = None) -> Brief:
    """The brief of a saved proposal, assessed now with the latest assumption set."""
    proposal = store.get_proposal(name)
    return brief_for(store, proposal, counterpart=counterpart, change_log=change_log)


def uncertainty_summary(proposal, profile, assumptions):
    """The Monte Carlo summary the brief prints beside the score."""
    from ..core.uncertainty import uncertainty_summary as run

    return run(proposal, profile, assumptions)


def brief_for(store, proposal, *, counterpart: bool = False, change_log=None, assumptions=None, profile=None) -> Brief:
    """The brief of a proposal (saved or not) from the store's reference data."""
    workshop = None
    if not counterpart and proposal.id is not None:  # the workshop record: internal edition only
        from ..store.room import load_workshop

        workshop = load_workshop(store, proposal.id)
    profile = profile or store.profile(proposal.country)
    assumptions = assumptions or store.assumption_set()
    if counterpart:
        change_log = None  # the lever history never reaches the counterpart: not even read
    elif change_log is None and proposal.id is not None:
        from ..store.timeline import brief_change_log

        change_log = brief_change_log(store, proposal.id)
    from ..store.destinations import program_result

    profiles = dict(store.profiles(), **{profile.iso3: profile})
    a = evaluate(proposal, profiles, assumptions)
    if not a.scored:  # an embargoed destination: no brief at all, and no Monte Carlo to run
        build_brief(proposal, profile, a.to_dict(), assumptions, store.sources())
    assessment = a.to_dict()
    return build_brief(
        proposal,
        profile,
        assessment,
        assumptions,
        store.sources(),
        counterpart=counterpart,
        change_log=change_log,
        date=_dt.date.today().isoformat(),
        uncertainty=None if counterpart else uncertainty_summary(proposal, profile, assumptions),
        program=None if counterpart else program_result(store, proposal, assumptions),
        workshop=workshop,
    )


def chart_image(chart: Chart, scale: float = CHART_SCALE):
    """The chart painted by the on-screen paint code into a QImage at scale x its page size."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont

    from .charts import (
        ChartPalette,
        LineItem,
        RadarAxis,
        paint_line_items,
        paint_radar,
        render_image,
    )

    palette = ChartPalette.light()
    w, h = chart_size(chart)
    band = CHART_TITLE_PX if chart.title else 0
    if chart.kind == "radar":
        axes = [RadarAxis(label, offer, demand) for label, offer, demand in chart.data]

        def draw(p, r):
            paint_radar(p, r, axes, palette)
    else:
        items = [LineItem(label, points, max_points) for label, points, max_points in chart.data]

        def draw(p, r):
            paint_line_items(p, r, items, chart.total, palette)

    rtl = is_rtl()  # an Arabic brief: the paint code mirrors its charts for a right-to-left painter, as on screen

    def paint(p, r):
        if rtl:
            p.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        if band:
            p.save()
            font = QFont("DejaVu Sans")
            font.setPixelSize(15)
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor("#12355b"))
            start = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute) if rtl else Qt.AlignmentFlag.AlignLeft
            p.drawText(QRectF(r.x(), r.y(), r.width(), band), int(start | Qt.AlignmentFlag.AlignVCenter), chart.title)
            p.restore()
        draw(p, QRectF(r.x(), r.y() + band, r.width(), r.height() - band))

    return render_image(paint, w, h, scale=scale)


def _png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def render_html(brief: Brief) -> str:
    """A standalone HTML file: charts inlined as PNG data URIs, all text escaped."""
    ensure_gui_app()
    images = {
        key: "data:image/png;base64," + base64.b64encode(_png_bytes(chart_image(chart, 2.0))).decode("ascii")
        for key, chart in chart_keys(brief)
    }
    return brief_html(brief, images)


def render_pdf(brief: Brief, footer_note: str = "") -> tuple[bytes, int]:
    """The brief as PDF bytes and its page count, in the brief's language (right to left for Arabic)."""
    with use_language(brief.language):
        return _render_pdf(brief, footer_note)


def _render_pdf(brief: Brief, footer_note: str) -> tuple[bytes, int]:
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontMetricsF,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
        QTextDocument,
        QTextOption,
    )

    from ..core.brief import _CSS

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 16, 18, 14), QPageLayout.Unit.Millimeter)
    meta = pdf_metadata(brief)  # title and creator only: the edition is on every page
    writer.setTitle(meta["title"])
    writer.setCreator(meta["creator"])

    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = float(area.width()), float(area.height() - PAGE_FOOTER_PX)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    doc.setDefaultFont(font)
    rtl = is_rtl()
    if rtl:  # the layout starts each paragraph and table on the right; Qt's text engine shapes the Arabic
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        doc.setDefaultTextOption(option)
    doc.setDefaultStyleSheet(_CSS)
    images = {}
    for key, chart in chart_keys(brief):
        image = chart_image(chart)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{key}"), image)
        images[key] = f"chart:{key}"
    doc.setHtml(brief_html(brief, images, standalone=False))
    doc.setPageSize(QSizeF(width, height))
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise DomainError(_("cannot start the PDF writer"))
    try:
        small = QFont("DejaVu Sans")
        small.setPointSizeF(7.5)
        edition = edition_label(brief.counterpart)
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * height)
            doc.drawContents(painter, QRectF(0, i * height, width, height))
            painter.restore()
            painter.save()
            painter.setFont(small)
            painter.setPen(QPen(QColor("#9aa4b2"), 0.8))
            y = height + 8
            painter.drawLine(0, int(y), int(width), int(y))
            painter.setPen(QColor("#4b5563"))
            line = QRectF(0, y + 3, width, 12)
            start, end = (Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft) if rtl else (
                Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight)
            painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            middle = Qt.AlignmentFlag.AlignVCenter
            painter.drawText(line, int(start | middle), f"{brief.title} · {edition}")
            painter.drawText(line, int(end | middle), _("Page {page} of {pages}").format(page=i + 1, pages=pages))
            if footer_note:
                fitted = fitted_font(small, footer_note, width)
                painter.setFont(fitted)
                shown = QFontMetricsF(fitted).elidedText(footer_note, Qt.TextElideMode.ElideRight, width)
                painter.drawText(QRectF(0, y + 15, width, 12), int(start | middle), shown)
            painter.restore()
    finally:
        painter.end()
    buf.close()
    return bytes(data.data()), pages


FOOTER_FLOOR_PT = 5.0  # the smallest the attribution line gets; beyond that it is elided


def fitted_font(font: QFont, text: str, width: float, floor: float = FOOTER_FLOOR_PT) -> QFont:
    """font, made smaller if need be (not below floor) so that text fits in width on one line (the
    attribution is longer in French and Spanish than in English and was cut at the margin)."""
    from PySide6.QtGui import QFont, QFontMetricsF

    fitted = QFont(font)
    size = fitted.pointSizeF()
    need = QFontMetricsF(fitted).horizontalAdvance(text)
    if need > width and size > 0:
        fitted.setPointSizeF(max(floor, size * width / need * 0.98))
    return fitted


def footer_for(store) -> str:
    """The attribution printed on every page (figures on every page come from the IMF index)."""
    return imf_attribution(store.sources()) + " · " + _("capacity figures; sovereignty profiles are labelled analyst estimates")


def html_path_for(pdf_path: str | os.PathLike[str]) -> Path:
    return Path(pdf_path).with_suffix(".html")


def export_brief_files(brief: Brief, footer: str, out: str | os.PathLike[str], html: bool, write) -> dict[str, Any]:
    """Render, then write the PDF (and HTML) with `write(path, bytes)` (atomic in CLI and GUI)."""
    pdf, pages = render_pdf(brief, footer)
    html_text = render_html(brief).encode("utf-8") if html else None
    write(out, pdf)
    html_out = None
    if html_text is not None:
        html_out = html_path_for(out)
        write(html_out, html_text)
    return {"pdf": str(out), "html": None if html_out is None else str(html_out), "pages": pages, "counterpart": brief.counterpart}


def save_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file from the GUI through QSaveFile: all or nothing, an old file stays intact on failure."""
    from PySide6.QtCore import QIODevice, QSaveFile

    f = QSaveFile(str(path))
    if not f.open(QIODevice.OpenModeFlag.WriteOnly):
        raise DomainError(_("cannot write {path}: {error}").format(path=path, error=f.errorString()))
    written = f.write(data)
    if written != len(data):
        f.cancelWriting()
        f.commit()
        raise DomainError(_("cannot write {path}: {error}").format(path=path, error=f.errorString()))
    if not f.commit():
        raise DomainError(_("cannot write {path}: {error}").format(path=path, error=f.errorString()))


def run_cli(store, args: argparse.Namespace) -> tuple[Any, str]:
    """`export-desk brief NAME --out FILE.pdf [--html] [--counterpart]` (dispatched by desktop.__main__)."""
    from ..fileio import atomic_write_bytes

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise DomainError(_("--out must name a .pdf file, got {out!r}").format(out=args.out))
    lang = getattr(args, "brief_lang", None) or current_language()
    with use_language(lang):  # the brief (flags, names, numbers) is written in its language
        brief = load_brief(store, args.name, counterpart=args.counterpart)
        footer = footer_for(store)
    result = export_brief_files(brief, footer, out, args.html, atomic_write_bytes)
    result["language"] = brief.language
    pages = ngettext("{n} page", "{n} pages", result["pages"]).format(n=result["pages"])
    text = (_("Wrote {pdf} ({pages}, counterpart-safe)") if args.counterpart else _("Wrote {pdf} ({pages})")).format(
        pdf=result["pdf"], pages=pages)
    if result["html"]:
        text = _("{written} and {html}").format(written=text, html=result["html"])
    return result, text
