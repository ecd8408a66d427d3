"""Main text of an HTML page (placeholder: trafilatura alone; to be improved)."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura


@dataclass(frozen=True)
class HtmlExtraction:
    text: str
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    removed: list[str] = field(default_factory=list)
    method: str = "trafilatura"
    is_listing: bool = False


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True)
    if doc is None:
        return HtmlExtraction(text="")
    return HtmlExtraction(text=doc.text or "", title=doc.title, published=doc.date, sitename=doc.sitename)
