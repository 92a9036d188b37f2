"""Issue #14 item 3 done-when on the demo: without ``cell_m`` in the project the automatic cell fits the town
(75 m from the events' spacing) and the town centre splits into places: no hotspot holds over 30 % of the points."""

import tomllib
from argparse import Namespace

import numpy as np
import pytest

from maps.cli.args.inputs import resolve_inputs
from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.steps import find, read_boundary, read_incidents


@pytest.fixture(scope="module")
def demo():
    inputs = resolve_inputs(Namespace(command="run", points=[], project=str(DEMO_PROJECT), lang=None))
    _, points, _ = read_incidents(inputs)
    return inputs, points, read_boundary(inputs, points.crs)


def test_the_demo_project_states_no_cell_size():
    with open(DEMO_PROJECT, "rb") as f:
        assert "cell_m" not in tomllib.load(f).get("hotspots", {})


def test_automatic_cell_fits_the_town_and_is_reported(demo):
    inputs, points, boundary = demo
    finder = find(inputs, points, boundary)
    params = finder.params_
    assert params["cell_m"] == 75 and "spacing" in params["cell_rule"] and "20th-nearest" in params["cell_rule"]
    assert "saddles" in params["split_rule"] and params["n_areas_split"] >= 1


@pytest.mark.parametrize("method", ["count", "gistar", "kde"])
def test_no_demo_hotspot_holds_over_30_percent_of_the_points(demo, method):
    inputs, points, boundary = demo
    settings = {**inputs.hotspots, "method": method}
    from hotspots.find import find_hotspots

    finder = find_hotspots(points, boundary=boundary, **settings)
    ids = finder.point_hotspot_
    shares = np.bincount(ids[ids > 0]) / len(points)
    assert len(finder.hotspots_) >= 3
    assert shares.max() <= 0.30, f"{method}: the largest hotspot holds {shares.max():.1%} of the points"


def test_without_the_split_the_square_and_the_bus_station_are_one_hotspot(demo):
    """The split is what separates them: with split_prominence=1 the largest hotspot is over 30 %."""
    inputs, points, boundary = demo
    from hotspots.find import find_hotspots

    finder = find_hotspots(points, boundary=boundary, **{**inputs.hotspots, "split_prominence": 1.0})
    ids = finder.point_hotspot_
    assert np.bincount(ids[ids > 0]).max() / len(points) > 0.30


def test_split_prominence_from_the_command_line(tmp_path, capsys):
    import json

    from maps.cli.main import main

    argv = ["hotspots", "--project", str(DEMO_PROJECT), "--split-prominence", "1", "-o", str(tmp_path / "h.gpkg"),
            "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_areas_split"] == 0 and "no split" in report["split_rule"] and report["cell_m"] == 75
