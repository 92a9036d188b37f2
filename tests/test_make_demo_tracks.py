"""Issue 18: the demo's GPS tracks and patrol reports are made by a seeded generator, byte for byte."""

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "maps" / "demo" / "kalix"


def _tool():
    spec = importlib.util.spec_from_file_location("make_demo_tracks", ROOT / "tools" / "make_demo_tracks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_bundled_files(tmp_path):
    shutil.copy(DEMO / "special_places.geojson", tmp_path)
    _tool().make(tmp_path)
    names = sorted(p.name for p in (DEMO / "tracks").glob("*.gpx"))
    assert names == sorted(p.name for p in (tmp_path / "tracks").glob("*.gpx")) and len(names) == 4
    for name in names:
        assert (tmp_path / "tracks" / name).read_bytes() == (DEMO / "tracks" / name).read_bytes()
    assert (tmp_path / "patrol_reports.csv").read_bytes() == (DEMO / "patrol_reports.csv").read_bytes()
