"""Main text of an HTML page: trafilatura in precision mode, then our own boilerplate filters.

The cascade (each step only when the previous one under-delivers):

1. ``precision``: trafilatura ``favor_precision`` without comments, on a tree we
   parsed once (trafilatura copies it, so the untouched tree stays available
   for structural look-ups, metadata and listing detection).  It runs first in
   ``fast`` mode (trafilatura's own extractor only); the full sequence, which
   also compares with readability and justext (half of trafilatura's time),
   runs only when the fast result looks incomplete (:func:`_needs_fallback`):
   on the dev half that is 9 pages of 92, and every page's output is the same
   as with the full sequence always on;
2. ``rescue``: when precision mode returns almost nothing, trafilatura's
   balanced mode on the same tree, like trafilatura's own fallback cascade;
3. post-filters (:mod:`eventwire.extract.html_boilerplate`) on the result.

Never raises on hostile input except :class:`~eventwire.errors.BadInput`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura
from lxml import etree, html

from eventwire.errors import BadInput
from eventwire.extract.html_blocks import Block, blocks_text, body_blocks
from eventwire.extract.html_boilerplate import Filter
from eventwire.extract.html_context import PageContext
from eventwire.extract.html_listing import is_listing_page
from eventwire.extract.html_meta import extract_published, extract_sitename, extract_title
from eventwire.extract.html_parse import parse_html

# Precision output shorter than this (characters) triggers the balanced-mode rescue
# (trafilatura's own min_extracted_size default is 250; tuned on the dev half: 200-500 equal).
RESCUE_MIN_CHARS = 250
# The rescue wins only when it is this much longer than the precision output.
RESCUE_GAIN = 1.5
# The fast result is suspect when the page's <p> text is this many times longer: trafilatura
# itself adopts readability's output when that is over 2x its own.  Dev half: any value in
# 1.2-4 gives output identical to always running the full sequence; 2 reruns 9 pages of 92.
FALLBACK_PROSE_RATIO = 2.0


@dataclass(frozen=True)
class HtmlExtraction:
    """Body text and page metadata of one HTML page."""

    text: str  # body only, paragraphs separated by "\n\n"
    title: str | None = None  # headline without site name / breadcrumb
    published: str | None = None  # ISO date from the page's own markup, else None
    sitename: str | None = None
    removed: list[str] = field(default_factory=list)  # blocks dropped by our post-filters ("why: text")
    method: str = "trafilatura"  # cascade step that won: "precision", "precision+rescue", "empty"
    is_listing: bool = False  # listing/index page: many headline links, no article body


def _trafilatura_body(tree: html.HtmlElement, url: str | None, **mode: bool) -> etree._Element | None:
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, with_metadata=False, **mode)
    return None if doc is None else doc.body


def _blocks_len(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _needs_fallback(tree: html.HtmlElement, body: etree._Element | None, blocks: list[Block]) -> bool:
    """Whether trafilatura's readability/justext comparison could change the fast result.

    The same general signals trafilatura's ``compare_extraction`` acts on, measured
    cheaply: a short result (justext rescue), page prose far longer than the result
    (readability wins), or a result with no paragraph or more tables than paragraphs
    (readability wins on "structurally deficient" output).
    """
    length = _blocks_len(blocks)
    if body is None or length < RESCUE_MIN_CHARS:
        return True
    paragraphs = len(body.findall(".//p"))
    if paragraphs == 0 or len(body.findall(".//table")) > paragraphs:
        return True
    prose = sum(len(p.text_content()) for p in tree.iter("p"))
    return prose > FALLBACK_PROSE_RATIO * length


def _extract(tree: html.HtmlElement, url: str | None) -> HtmlExtraction:
    method = "precision"
    body = _trafilatura_body(tree, url, favor_precision=True, fast=True)
    blocks = body_blocks(body)
    if _needs_fallback(tree, body, blocks):
        blocks = body_blocks(_trafilatura_body(tree, url, favor_precision=True))
    if _blocks_len(blocks) < RESCUE_MIN_CHARS:
        rescued = body_blocks(_trafilatura_body(tree, url))
        if _blocks_len(rescued) > RESCUE_GAIN * max(1, _blocks_len(blocks)):
            blocks, method = rescued, "precision+rescue"

    sitename = extract_sitename(tree)
    title = extract_title(tree, sitename)
    titles = [t for t in (title, tree.findtext(".//title")) if t]
    titles += [h.text_content() for h in tree.iter("h1")]

    context = PageContext(tree)
    post = Filter(context, titles)
    kept = post.run(blocks)
    paragraphs = [b.text for b in kept]
    return HtmlExtraction(
        text=blocks_text(kept),
        title=title,
        published=extract_published(tree, url),
        sitename=sitename,
        removed=post.removed,
        method=method,
        is_listing=is_listing_page(tree, paragraphs, context),
    )


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    """Body text, headline, date, site name and listing flag of one page.

    Raises:
        BadInput: the input is not a str, is far too large, or is binary data.
    """
    tree = parse_html(html)
    if tree is None:
        return HtmlExtraction(text="", method="empty")
    try:
        return _extract(tree, url)
    except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError) as err:
        raise BadInput(f"HTML could not be processed ({type(err).__name__}: {err})") from err
