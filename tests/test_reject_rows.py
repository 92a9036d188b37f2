"""``check --rejects`` writes every rejected row: the demo's incident points, a patrol plan's and special places'
(maps/cli/reject_rows.py through maps/cli/commands/check.py), with kind, file, row and reason in the reader's
language."""

import json
from pathlib import Path

import pandas as pd
import pytest

from maps.cli import main as cli
from maps.cli.reject_rows import reject_rows

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "kalix.toml"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rejects")
    plan = folder / "patrullplan.csv"
    plan.write_text("patrull;schema;latitud;longitud\nA;fre 22-02;65,85;23,15\nB;xyz 22-02;65,85;23,15\n"
                    "C;3/4/2026 20-22;65,85;23,15\nD;30/4/2026 20-03;65,85;23,15\n", encoding="utf-8")
    places = folder / "platser.csv"
    places.write_text("plats_id;namn;evenemang;radie_m;latitud;longitud\nT;Torget;valborg;50;65,85;23,15\n"
                      "Q;Kajen;midsommar;-5;65,86;23,15\n", encoding="utf-8")
    return plan, places


@pytest.fixture
def run(capsys):
    def call(*argv):
        assert cli.main(list(argv)) == 0
        return capsys.readouterr().out
    return call


def _read(path):
    return pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_demo_points_and_plan_rejects_in_one_swedish_table(files, run, tmp_path):
    plan, places = files
    out = tmp_path / "avvisade.csv"
    text = run("check", "--project", str(DEMO), "--patrols", str(plan), "--places", str(places), "--rejects", str(out))
    assert f"skrivet: {out}" in text
    summary = json.loads(run("check", "--project", str(DEMO), "--patrols", str(plan), "--places", str(places),
                             "--json"))
    table = _read(out)
    assert list(table.columns[:8]) == ["typ", "fil", "rad", "orsak", "orsakskod", "förklaring", "kolumn", "värde"]
    counts = table["typ"].value_counts().to_dict()
    assert counts == {"händelse": summary["rows_rejected"], "patrull": 2, "plats": 1}
    points = table[table["typ"] == "händelse"]
    assert set(points["fil"]) == {"incidents.csv"} and points["förklaring"].eq("").all()
    assert (points["orsakskod"] == "no_coordinates").any()
    assert (points.loc[points["orsakskod"] == "no_coordinates", "orsak"] == "saknar koordinater").all()
    patrols = table[table["typ"] == "patrull"].set_index("rad")
    assert list(patrols.index) == ["3", "4"] and set(patrols["fil"]) == {"patrullplan.csv"}
    assert (patrols["orsakskod"] == "malformed_schedule").all()
    assert patrols.loc["3", "förklaring"].startswith("schema 'xyz 22-02': 'xyz' är ingen dag")
    assert patrols.loc["4", "förklaring"].startswith(
        "schema '3/4/2026 20-22': datumet '3/4/2026' kan läsas som 3 april 2026 (dagen först) eller 4 mars 2026")
    assert (patrols.loc["4", "kolumn"], patrols.loc["4", "värde"]) == ("schema", "3/4/2026 20-22")
    assert patrols.loc["4", "patrull"] == "C"  # the rejected row's own columns follow
    place = table[table["typ"] == "plats"].iloc[0]
    assert (place["fil"], place["rad"], place["orsakskod"], place["kolumn"], place["värde"]) == (
        "platser.csv", "3", "invalid_radius", "radie_m", "'-5")  # formula-safe: a cell never starts with -
    assert place["förklaring"].startswith("radien ska vara meter") and place["plats_id"] == "Q"


def test_english_words_and_the_plan_alone(files, run, tmp_path):
    plan, places = files
    out = tmp_path / "rejects.csv"
    text = run("--lang", "en", "check", "--patrols", str(plan), "--places", str(places), "--rejects", str(out))
    assert f"written: {out}" in text
    table = _read(out)
    assert list(table.columns[:7]) == ["kind", "file", "row", "reason", "detail", "column", "value"]
    assert table["kind"].tolist() == ["patrol", "patrol", "place"] and table["row"].tolist() == ["3", "4", "3"]
    assert table["reason"].tolist() == ["malformed_schedule", "malformed_schedule", "invalid_radius"]
    assert table["detail"][1].startswith("schedule '3/4/2026 20-22': the date '3/4/2026' can be read as 3 April 2026")
    assert "write e.g." not in table["detail"][1]  # the examples belong to the terminal, not to each row
    json_out = tmp_path / "rejects2.csv"  # --json writes the file too
    run("check", "--patrols", str(plan), "--dayfirst", "--rejects", str(json_out), "--json")
    assert _read(json_out)["rad"].tolist() == ["3"]  # --dayfirst reads row 4 as 3 April


def test_nothing_rejected_is_an_empty_table_with_its_columns():
    table = reject_rows()
    assert list(table.columns) == ["kind", "file", "row", "reason", "detail", "column", "value"] and table.empty


def test_plan_files_with_clashing_column_names_keep_their_own(run, tmp_path):
    # Two plan files name one column in Swedish and in English (patrull, patrol_id), as the demo's do: both
    # are the files' own and keep their names (the table once renamed patrol_id to patrull, and a run with
    # such files and a rejected row in each could not write its rejects).
    sv_plan, en_plan = tmp_path / "plan_sv.csv", tmp_path / "plan_en.csv"
    sv_plan.write_text("patrull;schema;latitud;longitud\nA;xyz 22-02;65,85;23,15\n", encoding="utf-8")
    en_plan.write_text("patrol_id,schedule,lat,lon\nB,abc 22-02,65.85,23.15\n", encoding="utf-8")
    out = tmp_path / "avvisade.csv"
    run("check", "--patrols", str(sv_plan), "--patrols", str(en_plan), "--rejects", str(out))
    table = _read(out)
    assert table.columns.is_unique and {"patrull", "patrol_id"} <= set(table.columns)
    assert table["patrull"].tolist() == ["A", ""] and table["patrol_id"].tolist() == ["", "B"]
    # A file's own column named like one of ours is kept beside ours as pandas names a repeated header.
    plan = tmp_path / "plan.csv"
    plan.write_text("patrull;schema;orsak;file;latitud;longitud\nA;xyz 22-02;egen text;f1;65,85;23,15\n",
                    encoding="utf-8")
    for lang, ours, theirs, words in (("sv", "orsak", "orsak.1", "egen text"), ("en", "file", "file.1", "f1")):
        out = tmp_path / f"rejects_{lang}.csv"
        run("--lang", lang, "check", "--patrols", str(plan), "--rejects", str(out))
        table = _read(out)
        assert table.columns.is_unique and theirs in table.columns, list(table.columns)
        assert table.loc[0, theirs] == words and table.loc[0, ours] != words


def test_the_demo_project_writes_its_rejects(run, tmp_path):
    out = tmp_path / "avvisade.csv"
    run("check", "--project", str(DEMO), "--rejects", str(out))
    table = _read(out)
    assert table.columns.is_unique and set(table["typ"]) == {"händelse"} and len(table) == 70


def test_a_points_file_with_columns_named_like_the_plans_keeps_them(run, tmp_path):
    # "kind" and "value" are ours only in the joint table: a points file's own are kept beside them.
    points = tmp_path / "punkter.csv"
    points.write_text("kind,value,lat,lon,start\negen,42,,23.15,2024-01-01\negen,7,65.85,23.15,2024-01-01\n",
                      encoding="utf-8")
    out = tmp_path / "rejects.csv"
    run("--lang", "en", "check", str(points), "--rejects", str(out))
    table = _read(out)
    assert table.columns.is_unique and list(table.columns[:7]) == ["kind", "file", "row", "reason", "detail",
                                                                   "column", "value"]
    assert table.loc[0, ["kind", "value", "kind.1", "value.1"]].tolist() == ["incident", "", "egen", "42"]
