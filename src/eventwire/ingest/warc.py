"""WARC archives: one RawDoc per HTML response (or text/html resource) record, streamed.

Other records (requests, metadata, images, redirects, error pages) are skipped
silently. A broken record becomes an ErrorRecord at its byte offset; in a file
the reader then looks for the next record header (or gzip member) and goes on,
so one bad record does not hide the rest of the archive.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from eventwire.errors import BadInput, UnreadableSource
from eventwire.ingest.document import STAGE, error_record, make_doc
from eventwire.ingest.limits import MAX_DOC_BYTES, READ_CHUNK_BYTES, over_limit_message
from eventwire.ingest.sniff import GZIP_MAGIC, looks_like_html
from eventwire.ingest.streams import read_capped
from eventwire.model import ErrorRecord, RawDoc

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HEADER_SLACK = 64 * 1024  # a record's length includes HTTP headers; allow for them before refusing unread
_RECORD_START = re.compile(rb"WARC/1\.[01]\r?\n")
_GZIP_MEMBER = re.compile(re.escape(GZIP_MAGIC + b"\x08"))
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_TAIL_SLACK = 64  # blank lines after the last record are not data


class _BrokenRecord(Exception):
    """A record whose headers cannot be trusted: its length is unknown, so resynchronise."""


def read_warc_file(path: str, *, base_id: str) -> Iterator[RawDoc | ErrorRecord]:
    """Documents from a ``.warc`` / ``.warc.gz`` file, skipping past broken records."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield error_record(base_id, path, exc)
        return
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            yield ErrorRecord(
                id=base_id, error="empty WARC archive", code=UnreadableSource.code, stage=STAGE, source=path
            )
            return
        yield from iter_warc(stream, base_id=base_id, source=path, size=size)


def iter_warc(
    stream: BinaryIO, *, base_id: str, source: str, size: int | None = None
) -> Iterator[RawDoc | ErrorRecord]:
    """Documents from a WARC byte stream.

    ``size`` is the file's size when the stream can seek: then damage past the
    last good record is reported and reading resumes after a broken record.
    Without it (standard input) reading stops at the first break.
    """
    seekable = size is not None
    start = stream.tell() if seekable else 0
    resync = _GZIP_MEMBER if seekable and _starts_with(stream, GZIP_MAGIC) else _RECORD_START
    read_any = False
    in_damage = False  # already reported the damaged stretch we are skipping through
    while True:
        if seekable:
            stream.seek(start)
        archive = ArchiveIterator(stream)
        end = start
        found_here = False
        failure: tuple[int, str] | None = None
        try:
            for record in archive:
                offset = archive.offset
                item = _convert(record, offset=offset, base_id=base_id, source=source)
                found_here = read_any = True
                in_damage = False
                if item is not None:
                    yield item
                end = archive.get_record_offset() + archive.get_record_length()
        except _BrokenRecord as exc:
            failure = (archive.offset, str(exc))
        except Exception as exc:  # warcio raises many types on malformed input; each means "broken here"
            failure = (end, _reason(exc))
        else:
            if size is not None and _has_tail(stream, end, size):
                failure = (end, "truncated or unreadable data after the last complete record")
        if failure is None:
            return
        offset, reason = failure
        if not (in_damage and not found_here):
            yield _broken(base_id, source, offset, reason, whole_archive=not read_any and offset == 0)
        in_damage = True
        if not seekable:
            return
        following = _find(stream, offset + 1, resync)
        if following is None:
            return
        start = following


def _convert(record: ArcWarcRecord, *, offset: int, base_id: str, source: str) -> RawDoc | ErrorRecord | None:
    """The RawDoc for an HTML record, an ErrorRecord for an unreadable one, None for a record to skip."""
    headers = record.rec_headers
    record_id = _record_id(headers.get_header("WARC-Record-ID"))
    if not record.rec_type or not record_id or record.length is None:
        raise _BrokenRecord("record header lacks WARC-Type, WARC-Record-ID or Content-Length")
    declared_type = _html_type(record)
    if declared_type is False:
        return None
    where = f"{source}@{offset}"
    try:
        if record.length > MAX_DOC_BYTES + _HEADER_SLACK:
            raise BadInput(over_limit_message(record.length))
        body = read_capped(record.content_stream())
        missing = getattr(record.raw_stream, "limit", 0)
        if missing > 0:
            raise BadInput(f"record is truncated: {missing} of its {record.length} bytes are missing")
        if declared_type is None and not looks_like_html(body[:4096].decode("latin-1")):
            return None
        return make_doc(
            body,
            doc_id=record_id,
            source=where,
            markup="html",
            declared=_charset(record),
            url=headers.get_header("WARC-Target-URI"),
            crawled=headers.get_header("WARC-Date"),
        )
    except BadInput as exc:
        return error_record(record_id, where, exc)
    except Exception as exc:  # bad chunking or content encoding inside one record: the archive is still fine
        return error_record(record_id, where, f"unreadable record content: {type(exc).__name__}: {_first_line(exc)}")


def _html_type(record: ArcWarcRecord) -> bool | None:
    """True for an HTML record, False for one to skip, None when it has no type to go by (sniff)."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return False  # not HTTP, or a redirect or error page rather than the document
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return False
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def _charset(record: ArcWarcRecord) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    match = _CHARSET.search(headers.get_header("Content-Type") or "") if headers else None
    return match.group(1) if match else None


def _record_id(value: str | None) -> str | None:
    """``<urn:uuid:1234>`` -> ``1234``: the id without its URN wrapping."""
    if not value:
        return None
    value = value.strip().removeprefix("<").removesuffix(">")
    return value.removeprefix("urn:uuid:") or None


def _broken(base_id: str, source: str, offset: int, reason: str, *, whole_archive: bool) -> ErrorRecord:
    if whole_archive:
        return error_record(base_id, source, UnreadableSource(f"not a readable WARC archive: {reason}"))
    return error_record(
        f"{base_id}@{offset}", f"{source}@{offset}", BadInput(f"broken WARC record at byte {offset}: {reason}")
    )


def _starts_with(stream: BinaryIO, magic: bytes) -> bool:
    position = stream.tell()
    head = stream.read(len(magic))
    stream.seek(position)
    return head == magic


def _has_tail(stream: BinaryIO, end: int, size: int) -> bool:
    """True when non-blank bytes follow the last complete record (a truncated gzip member)."""
    if size - end > _TAIL_SLACK:
        return True
    stream.seek(end)
    return bool(stream.read(_TAIL_SLACK + 1).strip())


def _find(stream: BinaryIO, start: int, pattern: re.Pattern[bytes]) -> int | None:
    """Offset of the next match of ``pattern`` at or after ``start``, reading in chunks."""
    overlap = 16
    stream.seek(start)
    position = start
    carry = b""
    while True:
        chunk = stream.read(READ_CHUNK_BYTES)
        if not chunk:
            return None
        window = carry + chunk
        match = pattern.search(window)
        if match:
            return position - len(carry) + match.start()
        carry = window[-overlap:]
        position += len(chunk)


def _reason(exc: BaseException) -> str:
    """warcio's own errors explain themselves; anything else is named by its type."""
    return _first_line(exc) if isinstance(exc, ArchiveLoadFailed) else f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    """A short, printable reason: warcio quotes the offending bytes, which are noise in a message."""
    text = str(exc).split(", first line:", 1)[0].strip()
    line = text.splitlines()[0] if text else "unreadable"
    line = "".join(ch if ch.isprintable() else "?" for ch in line)[:200]
    return line[:1].lower() + line[1:]
