"""One router per resource; :data:`ROUTERS` in the order the OpenAPI document lists them."""

from __future__ import annotations

from typing import Any

from eventwire.api.schemas import Problem

# Error answers every data route may give, for the OpenAPI document (the bodies are ``Problem``).
BAD_PARAMETERS: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "a parameter is malformed or out of range"},
    503: {"model": Problem, "description": "the database is unavailable"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "no such id"}}
