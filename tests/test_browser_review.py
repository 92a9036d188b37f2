"""Issue 18: the yearly review of the demo opens offline in headless chromium, internal and shareable.

Each page loads with no request and no console error, shows the promise areas, the year-over-year table and
the special weekends, and prints on A4 pages. Skipped where chromium is absent, failed under ``CI=true``
(``tests/browser.py``).
"""

import pytest
from browser import launch, visit

from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.main import main


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("review_browser")
    paths = {"internal": out / "lagesbild.html", "share": out / "lagesbild_delningsbar.html"}
    for mode, path in paths.items():
        extra = ["--share"] if mode == "share" else []
        assert main(["--quiet", "review", "--project", str(DEMO_PROJECT), "--year", "2025", *extra,
                     "-o", str(path)]) == 0
    return paths


@pytest.mark.parametrize("mode", ["internal", "share"])
def test_review_opens_offline(browser, pages, mode):
    seen = visit(browser, pages[mode])
    page = seen.page
    assert seen.requests == [] and seen.errors == [] and seen.dialogs == []
    headings = page.locator("h2").all_inner_texts()
    assert any("Unga, alkohol och droger" in h for h in headings)
    assert any("Synlig närvaro" in h for h in headings)
    assert "Särskilda helger" in headings and "Data" in headings
    years = page.locator("#promise-unga table").first
    assert years.is_visible() and "2021" in years.inner_text() and "2025" in years.inner_text()
    weekends = page.locator("#weekends table").inner_text()
    assert "Valborgsmässoafton" in weekends and "Midsommarhelgen" in weekends
    assert page.locator(".mark").first.inner_text() == ("Internt" if mode == "internal" else "Delningsbar")
    if mode == "internal":
        assert page.locator("#promise-unga svg.figure.map path").count() > 0
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and pdf.count(b"/Type /Page") >= 4
    seen.screenshot(f"review_{mode}")
    page.context.close()
