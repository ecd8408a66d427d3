"""Bytes to text: find the encoding a page was written in, or say why it is not text.

Order: BOM; a declared charset (HTTP header, then ``<meta charset>`` or XML
declaration in the first 4 KB) if the bytes decode cleanly with it; strict
UTF-8; UTF-8 with a few broken bytes; a Cyrillic or Latin-script check;
charset-normalizer; windows-1252. Single-byte legacy codecs are where
detectors go wrong (short koi8-r read as Shift-JIS, French read as cp1250),
so the two common script families get their own checks.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from eventwire.errors import BadInput
from eventwire.ingest.cyrillic import guess_cyrillic
from eventwire.ingest.latin import guess_latin
from eventwire.ingest.limits import BINARY_SAMPLE_BYTES, SNIFF_BYTES
from eventwire.ingest.sniff import binary_kind

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels pages use that Python spells differently or that browsers read as a superset.
_ALIASES = {
    "gb2312": "gbk",
    "x-gbk": "gbk",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "iso-8859-9": "cp1254",
    "x-mac-cyrillic": "mac-cyrillic",
}
# Declared labels never trusted: a <meta> cannot be UTF-16 (it would not be readable as ASCII), UTF-7 is a hazard.
_NEVER_DECLARED = ("utf-16", "utf-32", "utf-7")
_LATIN1_LIKE = ("iso8859-1", "ascii")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_WORDISH = re.compile(rb"[A-Za-z\x80-\xff]+")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_SCRIPT_SAMPLE_BYTES = 64 * 1024  # enough words to tell Cyrillic from accented Latin

_UTF8_DAMAGE_RATIO = 1  # valid multi-byte sequences per broken byte: legacy text almost never has any


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a document; returns ``(text, encoding_name)`` with a Python codec name.

    Raises ``BadInput`` for empty input, binary data and bytes no encoding reads.
    """
    if not data.strip():
        raise BadInput("empty document")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom) :], name)), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    kind = binary_kind(data)
    if kind:
        raise BadInput(f"binary data ({kind}), not text or HTML")
    for label in (declared, declared_in_markup(data)):
        found = _decode_declared(data, label)
        if found:
            return _checked(found[0]), found[1]
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    text, name = _guess(data)
    return _checked(text), name


def declared_in_markup(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>``, ``http-equiv``, XML declaration)."""
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        return codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise BadInput(f"cannot decode: starts with a {name} byte-order mark but is not valid {name}") from exc


def _checked(text: str) -> str:
    """Drop a leading BOM character and refuse text with nothing in it."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput("empty document")
    return text


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text with no BOM: ASCII letters leave a NUL in every other byte."""
    sample = data[:BINARY_SAMPLE_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    for name, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls.count(0) >= 0.4 * len(nuls) and other.count(0) == 0:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if binary_kind(text.encode("utf-8")) is None:
                return _checked(text), name
    return None


def _decode_declared(data: bytes, label: str | None) -> tuple[str, str] | None:
    """Decode with a declared charset, if it is one Python knows and the bytes fit it."""
    name = codec_name(label)
    if name is None or name.startswith(_NEVER_DECLARED):
        return None
    if name != "utf-8" and not data.isascii() and _is_utf8(data):
        # Valid multi-byte UTF-8 does not happen by chance: the label is stale (common with latin-1/cp1251).
        return data.decode("utf-8"), "utf-8"
    if name in _LATIN1_LIKE and not data.isascii():
        # Browsers read latin-1 and ASCII labels as windows-1252: 0x80-0x9F are quotes and dashes, not controls.
        names = ("cp1252", "iso8859-1") if _C1_BYTES.search(data) or name == "ascii" else (name,)
    else:
        names = (name,)
    for candidate in names:
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(data: bytes) -> tuple[str, str]:
    """Undeclared, not valid UTF-8: damaged UTF-8, then by script, then charset-normalizer."""
    damaged = data.decode("utf-8", errors="replace")
    broken = damaged.count("\ufffd")
    good = len(damaged) - len(damaged.encode("ascii", "ignore")) - broken
    if good and good >= _UTF8_DAMAGE_RATIO * broken:
        return damaged, "utf-8"
    sample = data[:_SCRIPT_SAMPLE_BYTES]
    script_guess = guess_cyrillic(sample) if _looks_non_latin(sample) else guess_latin(sample)
    if script_guess:
        try:
            return data.decode(script_guess), script_guess
        except UnicodeDecodeError:
            pass  # a byte the codec lacks further on: let the detector decide
    best = from_bytes(data).best()
    guessed = codec_name(best.encoding) if best is not None else None
    if guessed and not guessed.startswith(_NEVER_DECLARED):  # no NULs were seen, so not UTF-16/32
        return str(best), guessed
    try:
        return data.decode("cp1252"), "cp1252"  # the web's default for undeclared pages
    except UnicodeDecodeError:
        raise BadInput("cannot decode: not UTF-8 and no known encoding fits the bytes") from None


def _looks_non_latin(data: bytes) -> bool:
    """True when non-ASCII bytes make whole words (Cyrillic, Greek...), not accents inside Latin words."""
    words = [w for w in _WORDISH.findall(data) if not w.isascii()]
    whole = sum(1 for w in words if all(b > 0x7F for b in w))
    return bool(words) and whole * 2 >= len(words)
