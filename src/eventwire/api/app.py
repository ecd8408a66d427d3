"""The application: ``create_app(db_url)`` wires settings, the database, the routers, the stream and the dashboard.

Read-only unless an ingest token is configured.  ``eventwire serve`` runs it with uvicorn.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import cache

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from eventwire import __version__
from eventwire.api import errors
from eventwire.api.cache import EventJsonCache, VersionedCache
from eventwire.api.db import reading_engine
from eventwire.api.deps import refuse_nul
from eventwire.api.fast import KeptEventPages, VersionReader
from eventwire.api.queries import prewarm_events
from eventwire.api.routes import articles, catalog, config, docs, events, ingest, stats, stream
from eventwire.api.settings import ApiSettings
from eventwire.api.shared import SharedPages
from eventwire.api.sse import ChangeFeed

DESCRIPTION = """Events read from news: filtered and paged (`/api/events`), with the evidence sentences and
the articles behind each one; live through Server-Sent Events (`/api/stream`). Errors are JSON
`{"code", "message"}`; list endpoints return `{"items", "next"}` where `next` is an opaque cursor."""

log = logging.getLogger(__name__)


def create_app(
    db_url: str | None = None, *, ingest_token: str | None = None, prewarm_events: int | None = None
) -> FastAPI:
    """The API over the database at ``db_url`` (None: ``$EVENTWIRE_DB``, else ``sqlite:///eventwire.db``).

    ``ingest_token`` (or ``$EVENTWIRE_INGEST_TOKEN``) turns on ``POST /api/ingest`` with Bearer auth.
    The database is opened lazily: the app starts even while it is down (requests then get 503).
    At startup (its lifespan, before it answers) it renders the newest ``prewarm_events`` events (None:
    ``$EVENTWIRE_PREWARM_EVENTS``, else ``settings.PREWARM_EVENTS``; 0: none) for the event listing.
    """
    settings = ApiSettings.from_env(db_url, ingest_token=ingest_token)
    if prewarm_events is not None:
        settings = replace(settings, prewarm_events=prewarm_events)
    engine = reading_engine(settings.db_url)
    feed = ChangeFeed(engine, interval_s=settings.poll_interval_s)
    versions = VersionReader(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Before the first request: a fresh server's first pages then mostly reuse events rendered here.
        app.state.prewarm = await asyncio.to_thread(_prewarm, engine, app.state.event_json, settings.prewarm_events)
        _freeze_startup_objects()
        yield
        await feed.close()
        engine.dispose()
        versions.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.feed = feed
    app.state.cache = VersionedCache(shared=SharedPages(settings.shared_pages) if settings.shared_pages else None)
    app.state.event_json = EventJsonCache()
    app.add_middleware(KeptEventPages, versions=versions, cache=app.state.cache, first_page=events.first_page)
    app.state.schema_checked = False
    app.state.write_engine = _write_engine_factory(settings.db_url)
    errors.install(app)
    for module in (events, articles, catalog, stats, stream, config):
        app.include_router(module.router)
    if settings.ingest_token:
        app.include_router(ingest.router)
    app.include_router(docs.router)
    app.mount(docs.ASSETS_URL, StaticFiles(directory=docs.ASSETS), name="docs-assets")
    _mount_dashboard(app, settings)
    return app


def _freeze_startup_objects() -> None:
    """Keep what start-up made (modules, the app, the events rendered) out of every later garbage collection.

    A full collection stops the whole process, event loop included, while it walks every tracked object:
    with the startup's objects in its walk it took 150-190 ms, twice a worker in a ten-second load test
    (``benchmarks/api_load.py``), and each time every client of that worker waited: the p99 of the run.
    They live as long as the process, so ``gc.freeze`` loses nothing (the pipeline's workers do the same).
    """
    gc.collect()
    gc.freeze()


def _prewarm(engine: Engine, rendered: EventJsonCache, count: int) -> Prewarm:
    """Render the newest ``count`` events into ``rendered`` (``queries.prewarm_events``).

    Never stops the start: a database that is down, not set up or older is the requests' to report (503);
    only the first connection attempt is made, without waiting for a database that is down.
    """
    started = time.perf_counter()
    rendered_count, error = 0, None
    if count > 0:
        try:
            with engine.connect() as conn:
                rendered_count = prewarm_events(conn=conn, rendered=rendered, count=count)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.warning("events not rendered at startup: %s", error)
    done = Prewarm(rendered_count, time.perf_counter() - started, rendered.bytes, error)
    log.info("rendered %d events at startup in %.2f s (%.1f MB kept)", done.events, done.seconds, done.bytes / 1e6)
    return done


@dataclass(frozen=True)
class Prewarm:
    """What the startup rendering did (``app.state.prewarm``)."""

    events: int
    seconds: float
    bytes: int
    error: str | None = None


def _write_engine_factory(db_url: str | None):
    @cache
    def write_engine() -> Engine:
        from eventwire.store.engine import make_engine

        return make_engine(db_url)

    return write_engine


def _mount_dashboard(app: FastAPI, settings: ApiSettings) -> None:
    from eventwire.web import mount_dashboard

    mount_dashboard(app, tile_url=settings.tile_url)
