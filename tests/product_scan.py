"""Helpers for the issue 15 product tests (not a test module): the demo's products in one language, made once
per process, and the tables and visible text of an HTML page (the maps' srcdoc left out)."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path


def demo_products(lang):
    """The demo's products in ``lang``, made once per process (:func:`demo_session.demo_run`, shared with the
    ``demo_sv``/``demo_en`` fixtures); returns a fresh ``{product: Path}``. The files are read-only."""
    from demo_session import demo_run

    return demo_run(lang).products


def outer(page):
    """The page without the maps (their HTML sits escaped in ``srcdoc``)."""
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._skip = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def tables(page):
    """Every table of the page as a list of rows of cell texts (the header row first)."""
    parser = _Tables()
    parser.feed(outer(page))
    return [t for t in parser.tables if t]


def visible_text(page):
    """The page's text without markup, styles and scripts (maps left out)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", outer(page), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


ENGLISH = ("covered", "thin", "gap", "gaps", "true", "false", "yes", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "rank", "status",
           "window", "windows", "points", "total", "incident", "incidents", "complaint", "complaints", "visit",
           "visits", "patrol", "patrols", "presence", "reason", "file", "row", "none", "unknown", "trend",
           "increasing", "decreasing", "hours", "minutes", "week", "place", "places", "name", "of", "the", "and")
"""English words a Swedish product must not show ("risk", "status", "trend", "fri", "sat" and "min" are also
Swedish words; "hotspot" is the loan word Swedish police use — see docs/language.md)."""
SWEDISH = ("täckt", "tunn", "lucka", "ja", "nej", "mån", "tis", "ons", "tor", "fre", "lör", "sön", "punkter",
           "platser", "totalt", "närvaro", "fönster", "händelser", "synpunkter", "rang", "och", "av", "i")
"""Swedish words an English product must not show (place names and the data's own text aside)."""
ALLOWED_SV = {"status"}
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


_FILE = re.compile(r"\S+\.(?:csv|xlsx|json|geojson|gpkg|txt|parquet|toml)\b", re.IGNORECASE)


def foreign_words(texts, words=ENGLISH, ignore=()):
    """The words of ``words`` found in ``texts`` (whole words, any case; file names and ``ignore`` skipped),
    with the text around each."""
    found = {}
    for text in texts:
        if not isinstance(text, str):
            continue
        plain = _FILE.sub(" ", text)
        for name in ignore:
            plain = plain.replace(name, " ")
        for hit in _WORD.finditer(plain):
            key = hit[0].lower()
            if key in words and key not in ALLOWED_SV:
                found.setdefault(key, plain[max(0, hit.start() - 40):hit.end() + 40].strip())
    return found


def english_numbers(texts):
    """Numbers written the English way (``1,234`` or ``12.5``) in ``texts`` (dates and clock times are fine)."""
    found = []
    for text in texts:
        if not isinstance(text, str):
            continue  # a numeric spreadsheet cell has no format of its own
        for hit in re.finditer(r"(?<![\d.,:-])\d{1,3}(,\d{3})+(?![\d,])|(?<![\d.:-])\d+\.\d+(?![\d.:-])", str(text)):
            found.append((hit[0], str(text)[:80]))
    return found


def swedish_numbers_in_english(texts):
    """Numbers written the Swedish way (``12,5`` or ``1 234``) in English ``texts``."""
    found = []
    for text in texts:
        if not isinstance(text, str):
            continue
        for hit in re.finditer(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])|\d[\u202f\u00a0]\d{3}\b", str(text)):
            found.append((hit[0], str(text)[:80]))
    return found


def product_texts(path):
    """What a person reads in a product: CSV cells and headers, XLSX cells, headers and sheet names, the visible
    text and the title/aria attributes of an HTML page."""
    import csv

    path = Path(path)
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [c for row in csv.reader(fh, delimiter=";") for c in row]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        out = list(book.sheetnames)
        for sheet in book.worksheets:
            out += [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        return out
    page = path.read_text(encoding="utf-8")
    attrs = re.findall(r'(?:title|aria-label|alt)="([^"]*)"', outer(page))
    return [visible_text(page), *map(html.unescape, attrs)]
