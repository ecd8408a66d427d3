"""Turn one document's bytes into a RawDoc, and a failure into an ErrorRecord."""

from __future__ import annotations

import gzip
import zlib
from typing import Literal

from eventwire.errors import BadInput, EventwireError, UnreadableSource
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.sniff import looks_like_html
from eventwire.model import ErrorRecord, RawDoc

Markup = Literal["html", "text"]

STAGE = "ingest"

# What a damaged gzip stream raises mid-read (BadGzipFile is an OSError, so list it before OSError).
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def make_doc(
    data: bytes,
    *,
    doc_id: str,
    source: str,
    markup: Markup | None,
    declared: str | None = None,
    **fields: str | None,
) -> RawDoc:
    """Decode bytes into a RawDoc; ``markup=None`` sniffs HTML vs text. Raises ``BadInput``."""
    text, encoding = decode_bytes(data, declared=declared)
    if markup is None:
        markup = "html" if looks_like_html(text) else "text"
    return RawDoc(id=doc_id, source=source, encoding=encoding, **{markup: text}, **fields)


def error_record(doc_id: str, source: str | None, error: BaseException | str) -> ErrorRecord:
    """An ErrorRecord for a document ingest could not read, with a code that says why."""
    if isinstance(error, EventwireError):
        message, code = error.message, error.code
    elif isinstance(error, GZIP_ERRORS):
        message, code = f"broken gzip data: {error}", BadInput.code
    elif isinstance(error, OSError):
        message, code = f"cannot read: {error.strerror or error}", UnreadableSource.code
    elif isinstance(error, BaseException):
        message, code = f"{type(error).__name__}: {error}", BadInput.code
    else:
        message, code = error, BadInput.code
    return ErrorRecord(id=doc_id, error=message, code=code, stage=STAGE, source=source)
