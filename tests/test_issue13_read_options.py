"""Issue 13.2 / 16.1: the reader's plausibility options on the command line and in the project file,
and the reject reasons they cause in words (Swedish by default, English with --lang en)."""

import json

import pytest

from maps.cli.args.project import load_project
from maps.cli.main import main

ROWS = """id;x;y;tid;brott
1;23.15;65.85;03/04/2024 22:00;Skadegörelse
2;23.16;65.86;2024-04-05 22:00;Skadegörelse
3;23.16;65.86;1960-04-05 22:00;Skadegörelse
4;2.35;48.85;2024-04-05 22:00;Skadegörelse
5;23.16;65.86;2090-04-05 22:00;Skadegörelse
6;22.70;65.86;2024-04-06 22:00;Skadegörelse
"""


@pytest.fixture
def incidents(tmp_path):
    path = tmp_path / "händelser.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def _check(capsys, *argv):
    assert main(["check", *map(str, argv), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_defaults_reject_floor_future_and_far_away(incidents, capsys):
    s = _check(capsys, incidents)
    assert s["reasons"] == {"date_before_floor": 1, "date_in_future": 1, "outside_study_area": 1}
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"] == 6
    assert s["time_min"].startswith("2024-04-03")  # n/n/yyyy undecided by the data: day first in Sweden


def test_flags_reach_the_reader(incidents, capsys):
    s = _check(capsys, incidents, "--monthfirst", "--min-date", "1950-01-01", "--max-date", "2100-01-01",
               "--study-box", "22.9,65.7,23.5,66.0")
    # the Paris row and the row at 22.70° E are outside the stated box; no date is implausible any more
    assert s["reasons"] == {"outside_study_area": 2}
    assert s["time_min"].startswith("1960-04-05")
    assert s["files"][0]["time"]["dayfirst"]["tid"]["dayfirst"] is False
    off = _check(capsys, incidents, "--study-box", "off", "--dayfirst")
    assert "outside_study_area" not in off["reasons"] and off["time_min"].startswith("2024-04-03")


@pytest.mark.parametrize("argv, words", [
    (["--study-box", "1,2,3"], "--study-box must be four numbers MINX,MINY,MAXX,MAXY"),
    (["--study-box", "24,65,23,66"], "MINX < MAXX"),
    (["--min-date", "2024-13-01"], "--min-date must be a date written YYYY-MM-DD"),
    (["--min-date", "2025-01-01", "--max-date", "2024-01-01"], "is after --max-date"),
    (["--dayfirst", "--monthfirst"], "not allowed with argument"),
])
def test_bad_flags_are_usage_errors(incidents, capsys, argv, words):
    with pytest.raises(SystemExit) as stop:
        main(["check", str(incidents), *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def _project(tmp_path, incidents, read="", privacy=""):
    path = tmp_path / "p.toml"
    path.write_text(f'[data]\nincidents = ["{incidents.name}"]\n[read]\n{read}\n[privacy]\n{privacy}\n',
                    encoding="utf-8")
    return path


def test_project_read_keys(tmp_path, incidents, capsys):
    project = _project(tmp_path, incidents, read='dayfirst = false\nmin_date = "1950-01-01"\nmax_date = 2100-01-01\n'
                                                 'study_box = [22.9, 65.7, 23.5, 66.0]\ntz = "Europe/Helsinki"\n'
                                                 'default_category = "vandalism"',
                       privacy="no_sensitive = true")
    loaded = load_project(project)
    read = loaded.read
    assert (read.dayfirst, read.min_date, read.max_date, read.study_box, read.tz, read.default_category) == \
        (False, "1950-01-01", "2100-01-01", (22.9, 65.7, 23.5, 66.0), "Europe/Helsinki", "vandalism")
    assert loaded.no_sensitive is True
    s = _check(capsys, "--project", project)
    assert s["reasons"] == {"outside_study_area": 2} and s["tz"] == "Europe/Helsinki"
    # a flag replaces the project's value
    s = _check(capsys, "--project", project, "--study-box", "off", "--min-date", "2000-01-01")
    assert s["reasons"] == {"date_before_floor": 1}


@pytest.mark.parametrize("read, words", [
    ('study_box = [1, 2]', "[read] study_box must be four numbers"),
    ('min_date = "igår"', "[read] min_date must be a date written YYYY-MM-DD"),
    ('dayfirst = "ja"', "[read] dayfirst must be true or false"),
])
def test_bad_project_read_keys_name_the_file(tmp_path, incidents, capsys, read, words):
    project = _project(tmp_path, incidents, read=read)
    assert main(["check", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert str(project) in err and words in err and "Traceback" not in err


def test_bad_privacy_key(tmp_path, incidents, capsys):
    project = _project(tmp_path, incidents, privacy="no_sensitive = 1")
    assert main(["check", "--project", str(project)]) == 1
    assert "[privacy] no_sensitive must be true or false" in capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [
    ("sv", ["datum före det tidigaste godtagna", "datum i framtiden", "utanför studieområdet"]),
    ("en", ["date before the earliest accepted", "date in the future", "outside the study area"]),
])
def test_reject_reasons_in_words(incidents, capsys, lang, words):
    assert main(["--lang", lang, "check", str(incidents)]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out


def test_default_category_flag(tmp_path, capsys):
    path = tmp_path / "narkotika.csv"
    path.write_text("id;x;y;tid\n1;23.15;65.85;2024-04-05 22:00\n2;23.16;65.86;2024-04-06 22:00\n", encoding="utf-8")
    assert _check(capsys, path, "--default-category", "narkotika")["categories"] == {"drugs": 2}
    assert main(["check", str(path), "--default-category", "blaha"]) == 1
    err = capsys.readouterr().err
    assert "narkotika.csv" in err and "'blaha' is no known category" in err and "drugs" in err


def test_every_reject_reason_of_the_reader_has_both_labels():
    """Each reason the reader can write (found in its source) reads as words in Swedish and English."""
    import re
    from pathlib import Path

    from maps.labels import label

    reader = Path(__file__).parents[1] / "hotspots" / "io"
    source = "\n".join(p.read_text(encoding="utf-8") for p in reader.rglob("*.py"))
    found = set(re.findall(r'(?:reason\[[^\]]*\] = |mask\([^,]*, |where\([^,]*, )"([a-z_]+)"', source))
    found |= {"malformed_row", "summary_not_incident"}  # written as values of a column
    assert {"date_before_floor", "date_in_future", "outside_study_area", "null_island"} <= found
    for reason in sorted(found):
        assert label(reason, "sv") != reason and label(reason, "en") != reason, reason
        assert label(reason, "sv") != label(reason, "en"), reason
