"""The safe fetcher against real HTTP servers: what it fetches, and each thing it refuses."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import tracemalloc
from collections.abc import Callable

import pytest

from eventwire import __version__
from eventwire.errors import (
    FetchDeadline,
    FetchFailed,
    FetchRefused,
    HttpStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnwantedContent,
)
from eventwire.ingest.fetch import Fetcher, FetchOptions
from eventwire.ingest.limits import MAX_DOC_BYTES, MIB
from eventwire.ingest.netsafety import AllowList

from .conftest import Hit, Reply, Site, dribble

PAGE = "<html><head><title>Flood</title></head><body><p>Río Grande flooded.</p></body></html>".encode()


def test_fetches_a_page_with_its_type_charset_and_user_agent(site: Site, fetcher: Fetcher) -> None:
    url = site.route("/news/1", Reply(body=PAGE, headers={"Content-Type": "text/html; charset=UTF-8", "ETag": '"v1"'}))
    response = fetcher.fetch(url)
    assert (response.status, response.body, response.url) == (200, PAGE, url)
    assert (response.media_type, response.charset, response.etag) == ("text/html", "UTF-8", '"v1"')
    assert site.hits[0].headers["user-agent"] == f"eventwire/{__version__}"


def test_conditional_get_gets_not_modified(site: Site, fetcher: Fetcher) -> None:
    def feed(hit: Hit) -> Reply:
        if hit.headers.get("if-none-match") == '"v1"':
            return Reply(304, {"ETag": '"v1"'})
        return Reply(body=PAGE, headers={"Content-Type": "text/html", "ETag": '"v1"'})

    url = site.route("/feed", feed)
    first = fetcher.fetch(url)
    again = fetcher.fetch(url, etag=first.etag, last_modified="Mon, 06 May 2024 10:00:00 GMT")
    assert again.not_modified and again.body == b""
    assert site.hits[1].headers["if-modified-since"] == "Mon, 06 May 2024 10:00:00 GMT"


# --- addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "localhost", "[::ffff:127.0.0.1]"])
def test_loopback_in_any_form_is_refused_without_a_request(site: Site, host: str) -> None:
    url = site.route("/", Reply(body=PAGE))
    with Fetcher() as fetcher, pytest.raises(FetchRefused, match="loopback") as refused:
        fetcher.fetch(url.replace("127.0.0.1", host))
    assert refused.value.code == "E200"
    assert site.hits == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1"])
def test_numeric_forms_connect_to_the_address_they_name(site: Site, fetcher: Fetcher, host: str) -> None:
    url = site.route("/", Reply(body=PAGE))
    assert fetcher.fetch(url.replace("127.0.0.1", host)).body == PAGE  # allowed 127.0.0.1, reached 127.0.0.1
    assert site.hits[0].headers["host"] == f"{host}:{site.port}"


def test_connects_to_the_address_it_checked(site: Site, allow_local: AllowList) -> None:
    """The name is resolved once, by the check, and that very address is connected to (no DNS rebinding)."""
    answers = iter([[ipaddress.ip_address("127.0.0.1")], [ipaddress.ip_address("10.0.0.1")]])
    asked: list[str] = []

    def rebinding_dns(host: str, port: int) -> list:
        asked.append(host)
        return next(answers)

    site.route("/", Reply(body=PAGE))
    with Fetcher(FetchOptions(allow=allow_local), resolver=rebinding_dns) as fetcher:
        assert fetcher.fetch(f"http://news.test:{site.port}/").body == PAGE
    assert asked == ["news.test"]
    assert site.hits[0].headers["host"] == f"news.test:{site.port}"


def test_https_checks_the_certificate_against_the_name_not_the_pinned_address(
    tls_site: Site, certificate: tuple[str, str], allow_local: AllowList
) -> None:
    tls_site.route("/", Reply(body=PAGE))
    options = FetchOptions(allow=allow_local, ca_file=certificate[0])
    with Fetcher(options, resolver=lambda host, port: [ipaddress.ip_address("127.0.0.1")]) as fetcher:
        assert fetcher.fetch(f"https://news.test:{tls_site.port}/").body == PAGE
        with pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY_FAILED"):
            fetcher.fetch(f"https://127.0.0.1:{tls_site.port}/")  # the certificate does not name 127.0.0.1
    with Fetcher(FetchOptions(allow=allow_local)) as strict, pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY"):
        strict.fetch(f"https://127.0.0.1:{tls_site.port}/")  # an unknown CA


def test_redirect_to_an_address_not_allowed_is_refused(site: Site, other_site: Site, fetcher: Fetcher) -> None:
    other_site.route("/secret", Reply(body=b"internal"))
    url = site.route("/go", Reply(302, {"Location": other_site.url("/secret")}))
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.2 is a loopback address"):
        fetcher.fetch(url)
    assert other_site.hits == []


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("file:///etc/passwd", "only http and https"),
        ("http://admin@10.0.0.1/", "user name"),
    ],
)
def test_each_redirect_hop_is_checked(site: Site, fetcher: Fetcher, location: str, reason: str) -> None:
    url = site.route("/go", Reply(301, {"Location": location}))
    with pytest.raises(FetchRefused, match=reason):
        fetcher.fetch(url)


def test_redirects_are_followed_up_to_the_limit(site: Site, fetcher: Fetcher) -> None:
    for n in range(1, 6):
        site.route(f"/r{n}", Reply(307, {"Location": f"/r{n + 1}"}))
    site.route("/r6", Reply(body=PAGE))
    assert fetcher.fetch(site.url("/r1")).url == site.url("/r6")  # five redirects: fine
    site.route("/r0", Reply(302, {"Location": "/r1"}))
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetcher.fetch(site.url("/r0"))


def test_redirect_loop_is_refused(site: Site, fetcher: Fetcher) -> None:
    site.route("/a", Reply(302, {"Location": "/b"}))
    site.route("/b", Reply(302, {"Location": "/a"}))
    with pytest.raises(TooManyRedirects, match="redirect loop") as refused:
        fetcher.fetch(site.url("/a"))
    assert refused.value.code == "E602"
    assert site.paths() == ["/a", "/b"]


# --- size, time, content --------------------------------------------------------------------------


def test_declared_oversized_body_is_refused_before_reading(site: Site, allow_local: AllowList) -> None:
    url = site.route("/big", Reply(headers={"Content-Type": "text/html", "Content-Length": str(50 * MIB)}, body=[]))
    with Fetcher(FetchOptions(allow=allow_local)) as fetcher, pytest.raises(ResponseTooLarge, match=r"50\.0 MiB"):
        fetcher.fetch(url)


def test_streamed_body_is_cut_at_the_cap(site: Site, allow_local: AllowList) -> None:
    """No Content-Length and no end: reading stops just past the cap."""

    def endless_chunks():
        while True:
            yield b"<p>" + b"x" * 65536 + b"</p>"

    url = site.route("/stream", Reply(headers={"Content-Type": "text/html"}, body=endless_chunks()))
    options = FetchOptions(allow=allow_local, max_bytes=MIB, deadline_s=60)
    with Fetcher(options) as fetcher, pytest.raises(ResponseTooLarge, match="over the 1 MiB limit"):
        fetcher.fetch(url)


def raised_within(seconds: float, call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; the exception it ended with. Fails (rather than hangs) if it runs on."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def test_page_that_never_ends_is_cut_by_the_deadline(site: Site, allow_local: AllowList) -> None:
    url = site.route("/drip", Reply(headers={"Content-Type": "text/html"}, body=dribble(0.05)))
    options = FetchOptions(allow=allow_local, deadline_s=0.5, read_timeout_s=60)
    with Fetcher(options) as fetcher:
        error = raised_within(20, lambda: fetcher.fetch(url))  # long before the 60 s read timeout could act
    assert isinstance(error, FetchDeadline) and error.code == "E604"
    assert "gave up after 0.5 s" in error.message


def test_headers_that_never_end_are_cut_by_the_deadline(site: Site, allow_local: AllowList) -> None:
    """A server that trickles its header lines: the deadline covers the whole exchange, not just the body."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.wait(0.05):
            try:
                conn.sendall(b"X-Slow: y\r\n")
            except OSError:
                break
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    options = FetchOptions(allow=allow_local, deadline_s=0.5, read_timeout_s=60)
    try:
        with Fetcher(options) as fetcher:
            error = raised_within(20, lambda: fetcher.fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/"))
        assert isinstance(error, FetchDeadline)
    finally:
        stop.set()
        listener.close()


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GiB of zeros as 1,024 gzip members of 1 MiB each: about 1 MB on the wire."""
    member = gzip.compress(b"\0" * MIB, compresslevel=9)
    return member * 1024


def test_gzip_bomb_stops_at_the_cap_with_bounded_memory(site: Site, fetcher: Fetcher, gzip_bomb: bytes) -> None:
    url = site.route("/bomb", Reply(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, body=gzip_bomb))
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge, match="over the 10 MiB limit"):
            fetcher.fetch(url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_DOC_BYTES  # the cap and a chunk, not a gigabyte


def test_gzip_body_is_decoded(site: Site, fetcher: Fetcher) -> None:
    url = site.route(
        "/gz", Reply(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, body=gzip.compress(PAGE))
    )
    assert fetcher.fetch(url).body == PAGE


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Content-Type": "image/png"}, "content type image/png"),
        ({"Content-Type": "application/pdf"}, "content type application/pdf"),
        ({"Content-Type": "text/html", "Content-Encoding": "br"}, "content encoding br"),
    ],
)
def test_content_it_does_not_read_is_refused(site: Site, fetcher: Fetcher, headers: dict, reason: str) -> None:
    url = site.route("/file", Reply(headers=headers, body=b"\x89PNG\r\n\x1a\n"))
    with pytest.raises(UnwantedContent, match=reason):
        fetcher.fetch(url)


# --- failures -------------------------------------------------------------------------------------


def test_error_status_carries_retry_after(site: Site, fetcher: Fetcher) -> None:
    busy = site.route("/busy", Reply(503, {"Retry-After": "7", "Content-Type": "text/plain"}, b"later"))
    with pytest.raises(HttpStatusError, match="HTTP 503") as failed:
        fetcher.fetch(busy)
    assert (failed.value.status, failed.value.retry_after, failed.value.transient) == (503, 7.0, True)
    with pytest.raises(HttpStatusError) as missing:
        fetcher.fetch(site.url("/nothing-here"))
    assert (missing.value.status, missing.value.transient, missing.value.code) == (404, False, "E601")


def test_server_that_is_down_is_a_network_failure(fetcher: Fetcher) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    with pytest.raises(FetchFailed, match="network error") as failed:
        fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert failed.value.code == "E600"


def test_retry_after_as_an_http_date() -> None:
    from datetime import UTC, datetime

    from eventwire.ingest.fetch import retry_after_seconds

    now = datetime(2015, 10, 21, 7, 27, 0, tzinfo=UTC).timestamp()
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 60.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:20:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon", now=now) is None
