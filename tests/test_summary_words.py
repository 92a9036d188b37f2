"""The printed hotspot summary speaks the reader's language: Swedish words and number format in sv."""

import re
from importlib.resources import files

import pytest

from hotspots import HotspotFinder, read_points
from maps.products.summary import format_hotspots, share_text


@pytest.fixture(scope="module")
def finder():
    kalix = files("maps.demo") / "kalix"
    points = read_points(str(kalix / "incidents.csv"), str(kalix / "complaints.csv")).points
    return HotspotFinder("count").fit(points)


def test_swedish_summary_has_swedish_rules_and_numbers(finder):
    text = format_hotspots(finder, "sv")
    assert "automatisk från punkternas täthet" in text and "tätaste cellerna" in text
    for english in ("automatic", "occupied", "top 5%", "score", "points ("):
        assert english not in text, english
    assert re.search(r"andel av punkterna \d+,\d %", text)  # decimal comma, space before %
    assert not re.search(r"\d\.\d%", text)


def test_english_summary_keeps_the_full_rules(finder):
    text = format_hotspots(finder, "en")
    assert "automatic from the events' spacing" in text and "top 5% of occupied cells" in text
    assert re.search(r"\d+\.\d%", text)


def test_share_text():
    assert share_text(0.298, "sv") == "29,8 %" and share_text(0.298, "en") == "29.8%"
    assert share_text(0.0002, "sv", 2) == "0,02 %"


def test_hotspot_lines_count_in_swedish_numbers_and_plurals():
    """Large counts in the hotspot list carry Swedish thousands spaces and plural nouns."""
    from types import SimpleNamespace

    import pandas as pd

    from maps.products.summary import format_hotspots

    table = pd.DataFrame({"rank": [1, 2], "name": ["Torget", "Hamnen"], "n_points": [1310896, 1],
                          "n_incidents": [1310895, 1], "n_complaints": [1, 0], "score": [1310895.5, 1.0]})
    finder = SimpleNamespace(hotspots_=table, min_points=3, params_={
        "method": "count", "cell_m": 250.0, "cell_rule": "stated", "n_hotspots": 2, "share_points": 0.5,
        "share_area": 0.01})
    sv = format_hotspots(finder, "sv").splitlines()
    assert sv[-2] == ("  #1 Torget: 1\u202f310\u202f896 punkter (1\u202f310\u202f895 händelser, 1 synpunkt), "
                      "poäng 1\u202f310\u202f895,5")
    assert sv[-1] == "  #2 Hamnen: 1 punkt (1 händelse, 0 synpunkter), poäng 1,0"
    english = format_hotspots(finder, "en").splitlines()[-2]
    assert english.startswith("  #1 Torget: 1,310,896 points (1,310,895 incidents")
