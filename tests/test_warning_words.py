"""The reader's warnings in Swedish (maps.products.warning_words): every warning the readers can write has a
Swedish entry, the corpus files' warnings are printed in Swedish by ``check``, ``--json`` and ``--lang en`` keep
the English."""

import ast
import json
from pathlib import Path

import pytest
from test_hostile_corpus import CASES

from maps.cli.main import main
from maps.products.summary import format_summary
from maps.products.warning_words import WARNINGS, localise_warning

ROOT = Path(__file__).resolve().parents[1]
READERS = ("hotspots/io", "layers/plans")
WRAPPER = "{}: {}"  # read.py's f"{raw.source}: {w}" around the format's own warnings (formats.py, police.py)
NNBSP = "\u202f"  # the thousands separator of format_number in Swedish


# --- every warning f-string in the readers' source has its entry -----------------------------------------------

def _text(node):
    """A string literal or f-string as text, each ``{...}`` of an f-string as ``{}``; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _is_warnings(node):
    """``warnings``, ``x.warnings`` or ``summary["warnings"]`` (anything named like warn...)."""
    if isinstance(node, ast.Name):
        return "warn" in node.id
    if isinstance(node, ast.Attribute):
        return "warn" in node.attr
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and "warn" in str(node.slice.value)


def _strings(node):
    """The string nodes a warnings list is made of (lists, starred generators, a lone string)."""
    if isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _strings(element.value if isinstance(element, ast.Starred) else element)
    elif isinstance(node, ast.GeneratorExp | ast.ListComp):
        yield from _strings(node.elt)
    elif _text(node) is not None:
        yield node


def _warning_strings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("append", "extend", "insert") and _is_warnings(node.func.value):
            yield from (s for arg in node.args for s in _strings(arg))          # warnings.append(f"...")
        elif isinstance(node, ast.Assign) and any(_is_warnings(t) for t in node.targets):
            yield from _strings(node.value)                                        # warning = f"..."
        elif isinstance(node, ast.Dict):
            yield from (s for k, v in zip(node.keys, node.values)                 # {"warnings": [f"..."]}
                        if isinstance(k, ast.Constant) and k.value == "warnings" for s in _strings(v))
        elif isinstance(node, ast.FunctionDef) and "warn" in node.name:        # def copies_warning(): return [f"..."]
            yield from (s for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None
                        for s in _strings(r.value))


def _source_templates() -> dict:
    """Every warning sentence the readers write, as ``{skeleton: "file:line"}`` (the ``{source}: `` in front
    taken off, since read.py puts it before a format's own warnings)."""
    found = {}
    for folder in READERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in _warning_strings(ast.parse(path.read_text(encoding="utf-8"))):
                text = _text(node)
                if text != WRAPPER:
                    found.setdefault(text.removeprefix("{}: "), f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_the_readers_warnings():
    found = _source_templates()
    assert len(found) >= 25, found  # a scan that finds nothing would pass the next test
    assert any(k.startswith("{} row(s) repeat an earlier row") for k in found)      # hotspots/io/copies.py
    assert "named {} but holds delimited text (not an Excel workbook); read as text" in found  # a format's own


def test_every_warning_of_the_readers_has_a_swedish_entry():
    found = _source_templates()
    table = {entry.skeleton.removeprefix("{}: ") for entry in WARNINGS}
    missing = {where: text for text, where in found.items() if text not in table}
    assert not missing, f"warnings without a Swedish entry in maps/products/warning_words.py: {missing}"
    stale = table - set(found)
    assert not stale, f"entries for sentences no reader writes any more (changed or removed): {stale}"


# --- the corpus: every warning printed is matched, and printed in Swedish -----------------------------------------

def _corpus():
    for case, (name, build, expected) in CASES.items():
        if expected[0] == "used":
            yield pytest.param((name, build), id=case)
    for path in sorted((ROOT / "tests" / "data").rglob("*")):
        if path.is_file() and path.suffix not in (".md", ".txt", ".gal", ".shx", ".dbf", ".prj"):
            yield pytest.param(path, id=path.name)


def _check(capsys, path, *more):
    code = main(["check", str(path), *more])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("item", list(_corpus()))
def test_corpus_warnings_are_printed_in_swedish(item, tmp_path, capsys):
    if isinstance(item, tuple):
        name, build = item
        path = build(tmp_path / name)
    else:
        path = item
    code, out = _check(capsys, path, "--json")
    if code != 0:  # refused files have no summary
        return
    summary = json.loads(out)
    printed = format_summary(summary, "sv").splitlines()  # what check prints (test_check_prints_swedish_...)
    for warning in summary["warnings"]:
        matched = [entry.en for entry in WARNINGS if entry.pattern.fullmatch(warning)]
        assert len(matched) == 1, (warning, matched)
        swedish = localise_warning(warning)
        assert swedish != warning and f"  - {swedish}" in printed, (swedish, printed)
        assert f"  - {warning}" not in printed
        for word in (" row(s) ", " rows ", " were ", "column", " could not ", " read as "):
            assert word not in swedish.removeprefix(warning.split(": ")[0]), (word, swedish)


# --- by hand ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("english, swedish", [
    (("a.csv: 1234 row(s) repeat an earlier row in every column and were kept (the file has no id column to tell "
     "one report exported twice from two reports); pass --id COLUMN, or remove the copies if the export doubled "
     "them."),
     (f"a.csv: 1{NNBSP}234 rader upprepar en tidigare rad i varje kolumn och behölls (filen saknar id-kolumn som "
     "skiljer en anmälan som exporterats två gånger från två anmälningar); ange --id KOLUMN, eller ta bort "
     "kopiorna om exporten dubblerade dem.")),
    ("a.csv: 1 row(s) lie outside the area where EPSG:3006 is valid (e.g. row 11)",
     "a.csv: 1 rad ligger utanför området där EPSG:3006 gäller (t.ex. rad 11)"),
    (("b.xlsx:Blad1: 12000 rows sit on locations that are no incident locations (centre_coded_file: 11000, "
     "coarse_grid: 1000); spatial methods leave them out (keep them with --keep-imprecise)."),
     (f"b.xlsx:Blad1: 12{NNBSP}000 rader ligger på platser som inte är händelseplatser (filen har få platser, "
     f"områdens mittpunkter: 11{NNBSP}000; koordinater avrundade till ett grovt rutnät: 1{NNBSP}000); rumsliga "
     "metoder hoppar över dem (behåll dem med --keep-imprecise).")),
    ("år.csv: 3 of 2500 rows rejected for their time (2 missing_time, 1 end_before_start)",
     f"år.csv: 3 av 2{NNBSP}500 rader avvisades för sin tid (saknar tid: 2; sluttid före starttid: 1)"),
    (("x.csv: column 'datum' mixes day-first and month-first dates (40 vs 2 values prove each); read as day first, "
     "the others are rejected as unparseable_time"),
     ("x.csv: kolumnen 'datum' blandar datum med dagen först och med månaden först (40 mot 2 värden visar "
     "vardera); läses med dagen först, de andra avvisas som unparseable_time")),
    ("x.csv: 1 rows dated after tomorrow rejected (date_in_future); e.g. row 9: tid = '2099-05-10 22:00'",
     "x.csv: 1 rad daterad efter i morgon avvisades (date_in_future); t.ex. rad 9: tid = '2099-05-10 22:00'"),
    (("x.csv: 2 row(s) lie on or next to 'null island' (0° N 0° E), a failed geocoding and were rejected as "
     "null_island, e.g. row 4"),
     ("x.csv: 2 rader ligger på eller intill 'null island' (0° N 0° O, en misslyckad geokodning) och avvisades "
     "som null_island, t.ex. rad 4")),
    (("sheets/layers without points, not read: b.xlsx:Anteckningar (no coordinate columns); b.xlsx:Tom (empty); "
     "c.gpkg:gräns (polygon, no points)"),
     ("blad/lager utan punkter, inte lästa: b.xlsx:Anteckningar (inga koordinatkolumner); b.xlsx:Tom (tomt); "
     "c.gpkg:gräns (polygon, inga punkter)")),
    ("spår.gpx: 1500 fixes → 3 pieces of delivered presence (1 gaps over 7.5 min not counted)",
     f"spår.gpx: 1{NNBSP}500 positioner → 3 delar av utförd närvaro (1 lucka över 7,5 min räknas inte)"),
    (("v.csv: 1 row(s) lie far outside the study area (the bulk of the points: median ± max(300 km, 10 × "
      "interquartile range)) and were rejected as outside_study_area, e.g. row 5 at X=2.5e+06, Y=7.3e+06; give a "
      "boundary (--boundary), or a study box (--study-box MINX,MINY,MAXX,MAXY in degrees, or 'off'; [read] "
      "study_box in a project)"),
     ("v.csv: 1 rad ligger långt utanför studieområdet (huvuddelen av punkterna: median ± max(300 km, 10 × "
      "kvartilavståndet)) och avvisades som outside_study_area, t.ex. rad 5 vid X=2.5e+06, Y=7.3e+06; ange en "
      "gräns (--boundary) eller en studieruta (--study-box MINX,MINY,MAXX,MAXY i grader, eller 'off'; [read] "
      "study_box i ett projekt)")),
    (("p.csv: unknown mode(s) 'segway' read as 'other' (radius 150 m); write foot, bike, car, motorcycle, horse or "
     "boat (or fot, cykel, bil, mc, häst, båt)"),
     ("p.csv: okänt färdsätt 'segway' lästes som 'annat' (radie 150 m); skriv fot, cykel, bil, mc, häst eller båt "
     "(eller foot, bike, car, motorcycle, horse, boat)")),
])
def test_translations_by_hand(english, swedish):
    assert sum(bool(entry.pattern.fullmatch(english)) for entry in WARNINGS) == 1
    assert localise_warning(english) == swedish
    assert localise_warning(english, "sv") == swedish


def test_unknown_sentences_pass_through_unchanged():
    for text in ("a.csv: something new happened to 3 rows", "", "a.csv: 3 row(s) repeat an earlier row"):
        assert localise_warning(text) == text


def test_english_leaves_them_as_written():
    text = "a.csv: 1234 end times could not be read and were left empty"
    assert localise_warning(text, "en") == text
    assert localise_warning(text) == f"a.csv: 1{NNBSP}234 sluttider gick inte att läsa och lämnades tomma"


@pytest.fixture
def copies(tmp_path):
    name, build, _ = CASES["duplicate_rows_without_id"]
    return build(tmp_path / name)


ENGLISH_COPIES = "dubbletter_utan_id.csv: 3 row(s) repeat an earlier row in every column and were kept"
SWEDISH_COPIES = "dubbletter_utan_id.csv: 3 rader upprepar en tidigare rad i varje kolumn och behölls"


def test_check_prints_swedish_and_lang_en_english(copies, capsys):
    code, out = _check(capsys, copies)
    assert code == 0 and "varningar:" in out and SWEDISH_COPIES in out and ENGLISH_COPIES not in out
    code, out = _check(capsys, copies, "--lang", "en")
    assert code == 0 and "warnings:" in out and ENGLISH_COPIES in out and SWEDISH_COPIES not in out


def test_json_keeps_the_english(copies, capsys):
    for lang in ("sv", "en"):
        code, out = _check(capsys, copies, "--json", "--lang", lang)
        warnings = json.loads(out)["warnings"]
        assert code == 0 and any(w.startswith(ENGLISH_COPIES) for w in warnings), warnings
        assert not any("rader" in w for w in warnings)


def test_format_summary_translates_only_in_swedish():
    summary = {"files": [], "rows_read": 0, "rows_used": 0, "rows_rejected": 0, "reasons": {}, "crs": "EPSG:3006",
               "time_min": None, "time_max": None, "categories": {}, "sensitive": 0,
               "warnings": ["a.csv: 2 end times could not be read and were left empty", "a.csv: new, unknown"]}
    sv, en = format_summary(summary, "sv"), format_summary(summary, "en")
    assert "  - a.csv: 2 sluttider gick inte att läsa och lämnades tomma" in sv.splitlines()
    assert "  - a.csv: new, unknown" in sv.splitlines()
    assert "  - a.csv: 2 end times could not be read and were left empty" in en.splitlines()
