"""Shared fixtures: where the real data of ../shared lives, and a skip when it is absent."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared():
    """Path to ``../shared/data``; skips the test where it is absent (a user's checkout)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent (real reference files live only in the development workspace)")
    return SHARED
