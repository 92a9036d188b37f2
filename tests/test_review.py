"""Issue 18: ``hotspot-planner review`` on the demo project's last full year, internal and shareable.

The internal report names the promise areas, compares the year with the years before, reviews the special
weekends and reads the demo's GPX tracks as delivered presence; the shareable one passes the share audit: no
count under k, no exact count at all (every count a band), no free text, no patrol times or units, no
sensitive category named.
"""

import re
from html import unescape

import openpyxl
import pandas as pd
import pytest

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main
from maps.share.coarse import band_bounds
from maps.share.privacy import check_share_html

YEAR = 2025  # the demo's data run 2021-01-01 → 2025-12-31: its last full year
PROMISES = ["Unga, alkohol och droger", "Synlig närvaro och A-traktor/moped-trafik",
            "Våld i nära relation och på särskilda platser under särskilda helger"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    internal, share = out / "lagesbild.html", out / "lagesbild_delningsbar.html"
    assert main(["--quiet", "review", "--project", str(DEMO_PROJECT), "--year", str(YEAR), "-o", str(internal)]) == 0
    assert main(["--quiet", "review", "--project", str(DEMO_PROJECT), "--year", str(YEAR), "--share",
                 "-o", str(share)]) == 0
    return {"internal": internal, "share": share,
            "internal_html": internal.read_text(encoding="utf-8"), "share_html": share.read_text(encoding="utf-8")}


def _cells(html):
    return [unescape(re.sub(r"\s+", " ", c).strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_internal_report_has_promises_years_and_weekends(pages):
    html = pages["internal_html"]
    for name in PROMISES:
        assert name in html
    assert "Lägesbild 2025" in html and "jämfört med 2021–2024" in html
    assert "95 % intervall (exakt Poisson)" in html
    for event in ("Valborgsmässoafton", "Midsommarhelgen", "Nyårsafton", "Kalix marknad"):
        assert event in html
    # the data page: files, rows read/used/rejected, period, time zone
    assert "incidents.csv" in html and "Europe/Stockholm" in html and "2021-01-01 – 2025-12-31" in html
    assert "<script" not in html.lower() and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_gpx_tracks_read_as_delivered_presence(pages):
    # the demo's foot patrol stands at Torget 22:10–23:05 on the first Friday of every month
    line = next(p for p in re.findall(r"<p>(Torget: .*?)</p>", pages["internal_html"]))
    assert "planerat" in line and "utfört" in line and "fre 5/12 22:10–23:05" in line and "bråken" in line


def test_change_within_chance_is_not_called_an_increase(pages):
    # traffic: 175 in 2025 against a mean of 154.75 (ratio 1.13) is within chance (exact test p = 0.156)
    section = re.search(r'id="promise-narvaro"(.*?)</section>', pages["internal_html"], re.S)[1]
    verdict = re.search(r'<p class="verdict">(.*?)</p>', section, re.S)[1]
    assert "ingen säker förändring" in verdict and "ökning" not in verdict
    assert "p = 0,156" in verdict


def test_nyarsafton_cut_by_the_data_end_is_not_a_decrease(pages):
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", pages["internal_html"], re.S) if "Nyårsafton" in r)
    assert "minskning" not in row and "samma första del" in row


def test_share_report_passes_the_audit(pages):
    html = pages["share_html"]
    assert check_share_html(html, min_count=5) == []
    cells = _cells(html)
    # every number in a table is a year; every count is a band ("10–19", "100+") or "< 5"
    numeric = [c for c in cells if re.fullmatch(r"\d+", c)]
    assert numeric and all(2021 <= int(c) <= 2025 for c in numeric)
    bands = [c for c in cells if band_bounds(c) is not None]
    assert bands and all(band_bounds(c)[0] >= 5 for c in bands)
    assert "< 5" in cells
    # no free text, no patrol units or times, no sensitive category
    texts = pd.read_csv(DEMO_PROJECT.parent / "incidents.csv", sep=";", encoding="utf-8-sig")["Fritext"].dropna()
    assert not any(t in html for t in texts.unique()[:200] if len(t) > 12)
    for word in ("Ingripande Kalix", "Områdespolis Kalix", "Fot Kalix", "Bil Kalix", "22:10", "utfört",
                 "Våld i nära relation", "våld i nära relation", "planerat fre"):
        assert word not in html
    for name in PROMISES[:2]:
        assert name in html


def test_share_has_no_exact_count_of_the_internal_page(pages):
    # the internal Unga table has the exact yearly counts; none of them may show in the shared page's tables
    internal = re.search(r'id="promise-unga".*?<tbody>(.*?)</tbody>', pages["internal_html"], re.S)[1]
    counts = {c for c in _cells(internal) if re.fullmatch(r"\d+", c) and not 2021 <= int(c) <= 2025}
    assert counts and not counts & set(_cells(pages["share_html"]))


def test_workbooks_hold_the_tables(pages):
    book = openpyxl.load_workbook(pages["internal"].with_suffix(".xlsx"))
    assert {"years_unga", "presence", "weekends", "unsafe", "data"} <= set(book.sheetnames)
    shared = openpyxl.load_workbook(pages["share"].with_suffix(".xlsx"))
    for sheet in shared.worksheets:
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for v in row:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    assert 2021 <= v <= 2025, f"{sheet.title}: exact number {v}"


def test_review_needs_promises(tmp_path, capsys):
    toml = tmp_path / "p.toml"
    toml.write_text(f'[data]\nincidents = ["{(DEMO_PROJECT.parent / "incidents.csv").as_posix()}"]\n',
                    encoding="utf-8")
    assert main(["--quiet", "review", "--project", str(toml), "--year", "2025", "-o", str(tmp_path / "x.html")]) == 1
    assert "[[promises]]" in capsys.readouterr().err


def test_year_not_over_is_compared_over_the_same_part_of_every_year(tmp_path):
    """The demo cut at 30 June 2025: a half year against whole years would be a 'decrease'; counted over the
    same half of every year, drugs and alcohol rose (as in the whole year)."""
    import shutil

    demo = tmp_path / "kalix"
    shutil.copytree(DEMO_PROJECT.parent, demo)
    inc = pd.read_csv(demo / "incidents.csv", sep=";", dtype=str, encoding="utf-8-sig")
    inc[inc["Från datum"].fillna("") < "2025-07-01"].to_csv(demo / "incidents.csv", sep=";", index=False,
                                                            encoding="utf-8-sig")
    out = tmp_path / "halvar.html"
    assert main(["--quiet", "review", "--project", str(demo / "kalix.toml"), "--year", "2025", "-o", str(out)]) == 0
    section = re.search(r'id="promise-unga"(.*?)</section>', out.read_text(encoding="utf-8"), re.S)[1]
    verdict = re.search(r'<p class="verdict">(.*?)</p>', section, re.S)[1]
    assert "data t.o.m. 2025-06-30" in verdict and "minskning" not in verdict


def test_workbook_bytes_are_repeatable(tmp_path):
    import time

    from maps.products.review.tables import ReviewData
    from maps.products.review.workbook import write_review_workbook

    data = ReviewData(year=2025, first_year=2021, sections=[], presence=None, weekends=None, unsafe=None,
                      overlap=float("nan"), sources=[{"what": "incidents", "files": ["a.csv"], "rows_read": 12,
                                                      "rows_used": 10, "rows_rejected": 2}],
                      period=("2021-01-01", "2025-12-31"), tz="Europe/Stockholm", method="count")
    first = write_review_workbook(data, tmp_path / "a.xlsx").read_bytes()
    time.sleep(2.1)  # zip entries carry 2-second times; the workbook its creation time
    assert write_review_workbook(data, tmp_path / "b.xlsx").read_bytes() == first
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["data"]["C2"].value == 12
