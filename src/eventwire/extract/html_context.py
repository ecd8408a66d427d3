"""Where an extracted paragraph came from in the original page.

trafilatura's output keeps text but loses the page structure that tells
boilerplate apart: was the line a figure caption, inside a "related" or
"newsletter" box, made only of links?  We look each short output line up in
the untouched tree (built once, lazily, only when a filter asks) and report
those cheap structural signals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html

# Block-ish tags whose text a trafilatura output line usually equals.
_LOOKUP_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "figcaption",
    "caption",
    "blockquote",
    "dd",
    "dt",
    "td",
    "th",
    "div",
    "span",
)
_BLOCK_CHILD = frozenset({"p", "div", "ul", "ol", "table", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"})
# Only short lines are looked up: long ones are prose, never removed by structure alone.
MAX_LOOKUP_CHARS = 400
# How far up the tree a container's class/id still describes the line (tuned on the dev half: 4-8 equal).
MAX_ANCESTORS = 6
# Elements with more children than this are containers whose text is never one output line.
MAX_INDEX_CHILDREN = 30
# A class-matched container with more text than this is a layout wrapper (e.g. "content-with-comments").
MAX_BOX_CHARS = 1500

# Class/id words of containers that hold page furniture rather than the story.
BOILER_ATTR = re.compile(
    r"related|recirc|recommend|newsletter|subscri|signup|sign-up|share|sharing|social|promo|advert|sponsor"
    r"|byline|author|comment|breadcrumb|footer|more-stories|outbrain|taboola"
    r"|(?<![a-z])tags?(?![a-z])|post-meta|entry-meta|dateline|timestamp|credit",
    re.IGNORECASE,
)
CAPTION_ATTR = re.compile(r"caption|credit|wp-caption|image-?desc|photo-?desc", re.IGNORECASE)


def norm(text: str) -> str:
    """Lower-case, single-spaced text used as a lookup key (str.split: same whitespace as ``\\s``, 2x faster)."""
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Signals:
    """Structural facts about one output line in the original page."""

    found: bool = False
    caption: bool = False  # inside <figure>/<figcaption> or a caption/credit container
    boiler_attr: str | None = None  # the class/id word of a boilerplate container above it


class PageContext:
    """Lazy index from normalised element text to the first element that carries it."""

    def __init__(self, tree: html.HtmlElement | None) -> None:
        self._tree = tree
        self._index: dict[str, html.HtmlElement] | None = None
        # per container: (caption?, boilerplate word); lines of one box share it
        self._box_cache: dict[html.HtmlElement, tuple[bool, str | None]] = {}

    def _build(self) -> dict[str, html.HtmlElement]:
        index: dict[str, html.HtmlElement] = {}
        if self._tree is None:
            return index
        for el in self._tree.iter(*_LOOKUP_TAGS):
            children = len(el)
            if children > MAX_INDEX_CHILDREN:
                continue  # a container, not a line: skip its (costly) text
            if not children:  # most lines: the text is the element's own, no XPath string() call
                text = el.text or ""
            elif el.tag in ("div", "span") and next(el.iterchildren(*_BLOCK_CHILD), None) is not None:
                continue  # (iterchildren filters tags in C: no Python proxy per child)
            else:
                try:
                    text = el.text_content()
                except ValueError:
                    continue
            if 0 < len(text) <= MAX_LOOKUP_CHARS * 2:
                index.setdefault(norm(text), el)
        return index

    def element(self, line: str) -> html.HtmlElement | None:
        """The first page element whose whole text is this line, if any."""
        if len(line) > MAX_LOOKUP_CHARS * 2:
            return None
        if self._index is None:
            self._index = self._build()
        return self._index.get(norm(line))

    def signals(self, line: str) -> Signals:
        """Signals for an output line; ``found=False`` when the line cannot be traced back."""
        if len(line) > MAX_LOOKUP_CHARS:
            return Signals()
        if self._index is None:
            self._index = self._build()
        el = self._index.get(norm(line))
        if el is None:
            return Signals()
        caption = False
        boiler: str | None = None
        node = el
        for _ in range(MAX_ANCESTORS):
            if node is None or node.tag in ("body", "html", "article", "main"):
                break
            node_caption, node_boiler = self._box(node)
            caption = caption or node_caption
            boiler = boiler or node_boiler
            node = node.getparent()
        return Signals(found=True, caption=caption, boiler_attr=boiler)

    def _box(self, node: html.HtmlElement) -> tuple[bool, str | None]:
        """Whether a container is a caption, and its boilerplate class/id word (only for a small box).

        Memoised per element (the dict keeps the proxy alive, so identity holds):
        the lines of one box, and of one page, share their ancestors.
        """
        if node not in self._box_cache:
            attrs = f"{node.get('class', '')} {node.get('id', '')}"
            caption = node.tag in ("figure", "figcaption") or CAPTION_ATTR.search(attrs) is not None
            boiler = None
            if match := BOILER_ATTR.search(attrs):
                try:  # a big container with a matching class is a page wrapper, not a furniture box
                    if len(node.text_content()) <= MAX_BOX_CHARS:
                        boiler = match.group(0).lower()
                except ValueError:
                    pass
            self._box_cache[node] = (caption, boiler)
        return self._box_cache[node]

    def link_density(self, line: str) -> float:
        """Share of the line's characters that are link text in the page (0 when not found)."""
        el = self.element(line)
        if el is None:
            return 0.0
        if next(el.iterancestors("a"), None) is not None:
            return 1.0
        linked = sum(len(norm(a.text_content())) for a in el.iter("a"))
        return min(1.0, linked / (len(norm(line)) or 1))
