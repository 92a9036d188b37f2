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
