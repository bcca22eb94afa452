"""The target country: capacity figures with source and year; the sovereignty profile with estimates labelled."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from ..core.data_age import data_age_flags, is_dated, review_age_flags
from ..core.i18n import _, figure
from ..core.languages import local_name
from ..core.model import (
    LEVER_LABELS,
    LEVERS,
    PILLAR_LABELS,
    PILLARS,
    PROFILE_FIELDS,
    PROFILE_LABELS,
    CountryProfile,
    Figure,
)
from ..core.profile_text import KIND_TEXT, range_text, review_text, source_line
from ..core.screen import stale_flags
from ..core.session import Session
from .screen_views import screen_section
from .widgets import FittedScrollArea, follow, plain_label


class CountryPanel(FittedScrollArea):
    """Read-only view of the current country's figures, rebuilt when the country changes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("countryPanel")
        self.setAccessibleName(_("Country profile"))
        self._shown: str | None = None
        self._shown_objs: tuple[object, object] | None = None
        follow(self, session, self._on_session_changed, "proposal.country", "profiles", "assumptions")
        self._on_session_changed(None)

    def _on_session_changed(self, _change) -> None:
        profile = self.session.profile
        shown = self._shown_objs
        if shown is not None and shown[0] is profile and shown[1] is self.session.assumptions:
            return  # the same (immutable) profile under the same assumptions: nothing to rebuild
        self._shown_objs = (profile, self.session.assumptions)
        self._shown = profile.iso3
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(self._build(profile))

    def _build(self, profile: CountryProfile) -> QWidget:
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(8, 4, 8, 8)
        box.setSpacing(6)
        title = plain_label(f"{local_name(profile.iso3, profile.name)} ({profile.iso3})", "panelTitle", wrap=True)
        box.addWidget(title)
        # Before any figure: can the deal happen at all (the destination screen)?
        stale = stale_flags(profile.destination, self.session.assumptions, date.today())
        screen_section(profile.destination, box, stale[0].message.split(" Screening aid")[0] if stale else None)

        box.addWidget(plain_label(_("Capacity — IMF AI Preparedness Index"), "sectionTitle", wrap=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        this_year = date.today().year
        rows = [(_("AI Preparedness Index (0–1)"), profile.aipi)] + [
            (_("{pillar} (0–0.25)").format(pillar=PILLAR_LABELS[k]), profile.pillars[k]) for k in PILLARS
        ]
        for r, (label, fig) in enumerate(rows):
            grid.addWidget(plain_label(label, wrap=True), r, 0)
            value = plain_label(_("not published") if fig.missing else figure(fig.value, 3), "figure")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setToolTip(_figure_tip(fig))
            value.setAccessibleName(label)
            value.setAccessibleDescription(_figure_tip(fig))
            grid.addWidget(value, r, 1)
            year = plain_label(str(fig.year or "") + (_(" ⚠ dated") if is_dated(fig, self.session.assumptions, this_year) else ""),
                               "dated" if is_dated(fig, self.session.assumptions, this_year) else "muted")
            if is_dated(fig, self.session.assumptions, this_year):
                year.setToolTip(_("More than {data_max_age_years:g} years old (data.max_age_years)").format(data_max_age_years=self.session.assumptions['data.max_age_years']))
            grid.addWidget(year, r, 2)
        grid.setColumnStretch(0, 1)
        box.addLayout(grid)
        box.addWidget(
            plain_label(
                _("Source: IMF AI Preparedness Index, 2023. Reuse with attribution; an indicative reference, "
                "not a strict ranking. A missing pillar is shown as not published, never filled in."),
                "muted",
                wrap=True,
            )
        )

        gdp = profile.gdp
        market = _("not published") if gdp is None or gdp.missing else _("US${value:,.1f} billion ({year})").format(value=gdp.value / 1000000000.0, year=gdp.year)
        box.addWidget(plain_label(_("Market size — GDP"), "sectionTitle", wrap=True))
        gdp_label = plain_label(f"{market}. {gdp.source if gdp is not None else ''}", "muted", wrap=True)
        gdp_label.setAccessibleName(_("Market size (GDP)"))
        box.addWidget(gdp_label)

        kind = KIND_TEXT.get(profile.profile_kind, profile.profile_kind)
        box.addWidget(plain_label(_("Sovereignty profile — {kind}").format(kind=kind), "sectionTitle", wrap=True))
        max_months = self.session.assumptions.get("data.profile_review_months", 12.0)
        today = date.today()
        for field in PROFILE_FIELDS:
            fig = profile.sovereignty[field]
            head = QGridLayout()
            name = plain_label(PROFILE_LABELS[field], "fieldName", wrap=True)
            policy = name.sizePolicy()  # the name wraps into what the figure and its kind leave
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            name.setSizePolicy(policy)
            head.addWidget(name, 0, 0)
            span = range_text(fig)
            value = plain_label(f"{fig.value:.0f}" + (f"  ({span})" if span else ""), "figure")
            value.setObjectName(f"profileValue_{field}")
            value.setToolTip(_("likely value (plausible range low–high)") if span else _("value (no stated range)"))
            value.setAccessibleName(PROFILE_LABELS[field])
            value.setAccessibleDescription(_("{value:.0f} of 100").format(value=fig.value) + (_(", range {span}").format(span=span) if span else "")
                                           + f", {KIND_TEXT.get(fig.kind, fig.kind)}")
            head.addWidget(value, 0, 1, Qt.AlignmentFlag.AlignRight)
            chip = plain_label(KIND_TEXT.get(fig.kind, fig.kind), f"kind_{fig.kind}")
            head.addWidget(chip, 0, 2, Qt.AlignmentFlag.AlignRight)
            head.setColumnStretch(0, 1)
            box.addLayout(head)
            reviewed, old_review = review_text(fig, today, max_months)
            dated = _(" ⚠ dated") if is_dated(fig, self.session.assumptions, this_year) else ""
            why = plain_label(f"{fig.rationale}", "rationale", wrap=True)
            box.addWidget(why)
            meta = plain_label(("⚠ " if old_review else "") + f"{reviewed[0].upper()}{reviewed[1:]}{dated}",
                               "dated" if old_review else "muted", wrap=True)
            meta.setObjectName(f"profileReview_{field}")
            box.addWidget(meta)
            for src in fig.sources:
                link = plain_label(f"• {source_line(src)}", "muted", wrap=True)
                link.setToolTip(src.get("url", ""))
                link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box.addWidget(link)
                url = plain_label(f"  {src.get('url', '')}", "muted", wrap=True)
                url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box.addWidget(url)
        alt = profile.alternative
        if alt is not None:
            box.addWidget(plain_label(_("Alternative offer to beat — {get}").format(get=KIND_TEXT.get(alt.kind, alt.kind)), "sectionTitle", wrap=True))
            positions = ", ".join(f"{LEVER_LABELS[lv].lower()} {alt.positions[lv]:.0f}" for lv in LEVERS)
            head = plain_label(_("{provider}: {positions}; price {price:.2f}× ours at market; {value:.0f}% financed ({financing})").format(provider=alt.provider, positions=positions, price=alt.price, value=alt.financing_share * 100, financing=alt.financing), "fieldName", wrap=True)
            head.setAccessibleName(_("Alternative offer"))
            box.addWidget(head)
            cited = "; ".join(f"{s.get('title', '')} ({s.get('date', '')})" for s in alt.sources)
            edited = _(" [edited {value}: {edit_reason}]").format(value=alt.edited_at[:10], edit_reason=alt.edit_reason) if alt.edited_at else ""
            box.addWidget(plain_label(f"{alt.rationale}{edited}" + (f" — {cited}" if cited else ""), "rationale", wrap=True))
        for flag in [*data_age_flags(profile, self.session.assumptions, this_year),
                     *review_age_flags(profile, self.session.assumptions, today)]:
            box.addWidget(plain_label(f"⚠ {flag.message}", "dated", wrap=True))
        box.addWidget(plain_label(_("Edit ▸ Country data… changes an estimate (a reason is recorded)."), "muted", wrap=True))
        box.addStretch(1)
        return body


def _figure_tip(fig: Figure) -> str:
    if fig.missing:
        return _("Not published — {source}").format(source=fig.source)
    return f"{KIND_TEXT.get(fig.kind, fig.kind)}: {fig.source}, {fig.year}"


