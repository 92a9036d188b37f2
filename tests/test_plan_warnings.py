"""The patrol plan reader's warnings reach the reader in every command, in the reader's language.

A plan without a mode column is read with every patrol as 'other' (radius 150 m): the planner must be told,
in ``check`` under the file, in ``coverage``, ``suggest`` and ``weekend`` below the line of unread rows, and
in ``--json`` as ``warnings``; share mode leaves them out (a warning may quote a value).
"""

import json

import pytest

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main
from maps.cli.plan_rows import plan_rows, warning_lines

SV = "ingen kolumn för färdsätt (mode/färdsätt)"
EN = "no mode column (mode/färdsätt)"


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("patrull;schema;latitud;longitud\nA;fre 22-02;65,8277;23,1596\n", encoding="utf-8")
    return path


def _out(capsys, *argv):
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


def test_check_lists_the_warning_under_the_file_and_in_json(plan, capsys):
    text = _out(capsys, "check", "--patrols", plan)
    assert "  varningar:\n" in text and f"    - plan.csv: {SV}" in text
    assert f"    - plan.csv: {EN}" in _out(capsys, "--lang", "en", "check", "--patrols", plan)
    block = json.loads(_out(capsys, "check", "--patrols", plan, "--json"))["patrols"]
    assert [w for w in block["warnings"] if SV in w]


@pytest.mark.parametrize("argv", [["coverage"], ["suggest", "--visits", "2"], ["weekend", "valborg", "--year", "2026"]])
def test_the_planning_commands_print_the_warning(plan, capsys, argv):
    text = _out(capsys, *argv, "--project", DEMO_PROJECT, "--patrols", plan)
    assert f"varning, patrullplanen: plan.csv: {SV}" in text
    if argv == ["coverage"]:  # the line is made in one place (warning_lines) for every command
        english = _out(capsys, "--lang", "en", *argv, "--project", DEMO_PROJECT, "--patrols", plan)
        assert f"warning, patrol plan: plan.csv: {EN}" in english


def test_no_warning_lines_without_a_plan_or_in_share_mode(plan):
    from layers.plans.patrols import read_patrols

    read = read_patrols(plan)
    assert warning_lines(None) == []
    assert len(warning_lines(plan_rows(read, "sv"))) == len(read.summary["warnings"]) >= 1
    assert plan_rows(read, "sv", share=True)["warnings"] == []


def test_run_prints_the_warning_below_the_summary(plan, capsys, tmp_path):
    text = _out(capsys, "run", DEMO_PROJECT, "--patrols", plan, "-o", tmp_path / "ut")
    line = f"varning, patrullplanen: plan.csv: {SV}"
    assert line in text and text.index(line) < text.index("metod:")  # with the read summary, before the hotspots
    summary = json.loads((tmp_path / "ut" / "check_summary.json").read_text(encoding="utf-8"))
    assert [w for w in summary["patrol_plan"]["warnings"] if SV in w]
