"""Issue #16.6: Ctrl-C in the middle of ``run`` and repeated runs.

* ``demo`` interrupted with SIGINT once its first product exists: exit code 130, one line on stderr (no
  traceback), the products already written are complete (the same bytes a full run writes) and no temporary
  file is left in the folder;
* two full runs in two processes give byte-identical products (SHA-256 of every file): a ``demo`` in a fresh
  process against the session's shared run of the demo project (``tests/demo_session.py``, made in the test
  worker's own process), which is also the "whole" run the interrupted ones are compared with.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process (POSIX)")


def _command(out):
    return [sys.executable, "-m", "maps.cli.main", "--quiet", "demo", "-o", str(out)]


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "HOTSPOT_BUILD_TIME")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("HOTSPOT_PLANNER_DEBUG", None)
    return env


def _hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).iterdir())}


def _leftovers(folder):
    """Temporary or partial files: hidden names (``.~karta.abc.html``), ``*.tmp``, ``*.zip`` staging, journals."""
    return [p.name for p in Path(folder).iterdir()
            if p.name.startswith((".", "~")) or p.suffix in (".tmp", ".part", ".zip") or p.name.endswith("-journal")]


@pytest.fixture(scope="module")
def full_run(demo_sv):
    """The products of an uninterrupted run of the demo project (the session's shared run; read-only)."""
    return demo_sv.out


def test_two_runs_give_byte_identical_products(full_run, tmp_path):
    again = tmp_path / "again"
    done = subprocess.run(_command(again), check=False, cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    first, second = _hashes(full_run), _hashes(again)
    assert len(first) >= 8 and "karta_delningsbar.html" in first and "tackning.xlsx" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert _leftovers(full_run) == [] and _leftovers(again) == []


@pytest.mark.parametrize("after", ["rejects.csv", "karta_intern.html"])
def test_ctrl_c_after_the_first_product_exits_130_and_leaves_only_whole_files(full_run, tmp_path, after):
    out = tmp_path / "stopped"
    child = subprocess.Popen(_command(out), cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 240
        while not (out / after).exists():  # rejects.csv: the first product, written right after reading
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no product appeared"
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "avbrutet" in lines[0], stderr
    assert "Traceback" not in stderr and "internal error" not in stderr.lower()
    assert _leftovers(out) == []
    written, whole = _hashes(out), _hashes(full_run)
    assert after in written and len(written) < len(whole)  # stopped mid-way, not after the end
    for name, digest in written.items():  # each file there is complete: the bytes of an uninterrupted run
        assert digest == whole[name], name


def test_ctrl_c_in_a_rerun_over_earlier_products_keeps_them_whole(full_run, tmp_path):
    """The weekly case: last week's folder is there, this week's run is stopped half-way. Every earlier file
    is still complete (the earlier bytes or the new ones, which are the same here), none is half-written."""
    import shutil

    out = tmp_path / "again"
    shutil.copytree(full_run, out, copy_function=shutil.copyfile)  # last week's files, writable as a user's
    first = (out / "rejects.csv").stat().st_ino
    child = subprocess.Popen(_command(out), cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 240
        while (out / "rejects.csv").stat().st_ino == first:  # replaced (a rename gives a new inode)
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "rejects.csv was not rewritten"
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130 and "Traceback" not in stderr, stderr
    assert _leftovers(out) == []
    assert _hashes(out) == _hashes(full_run)
