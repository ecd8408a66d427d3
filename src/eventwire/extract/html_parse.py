"""Parse untrusted HTML once, safely, into an lxml tree that every later step shares.

Why a module of its own: pages come from the open web (garbage bytes, truncated
markup, pathological nesting), and the extractor must never crash on them.  All
parser-level failures end here as ``None`` (nothing to extract) or
:class:`~eventwire.errors.BadInput` (a clear reason the input is unusable).
"""

from __future__ import annotations

from lxml import etree, html
from trafilatura.utils import load_html

from eventwire.errors import BadInput

# Bigger pages are not news articles; parsing them costs seconds and hundreds of MB.
MAX_HTML_CHARS = 20_000_000
# Share of control / replacement characters above which the "HTML" is really binary data.
MAX_BINARY_SHARE = 0.10
_BINARY_PROBE = 4096


def _looks_binary(text: str) -> bool:
    """True when the start of the text is mostly control or U+FFFD characters (decoded binary)."""
    probe = text[:_BINARY_PROBE]
    if not probe:
        return False
    bad = sum(1 for ch in probe if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    return bad / len(probe) > MAX_BINARY_SHARE


def parse_html(text: str) -> html.HtmlElement | None:
    """The page's root element, or None when there is nothing to parse.

    libxml2 caps nesting depth by itself (deeper elements are flattened or
    dropped), so a 100,000-deep ``<div>`` chain parses into a bounded tree.

    Raises:
        BadInput: not a string, far too large, or decoded binary data.
    """
    if not isinstance(text, str):
        raise BadInput(f"HTML must be a decoded str, got {type(text).__name__}")
    if len(text) > MAX_HTML_CHARS:
        raise BadInput(f"HTML too large to extract: {len(text):,} characters (limit {MAX_HTML_CHARS:,})")
    if not text.strip():
        return None
    if _looks_binary(text):
        raise BadInput("input looks like binary data, not HTML (too many control/replacement characters)")
    text = text.replace("\x00", "")
    try:
        # trafilatura's loader: the same tree (and the same markup repairs) its own extract() would see.
        root = load_html(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError, RecursionError):
        return None
    if root is None or len(root) == 0:
        return None
    return root
