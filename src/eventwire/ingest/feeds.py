"""RSS, Atom and RDF feeds (read with feedparser) and feed list files (URLs or OPML).

Two users: :func:`read_feed_file` turns a feed file given to ``read_inputs`` into one RawDoc
per entry, and the watcher reads feeds it fetched with :func:`parse_feed`, which can keep only
the first ``max_items`` entries. feedparser builds every entry in memory (about 0.1 ms and
2 KB each), so a feed of 100,000 items is cut to its first ``max_items`` before parsing: feeds
list newest first, and what is cut is counted and reported, not silently lost.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time
from typing import Any

import feedparser
from lxml import etree

from eventwire.errors import BadFeed, BadFeedList, BadInput, EmptyFeedEntry
from eventwire.ingest.document import GZIP_ERRORS, error_record
from eventwire.ingest.streams import read_capped
from eventwire.model import ErrorRecord, RawDoc

# Problems feedparser flags that do not lose any entry: a wrong declared charset, a non-XML content type.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_COMMENT = "#"


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: where it links to and what the feed itself says about it."""

    id: str | None
    link: str | None
    title: str | None = None
    published: str | None = None
    html: str | None = None
    text: str | None = None


@dataclass
class ParsedFeed:
    """A feed's entries (newest first when dated), how many were cut, and what feedparser complained about."""

    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0
    problem: str | None = None


def parse_feed(
    data: bytes, *, url: str | None = None, content_type: str | None = None, max_items: int | None = None
) -> ParsedFeed:
    """Read a feed's entries from its bytes.

    Args:
        data: the feed document.
        url: where it came from, so relative links resolve against it.
        content_type: the HTTP Content-Type, if any (it may name the charset).
        max_items: keep only the first entries; ``skipped`` counts the rest.

    Returns:
        the entries, newest first (undated ones after the dated, in feed order); ``problem`` is
        set when the feed is broken but some entries could still be read.

    Raises:
        BadFeed: the bytes are not a feed, or nothing could be read from them.
    """
    data, skipped = _first_items(data, max_items) if max_items is not None else (data, 0)
    headers = {key: value for key, value in (("content-location", url), ("content-type", content_type)) if value}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    problem = _problem(parsed)
    if not parsed.entries and (problem or not parsed.get("version")):
        raise BadFeed(f"not an RSS/Atom feed: {problem or 'no feed element found'}")
    entries = [_entry(e) for e in parsed.entries]
    if max_items is not None and len(entries) > max_items:  # the byte cut missed (an unusual tag layout)
        skipped += len(entries) - max_items
        entries = entries[:max_items]
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published or "", reverse=True)
    entries = dated + [e for e in entries if not e.published]  # ISO dates in UTC sort as text
    return ParsedFeed(title=parsed.feed.get("title"), entries=entries, skipped=skipped, problem=problem)


def _first_items(data: bytes, max_items: int) -> tuple[bytes, int]:
    """The feed with only its first ``max_items`` items/entries, and how many were cut.

    Cuts the bytes between the end of item ``max_items`` and the end of the last item, so the
    channel header and the closing tags stay and the document remains well-formed.
    """
    if max_items < 1:
        raise ValueError("max_items must be at least 1")
    ends = [m.end() for m in _ITEM_END.finditer(data)]
    if len(ends) <= max_items:
        return data, 0
    return data[: ends[max_items - 1]] + data[ends[-1] :], len(ends) - max_items


def _problem(parsed: Any) -> str | None:
    """feedparser's complaint (``bozo_exception``) unless it is harmless."""
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is None or isinstance(error, _HARMLESS):
        return None
    return f"{type(error).__name__}: {error}"


def _entry(entry: Any) -> FeedEntry:
    body, is_html = _body(entry)
    return FeedEntry(
        id=entry.get("id") or None,
        link=entry.get("link") or None,
        title=entry.get("title") or None,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        html=body if is_html else None,
        text=None if is_html else body,
    )


def _body(entry: Any) -> tuple[str | None, bool]:
    """The longest of the entry's content blocks (content:encoded, Atom content), else its summary."""
    blocks = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        blocks.append((entry.summary, (entry.get("summary_detail") or {}).get("type") or "text/html"))
    blocks = [(value, kind) for value, kind in blocks if value.strip()]
    if not blocks:
        return None, True
    value, kind = max(blocks, key=lambda block: len(block[0]))
    return value, "html" in kind


def _iso(when: struct_time | None) -> str | None:
    if not when:
        return None
    try:
        return datetime(*when[:6], tzinfo=UTC).isoformat()
    except ValueError:
        return None


# --- feed files given to read_inputs -----------------------------------------------------------------


def read_feed_file(path: str, *, base_id: str, gzipped: bool = False) -> Iterator[RawDoc | ErrorRecord]:
    """One RawDoc per entry of a feed file; a broken feed adds an ErrorRecord and the readable entries still come."""
    try:
        with gzip.open(path, "rb") if gzipped else open(path, "rb") as stream:
            data = read_capped(stream)
        feed = parse_feed(data)
    except (BadInput, *GZIP_ERRORS, OSError) as exc:
        yield error_record(base_id, path, exc)
        return
    for index, entry in enumerate(feed.entries):
        doc_id = entry.id or entry.link or f"{base_id}#{index + 1}"
        if entry.html is None and entry.text is None:
            problem = EmptyFeedEntry(f"feed entry {entry.link or doc_id} has no content, only a link and title")
            yield error_record(doc_id, path, problem)
            continue
        yield RawDoc(
            id=doc_id, url=entry.link, title=entry.title, published=entry.published,
            html=entry.html, text=entry.text, source=path,
        )  # fmt: skip
    if feed.problem:
        yield error_record(base_id, path, BadFeed(f"broken feed, read {len(feed.entries)} entries: {feed.problem}"))


# --- feed lists for the watcher ------------------------------------------------------------------------


def read_feed_list(path: str | os.PathLike[str]) -> list[str]:
    """The feed URLs in a list file: one URL per line (``#`` comments, blank lines) or OPML.

    Duplicates are dropped, order kept. Raises ``BadFeedList`` for a file that cannot be read or
    names no feed.
    """
    try:
        with open(path, "rb") as stream:
            data = read_capped(stream)
    except (BadInput, OSError) as exc:
        raise BadFeedList(f"cannot read feed list {path}: {exc}") from None
    text = data.decode("utf-8-sig", errors="replace")
    urls = _opml_urls(data, path) if text.lstrip().startswith("<") else _listed_urls(text)
    if not urls:
        raise BadFeedList(f"no feed URLs in {path}")
    return list(dict.fromkeys(urls))


def _listed_urls(text: str) -> list[str]:
    lines = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith(_COMMENT)]


def _opml_urls(data: bytes, path: str | os.PathLike[str]) -> list[str]:
    """``xmlUrl`` of every ``<outline>`` (nested folders too); entities are not expanded, nothing is loaded."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BadFeedList(f"broken OPML in {path}: {exc}") from None
    found = []
    for outline in root.iter("outline"):
        url = next((value for key, value in outline.attrib.items() if key.lower() == "xmlurl"), "").strip()
        if url:
            found.append(url)
    return found
