"""``POST /api/ingest``: documents in over HTTP, only where an ingest token is configured (Bearer auth).

The router is not even added to the app without a token, so a read-only API answers 404 and its
OpenAPI document does not list the route.  Documents go through the same path as ``eventwire ingest``
(pipeline, then the store), one request at a time, in this process.
"""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from eventwire.api.deps import SettingsDep
from eventwire.api.routes import BAD_PARAMETERS
from eventwire.api.schemas import IngestReport, Problem
from eventwire.model import RawDoc

# Most documents and bytes one request may carry.
MAX_DOCUMENTS = 1000
MAX_BODY_BYTES = 64 * 1024 * 1024

_bearer = HTTPBearer(auto_error=False, description="the token set with --ingest-token or $EVENTWIRE_INGEST_TOKEN")
# One ingest at a time per process: the pipeline's models are shared, the writer batches.
_one_at_a_time = threading.Lock()


def require_token(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    if credentials is None:
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    expected = (settings.ingest_token or "").encode("utf-8")
    if not expected or not secrets.compare_digest(credentials.credentials.encode("utf-8"), expected):
        raise HTTPException(403, "wrong ingest token")


router = APIRouter(
    prefix="/api",
    tags=["ingest"],
    dependencies=[Depends(require_token)],
    responses={**BAD_PARAMETERS, 401: {"model": Problem, "description": "no token"},
               403: {"model": Problem, "description": "wrong token"}},
)  # fmt: skip


@router.post("/ingest", max_body_size=MAX_BODY_BYTES)
async def ingest(request: Request, documents: Annotated[list[RawDoc], Body(max_length=MAX_DOCUMENTS)]) -> IngestReport:
    """Process and store raw documents (the JSONL input shape: id, url?, html? or text?, title?, published?,
    lang?); new and updated events reach ``/api/stream`` like any other ingest's."""
    stats = await run_in_threadpool(_ingest, request.app.state.write_engine(), documents)
    return IngestReport(
        documents=stats.documents, new=stats.new, unchanged=stats.unchanged, versioned=stats.versioned,
        errors=stats.errors, events_new=stats.events_new, events_merged=stats.events_merged,
        error_samples=[e.model_dump() for e in stats.error_samples],
    )  # fmt: skip


def _ingest(engine, documents: list[RawDoc]):
    from eventwire.store.driver import ingest_documents

    with _one_at_a_time:
        # One worker: forking a pool inside a threaded server is unsafe.
        return ingest_documents(documents, engine=engine, workers=1)
