"""Feeds read with feedparser: entries, order, caps, broken feeds, feed lists, and feed files in read_inputs."""

from __future__ import annotations

import gzip
import shutil
import tracemalloc
from pathlib import Path

import pytest

from eventwire.errors import BadFeed, BadFeedList
from eventwire.ingest import read_inputs
from eventwire.ingest.feeds import parse_feed, read_feed_list
from eventwire.model import ErrorRecord, RawDoc

FIXTURES = Path(__file__).parent / "fixtures"


def huge_feed(n: int, base: str = "https://big.example") -> bytes:
    """An RSS feed of ``n`` minimal items, newest first (item 0 is the newest)."""
    items = "".join(f"<item><title>Item {i}</title><link>{base}/a/{i}</link></item>" for i in range(n))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


def test_rss_entries_newest_first_with_content_and_dates() -> None:
    feed = parse_feed((FIXTURES / "wire.rss").read_bytes(), url="https://wire.example/world.rss")
    assert feed.title == "Wire: world news"
    assert [e.link for e in feed.entries] == [
        "https://wire.example/world/turkey-quake",  # 7 May 05:30 UTC
        "https://wire.example/world/porto-alegre-floods",  # 6 May
        "https://wire.example/world/geneva-talks",  # undated: last
    ]
    quake, floods, talks = feed.entries
    assert quake.published == "2024-05-07T05:30:00+00:00"
    assert floods.id == "wire-2024-0506-001"
    assert floods.html.startswith("<p>PORTO ALEGRE, Brazil (Reuters)")  # content:encoded beats the description
    assert "Sebastião Melo" in floods.html
    assert "Kahramanmaraş" in quake.html
    assert (talks.html, talks.text) == (None, None)
    assert feed.problem is None and feed.skipped == 0


def test_atom_relative_links_resolve_against_the_base() -> None:
    (entry,) = parse_feed((FIXTURES / "wire.atom").read_bytes()).entries
    assert entry.link == "https://agency.example/news/tbilisi-rally"
    assert (entry.id, entry.published) == ("urn:agency:1", "2024-05-08T11:00:00+00:00")
    assert "foreign agents" in entry.html


def test_rss1_rdf_feed() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://old.example/"><title>Old school</title><link>https://old.example/</link>
    <items><rdf:Seq><rdf:li resource="https://old.example/1"/></rdf:Seq></items></channel>
  <item rdf:about="https://old.example/1"><title>One</title><link>https://old.example/1</link>
    <description>Still here.</description></item>
</rdf:RDF>"""
    (entry,) = parse_feed(rdf).entries
    assert (entry.link, entry.title) == ("https://old.example/1", "One")


def test_feed_of_100000_items_is_cut_to_the_cap_with_bounded_memory() -> None:
    data = huge_feed(100_000)
    tracemalloc.start()
    try:
        feed = parse_feed(data, max_items=200)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(feed.entries) == 200
    assert feed.skipped == 99_800
    assert [e.link for e in feed.entries[:2]] == ["https://big.example/a/0", "https://big.example/a/1"]
    assert feed.problem is None  # the cut keeps the document well-formed
    assert peak < 4 * len(data)  # feedparser on all 100,000 items holds over 100 MB


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01garbage that is not XML at all", "not an RSS/Atom feed"),
        (b"<html><body><p>We moved!</p></body></html>", "not an RSS/Atom feed"),
        (b"", "not an RSS/Atom feed"),
        (b'{"items": []}', "not an RSS/Atom feed"),
    ],
)
def test_garbage_is_not_a_feed(data: bytes, reason: str) -> None:
    with pytest.raises(BadFeed, match=reason) as bad:
        parse_feed(data)
    assert bad.value.code == "E610"


def test_truncated_feed_keeps_what_it_can_and_says_it_is_broken() -> None:
    feed = parse_feed((FIXTURES / "truncated.rss").read_bytes())
    assert feed.entries[0].link == "https://cut.example/1"
    assert feed.problem and "SAXParseException" in feed.problem


# --- feed lists -------------------------------------------------------------------------------------


def test_feed_list_text_file(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# world news\nhttps://wire.example/world.rss\n\n  https://agency.example/feed.atom  # the agency\n"
        "https://wire.example/world.rss\n",
        encoding="utf-8",
    )
    assert read_feed_list(listing) == ["https://wire.example/world.rss", "https://agency.example/feed.atom"]


def test_feed_list_opml_nested_and_deduplicated() -> None:
    assert read_feed_list(FIXTURES / "feeds.opml") == [
        "https://wire.example/world.rss",
        "https://agency.example/feed.atom",
    ]


def test_opml_entity_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.opml"
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 9))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY lol0 "lol">{lol}]>'
        '<opml><body><outline xmlUrl="https://ok.example/feed" text="&lol8;"/></body></opml>',
        encoding="utf-8",
    )
    with pytest.raises(BadFeedList, match=r"broken OPML.*amplification"):
        read_feed_list(bomb)


@pytest.mark.parametrize(
    ("content", "reason"), [("# nothing here\n\n", "no feed URLs"), ("<opml><body><outline", "broken OPML")]
)
def test_bad_feed_lists(tmp_path: Path, content: str, reason: str) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(content, encoding="utf-8")
    with pytest.raises(BadFeedList, match=reason):
        read_feed_list(listing)
    with pytest.raises(BadFeedList, match="cannot read"):
        read_feed_list(tmp_path / "missing.txt")


# --- feed files through read_inputs ---------------------------------------------------------------------


def test_read_inputs_turns_each_feed_entry_into_a_document(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "wire.rss", tmp_path / "wire.xml")
    items = list(read_inputs([tmp_path / "wire.xml"]))
    quake, floods, talks = items
    assert isinstance(floods, RawDoc) and isinstance(quake, RawDoc)
    assert floods.id == "wire-2024-0506-001"  # the guid
    assert floods.url == "https://wire.example/world/porto-alegre-floods"
    assert floods.title == "Floods force evacuation of 2,000 residents in Porto Alegre"
    assert floods.published == "2024-05-06T10:00:00+00:00"
    assert floods.source == str(tmp_path / "wire.xml")
    assert "forcing about 2,000 residents" in floods.html
    assert quake.id == "https://wire.example/world/turkey-quake"  # no guid: the link
    assert isinstance(talks, ErrorRecord)
    assert (talks.id, talks.code) == ("https://wire.example/world/geneva-talks", "E612")
    assert "no content" in talks.error


def test_read_inputs_reads_atom_and_gzipped_feeds_among_other_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "wire.atom", tmp_path / "a_agency.atom")
    (tmp_path / "b_wire.rss.gz").write_bytes(gzip.compress((FIXTURES / "wire.rss").read_bytes()))
    (tmp_path / "c_page.html").write_text("<html><body><p>An ordinary page.</p></body></html>", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["RawDoc", "RawDoc", "RawDoc", "ErrorRecord", "RawDoc"]
    assert items[0].url == "https://agency.example/news/tbilisi-rally"
    assert items[-1].id == "c_page" and "ordinary page" in items[-1].html


def test_broken_feed_file_gives_its_entries_and_an_error_record(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "truncated.rss", tmp_path / "cut.rss")
    (tmp_path / "garbage.xml").write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti')
    items = list(read_inputs([tmp_path / "cut.rss", tmp_path / "garbage.xml"]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert docs[0].url == "https://cut.example/1" and "arrived whole" in docs[0].html
    assert {(e.id, e.code) for e in errors} >= {("cut", "E610"), ("garbage", "E610")}
    assert all("broken feed" in e.error or "not an RSS/Atom feed" in e.error for e in errors if e.code == "E610")
