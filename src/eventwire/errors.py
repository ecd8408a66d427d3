"""Errors with stable codes, so a failed document says why in the output.

Codes: E1xx bad input (ingest), E2xx fetch refused, E3xx extraction, E5xx store, E6xx network
and feeds, E7xx API responses (``api/errors.py``), E8xx Spark set-up (``scale/runtime.py``), E9xx
internal.
Warnings are plain strings prefixed ``W`` and travel in ``Result.warnings``.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base error: a code that stays stable across versions and a human message."""

    code = "E900"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class BadInput(EventwireError):
    """The document cannot be read as text or HTML (binary, empty, too big, broken)."""

    code = "E100"


class UnreadableSource(BadInput):
    """A path, archive or stream that yields no documents at all."""

    code = "E110"


class FetchRefused(EventwireError):
    """The fetcher's safety rules refused a URL (scheme, address, size, time)."""

    code = "E200"


class NotAnArticle(EventwireError):
    """The page is a listing, index or empty shell, not one article."""

    code = "E300"


# Warning codes (kept here so every message has one home).
W_LISTING = "W301"
W_NO_DATE = "W302"
W_CRAWL_DATE = "W303"
W_ENCODING_GUESSED = "W101"
W_TRUNCATED = "W102"
W_NO_MODEL = "W401"


# E5xx: the store (database) could not do what was asked; nothing half-written is left behind.
class StoreError(EventwireError):
    """The database refused an operation (the transaction was rolled back)."""

    code = "E500"


class StoreUnavailable(StoreError):
    """The database stayed locked or unreachable for longer than the caller would wait."""

    code = "E501"


class StoreSchemaError(StoreError):
    """The database schema is not one this eventwire knows (newer, or not an eventwire database)."""

    code = "E502"


class BadDatabaseUrl(StoreError):
    """The database URL cannot be used (unknown driver, malformed)."""

    code = "E503"


# --- E6xx: network and feeds (fetcher, feed reader, feed watcher) ---------------------------------
# Refusals to keep reading (redirects, size, time, content, robots) are FetchRefused subclasses;
# failures of the network or the server are FetchFailed, which the watcher retries with backoff.


class FetchFailed(EventwireError):
    """The network or the server failed (DNS, connection, reset, timeout): worth retrying later."""

    code = "E600"


class HttpStatusError(FetchFailed):
    """The server answered with an error status; 429 and 5xx are transient, other 4xx are not."""

    code = "E601"

    def __init__(self, message: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        return self.status == 429 or self.status >= 500


class TooManyRedirects(FetchRefused):
    """A redirect chain longer than the fetcher follows, or one that loops."""

    code = "E602"


class ResponseTooLarge(FetchRefused):
    """A body (after decompression) over the size cap: stopped reading, nothing kept."""

    code = "E603"


class FetchDeadline(FetchRefused):
    """The whole fetch took longer than its wall-clock deadline (a page that never ends)."""

    code = "E604"


class UnwantedContent(FetchRefused):
    """A content type or content encoding the fetcher does not read (images, PDFs, brotli)."""

    code = "E605"


class RobotsDisallowed(FetchRefused):
    """The site's robots.txt does not let eventwire fetch this page."""

    code = "E606"


class BadFeed(BadInput):
    """Bytes that are not an RSS/Atom feed, or a feed too broken to read all of it."""

    code = "E610"


class BadFeedList(UnreadableSource):
    """A feed list file (URLs or OPML) that cannot be read or names no feed."""

    code = "E611"


class EmptyFeedEntry(BadInput):
    """A feed entry with a link and title but no content: its page must be fetched (``eventwire watch``)."""

    code = "E612"
