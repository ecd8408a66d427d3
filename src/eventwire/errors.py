"""Errors with stable codes, so a failed document says why in the output.

Codes: E1xx bad input (ingest), E2xx fetch refused, E3xx extraction, E9xx internal.
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
