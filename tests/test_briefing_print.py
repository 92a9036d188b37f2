"""Issue 15.7: every briefing of ``run`` prints on A4 without an empty page (internal and shareable, sv and en).

Headless chromium prints the page with its print CSS (``page.pdf``, the CSS ``@page`` size); pypdf extracts
each page's text, and every page must carry text. Browser tests skip without chromium, except under
``CI=true`` where they fail (``tests/browser.py``).
"""

import io

import pytest
from browser import ARTIFACTS, launch, visit
from product_scan import demo_products

MIN_CHARS = 80  # less than this is a footer alone (about 55 characters), a stray heading or a blank sheet


@pytest.fixture(scope="module")
def browser():
    yield from launch()


def _pages(browser, path):
    from pypdf import PdfReader

    seen = visit(browser, path)
    try:
        seen.page.emulate_media(media="print")
        pdf = seen.page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert seen.requests == [] and seen.errors == []
    finally:
        seen.page.context.close()
    reader = PdfReader(io.BytesIO(pdf))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    return pdf, [p.extract_text() or "" for p in reader.pages], sizes


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_printed_page_has_text(browser, lang, request):
    briefings = {k: p for k, p in demo_products(lang).items() if k.startswith("briefing_") and p.suffix == ".html"}
    assert len(briefings) == 6  # three events, internal and shareable
    problems = {}
    for name, path in briefings.items():
        pdf, texts, sizes = _pages(browser, path)
        assert sizes == {(595, 842)}, (name, sizes)  # A4 in points
        empty = [i + 1 for i, t in enumerate(texts) if len("".join(t.split())) < MIN_CHARS]
        if empty:
            problems[name] = (len(texts), empty)
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"{request.node.name}-{name}.pdf").write_bytes(pdf)
        assert 1 <= len(texts) <= 5, (name, len(texts))
    assert problems == {}, "pages without text (pages, empty pages): " + repr(problems)
