"""Shared fixtures: the vendored test data (``tests/data``) and the full real files of ``../shared``.

Tests read the small derived files in ``tests/data`` (always present; see ``tests/data/SOURCES.md``).
Only checks that need a whole large file (a count over all of Chicago) use the ``shared`` fixture,
which skips where ``../shared/data`` is absent (a fresh clone). Set ``HOTSPOT_TESTS_NO_SHARED=1`` to run
the suite as a fresh clone would: ``../shared`` then counts as absent even where it exists.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
VENDORED = Path(__file__).resolve().parent / "data"
NO_SHARED_ENV = "HOTSPOT_TESTS_NO_SHARED"


def shared_data_dir():
    """``../shared/data`` where it exists and is not hidden by ``HOTSPOT_TESTS_NO_SHARED``; else None."""
    hidden = os.environ.get(NO_SHARED_ENV, "").strip().lower() not in ("", "0", "false", "no")
    return None if hidden or not SHARED.is_dir() else SHARED


@pytest.fixture
def shared():
    """Path to ``../shared/data``; skips the test where it is absent (a user's checkout) or hidden."""
    path = shared_data_dir()
    if path is None:
        pytest.skip(f"../shared/data is absent or hidden by {NO_SHARED_ENV}: this check needs whole real files, "
                    "which live only in the development workspace (tests/data holds the subsets other tests use)")
    return path


@pytest.fixture(scope="session")
def vendored():
    """Path to ``tests/data``: small derived fixtures that ship with the repository."""
    return VENDORED
