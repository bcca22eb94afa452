"""The counterpart brief as the counterpart gets it (issue 14): PDF text, PDF metadata and HTML of
briefs with a secret planted in every private place, for proposals across countries and screens."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from leak_kit import leaks, plant  # noqa: E402  (tests/leak_kit.py)

from desktop.core.brief import build_brief  # noqa: E402
from desktop.core.engine import assess  # noqa: E402
from desktop.core.model import DealTerms, Proposal  # noqa: E402
from desktop.store import memory_store  # noqa: E402
from desktop.ui import brief_render  # noqa: E402

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="pdftotext/pdfinfo (poppler-utils) not installed")

# Countries across the screen's statuses and regions; levers and deals that differ.
CASES = [
    ("KEN", {"security": 70, "resilience": 40, "openness": 85, "partnership": 30}, "none"),
    ("SAU", {"security": 90, "resilience": 65, "openness": 20, "partnership": 80}, "exim_loan"),
    ("BRA", {"security": 45, "resilience": 50, "openness": 95, "partnership": 75}, "dfc_equity"),
    ("IND", {"security": 60, "resilience": 80, "openness": 60, "partnership": 55}, "ustda_grant"),
    ("CHN", {"security": 100, "resilience": 10, "openness": 0, "partnership": 5}, "none"),
    ("VNM", {"security": 35, "resilience": 70, "openness": 50, "partnership": 60}, "exim_loan"),
]


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


@pytest.fixture(scope="module")
def store():
    s = memory_store()
    yield s
    s.close()


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True, text=True).stdout


@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_counterpart_pdf_html_and_metadata_carry_no_planted_secret(store, tmp_path, case):
    iso3, levers, financing = case
    share = 0.0 if financing == "none" else 0.5
    proposal = Proposal(name=f"Offer to {iso3}", country=iso3, levers=levers,
                        measures=frozenset({"customer_keys", "independent_audits", "local_equity_partner"}),
                        description="National AI cloud with customer-held keys.",
                        deal=DealTerms(value_musd=300.0, term_years=6, price=1.1, financing=financing, financing_share=share))
    proposal, profile, assumptions, log, secrets = plant(proposal, store.profile(iso3), store.assumption_set(), iso3)
    a = assess(proposal, profile, assumptions).to_dict()
    briefs = {
        ed: build_brief(proposal, profile, a, assumptions, store.sources(), counterpart=ed == "safe", change_log=log,
                        date="2026-12-02")
        for ed in ("internal", "safe")
    }
    texts = {}
    for ed, brief in briefs.items():
        path = tmp_path / f"{ed}.pdf"
        pdf, pages = brief_render.render_pdf(brief, brief_render.footer_for(store))
        path.write_bytes(pdf)
        texts[ed] = (pdf_text(path), pdf_info(path), brief_render.render_html(brief))
    text, info, html = texts["safe"]
    flat = [" ".join(s.split()) for s in secrets]
    assert leaks(text, flat) == []
    assert leaks(html, secrets) == []
    assert leaks(info, secrets) == []
    assert "Counterpart-safe edition" in text and "COUNTERPART-SAFE EDITION" in text
    assert f"Offer to {iso3}" in info  # the title, and nothing else of ours
    # the markers were planted where the internal edition prints them
    inside = texts["internal"][0]
    assert f"QZXnotes{iso3}Q" in inside and f"QZXreasonopenness{iso3}Q" in inside
    assert "INTERNAL EDITION" in inside
