"""Issue 13 item 6: a Swedish patrol plan written the way planners write it, every row used or named rejected.

A hand-made plan with one patrol per special place (2 km apart, so each place is reached by exactly one stop)
in every form of the issue, plus one unreadable row (row 13, a typo). The minutes inside each event's window
are computed by hand and checked against what ``weekend --json`` reports per place; ``check``, ``weekend`` and
``coverage`` name the unreadable row in text and JSON, the briefing carries the note, and ``used + rejected ==
read`` holds for the plan and the places.
"""

import json
from pathlib import Path

import pytest

from layers.calendar import event_windows
from layers.plans.dates import PlanningWindow
from layers.plans.patrols import read_patrols
from layers.plans.places import read_places
from maps.cli import main as cli

DEMO = Path(__file__).resolve().parents[1] / "maps" / "demo" / "kalix" / "kalix.toml"
# (patrol and place id, schedule as written, minutes inside midsommar 2026: 2026-06-19 12:00 → 06-21 06:00)
PLAN = [
    ("A", "midsommarafton 20-03", 420),
    ("B", "19/6 20:00–03:00", 420),                  # en dash
    ("C", "fre 19 juni kl. 20–03", 420),             # weekday + date, kl.
    ("D", "v25 fre 20.00-03.00", 420),               # week number, dotted clock
    ("E", "vecka 25 lör 22—02", 240),                # em dash, overnight
    ("F", "2026-06-20 10-14", 240),                  # ISO date
    ("G", "midsommardagen 12-16", 240),
    ("H", "19 juni 10-14", 120),                     # starts before the window: 12-14 counts
    ("I", "lör 20/6 20-03", 420),
    ("J", "sön 21 juni 04-08", 120),                 # ends after the window: 04-06 counts
    ("K", "fre-lör 22-02", 480),                     # the weekly form still reads
    ("L", "midsomarafton 20-03", None),              # row 13: a typo, cannot be read
    ("M", "midsommarafton 12-16, 20-03; midsommardagen 20-03", 1080),
    ("N", "valborg 20-03", 0),
    ("O", "nyårsafton 20-03", 0),
    ("P", "19/6 kl 20 - 20/6 kl 03", 420),
]
OTHER_WINDOWS = {"valborg": {"N": 420}, "nyarsafton": {"O": 420}}  # every other place: 0
BAD_ROW = 13


def _lat(k):
    return f"{65.80 + 0.02 * k:.4f}".replace(".", ",")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    plan = folder / "patrullplan.csv"
    plan.write_text("patrull;färdsätt;schema;latitud;longitud\n" + "".join(
        f"{pid};fot;\"{text}\";{_lat(k)};23,1545\n" for k, (pid, text, _) in enumerate(PLAN)), encoding="utf-8")
    places = folder / "platser.csv"
    places.write_text("plats_id;namn;evenemang;radie_m;latitud;longitud\n" + "".join(
        f"{pid};Plats {pid};midsommar, valborg, nyårsafton;50;{_lat(k)};23,1545\n" for k, (pid, *_) in enumerate(PLAN))
        + "Q;Plats Q;midsommar;-5;65,7000;23,1545\n", encoding="utf-8")  # row 18: a bad radius
    return plan, places


@pytest.fixture
def run(monkeypatch, capsys):
    def call(*argv):
        assert cli.main(list(argv)) == 0
        return capsys.readouterr().out
    return call


def _window(event):
    rows = event_windows(2026)
    row = rows[rows["key"] == event].iloc[0]
    return PlanningWindow(row["start"], row["end"])


def test_read_patrols_accounts_for_every_row_and_names_the_bad_one(files):
    result = read_patrols(files[0], window=_window("midsommar"))
    s = result.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (16, 15, 1)
    assert s["rows_used"] + s["rows_rejected"] == s["rows_read"]
    bad = result.rejects.iloc[0]
    assert (bad["row"], bad["reason"], bad["column"], bad["value"]) == (str(BAD_ROW), "malformed_schedule", "schema",
                                                                       "midsomarafton 20-03")
    assert "'midsomarafton' är ingen dag" in bad["detail_sv"] and "'midsomarafton' is not a day" in bad["detail"]
    assert sorted(result.patrols["patrol_id"]) == sorted(p for p, _, m in PLAN if m is not None)


def test_without_a_window_the_plan_own_full_dates_give_the_year(files, tmp_path):
    result = read_patrols(files[0])  # row F says 2026-06-20: the plan's own year
    assert (result.summary["rows_used"], result.summary["rows_rejected"]) == (15, 1)
    dated = result.patrols.set_index("patrol_id")["dated"]
    assert [str(t) for t in dated["A"][0]] == ["2026-06-19 20:00:00+02:00", "2026-06-20 03:00:00+02:00"]
    plan = tmp_path / "utan_ar.csv"
    plan.write_text("patrull;schema;latitud;longitud\nX;midsommarafton 20-03;65,85;23,15\nY;fre 22-02;65,85;23,15\n",
                    encoding="utf-8")
    result = read_patrols(plan)  # no year anywhere: the dated row is rejected, saying what to do
    s = result.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (2, 1, 1)
    bad = result.rejects.iloc[0]
    assert bad["row"] == "2" and "saknar år" in bad["detail_sv"] and "--year" in bad["detail_sv"]


def test_places_accounting(files):
    result = read_places(files[1])
    s = result.summary
    assert (s["rows_read"], s["rows_used"], s["rows_rejected"]) == (17, 16, 1)
    bad = result.rejects.iloc[0]
    assert (bad["row"], bad["reason"], bad["column"], bad["value"]) == ("18", "invalid_radius", "radie_m", "-5")
    assert "radien" in bad["detail_sv"]


def test_check_patrols_and_places_text_and_json(files, run):
    out = run("check", "--patrols", str(files[0]), "--places", str(files[1]), "--year", "2026", "--event", "midsommar")
    assert "rader lästa 16 = använda 15 + avvisade 1" in out and "rader lästa 17 = använda 16 + avvisade 1" in out
    assert f"rad {BAD_ROW}: schema 'midsomarafton 20-03': 'midsomarafton' är ingen dag" in out
    assert "rad 18 radie_m = '-5': radien" in out
    blocks = json.loads(run("--lang", "en", "check", "--patrols", str(files[0]), "--places", str(files[1]),
                            "--year", "2026", "--json"))
    patrols = blocks["patrols"]
    assert (patrols["rows_read"], patrols["rows_used"], patrols["rows_rejected"]) == (16, 15, 1)
    assert len(patrols["rejected"]) == 1
    bad = patrols["rejected"][0]
    assert (bad["row"], bad["column"], bad["value"]) == (BAD_ROW, "schema", "midsomarafton 20-03")
    assert "'midsomarafton' is not a day" in bad["reason"] and bad["code"] == "malformed_schedule"
    assert blocks["places"]["rejected"][0]["row"] == 18


def test_check_with_points_adds_the_plan_accounting(files, run):
    summary = json.loads(run("check", "--project", str(DEMO), "--patrols", str(files[0]), "--year", "2026",
                             "--json"))
    assert summary["rows_read"] == summary["rows_used"] + summary["rows_rejected"]
    assert summary["patrols"]["rows_rejected"] == 1 and summary["patrols"]["rejected"][0]["row"] == BAD_ROW
    assert summary["places"]["rows_rejected"] == 0  # the project's own places


def test_check_reads_day_month_year_dates_and_dayfirst_reaches_the_plan(tmp_path, run):
    plan = tmp_path / "plan_dmy.csv"
    plan.write_text("patrull;schema;latitud;longitud\nV;30/4/2026 20-03;65,85;23,15\nW;3/4/2026 20-22;65,85;23,15\n",
                    encoding="utf-8")
    out = run("check", "--patrols", str(plan))
    assert "rader lästa 2 = använda 1 + avvisade 1" in out
    assert ("rad 3: schema '3/4/2026 20-22': datumet '3/4/2026' kan läsas som 3 april 2026 (dagen först) eller "
            "4 mars 2026 (månaden först)") in out
    block = json.loads(run("check", "--patrols", str(plan), "--dayfirst", "--json"))["patrols"]
    assert (block["rows_used"], block["rows_rejected"]) == (2, 0)
    read = read_patrols(plan, dayfirst=True).patrols.set_index("patrol_id")["dated"]
    assert [str(t) for t in read["W"][0]] == ["2026-04-03 20:00:00+02:00", "2026-04-03 22:00:00+02:00"]
    demo = DEMO.parent
    project = tmp_path / "dmy.toml"  # the project's [read] dayfirst reaches the plan reader too
    project.write_text(f'[project]\ntimezone = "Europe/Stockholm"\n[data]\nincidents = ["{demo / "incidents.csv"}"]\n'
                       f'patrols = ["{plan}"]\n[read]\ndayfirst = true\n', encoding="utf-8")
    assert json.loads(run("check", "--project", str(project), "--json"))["patrols"]["rows_rejected"] == 0
    project.write_text(project.read_text(encoding="utf-8").replace("dayfirst = true", "dayfirst = false"),
                       encoding="utf-8")
    read = json.loads(run("check", "--project", str(project), "--json"))["patrols"]
    assert read["rows_rejected"] == 0  # month first, as stated: 4 March


@pytest.mark.parametrize("event, expected", [
    ("midsommar", {pid: m or 0 for pid, _, m in PLAN}),  # L: its only patrol could not be read
    *[(event, {pid: minutes.get(pid, 0) for pid, _, _ in PLAN}) for event, minutes in OTHER_WINDOWS.items()],
])
def test_weekend_json_minutes_per_place_inside_the_window(files, run, event, expected):
    summary = json.loads(run("weekend", event, "--year", "2026", "--project", str(DEMO), "--patrols", str(files[0]),
                             "--places", str(files[1]), "--json", "--quiet"))
    got = {p["place_id"]: p["presence_minutes"] for p in summary["places"]}
    assert got == expected
    assert summary["patrol_plan"]["rows_read"] == 16 and summary["patrol_plan"]["rows_used"] == 15
    assert [r["row"] for r in summary["patrol_plan"]["rejected"]] == [BAD_ROW]
    assert summary["unread"][0].startswith(f"1 rad i patrullplanen kunde inte läsas: rad {BAD_ROW} (schema "
                                           "'midsomarafton 20-03'")
    assert summary["unread"][1].startswith("1 rad i platsfilen kunde inte läsas: rad 18 (radie_m: radien")


def test_weekend_text_and_briefing_name_the_unread_row(files, run, tmp_path):
    page = tmp_path / "genomgang.html"
    out = run("--lang", "en", "weekend", "midsommar", "--year", "2026", "--project", str(DEMO), "--patrols",
              str(files[0]), "--places", str(files[1]), "-o", str(page), "--quiet")
    assert (f"1 row of the patrol plan could not be read: row {BAD_ROW} (schedule 'midsomarafton 20-03': "
            "'midsomarafton' is not a day") in out
    html = page.read_text(encoding="utf-8")
    assert f"1 row of the patrol plan could not be read: row {BAD_ROW} (schedule &#39;midsomarafton 20-03&#39;" in html
    shared = tmp_path / "delning.html"
    run("weekend", "midsommar", "--year", "2026", "--project", str(DEMO), "--patrols", str(files[0]), "--places",
        str(files[1]), "-o", str(shared), "--share", "--quiet")
    html = shared.read_text(encoding="utf-8")
    assert f"1 rad i patrullplanen kunde inte läsas: rad {BAD_ROW} (schemat går inte att läsa)" in html
    assert "midsomarafton" not in html  # share mode: rows and reasons, never a cell's text


def test_coverage_names_the_unread_row(files, run):
    args = ("coverage", "--project", str(DEMO), "--patrols", str(files[0]), "--period", "2026-06-19..2026-06-21")
    assert f"1 rad i patrullplanen kunde inte läsas: rad {BAD_ROW} (schema 'midsomarafton 20-03'" in run(*args)
    summary = json.loads(run(*args, "--json", "--quiet"))
    assert summary["patrol_plan"]["rows_used"] == 15 and summary["patrol_plan"]["rejected"][0]["row"] == BAD_ROW
    assert summary["unread"] and f"rad {BAD_ROW}" in summary["unread"][0]


def test_run_names_the_unread_row_in_summary_and_briefings(files, run, tmp_path):
    made = json.loads(run("run", str(DEMO), "--patrols", str(files[0]), "--places", str(files[1]), "-o",
                          str(tmp_path), "--json", "--quiet"))
    summary = made["summary"]
    assert summary["patrol_plan"]["rows_used"] + summary["patrol_plan"]["rows_rejected"] == 16
    assert [r["row"] for r in summary["patrol_plan"]["rejected"]] == [BAD_ROW]
    assert summary["unread"][0].startswith(f"1 rad i patrullplanen kunde inte läsas: rad {BAD_ROW}")
    assert json.loads((tmp_path / "check_summary.json").read_text(encoding="utf-8"))["unread"] == summary["unread"]
    for event in ("valborg", "midsommar", "nyarsafton"):
        html = Path(made["products"][f"briefing_{event}"]).read_text(encoding="utf-8")
        assert f"1 rad i patrullplanen kunde inte läsas: rad {BAD_ROW} (schema &#39;midsomarafton 20-03&#39;" in html


def test_the_one_line_note_names_ten_rows_and_counts_the_rest(tmp_path):
    from maps.cli.plan_rows import N_NAMED, plan_rows, unread_line

    plan = tmp_path / "trasig.csv"
    plan.write_text("patrull;schema;latitud;longitud\n" + "".join(f"X{k};xyz {k};65,85;23,15\n" for k in range(12))
                    + "Y;fre 22-02;65,85;23,15\n", encoding="utf-8")
    result = read_patrols(plan)
    line = unread_line(result, "sv")
    assert line.startswith("12 rader i patrullplanen kunde inte läsas: rad 2 (schema 'xyz 0': 'xyz' är ingen dag")
    assert f"rad {N_NAMED + 1} (" in line and f"rad {N_NAMED + 2} (" not in line
    assert line.endswith("… och 2 till (check --patrols/--places visar alla)")
    assert len(plan_rows(result, "en")["rejected"]) == 12
    assert unread_line(result, "en", share=True).startswith("12 rows of the patrol plan could not be read: "
                                                             "row 2 (unreadable schedule); row 3 (")
    assert unread_line(None) is None
