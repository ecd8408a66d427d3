"""Headline, publication date and site name from a page's own markup.

Why not trafilatura's ``with_metadata``: it also extracts authors, categories,
tags and licences, which costs about as much as the body extraction itself;
we need three fields, so we read them directly from the tree (meta tags,
``<h1>``, ``<title>``) and ask htmldate for the date in its fast,
markup-only mode (no free-text guessing, so never a crawl date or "today").
"""

from __future__ import annotations

import re
from datetime import date

from htmldate import find_date
from lxml import etree, html

# "Headline - Site", "Headline | Section | Site", "Site: Headline" ...
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»:]\s+|\s+::\s+")
_SPACE = re.compile(r"\s+")
_MAX_TITLE_CHARS = 300
# compiled once: an f-string xpath per name recompiled the expression on every call
_META_CONTENT = etree.XPath("//meta[@property=$name or @name=$name]/@content")


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _meta(tree: html.HtmlElement, *names: str) -> str:
    """First non-empty content of <meta property|name=...> among names."""
    for name in names:
        for node in _META_CONTENT(tree, name=name):
            value = _clean(node)
            if value:
                return value[:_MAX_TITLE_CHARS]
    return ""


def _strip_site(title: str, sitename: str | None) -> str:
    """Drop site name / section segments: keep the longest segment of a separated title."""
    if sitename and title.lower().endswith(sitename.lower()) and len(title) > len(sitename) + 3:
        title = _TITLE_SEPARATORS.sub("\x00", title[: -len(sitename)].rstrip()).rstrip("\x00 ")
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.replace("\x00", " ").strip()
    return max(parts, key=len)


def extract_title(tree: html.HtmlElement, sitename: str | None = None) -> str | None:
    """The headline without the site name: a lone <h1> that matches the metadata wins, else og:title/<title>."""
    meta_title = _meta(tree, "og:title", "twitter:title", "title")
    title_tag = _clean(tree.findtext(".//title"))[:_MAX_TITLE_CHARS]
    h1s = [_clean(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h and len(h) <= _MAX_TITLE_CHARS]
    reference = (meta_title or title_tag).lower()
    for h1 in h1s:
        if reference and (h1.lower() in reference or reference in h1.lower()):
            return h1
    candidate = meta_title or title_tag or (h1s[0] if len(h1s) == 1 else "")
    return _strip_site(candidate, sitename) or None if candidate else None


def extract_sitename(tree: html.HtmlElement) -> str | None:
    """The site's own name from og:site_name / application-name, else None."""
    return _meta(tree, "og:site_name", "application-name", "twitter:site") or None


def extract_published(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """Original publication date (YYYY-MM-DD) from markup and URL only; None when the page does not say."""
    try:
        found = find_date(tree, extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate on hostile markup: a missing date is the honest answer
        return None
    if not found:
        return None
    try:
        if date.fromisoformat(found[:10]) >= date.today():
            return None  # a page cannot be published "today or later" by its own markup in a batch run
    except ValueError:
        return None
    return found
