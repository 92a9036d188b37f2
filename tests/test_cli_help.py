"""Issue #12: ``--help`` answers at once — no heavy module is imported to build the parser — and the
choices the parsers read from :mod:`hotspots.defaults` are the implementing modules' own."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("geopandas", "pandas", "numpy", "folium", "sklearn", "scipy", "shapely", "pyproj", "pyogrio", "pyarrow",
         "matplotlib", "rich")
COMMANDS = ("check", "hotspots", "emerging", "change", "evaluate", "map", "coverage", "suggest", "weekend",
            "calendar", "run", "demo")
# Runs main(argv) the way the console script does and prints the heavy modules it left loaded.
PROBE = f"""
import sys
from maps.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = [m for m in {HEAVY!r} if m in sys.modules]
print("LOADED=" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def _help(*argv):
    return subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_imports_nothing_heavy(command):
    proc = _help(*([command] if command else []), "--help")
    assert proc.returncode == 0, proc.stderr
    assert f"usage: hotspot-planner {command}".rstrip() in proc.stdout
    loaded = proc.stderr.strip().splitlines()[-1]
    assert loaded == "LOADED=", f"{command or 'hotspot-planner'} --help imported {loaded}"


def test_the_probe_sees_heavy_imports():
    """The probe itself can fail: a command that runs (not --help) loads pandas and is reported."""
    proc = _help("calendar", "2026", "--json")
    assert proc.returncode == 0 and "pandas" in proc.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_incident_command_takes_points_and_project(command):
    proc = _help(command, "--help")
    if command == "calendar":  # reads no incidents: YEAR and an optional project
        assert "--project" in proc.stdout and "POINTS" not in proc.stdout
    else:
        assert "POINTS" in proc.stdout and "--project FILE.toml" in proc.stdout and "--quiet" in proc.stdout


def test_parser_choices_are_the_implementing_modules():
    from hotspots import defaults
    from hotspots.find import METHODS
    from hotspots.temporal.evaluate import DEFAULT_COVERAGE
    from hotspots.temporal.evaluate import METHODS as EVALUATE_METHODS
    from layers.cover.suggest import KOPER_MINUTES
    from layers.plans.patrols import MODE_RADIUS_M
    from maps.products.build import HEAT_MODES

    assert defaults.METHODS == METHODS and defaults.METHOD in METHODS
    assert defaults.EVALUATE_METHODS == EVALUATE_METHODS and defaults.EVALUATE_COVERAGE == DEFAULT_COVERAGE
    assert defaults.PATROL_MODES == tuple(MODE_RADIUS_M) and defaults.VISIT_MINUTES == KOPER_MINUTES
    assert defaults.HEAT_MODES == HEAT_MODES
