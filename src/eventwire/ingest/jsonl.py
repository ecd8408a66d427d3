"""JSON Lines: one document per line, read line by line so a file of any size streams.

A line: ``{"id", "url"?, "html"? | "text"?, "title"?, "published"?, "lang"?}``;
other keys are ignored. A bad line becomes an ErrorRecord and reading goes on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwire.errors import BadInput
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.document import GZIP_ERRORS, error_record
from eventwire.ingest.limits import MAX_DOC_BYTES, over_limit_message
from eventwire.ingest.streams import skip_line
from eventwire.model import ErrorRecord, RawDoc

_BODY_FIELDS = ("html", "text")
_META_FIELDS = ("url", "title", "published", "lang")


def read_jsonl_file(path: str, *, base_id: str, gzipped: bool) -> Iterator[RawDoc | ErrorRecord]:
    """Documents from a ``.jsonl`` / ``.jsonl.gz`` / ``.ndjson`` file; ``base_id`` names lines without an id."""
    try:
        stream = gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield error_record(base_id, path, exc)
        return
    with stream:
        yield from iter_jsonl(stream, base_id=base_id, source=path)


def iter_jsonl(stream: BinaryIO, *, base_id: str, source: str) -> Iterator[RawDoc | ErrorRecord]:
    """Documents from a JSONL byte stream. Lines without an id get ``<base_id>:<lineno>``."""
    lineno = 0
    while True:
        lineno += 1
        where = f"{source}:{lineno}"
        try:
            raw = stream.readline(MAX_DOC_BYTES + 1)
            if len(raw) > MAX_DOC_BYTES and not raw.endswith(b"\n"):
                size = len(raw) + skip_line(stream)
                yield error_record(f"{base_id}:{lineno}", where, f"line {lineno}: {over_limit_message(size)}")
                continue
        except (*GZIP_ERRORS, OSError) as exc:
            yield error_record(f"{base_id}:{lineno}", where, f"line {lineno}: stopped reading, {_describe(exc)}")
            return
        if not raw:
            return
        if raw.strip():
            yield _parse_line(raw, lineno=lineno, base_id=base_id, source=where)


def _parse_line(raw: bytes, *, lineno: int, base_id: str, source: str) -> RawDoc | ErrorRecord:
    fallback_id = f"{base_id}:{lineno}"
    try:
        line, encoding = raw.decode("utf-8").removeprefix("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        try:  # JSON should be UTF-8; a line in a legacy encoding is still worth reading
            line, encoding = decode_bytes(raw)
        except BadInput as exc:
            return error_record(fallback_id, source, f"line {lineno}: {exc.message}")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return error_record(fallback_id, source, f"line {lineno}: not valid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return error_record(fallback_id, source, f"line {lineno}: not a JSON object (got {_json_type(obj)})")
    doc_id = _as_str(obj.get("id")) or fallback_id
    fields: dict[str, str | None] = {}
    for key in (*_BODY_FIELDS, *_META_FIELDS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            if key in _BODY_FIELDS or _as_str(value) is None:
                return error_record(doc_id, source, f"line {lineno}: '{key}' must be a string, not {_json_type(value)}")
            value = _as_str(value)
        fields[key] = value
    if fields["html"] is None and fields["text"] is None:
        return error_record(doc_id, source, f"line {lineno}: has neither 'html' nor 'text'")
    if not (fields["html"] or "").strip() and not (fields["text"] or "").strip():
        return error_record(doc_id, source, f"line {lineno}: empty document ('html'/'text' is blank)")
    return RawDoc(id=doc_id, source=source, encoding=encoding, **fields)


def _as_str(value: Any) -> str | None:
    """Ids and dates may come as numbers; booleans, lists and objects are not names."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _describe(exc: BaseException) -> str:
    return f"broken gzip data: {exc}" if isinstance(exc, GZIP_ERRORS) else f"cannot read: {exc}"
