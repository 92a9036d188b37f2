"""Text names a hotspot as the map and the hotspot list do: "#3 Torget, 500 m V (Kalix)", not "hotspot 3"."""

import re

import numpy as np
import pytest

from layers.names import hotspot_label
from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main


@pytest.mark.parametrize("hotspot_id, name, tag, expected", [
    (3, "Torget (Kalix)", None, "#3 Torget (Kalix)"),
    (3, "  Torget  ", None, "#3 Torget"),
    (3, None, None, "hotspot 3"),
    (3, np.nan, None, "hotspot 3"),
    (3, "", None, "hotspot 3"),
    (3, "hotspot 3", None, "hotspot 3"),  # the fallback name is no name
    (3, "Hotspot 3", None, "hotspot 3"),
    ("7", "Hamnen", "H7", "H7 Hamnen"),
    (7, None, "H7", "H7"),
])
def test_hotspot_label(hotspot_id, name, tag, expected):
    assert hotspot_label(hotspot_id, name, tag=tag) == expected


def test_coverage_and_weekend_lines_name_the_hotspots(capsys):
    assert main(["coverage", "--project", str(DEMO_PROJECT)]) == 0
    gaps = capsys.readouterr().out.split("Största luckor")[1].splitlines()[1:]
    assert gaps and all(re.match(r"  \d+\. #\d+ \S.*\(Kalix\), ", line) for line in gaps), gaps
    assert main(["weekend", "valborg", "--project", str(DEMO_PROJECT), "--year", "2026"]) == 0
    text = capsys.readouterr().out
    sentences = [line for line in text.splitlines() if re.match(r"  (#\d+ |hotspot \d+)", line)]
    assert sentences and all(line.startswith("  #") and "(Kalix): " in line for line in sentences), sentences
    table = text.split("Luckor:")[1].split("\n\n")[0]
    assert "hotspot 1 " not in table and "(Kalix)" in table  # the gap table's name column too


def test_the_briefing_sentences_name_the_hotspots(demo_sv):
    page = demo_sv.products["briefing_valborg"].read_text(encoding="utf-8")
    said = re.findall(r"(H\d+[^<:]*): (?:bil|till fots|cykel|övrigt)", page)
    assert said and all(re.fullmatch(r"H\d+ \S.*\(Kalix\)", who) for who in said), said
