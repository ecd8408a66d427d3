"""``eventwire watch --once`` end to end: a real feed server, the real pipeline, a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store.engine import make_engine, read_connection
from eventwire.store.queries import table_counts

from .conftest import Hit, Reply, Site

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "pages"
runner = CliRunner()


def test_watch_once_stores_new_pages_then_finds_nothing_new(site: Site, tmp_path: Path) -> None:
    article = (PAGES / "article.html").read_bytes()
    nested = (PAGES / "sub" / "nested.htm").read_bytes()
    site.route("/robots.txt", Reply(404, {"Content-Type": "text/plain"}, b""))
    site.route("/world/floods", Reply(body=article))
    site.route("/world/other", Reply(body=nested))
    site.route("/world/gone", Reply(404, {"Content-Type": "text/html"}, b"<html>gone</html>"))
    links = ("/world/floods", "/world/other", "/world/gone")
    items = "".join(f"<item><title>t</title><link>{site.url(p)}</link></item>" for p in links)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>{items}</channel></rss>'.encode()

    def feed(hit: Hit) -> Reply:
        if hit.headers.get("if-modified-since") == "Mon, 06 May 2024 10:00:00 GMT":
            return Reply(304, {})
        return Reply(
            headers={"Content-Type": "application/rss+xml", "Last-Modified": "Mon, 06 May 2024 10:00:00 GMT"}, body=body
        )

    site.route("/feed.xml", feed)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feed\n{site.url('/feed.xml')}\n", encoding="utf-8")
    db = tmp_path / "news.db"
    args = ["watch", str(feeds), "--once", "--db", f"sqlite:///{db}", "--allow-host", "127.0.0.1", "--min-delay", "0"]

    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output  # one page is gone (404): stored as an error, exit 1
    assert "[E601] HTTP 404" in first.output
    with read_connection(make_engine(f"sqlite:///{db}")) as conn:
        counts = table_counts(conn=conn)
    assert counts["articles"] == 2
    assert counts["ingest_errors"] == 1
    state = json.loads((tmp_path / "news.db.watch.json").read_text("utf-8"))
    assert sorted(state["seen"]) == sorted(site.url(p) for p in links)

    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "(1 not modified)" in second.output
    with read_connection(make_engine(f"sqlite:///{db}")) as conn:
        assert table_counts(conn=conn) == counts
    assert [h.path for h in site.hits].count("/world/floods") == 1


def test_watch_refuses_loopback_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.route("/feed.xml", Reply(body=b"<rss/>"))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(feeds), "--once", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1
    assert "[E200]" in result.output and "loopback" in result.output
    assert site.hits == []


def test_watch_with_an_unreadable_feed_list_exits_2(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# nothing yet\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(feeds), "--once", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "[E611]" in result.output
