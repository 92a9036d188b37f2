"""Helpers for the issue 15 product tests (not a test module): the demo's products in one language, made once
per process, and the tables and visible text of an HTML page (the maps' srcdoc left out)."""

import functools
import html
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path


@functools.lru_cache(maxsize=2)
def demo_products(lang):
    """``run_project(DEMO_PROJECT, lang=lang)`` into a fresh folder; returns ``{product: Path}``."""
    from maps.cli.run import DEMO_PROJECT, run_project

    out = Path(tempfile.mkdtemp(prefix=f"issue15-demo-{lang}-"))
    made = run_project(DEMO_PROJECT, out, lang=lang, quiet=True)
    return {name: Path(path) for name, path in made["products"].items()}


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
