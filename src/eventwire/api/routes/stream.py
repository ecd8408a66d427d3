"""``GET /api/stream``: new and updated events as Server-Sent Events, resumable with ``Last-Event-ID``.

Each message is ``event: event`` with ``id: <change number>`` and the EventItem as ``data``; an event
that was deleted (merged away) comes as ``event: removed`` with ``data: {"id": ...}``.  A comment is
sent every 15 s so proxies keep the connection open (FastAPI's SSE support does that).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.sse import EventSourceResponse, ServerSentEvent

from eventwire.api.deps import FeedDep
from eventwire.api.routes import BAD_PARAMETERS

router = APIRouter(prefix="/api", tags=["stream"])

# Browsers reconnect this long after a dropped connection (milliseconds).
RECONNECT_MS = 2000
_DESCRIPTION = '`event: event` (data: EventItem JSON) or `event: removed` (data: {"id"}); `id:` is the change number'


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    responses={200: {"description": _DESCRIPTION}, 422: BAD_PARAMETERS[422]},
)
async def stream(
    feed: FeedDep,
    last_event_id_header: Annotated[
        int | None, Header(alias="Last-Event-ID", ge=0, description="resume after this message (browsers send it)")
    ] = None,
    last_event_id: Annotated[int | None, Query(ge=0, description="resume after this message")] = None,
) -> AsyncIterator[ServerSentEvent]:
    """Live events; a reconnecting client gets every message it missed first, in order."""
    after = last_event_id_header if last_event_id_header is not None else last_event_id
    async with feed.subscription(after) as messages:
        yield ServerSentEvent(comment="connected", retry=RECONNECT_MS)
        async for message in messages:
            yield ServerSentEvent(raw_data=message.data, event=message.kind, id=str(message.seq))
