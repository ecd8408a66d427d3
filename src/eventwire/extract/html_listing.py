"""Tell index/listing pages (many headline links, little running prose) from articles.

Why: a section front or tag page yields a pile of teasers that looks like text
but is not one story; downstream steps must not treat it as an article.  The
rule is structural and language-independent:

* the page has many links whose text reads like a headline, and
* what the extractor kept is either almost nothing, or mostly "teasers":
  paragraphs sitting in a small card together with a headline link.

Thresholds were tuned as a set on the dev half of the article-extraction
benchmark (none of its 92 articles is flagged) and on hand-made listings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html

from eventwire.extract.html_context import PageContext

_WORD = re.compile(r"\w+", re.UNICODE)
# Link text of this many words reads like a headline (menus are 1-3 words, sentences longer).
HEADLINE_LINK_WORDS = (4, 25)
# A page needs this many headline links to be a listing at all.
MIN_HEADLINE_LINKS = 10
# Extracted text shorter than this (characters) is "no article body".
MIN_BODY_CHARS = 200
# A teaser card: the paragraph's container (up to CARD_LEVELS up) holds a headline link and
# not much more text than the paragraph itself (CARD_SLACK_CHARS for headline, date, byline).
CARD_LEVELS = 3
CARD_SLACK_CHARS = 300
# Share of extracted paragraphs that are teasers above which the page is a listing.
MIN_TEASER_SHARE = 0.6
# One extracted paragraph this long (characters) is article prose, not a teaser: decided without counting links.
ARTICLE_PARAGRAPH_CHARS = 600


@dataclass(frozen=True)
class ListingStats:
    """What the decision was made from (kept for audits and tests)."""

    headline_links: int
    body_chars: int
    paragraphs: int
    teasers: int

    @property
    def is_listing(self) -> bool:
        if self.headline_links < MIN_HEADLINE_LINKS:
            return False
        if self.body_chars < MIN_BODY_CHARS:
            return True
        return self.paragraphs > 0 and self.teasers >= MIN_TEASER_SHARE * self.paragraphs


def _is_headline_link(a: html.HtmlElement) -> bool:
    lo, hi = HEADLINE_LINK_WORDS
    return lo <= len(a.text_content().split()) <= hi


def _is_teaser(el: html.HtmlElement, own_chars: int) -> bool:
    """The paragraph sits in a small card that also holds a headline link (or is one)."""
    node = el
    for _ in range(CARD_LEVELS + 1):
        if node is None or node.tag in ("body", "html"):
            return False
        if node.tag == "a" and _is_headline_link(node):
            return True
        if len(node.text_content()) > own_chars + CARD_SLACK_CHARS:
            return False
        if any(_is_headline_link(a) for a in node.iter("a") if a is not el):
            return True
        node = node.getparent()
    return False


def listing_stats(tree: html.HtmlElement | None, paragraphs: list[str], context: PageContext) -> ListingStats:
    """Headline links on the page, and how many extracted paragraphs are teaser cards."""
    if tree is None:
        return ListingStats(0, 0, 0, 0)
    body_chars = sum(len(p) for p in paragraphs)
    if any(len(p) >= ARTICLE_PARAGRAPH_CHARS for p in paragraphs):
        return ListingStats(-1, body_chars, len(paragraphs), 0)  # -1: links not counted
    body = tree.find("body")
    root = body if body is not None else tree
    links = sum(1 for a in root.iter("a") if _is_headline_link(a))
    if links < MIN_HEADLINE_LINKS or body_chars < MIN_BODY_CHARS:
        return ListingStats(links, body_chars, len(paragraphs), 0)
    teasers = 0
    for text in paragraphs:
        el = context.element(text)
        if el is not None and _is_teaser(el, len(text)):
            teasers += 1
    return ListingStats(links, body_chars, len(paragraphs), teasers)


def is_listing_page(tree: html.HtmlElement | None, paragraphs: list[str], context: PageContext) -> bool:
    """True for pages made of headline links whose extracted text is nothing or teasers."""
    return listing_stats(tree, paragraphs, context).is_listing
