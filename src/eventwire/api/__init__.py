"""The HTTP side: a FastAPI app with the REST API, the live stream (SSE), the docs page and the dashboard.

- :mod:`.app` ``create_app``; :mod:`.routes` one router per resource; :mod:`.schemas` the response shapes;
- :mod:`.filters` the event filters (shared with ``eventwire.export``); :mod:`.queries` reads and pages;
- :mod:`.items` events as the API shows them; :mod:`.changes` and :mod:`.sse` the live stream.

``create_app`` is imported on first use, so the exports can use the filters without loading the web stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventwire.api.app import create_app

        return create_app
    raise AttributeError(name)
