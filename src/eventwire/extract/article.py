"""Compose the extraction steps into one Article.

Order matters and is cheapest-first: body (HTML or text page) -> language -> machine
translation signals on the raw body -> mended text -> date, agency, cited outlets.
Which step decided what goes into ``warnings`` so a result can be audited.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

import dateparser

from eventwire.errors import W_CRAWL_DATE, W_LISTING, W_NO_DATE, BadInput
from eventwire.extract import mt
from eventwire.extract.dates import find_date, parse_date
from eventwire.extract.html_body import extract_html
from eventwire.extract.language import detect_language
from eventwire.extract.sources import cited_sources, dateline_agency
from eventwire.extract.textpage import clean_text_page
from eventwire.model import Article, RawDoc

# The opening of the body where a dateline ("Kyiv, 20 квітня 2025 —") may stand.
DATELINE_CHARS = 120


def source_domain(url: str | None) -> str | None:
    """Host of a URL without ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _foreign_date_line(date_lines: list[str], language: str | None) -> str | None:
    """A date line that does not parse in the body's own language (a sign of a translated page)."""
    if not language:
        return None
    for line in date_lines:
        if any(ch.isalpha() for ch in line) and dateparser.parse(line, languages=[language]) is None:
            return line
    return None


def _published(
    raw: RawDoc, meta_date: str | None, date_lines: list[str], text: str
) -> tuple[date | datetime | None, str | None]:
    """The publication date and where it came from: input, page metadata, date line, dateline."""
    for value, origin in ((raw.published, "input"), (meta_date, "metadata")):
        if value and (parsed := parse_date(value)):
            return parsed, origin
    for line in date_lines:
        if found := find_date(line):
            return found[0], "text"
    if found := find_date(text[:DATELINE_CHARS]):
        return found[0], "text"
    return None, None


def extract_article(raw: RawDoc) -> Article:
    """Turn one RawDoc into a clean, dated, sourced Article (see :func:`extract_with_warnings`)."""
    return extract_with_warnings(raw)[0]


def extract_with_warnings(raw: RawDoc) -> tuple[Article, list[str]]:
    """Turn one RawDoc into a clean, dated, sourced Article, with the warnings it raised.

    Raises:
        BadInput: the document has neither HTML nor text.
    """
    warnings: list[str] = []
    removed: list[str] = []
    date_lines: list[str] = []
    agency = meta_date = None
    page_kind = "article"
    if raw.html and raw.html.strip():
        body = extract_html(raw.html, url=raw.url)
        title, text, meta_date = raw.title or body.title, body.text, body.published
        removed.extend(body.removed)
        if body.is_listing:
            page_kind, text = "listing", ""
            warnings.append(f"{W_LISTING} listing or index page: headlines and links, no article body")
    elif raw.text and raw.text.strip():
        page = clean_text_page(raw.text, title=raw.title)
        title, text, agency = page.title, page.text, page.agency
        removed.extend(page.removed)
        date_lines = page.date_lines
    else:
        raise BadInput(f"document {raw.id!r} has neither html nor text")

    language = raw.lang or detect_language(text)
    signals = mt.signals(text, language=language, foreign_date_line=_foreign_date_line(date_lines, language))
    text = mt.mend(text)
    published, published_from = _published(raw, meta_date, date_lines, text)
    if published is None:
        warnings.append(f"{W_NO_DATE} no publication date in the page or its metadata")
        if raw.crawled:
            warnings.append(f"{W_CRAWL_DATE} crawl date {raw.crawled} not used as the publication date")
    if not text and page_kind == "article":
        page_kind = "empty"
    article = Article(
        id=raw.id,
        url=raw.url,
        source_domain=source_domain(raw.url),
        title=mt.mend(title) if title else None,
        published=published,
        published_from=published_from,
        language=language,
        machine_translated=mt.is_machine_translated(signals),
        mt_signals=signals,
        agency=agency or dateline_agency(text),
        cited_sources=cited_sources(text),
        text=text,
        removed=removed,
        page_kind=page_kind,  # type: ignore[arg-type]
    )
    return article, warnings
