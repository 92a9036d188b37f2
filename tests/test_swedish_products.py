"""Issue 15.9: Swedish in Swedish mode in every CSV, XLSX and HTML product of ``run`` (workbooks included),
English with ``--lang en``; one number format per language. The word lists and the loan words Swedish
products may use are in ``tests/product_scan.py`` and ``docs/language.md``."""

import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from product_scan import (
    ENGLISH,
    SWEDISH,
    demo_products,
    english_numbers,
    foreign_words,
    product_texts,
    swedish_numbers_in_english,
)

from maps.cli.args.project import load_project
from maps.cli.commands.run import DEMO_PROJECT

KINDS = (".csv", ".xlsx", ".html")


def _products(lang):
    paths = [p for p in demo_products(lang).values() if p.suffix in KINDS]
    assert {p.suffix for p in paths} == set(KINDS)
    return paths


def _title():
    return load_project(DEMO_PROJECT).name


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_words_of_the_other_language(lang):
    words, other_numbers = (ENGLISH, english_numbers) if lang == "sv" else (SWEDISH, swedish_numbers_in_english)
    problems = {}
    for path in _products(lang):
        texts = product_texts(path)
        if path.name.startswith("rejects") and lang == "en":  # the rejected rows' own (Swedish) data aside
            texts = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig").iloc[:, :3].stack().tolist() + \
                list(pd.read_csv(path, sep=";", nrows=0, encoding="utf-8-sig").columns[:3])
        found = foreign_words(texts, words, ignore=(_title(),))
        numbers = other_numbers(texts)
        if found or numbers:
            problems[path.name] = (found, numbers[:3])
    assert problems == {}


def test_swedish_workbook_says_it_in_swedish():
    path = demo_products("sv")["coverage"]
    book = load_workbook(path)
    assert book.sheetnames == ["sammanfattning", "hotspots", "luckor"]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert not any(isinstance(c, bool) for c in cells)  # no TRUE/FALSE
    hot = pd.read_excel(path, sheet_name="hotspots")
    import geopandas as gpd  # the run's hotspot names (layers.names), the same in map, GeoPackage and workbook

    named = gpd.read_file(demo_products("sv")["hotspots"], layer="hotspots").set_index("hotspot_id")["name"]
    assert list(hot.columns[:3]) == ["hotspot-id", "namn", "topptimmar"]
    assert set(hot["status"]) <= {"täckt", "tunn", "LUCKA", "inga data"} and "täckt risk" in hot
    assert hot["namn"].tolist() == named.loc[hot["hotspot-id"]].tolist() and hot["namn"].str.contains("Kalix").all()
    summary = pd.read_excel(path, sheet_name="sammanfattning")
    assert "punkter med oprecis plats, utanför hotspotmetoden" in summary["uppgift"].tolist()


def test_english_workbook_and_rejects():
    products = demo_products("en")
    assert load_workbook(products["coverage"]).sheetnames == ["summary", "hotspots", "gaps"]
    hot = pd.read_excel(products["coverage"], sheet_name="hotspots")
    assert set(hot["status"]) <= {"covered", "thin", "gap", "no data"} and "risk_covered" in hot
    rejects = pd.read_csv(products["rejects"], sep=";", dtype=str, encoding="utf-8-sig")
    assert list(rejects.columns[:4]) == ["kind", "file", "row", "reason"]
    assert set(rejects["kind"]) == {"incident"}  # the demo's plan is read whole
    sv = pd.read_csv(demo_products("sv")["rejects"], sep=";", dtype=str, encoding="utf-8-sig")
    assert list(sv.columns[:5]) == ["typ", "fil", "rad", "orsak", "orsakskod"]
    assert "dubblett av id" in set(sv["orsak"]) and "duplicate_id" in set(sv["orsakskod"])
    assert set(sv["typ"]) == {"händelse"}


def test_swedish_numbers_and_dates_in_the_briefings():
    for name, path in demo_products("sv").items():
        if not (name.startswith("briefing_") and path.suffix == ".html"):
            continue
        text = " ".join(product_texts(path))
        assert re.search(r"\b\d{1,2} (april|maj|juni|december) 2026\b", text), name  # "30 april 2026"
        assert not re.search(r"\d,\d{3}\b", text) and not re.search(r"\b\d{1,3} \d{3}\b", text), name
        assert not english_numbers([text]), name


def test_weekend_and_coverage_tables_in_swedish(tmp_path):
    from maps.cli import main as cli

    book = tmp_path / "valborg.xlsx"
    assert cli.main(["weekend", "valborg", "--year", "2026", "--project", str(DEMO_PROJECT), "-o", str(book)]) == 0
    table = pd.read_excel(book)
    assert {"typ", "id", "namn", "märkt", "totalt", "status", "2021"} <= set(table.columns)
    assert set(table["typ"]) == {"plats", "hotspot"} and set(table["märkt"]) <= {"ja", "nej"}
    assert not foreign_words(product_texts(book), ignore=(_title(),)) and not english_numbers(product_texts(book))
    csv = tmp_path / "tackning.csv"
    assert cli.main(["coverage", "--project", str(DEMO_PROJECT), "-o", str(csv)]) == 0
    cov = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(cov.columns[:3]) == ["hotspot-id", "namn", "topptimmar"] and cov["täckt risk"].between(0, 1).all()
    gaps = tmp_path / "tackning_gaps.csv"
    assert not foreign_words(product_texts(csv) + product_texts(gaps)) and not english_numbers(product_texts(csv))
    en = tmp_path / "valborg_en.csv"
    assert cli.main(["--lang", "en", "weekend", "valborg", "--year", "2026", "--project", str(DEMO_PROJECT),
                     "-o", str(en)]) == 0
    table = pd.read_csv(en, sep=";", decimal=",", encoding="utf-8-sig")
    assert set(table["tagged"]) <= {"yes", "no"} and "True" not in en.read_text(encoding="utf-8-sig")


def test_briefings_say_how_many_imprecise_points_were_left_out():
    for lang, words in (("sv", "oprecis plats"), ("en", "imprecise location")):
        for name, path in demo_products(lang).items():
            if name.startswith("briefing_") and path.suffix == ".html":
                assert words in path.read_text(encoding="utf-8"), name
