"""What makes two documents the same article, and what tells a changed article from an unchanged one."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eventwire.model import RawDoc, Result

# Query parameters that only track the reader, never select the page.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """The URL an article is known by: lower-case scheme and host, no fragment, no tracking
    parameters (``utm_*``, ``fbclid``...), no default port, no trailing slash.  None for no URL."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    if not parts.scheme or not parts.hostname:
        return url.strip()
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def _is_tracking(name: str) -> bool:
    lower = name.lower()
    return lower in _TRACKING_NAMES or lower.startswith(_TRACKING_PREFIXES)


def _sha256(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def content_hash(result: Result) -> str:
    """sha256 of the clean title and text: equal for the same article however its page was dressed."""
    return _sha256(result.article.title or "", result.article.text)


def raw_hash(raw: RawDoc) -> str:
    """sha256 of everything in a raw document that the pipeline reads (not its id, path or crawl date):
    equal raw hashes give equal results, so the second one need not be processed at all."""
    fields = {"url": raw.url, "html": raw.html, "text": raw.text, "title": raw.title}
    fields |= {"published": raw.published, "lang": raw.lang}
    return _sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True))


def article_identity(result: Result, raw_url: str | None = None) -> str:
    """The canonical URL of the article (or of the raw document), else ``sha256:<content hash>``."""
    return canonical_url(result.article.url) or canonical_url(raw_url) or f"sha256:{content_hash(result)}"


def article_key(identity: str) -> str:
    """The article's primary key: short, stable, and the same for the same identity on every database."""
    return "a-" + _sha256(identity)[:32]
