"""Shared fixtures: the vendored test data (``tests/data``) and the full real files of ``../shared``.

Tests read the small derived files in ``tests/data`` (always present; see ``tests/data/SOURCES.md``).
Only integration checks that need a whole large file (a count over all of Chicago) use the ``shared``
fixture. Where ``../shared/data`` is absent (a fresh clone, a user's checkout) they are not collected at
all — the suite says how many it left out and why — so ``make test`` on a fresh clone runs everything it
collects and skips nothing for missing data. Set ``HOTSPOT_TESTS_NO_SHARED=1`` to run the suite as a fresh
clone would: ``../shared`` then counts as absent even where it exists.
"""

import os
from pathlib import Path

import demo_session
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



def pytest_collection_modifyitems(config, items):
    """Leave out the integration checks on ``../shared/data`` where it is absent (they need whole real files)."""
    if shared_data_dir() is not None:
        return
    left = [item for item in items if _needs_shared(item)]
    keep = [item for item in items if not _needs_shared(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = keep


def _needs_shared(item):
    """The item asks for the ``shared`` fixture, directly or as a parameter value (``getfixturevalue``)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "shared" in getattr(item, "fixturenames", ()) or "shared" in [v for v in params.values()
                                                                          if isinstance(v, str)]


def pytest_report_header(config):
    if shared_data_dir() is None:
        return (f"../shared/data is absent (or hidden by {NO_SHARED_ENV}): its integration checks are left out; "
                "they run in the development workspace")
    return None


@pytest.fixture(scope="session", autouse=True)
def _demo_session_folder(tmp_path_factory):
    """The shared demo runs (``tests/demo_session.py``) write under pytest's base temp, whoever asks first."""
    demo_session.set_factory(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_sv():
    """The demo run once per session (shared by the xdist workers): ``run DEMO_PROJECT --json``, read-only
    (:class:`demo_session.DemoRun`: ``out``, ``printed``, ``made``, ``products``, ``answer``)."""
    return demo_session.demo_run("sv")


@pytest.fixture(scope="session")
def demo_en():
    """The demo run once per session (shared by the xdist workers) in English: ``--lang en demo``, read-only."""
    return demo_session.demo_run("en")
