"""Opaque page cursors: the last row's sort key, as URL-safe base64 JSON.

Clients only hand a cursor back; its content may change between versions.  A cursor that does not
decode, or that belongs to another listing or order, is a bad parameter (422), never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any


class BadCursor(ValueError):
    """The cursor was not made by this listing."""


def encode_cursor(kind: str, key: list[Any]) -> str:
    """A cursor for listing ``kind`` that continues after the row with sort key ``key`` (JSON values)."""
    raw = json.dumps({"k": kind, "v": key}, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, kind: str, length: int) -> list[Any]:
    """The sort key inside ``cursor``, checked to be ``length`` values made for listing ``kind``.

    Raises:
        BadCursor: anything else.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("cursor: not a cursor this API gave out") from None
    if not isinstance(payload, dict) or payload.get("k") != kind:
        raise BadCursor(f"cursor: not a cursor of this listing ({kind})")
    key = payload.get("v")
    if not isinstance(key, list) or len(key) != length or any(isinstance(v, str) and "\x00" in v for v in key):
        raise BadCursor("cursor: damaged")
    return key
