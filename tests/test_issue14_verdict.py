"""Issue #14: one verdict rule (layers.cover.verdict) and its thresholds from the project's [coverage]."""

from argparse import Namespace

import numpy as np
import pytest

from hotspots.defaults import COVERED_AT, THIN_AT
from hotspots.errors import InputError
from layers.cover.verdict import coverage_status


def test_status_from_risk_covered():
    share = np.array([0.0, 0.29, 0.3, 0.79, 0.8, 1.0, np.nan, 0.5, 0.5])
    trouble = np.array([True] * 7 + [False, True])
    known = np.array([True] * 8 + [False])
    assert coverage_status(share, trouble=trouble, known=known).tolist() == [
        "gap", "gap", "thin", "thin", "covered", "covered", "no data", "quiet", "no data"]
    assert (COVERED_AT, THIN_AT) == (0.8, 0.3)
    assert coverage_status([0.5], covered_at=0.5, thin_at=0.1).tolist() == ["covered"]


@pytest.mark.parametrize("covered_at, thin_at", [(0.3, 0.8), (1.5, 0.3), (0.8, -0.1), ("0.8", 0.3), (0, 0)])
def test_bad_thresholds(covered_at, thin_at):
    with pytest.raises(InputError, match="thin_at"):
        coverage_status([0.5], covered_at=covered_at, thin_at=thin_at)


def test_project_thresholds_and_flags(tmp_path):
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.commands.coverage import coverage_thresholds
    from maps.cli.commands.run import DEMO_PROJECT

    text = DEMO_PROJECT.read_text(encoding="utf-8").replace("covered_at = 0.8", "covered_at = 0.6")
    for name in ("incidents.csv", "complaints.csv", "patrols.csv", "patrol_routes.geojson", "special_places.geojson",
                 "kalix_kommun.geojson", "localities.csv", "tracks", "patrol_reports.csv"):  # every [data] file
        (tmp_path / name).symlink_to(DEMO_PROJECT.parent / name)
    project = tmp_path / "p.toml"
    project.write_text(text, encoding="utf-8")
    inputs = resolve_inputs(Namespace(command="coverage", points=[], project=str(project), lang=None))
    assert coverage_thresholds(inputs) == {"covered_at": 0.6, "thin_at": 0.3}
    assert coverage_thresholds(inputs, Namespace(covered_at=0.9, thin_at=None)) == {"covered_at": 0.9, "thin_at": 0.3}
    project.write_text(text.replace("thin_at = 0.3", "thin_at = 0.3\nthin_minutes = 60"), encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown \[coverage\] key"):
        resolve_inputs(Namespace(command="coverage", points=[], project=str(project), lang=None))
    project.write_text(text.replace("thin_at = 0.3", "thin_at = 0.7"), encoding="utf-8")
    inputs = resolve_inputs(Namespace(command="coverage", points=[], project=str(project), lang=None))
    with pytest.raises(InputError, match=r"\[coverage\]"):
        coverage_thresholds(inputs)
