"""Compose the extraction steps into one Article (placeholder until metadata lands)."""

from __future__ import annotations

from eventwire.errors import BadInput
from eventwire.extract.html_body import extract_html
from eventwire.model import Article, RawDoc


def extract_article(raw: RawDoc) -> Article:
    """Turn one RawDoc into an Article.

    Raises:
        BadInput: the document has neither HTML nor text.
    """
    if raw.html:
        body = extract_html(raw.html, url=raw.url)
        return Article(id=raw.id, url=raw.url, title=raw.title or body.title, text=body.text, removed=body.removed)
    if raw.text:
        return Article(id=raw.id, url=raw.url, title=raw.title, text=raw.text)
    raise BadInput(f"document {raw.id!r} has neither html nor text")
