"""Serve the dashboard from the package: ``/`` is ``index.html``, ``/static/...`` its assets.

The page shows text from untrusted articles.  The code never inserts it as HTML, and the
Content-Security-Policy sent with the page is the second wall: only scripts from this server run
(no inline script, no ``onerror=`` attribute, no ``eval``), nothing is framed, no form posts elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

WEB_DIR = Path(__file__).resolve().parent
INDEX = WEB_DIR / "index.html"
STATIC_DIR = WEB_DIR / "static"

# Headers sent with every dashboard response (the page and its assets).
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_HOST = re.compile(r"(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*")


def content_security_policy(tile_url: str | None = None) -> str:
    """The page's policy; a configured tile server's origin is the one outside source it may load images from."""
    images = ["'self'", "data:"]
    if tile_url and (origin := _tile_origin(tile_url)):
        images.append(origin)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(images),
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def mount_dashboard(app: FastAPI, *, tile_url: str | None = None) -> None:
    """Add ``GET /`` (the page, with its CSP) and ``/static`` (the assets) to ``app``.

    Call it after the API routes are added; ``tile_url`` is the optional raster tile template that
    ``/api/config`` hands the page (its origin is allowed as an image source).
    """
    page_headers = {
        **COMMON_HEADERS,
        "Content-Security-Policy": content_security_policy(tile_url),
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(INDEX, media_type="text/html; charset=utf-8", headers=page_headers)

    app.mount("/static", _StaticWithHeaders(directory=STATIC_DIR), name="static")


class _StaticWithHeaders(StaticFiles):
    """StaticFiles that adds ``COMMON_HEADERS`` (nosniff matters: a JSON file must never run as a script)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(COMMON_HEADERS)
        return response


def _tile_origin(tile_url: str) -> str | None:
    """``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``; None if not http(s)."""
    parts = urlsplit(tile_url.replace("{s}", "x-subdomain"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.replace("x-subdomain", "*")
    if not _HOST.fullmatch(host):
        return None  # a placeholder or stray character would break (or widen) the policy
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"
