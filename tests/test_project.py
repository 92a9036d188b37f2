"""The TOML project file: paths resolved, settings carried into ReadOptions, clear errors."""

import pytest

from hotspots.errors import InputError
from maps.cli.args.project import load_project
from maps.cli.commands.run import DEMO_PROJECT


def _write(tmp_path, text, files=("inc.csv",)):
    for name in files:
        (tmp_path / name).write_text("lat,lon\n65.85,23.15\n", encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_demo_project_loads():
    proj = load_project(DEMO_PROJECT)
    assert proj.synthetic and proj.lang == "sv" and proj.min_count == 5
    assert [p.name for p in proj.incidents] == ["incidents.csv"]
    assert [p.name for p in proj.patrols] == ["patrols.csv", "patrol_routes.geojson"]
    assert proj.read.boundary_buffer_m == 1500 and proj.read.target_crs == "EPSG:3006"
    assert proj.read.category_overrides["Langning"] == "drugs"
    assert proj.events[0]["key"] == "kalixmarknad"


def test_read_section_maps_to_options(tmp_path):
    path = _write(tmp_path, '[data]\nincidents = "inc.csv"\n[read]\nx = "Öst"\ny = "Nord"\ncrs = "EPSG:3021"\n')
    proj = load_project(path)
    assert (proj.read.x_col, proj.read.y_col, proj.read.crs) == ("Öst", "Nord", "EPSG:3021")
    assert proj.incidents == [tmp_path / "inc.csv"] and proj.name == "p"


@pytest.mark.parametrize("text,message", [
    ('[data]\nincidents = "saknas.csv"\n', "names missing file"),
    ("[data\n", "not valid TOML"),
    ('[okand]\nx = 1\n', "unknown section"),
    ('[read]\nkolumn = "x"\n', "unknown \\[read\\] key"),
    ('[privacy]\nmin_count = 0\n', "min_count must be a whole number"),
    ('[project]\nlang = "de"\n', "lang must be 'sv' or 'en'"),
])
def test_bad_project_files(tmp_path, text, message):
    with pytest.raises(InputError, match=message) as err:
        load_project(_write(tmp_path, text))
    assert "p.toml" in str(err.value)


def test_missing_project_file(tmp_path):
    with pytest.raises(InputError, match="project file not found"):
        load_project(tmp_path / "nope.toml")
