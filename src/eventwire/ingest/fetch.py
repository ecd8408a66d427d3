"""The safe HTTP fetcher: one URL in, its bytes out, or an error that says why not.

Safety rules (``docs/architecture.md``): only http(s) to public addresses unless allowed
(:mod:`.netsafety`, enforced at connect time by :mod:`.transport`), redirects followed here one
hop at a time (each hop re-checked, at most ``max_redirects``, loops refused), a wall-clock
deadline for the whole fetch, a size cap on the decoded body (compressed bodies are inflated
in bounded steps, so a gzip bomb stops at the cap), only HTML/XML/text content, and a
``User-Agent: eventwire/<version>``. Conditional GET: pass the ETag / Last-Modified you kept.
"""

from __future__ import annotations

import email.utils
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpx
from pydantic import BaseModel, ConfigDict, Field

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
from eventwire.ingest.limits import MAX_DOC_BYTES, MIB, READ_CHUNK_BYTES
from eventwire.ingest.netsafety import AllowList, Resolver, check_url
from eventwire.ingest.transport import PinnedTransport, deadline, deadline_passed

USER_AGENT = f"eventwire/{__version__}"

# Media types the fetcher reads: pages, plain text, and XML of any kind (feeds come as rss+xml, x-rss+xml,
# atom+xml, rdf+xml, text/xml...). Anything else is refused unread.
READABLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/xml", "application/xml"})
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Content encodings inflated here (wbits for zlib); anything else (br, zstd) is not asked for and is refused.
_ENCODINGS = {"gzip": 31, "x-gzip": 31, "deflate": 15}


class FetchOptions(BaseModel):
    """How far the fetcher goes for one URL; the defaults suit news pages and feeds."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    allow: AllowList = Field(default_factory=AllowList)
    max_bytes: int = MAX_DOC_BYTES
    deadline_s: float = 30.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 15.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    ca_file: str | None = None
    """PEM file of the certificate authorities to trust instead of certifi's (a private CA)."""


@dataclass(frozen=True)
class FetchResponse:
    """A fetched body (status 200) or a "not modified" answer (304, empty body)."""

    url: str
    """The URL the body came from, after redirects."""
    status: int
    body: bytes
    media_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client that only does safe fetches; use as a context manager, one per thread.

    Args:
        options: caps, timeouts and the allow list.
        resolver: host name -> addresses; the system resolver by default (tests pass their own).
    """

    def __init__(self, options: FetchOptions | None = None, *, resolver: Resolver | None = None) -> None:
        self.options = options or FetchOptions()
        timeout = httpx.Timeout(self.options.read_timeout_s, connect=self.options.connect_timeout_s)
        self._client = httpx.Client(
            transport=PinnedTransport(self.options.allow, resolver, ca_file=self.options.ca_file),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.options.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        any_type: bool = False,
        max_bytes: int | None = None,
    ) -> FetchResponse:
        """GET ``url`` within the safety rules.

        Args:
            url: an http(s) URL.
            etag, last_modified: validators from an earlier response, for a conditional GET.
            any_type: accept any content type (robots.txt); by default only :func:`is_readable` ones.
            max_bytes: a smaller size cap than the options' one.

        Returns:
            the body (status 200) or an empty 304 response.

        Raises:
            FetchRefused: the URL, an address, a redirect, the size, the time or the content type
                broke a rule (subclasses say which).
            HttpStatusError: the server answered 4xx/5xx (``retry_after`` set from Retry-After).
            FetchFailed: DNS, connection or protocol failure.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        cap = min(max_bytes or self.options.max_bytes, self.options.max_bytes)
        with deadline(self.options.deadline_s):
            try:
                return self._follow(check_url(url, self.options.allow), headers, cap, any_type)
            except httpx.TimeoutException as exc:
                if deadline_passed():
                    raise FetchDeadline(f"gave up after {self.options.deadline_s:g} s: {url}") from None
                raise FetchFailed(f"timed out ({type(exc).__name__}): {url}") from None
            except httpx.InvalidURL as exc:
                raise FetchRefused(f"invalid URL {url!r}: {exc}") from None
            except httpx.HTTPError as exc:
                raise FetchFailed(f"network error ({type(exc).__name__}: {exc}): {url}") from None

    def _follow(self, url: httpx.URL, headers: dict[str, str], cap: int, any_type: bool) -> FetchResponse:
        """Follow redirects one hop at a time, each hop checked like the first URL."""
        visited = {str(url)}
        for _ in range(self.options.max_redirects + 1):
            response = self._client.send(self._client.build_request("GET", url, headers=headers), stream=True)
            try:
                if response.status_code not in _REDIRECTS:
                    return self._finish(response, url, cap, any_type)
                location = response.headers.get("location")
                if not location:
                    raise HttpStatusError(
                        f"HTTP {response.status_code} redirect without a Location: {url}", status=response.status_code
                    )
            finally:
                response.close()
            target = check_url(url.join(location), self.options.allow)
            if str(target) in visited:
                raise TooManyRedirects(f"redirect loop: {url} -> {target}")
            visited.add(str(target))
            url = target
        raise TooManyRedirects(f"more than {self.options.max_redirects} redirects, last to {url}")

    def _finish(self, response: httpx.Response, url: httpx.URL, cap: int, any_type: bool) -> FetchResponse:
        status = response.status_code
        if status >= 400:
            raise HttpStatusError(
                f"HTTP {status} {response.reason_phrase} from {url}",
                status=status,
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        media_type, charset = _content_type(response.headers.get("content-type"))
        validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
        if status == 304:
            return FetchResponse(url=str(url), status=304, body=b"", **validators)
        if status != 200:
            raise HttpStatusError(f"HTTP {status} {response.reason_phrase} (not a page) from {url}", status=status)
        if not any_type and media_type is not None and not is_readable(media_type):
            raise UnwantedContent(f"content type {media_type} is not HTML, XML or text: {url}")
        body = _read_body(response, cap, url)
        return FetchResponse(url=str(url), status=200, body=body, media_type=media_type, charset=charset, **validators)


def _read_body(response: httpx.Response, cap: int, url: httpx.URL) -> bytes:
    """The decoded body, refused as soon as it passes ``cap`` bytes (before or after decompression)."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", *_ENCODINGS):
        raise UnwantedContent(f"content encoding {encoding} is not supported: {url}")
    declared = response.headers.get("content-length", "")
    if encoding in ("identity", "") and declared.isdigit() and int(declared) > cap:
        raise ResponseTooLarge(f"body is {int(declared) / MIB:.1f} MiB, over the {cap / MIB:g} MiB limit: {url}")
    inflate = zlib.decompressobj(_ENCODINGS[encoding]) if encoding in _ENCODINGS else None
    body = bytearray()
    try:
        for chunk in response.iter_raw(READ_CHUNK_BYTES):
            pending = chunk
            while pending:
                if inflate is None:
                    body += pending
                    pending = b""
                else:
                    body += inflate.decompress(pending, cap + 1 - len(body))
                    pending = inflate.unconsumed_tail
                    if inflate.eof and encoding != "deflate":  # gzip allows several members one after another
                        pending, inflate = inflate.unused_data, zlib.decompressobj(_ENCODINGS[encoding])
                if len(body) > cap:
                    raise ResponseTooLarge(f"body is over the {cap / MIB:g} MiB limit (stopped reading): {url}")
    except zlib.error as exc:
        raise FetchFailed(f"broken {encoding} body ({exc}): {url}") from None
    return bytes(body)


def is_readable(media_type: str) -> bool:
    """True for the media types the fetcher reads: HTML, plain text, XML (feeds)."""
    return media_type in READABLE_TYPES or media_type.endswith("+xml")


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``; ``(None, None)`` when absent."""
    if not header:
        return None, None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in params if p.lower().startswith("charset=")), None)
    return media_type.lower() or None, charset or None


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


def utc_now_iso() -> str:
    """The time now as ISO 8601 in UTC, for ``RawDoc.crawled``."""
    return datetime.now(UTC).isoformat(timespec="seconds")
