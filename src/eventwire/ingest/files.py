"""One file, one document: HTML, text, or either (sniffed), plain or gzipped."""

from __future__ import annotations

import gzip
import os

from eventwire.errors import BadInput
from eventwire.ingest.document import GZIP_ERRORS, Markup, error_record, make_doc
from eventwire.ingest.limits import MAX_DOC_BYTES, over_limit_message
from eventwire.ingest.streams import read_capped
from eventwire.model import ErrorRecord, RawDoc


def read_document_file(path: str, *, doc_id: str, markup: Markup | None, gzipped: bool) -> RawDoc | ErrorRecord:
    """Read one document file; any failure comes back as an ErrorRecord, never raised.

    A plain file's size is checked before reading; a gzipped one is decompressed
    in chunks and refused as soon as it passes the cap.
    """
    try:
        return make_doc(_read_bytes(path, gzipped), doc_id=doc_id, source=path, markup=markup)
    except (BadInput, *GZIP_ERRORS, OSError) as exc:
        return error_record(doc_id, path, exc)


def _read_bytes(path: str, gzipped: bool) -> bytes:
    size = os.stat(path).st_size
    if not gzipped and size > MAX_DOC_BYTES:
        raise BadInput(over_limit_message(size))
    with gzip.open(path, "rb") if gzipped else open(path, "rb") as stream:
        return read_capped(stream)
