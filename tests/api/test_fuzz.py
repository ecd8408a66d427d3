"""The API fuzzed from its own OpenAPI document (schemathesis, through ASGI): no input makes a 500, and every
answer matches the document (status codes, JSON shapes), and malformed parameters are refused.  Rules across
parameters (``start`` <= ``end``, a bbox's south below its north, longitudes within ±180) cannot be written in
the document, so "every request the document allows is accepted" is the one check left out.  ``/api/stream`` never ends, so it is left out;
``tests/api/test_stream.py`` covers it."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from eventwire.api.app import create_app

try:
    from schemathesis.specs.openapi.checks import positive_data_acceptance
except ImportError:  # pragma: no cover - moved in another schemathesis
    positive_data_acceptance = None

# Examples per operation and backend: enough to hit every parameter's edges, bounded in time.
MAX_EXAMPLES = 30
LEFT_OUT = {"/api/stream"}
# The operations, from the document itself (making the app opens no database).
OPERATIONS = [
    (method.upper(), path)
    for path, methods in create_app("sqlite:///never-opened.db").openapi()["paths"].items()
    if path not in LEFT_OUT
    for method in methods
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_input_breaks_the_api(store_url: str, method: str, path: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store_url))
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance] if positive_data_acceptance else None)

    check()
