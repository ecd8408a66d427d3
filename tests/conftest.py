"""Shared fixtures: paths to the bundled samples and to the development data sets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The CLI prints through rich, which wraps at the terminal's width: tests read that output, so they
# get one fixed, wide width whatever terminal (or none, in CI) runs them.
os.environ["COLUMNS"] = "200"

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def sample_page_text() -> str:
    return (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"development data not found at {SHARED_DATA}")
    return SHARED_DATA
