"""One mapping from failures to HTTP answers: every error is JSON ``{"code", "message"[, "detail"]}``.

Codes are stable like the rest of eventwire's (``eventwire.errors``): E6xx are the API's own,
store errors keep their E5xx code.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.api.cursor import BadCursor
from eventwire.errors import EventwireError, StoreSchemaError, StoreUnavailable

log = logging.getLogger(__name__)

BAD_PARAMETER = "E700"
UNAUTHORIZED = "E701"
FORBIDDEN = "E703"
NOT_FOUND = "E704"
TOO_LARGE = "E713"
HTTP_ERROR = "E710"
INTERNAL = "E900"
_BY_STATUS = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 413: TOO_LARGE, 422: BAD_PARAMETER}


class ApiError(EventwireError):
    """A request the API answers with an error status."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code or _BY_STATUS.get(status or self.status, HTTP_ERROR))
        if status:
            self.status = status


class NotFound(ApiError):
    status = 404
    code = NOT_FOUND


def problem(status: int, code: str, message: str, detail: list[dict[str, Any]] | None = None, **headers: str):
    """The JSON error response."""
    body: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers or None)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.status, exc.code, exc.message)

    @app.exception_handler(BadCursor)
    async def _bad_cursor(_request: Request, exc: BadCursor) -> JSONResponse:
        return problem(422, BAD_PARAMETER, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [_plain_error(error) for error in exc.errors()]
        summary = "; ".join(
            f"{'.'.join(e['loc'][1:]) or e['loc'][0] if e['loc'] else 'request'}: {e['msg']}" for e in detail
        )
        return problem(422, BAD_PARAMETER, summary or "bad request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _BY_STATUS.get(exc.status_code, HTTP_ERROR)
        return problem(exc.status_code, code, str(exc.detail), **(exc.headers or {}))

    @app.exception_handler(StoreUnavailable)
    async def _store_down(_request: Request, exc: StoreUnavailable) -> JSONResponse:
        return problem(503, exc.code, exc.message, **{"Retry-After": "5"})

    @app.exception_handler(StoreSchemaError)
    async def _store_schema(_request: Request, exc: StoreSchemaError) -> JSONResponse:
        return problem(503, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return problem(500, INTERNAL, f"internal error: {type(exc).__name__}")


def _plain_error(error: dict[str, Any]) -> dict[str, Any]:
    # Only what is JSON and safe to echo: the location, the message and the kind (not the input).
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return {"loc": [str(part) for part in error.get("loc", ())], "msg": message, "type": error.get("type")}
