"""Issue #12, the CLI's one grammar: POINTS... or --project, flags over the project, -o suffixes, closed
pipes, one-line errors, exit codes, --quiet and the progress display, suggest without -o, --all-cells."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path(str(DEMO_PROJECT)).parent
# 40 points at 12 places: three clusters 1.1 km apart (so the grid has empty cells between them)
CSV = "id;kategori;tid;lat;lon\n" + "".join(f"{i};Misshandel;2024-05-0{1 + i % 7} 22:00;65.8{5 + i % 3};23.15{i % 4}\n"
                                            for i in range(40))


@pytest.fixture
def points(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _cli(*argv):
    return subprocess.run([sys.executable, "-m", "maps.cli.main", *map(str, argv)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)


# --- one source: POINTS... or --project ------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["hotspots", "-o", "h.gpkg"], ["emerging", "-o", "e.gpkg"],
                                     ["change", "--split", "2024-05-03", "-o", "c.gpkg"], ["evaluate"],
                                     ["map", "-o", "k.html"], ["coverage"], ["suggest", "--visits", "2"],
                                     ["weekend", "valborg", "--year", "2026"], ["run"]])
def test_both_or_neither_source_is_a_usage_error(command, points, capsys):
    with pytest.raises(SystemExit) as exc:
        main(command)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "POINTS" in err and "--project" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main([*command, str(points), "--project", str(DEMO_PROJECT)])
    assert exc.value.code == 2 and "not both" in capsys.readouterr().err


def test_points_after_options_belong_to_points(points, capsys):
    assert main(["check", "--json", str(points)]) == 0
    assert json.loads(capsys.readouterr().out)["rows_used"] == 40
    assert main(["check", "--lang", "en", str(points), "--json", str(points)]) == 0  # twice: duplicate ids
    assert json.loads(capsys.readouterr().out)["rows_read"] == 80


def test_project_settings_apply_and_flags_override_them(tmp_path, capsys):
    common = ["hotspots", "--project", str(DEMO_PROJECT), "--json"]
    report = json.loads(_run_ok([*common, "-o", str(tmp_path / "h.gpkg")], capsys))
    # the project's [hotspots] method; its cell is automatic (issue #14: 75 m from the events' spacing)
    assert (report["method"], report["cell_m"]) == ("count", 75) and "spacing" in report["cell_rule"]
    assert report["rows"]["rows_read"] > 6000  # incidents and the project's complaints
    report = json.loads(_run_ok([*common, "--cell-m", "250", "-o", str(tmp_path / "h2.gpkg")], capsys))
    assert (report["method"], report["cell_m"]) == ("count", 250)  # the flag wins, the rest stays
    text = _run_ok(["check", "--project", str(DEMO_PROJECT)], capsys)
    assert "rader lästa" in text  # the project's language
    assert "rows read" in _run_ok(["check", "--project", str(DEMO_PROJECT), "--lang", "en"], capsys)


def test_without_a_project_the_defaults_are_runs(points, tmp_path, capsys):
    from hotspots.defaults import METHOD

    report = json.loads(_run_ok(["hotspots", str(points), "-o", str(tmp_path / "h.gpkg"), "--json"], capsys))
    assert report["method"] == METHOD == "gistar"


def _run_ok(argv, capsys):
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


# --- -o: only what the command can write ---------------------------------------------------------------

@pytest.mark.parametrize("argv,message", [
    (["map", "{p}", "-o", "karta.pdf"], "map -o can write .html or .png; got .pdf"),
    (["map", "{p}", "-o", "k.html", "--png", "k.jpg"], "map --png can write .png; got .jpg"),
    (["hotspots", "{p}", "-o", "h.shp"], "hotspots -o can write .gpkg, .geojson, .csv or .xlsx; got .shp"),
    (["hotspots", "{p}", "-o", "h.gpkg", "--profiles", "p.gpkg"], "hotspots --profiles can write .csv or .xlsx"),
    (["emerging", "{p}", "-o", "e.txt"], "emerging -o can write .gpkg, .geojson, .csv or .xlsx; got .txt"),
    (["change", "{p}", "--split", "2024-05-03", "-o", "c"],
     "change -o can write .gpkg, .geojson, .csv or .xlsx; got (none)"),
    (["evaluate", "{p}", "-o", "e.gpkg"], "evaluate -o can write .csv or .xlsx; got .gpkg"),
    (["coverage", "{p}", "-o", "c.html"], "coverage -o can write .csv, .xlsx, .gpkg or .geojson; got .html"),
    (["suggest", "{p}", "--visits", "2", "-o", "s.csv"], "suggest -o can write .geojson or .gpkg; got .csv"),
    (["weekend", "valborg", "{p}", "--year", "2026", "-o", "w.pdf"],
     "weekend -o can write .csv, .xlsx, .gpkg, .geojson or .html; got .pdf"),
    (["check", "{p}", "--rejects", "r.xlsx"], "check --rejects can write .csv; got .xlsx"),
])
def test_an_output_the_command_cannot_write_is_refused_before_any_work(argv, message, points, tmp_path, capsys):
    argv = [a.format(p=points) if a == "{p}" else str(tmp_path / a) if "." in a and a != "2024-05-03" else a
            for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == [points]  # nothing written


# --- pipes, errors, exit codes -------------------------------------------------------------------------

def test_output_into_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "maps.cli.main", "check", DEMO / "incidents.csv", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.close()  # the reader is gone before the command writes, as with `| head -1`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait() == 0 and err == ""


def test_unexpected_error_is_one_line_with_a_hint(points, monkeypatch, capsys):
    def boom(*a, **k):
        raise RuntimeError("cannot frobnicate\nsecond line")

    monkeypatch.setattr("maps.cli.steps.read_incidents", boom)
    assert main(["check", str(points)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "check" in err and "pts.csv" in err and "cannot frobnicate" in err
    assert "--debug" in err and "internal error" not in err.lower() and "Traceback" not in err
    assert main(["--lang", "en", "check", str(points)]) == 1
    assert "rerun with --debug to see the details" in capsys.readouterr().err
    with pytest.raises(RuntimeError, match="frobnicate"):  # --debug: the real exception and its traceback
        main(["--debug", "check", str(points)])


BROKEN = """
import sys
import maps.cli.steps

def boom(*a, **k):
    raise RuntimeError("cannot frobnicate")

maps.cli.steps.read_incidents = boom
from maps.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("debug", [False, True])
def test_debug_shows_the_traceback(points, debug):
    proc = subprocess.run([sys.executable, "-c", BROKEN, *(["--debug"] if debug else []), "check", str(points)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          check=False)
    assert proc.returncode == 1 and "cannot frobnicate" in proc.stderr
    if debug:
        assert "Traceback (most recent call last)" in proc.stderr and "in boom" in proc.stderr
    else:
        assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_ctrl_c_is_one_line_and_exit_130(points, monkeypatch, capsys):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("maps.cli.steps.read_incidents", interrupted)
    assert main(["check", str(points)]) == 130
    assert capsys.readouterr().err == "avbrutet (Ctrl-C)\n"


def test_input_error_is_fel_or_error(capsys):
    assert main(["check", "saknas.csv"]) == 1
    assert capsys.readouterr().err.startswith("fel: saknas.csv")
    assert main(["--lang", "en", "check", "saknas.csv"]) == 1
    assert capsys.readouterr().err.startswith("error: saknas.csv")


# --- progress -----------------------------------------------------------------------------------------

def test_no_progress_when_not_a_terminal(points):
    proc = _cli("check", points, "--json")
    assert proc.returncode == 0 and proc.stderr == "" and json.loads(proc.stdout)["rows_used"] == 40


def _on_a_terminal(*argv):
    """Run the CLI with stdout and stderr on a pseudo-terminal; returns everything it drew."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI on a terminal
        os.environ["PYTHONPATH"] = str(ROOT)
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "maps.cli.main", *map(str, argv)])
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal_and_quiet(tmp_path):
    drawn = _on_a_terminal("check", DEMO / "incidents.csv", "--complaints", DEMO / "complaints.csv")
    assert "Läser filer" in drawn and "rader lästa" in drawn
    for quiet in (["--quiet", "check"], ["check", "--quiet"]):
        drawn = _on_a_terminal(*quiet, DEMO / "incidents.csv")
        assert "Läser filer" not in drawn and "rader lästa" in drawn


# --- suggest prints its plan; --all-cells -------------------------------------------------------------

def test_suggest_prints_the_plan_without_o(capsys):
    out = _run_ok(["suggest", "--project", str(DEMO_PROJECT), "--visits", "3"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("Täckt risk: 29,8 % →") and lines[1] == "Föreslagna besök:"
    assert lines[2].split() == ["besök", "hotspot", "namn", "när", "min", "vinst"]
    assert [line.split()[0] for line in lines[3:6]] == ["F01", "F02", "F03"] and "skrivet" not in out
    out = _run_ok(["--lang", "en", "suggest", "--project", str(DEMO_PROJECT), "--visits", "1"], capsys)
    assert "Suggested visits:" in out and out.splitlines()[2].split() == ["visit", "hotspot", "name", "when", "min",
                                                                              "gain"]


def test_hotspots_cells_only_with_points_unless_all_cells(points, tmp_path, capsys):
    base = ["hotspots", str(points), "--method", "count", "--cell-m", "100", "-o", str(tmp_path / "h.gpkg")]
    _run_ok([*base, "--cells", str(tmp_path / "c.gpkg")], capsys)
    _run_ok([*base, "--cells", str(tmp_path / "all.gpkg"), "--all-cells"], capsys)
    cells, every = gpd.read_file(tmp_path / "c.gpkg"), gpd.read_file(tmp_path / "all.gpkg")
    assert len(cells) == (every["count"] > 0).sum() >= 2 and (cells["n_incidents"] > 0).all()
    assert len(every) > len(cells) and every["count"].sum() == cells["count"].sum() == 40


def test_run_takes_points_too(points, tmp_path, capsys):
    made = json.loads(_run_ok(["run", str(points), "--method", "count", "--cell-m", "100", "-o", str(tmp_path / "r"),
                               "--json"], capsys))
    assert made["summary"]["rows_used"] == 40 and made["summary"]["hotspots"]["method"] == "count"
    assert {"hotspots", "map", "share_map", "summary", "rejects"} <= set(made["products"])
    assert "coverage" not in made["summary"]  # no patrol plan given
