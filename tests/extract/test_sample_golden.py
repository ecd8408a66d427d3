"""Golden test: the "Article" section of samples/ukraine-russia-2025-04-20.expected.md."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.extract import extract_article
from eventwire.model import Article, RawDoc

TITLE = "Ukraine Russia online: Russian drone attack on Kharkov killed at least three people"
BODY_PARAGRAPH_STARTS = [
    "Putin’s Plenipotentiary Dmitriyev sees after negotiations",
    "According to the Plenipotentiary of Russian leader",
    "Trump could call Putin in the coming days",
    "Former investment banker Dmitriyev",
    "Dmitriyev met with Trump’s Plenipotentiary Steve Witkoff during a two-day visit",
    "« We undoubtedly record positive dynamics",
    "« I think we need a long-term solution",
    "He arrived in Washington after Trump commented",
    "Russia has occurred to Ukraine more than three years ago",
    "According to Reuters, Dmitriyev could play crucial",
    "After negotiations with the Americans",
]


@pytest.fixture
def article(sample_page_text: str) -> Article:
    return extract_article(RawDoc(id="sample", text=sample_page_text))


def test_title_once_without_breadcrumb(article: Article) -> None:
    assert article.title == TITLE
    assert TITLE not in article.text
    assert "Home »" not in article.text


def test_published_from_french_date_line(article: Article) -> None:
    assert article.published == date(2025, 4, 20)
    assert article.published_from == "text"


def test_language_and_machine_translation(article: Article) -> None:
    assert article.language == "en"
    assert article.machine_translated is True
    assert "two -day" in article.mt_signals
    assert "long -term" in article.mt_signals


def test_body_paragraphs_kept_in_order_and_mended(article: Article) -> None:
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == len(BODY_PARAGRAPH_STARTS)
    for paragraph, start in zip(paragraphs, BODY_PARAGRAPH_STARTS, strict=True):
        assert paragraph.startswith(start)
    assert paragraphs[-1].endswith("Elon Musk.")
    assert "two -day" not in article.text and "long -term" not in article.text


def test_boilerplate_removed_but_kept_for_audit(article: Article) -> None:
    for line in ("The article continues under video advertising", "(CTK)", "View Original Source"):
        assert line not in article.text
        assert line in article.removed
    assert article.removed.count("The article continues under video advertising") == 2
    assert "avril 20, 2025" in article.removed


def test_agency_and_cited_sources(article: Article) -> None:
    assert article.agency == "ČTK"
    assert article.cited_sources[:2] == ["NBC News", "Reuters"]
    assert "news agencies" in article.cited_sources
    assert "Dmitriyev" not in " ".join(article.cited_sources)
