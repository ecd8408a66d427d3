"""Which database, and what makes two documents the same article (pure functions: no database needed)."""

from __future__ import annotations

import pytest

from eventwire.errors import BadDatabaseUrl
from eventwire.model import RawDoc
from eventwire.store.identity import canonical_url, raw_hash
from eventwire.store.url import ENV_VAR, resolve_db_url


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("https://News.Example.COM/world/story/", "https://news.example.com/world/story"),
        ("https://news.example.com/a?utm_source=tw&utm_medium=social&id=7#comments", "https://news.example.com/a?id=7"),
        ("http://example.com:80/a?fbclid=XYZ&gclid=1", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a?page=2&utm_campaign=x", "https://example.com/a?page=2"),
        ("  ", None),
        (None, None),
    ],
)
def test_canonical_url(given: str | None, canonical: str | None) -> None:
    assert canonical_url(given) == canonical


def test_raw_hash_ignores_where_a_document_was_read_from_but_not_what_it_says() -> None:
    page = RawDoc(id="a", html="<p>Text</p>", source="/x/a.html")
    assert raw_hash(page) == raw_hash(RawDoc(id="b", html="<p>Text</p>", source="/y/b.html", crawled="2025-01-01"))
    assert raw_hash(page) != raw_hash(RawDoc(id="a", html="<p>Text.</p>"))
    assert raw_hash(page) != raw_hash(RawDoc(id="a", html="<p>Text</p>", url="https://example.com/a"))


def test_db_option_beats_environment_beats_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_db_url(None).render_as_string() == "sqlite:///eventwire.db"
    monkeypatch.setenv(ENV_VAR, "postgresql://postgres@127.0.0.1:5432/news")
    assert resolve_db_url(None).render_as_string() == "postgresql+psycopg://postgres@127.0.0.1:5432/news"
    assert resolve_db_url("sqlite:///other.db").render_as_string() == "sqlite:///other.db"


@pytest.mark.parametrize("bad", ["mysql://root@localhost/news", "not a url at all"])
def test_unsupported_database_urls_are_refused_clearly(bad: str) -> None:
    with pytest.raises(BadDatabaseUrl) as caught:
        resolve_db_url(bad)
    assert caught.value.code == "E503" and "sqlite:///" in caught.value.message
