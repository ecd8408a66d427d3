"""The exports read the API's fixture store (``tests/api/conftest.py``): the same events, both databases."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "eventwire_tests_api_conftest"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).resolve().parents[1] / "api" / "conftest.py")
    assert _spec and _spec.loader
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
_api = sys.modules[_NAME]

pg_admin = _api.pg_admin
store_url = _api.store_url
client = _api.client
