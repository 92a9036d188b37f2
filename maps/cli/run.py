"""Make every product of a project: check summary, rejects, hotspots, coverage tables, maps, briefings.

Products (file names Swedish or English after the language):

* ``check_summary.json`` and ``rejects.csv`` — the row accounting of every input file;
* ``hotspots.gpkg`` (layers ``hotspots`` and ``cells``) — the Hotspots table and every grid cell;
* ``coverage.xlsx`` (sheets per hotspot and gaps) and ``suggested_visits.geojson`` — when the project
  has a patrol plan;
* the internal map and the share map (always offline and checked by :mod:`maps.share.privacy`);
* one high-risk weekend briefing per event in ``[maps] briefings`` for ``[maps] year``.

``[maps]`` settings: ``offline`` (internal map self-contained, default false: it then has basemap
tiles when online), ``briefings`` (event keys), ``year`` (default: the year after the data),
``suggest_visits`` (default 8), ``png`` (also PNG snapshots via headless Chromium, default false).
"""

import json
from importlib import resources
from pathlib import Path

from hotspots.errors import InputError
from hotspots.find import find_hotspots
from hotspots.io.area import read_area
from hotspots.io.read import read_points
from layers.patrols import read_patrols
from layers.places import read_places
from layers.weekend import WeekendRules, weekend_analysis
from maps.cli.project import load_project
from maps.labels import label
from maps.offline import make_offline
from maps.products.briefing import BriefingLayers, weekend_briefing
from maps.products.build import build_map
from maps.products.coverage import coverage_layers
from maps.products.export import write_table
from maps.products.summary import format_hotspots, format_summary
from maps.share.privacy import check_share_html

__all__ = ["DEMO_PROJECT", "run_project"]

DEMO_PROJECT = resources.files("maps.demo") / "kalix" / "kalix.toml"
_NAMES = {"sv": {"internal": "karta_intern.html", "share": "karta_delningsbar.html", "coverage": "tackning.xlsx",
                 "visits": "forslag_besok.geojson", "briefing": "genomgang_{event}_{year}.html"},
          "en": {"internal": "map_internal.html", "share": "map_share.html", "coverage": "coverage.xlsx",
                 "visits": "suggested_visits.geojson", "briefing": "briefing_{event}_{year}.html"}}


def run_project(project, out_dir=None, *, lang=None, quiet=False) -> dict:
    """Read a project's data and write all its products.

    Parameters
    ----------
    project : str or Path
        The project TOML file.
    out_dir : str or Path, optional
        Output folder; default ``out/<project file stem>``.
    lang : {"sv", "en"}, optional
        Language of the printed summary, the file names and the maps; default the project's.
    quiet : bool
        Print nothing (the caller prints JSON instead).

    Returns
    -------
    dict
        ``{"summary": <check summary + hotspot and coverage figures>, "products": {name: path}}``.
    """
    proj = load_project(Path(str(project)))
    lang = lang or proj.lang
    names, settings = _NAMES[lang], proj.settings.get("maps", {})
    out = Path(out_dir) if out_dir else Path("out") / proj.path.stem
    out.mkdir(parents=True, exist_ok=True)
    result = read_points(proj.incidents, proj.complaints, options=proj.read)
    summary = {"project": proj.name, "synthetic": proj.synthetic, **result.summary}
    products = {"summary": out / "check_summary.json", "rejects": out / "rejects.csv"}
    result.rejects.to_csv(products["rejects"], sep=";", index=False, encoding="utf-8-sig")

    boundary = read_area(proj.boundary) if proj.boundary else None
    finder = find_hotspots(result.points, boundary=boundary, lang=lang, **proj.hotspots)
    products["hotspots"] = write_table(finder.hotspots_, out / "hotspots.gpkg", layer="hotspots")
    write_table(finder.cells_, out / "hotspots.gpkg", layer="cells")
    summary["hotspots"] = finder.params_

    patrols = read_patrols(proj.patrols).patrols if proj.patrols else None
    places = read_places(proj.special_places).places if proj.special_places else None
    gaps = suggestions = None
    if patrols is not None and len(patrols):
        coverage, gaps, suggestions = coverage_layers(finder, result.points, patrols,
                                                      visits=int(settings.get("suggest_visits", 8)), lang=lang)
        if coverage is not None:
            products["coverage"] = out / names["coverage"]
            products["coverage"].unlink(missing_ok=True)  # sheets are added to an existing workbook
            write_table(coverage.table, products["coverage"], layer="hotspots")
            write_table(coverage.gaps, products["coverage"], layer="gaps")
            summary["coverage"] = coverage.overall
        if suggestions is not None:
            products["visits"] = write_table(suggestions, out / names["visits"])

    common = {"hotspots": finder.hotspots_, "cells": finder.cells_, "profiles": finder.profiles_,
              "boundary": boundary, "title": proj.name, "synthetic": proj.synthetic,
              "method": finder.params_["method"], "lang": lang, "min_count": proj.min_count}
    internal = build_map(points=result.points, patrols=patrols, places=places, gaps=gaps,
                         suggestions=suggestions, **common)
    products["map"] = out / names["internal"]
    _write_html(products["map"], make_offline(internal) if settings.get("offline") else internal.get_root().render())
    share_html = make_offline(build_map(points=result.points, share=True, **common))
    problems = check_share_html(share_html, min_count=proj.min_count, input_points=result.points)
    if problems:
        raise InputError("the share map would reveal individuals: " + "; ".join(problems[:5]))
    products["share_map"] = _write_html(out / names["share"], share_html)

    products.update(_briefings(proj, settings, result.points, places, patrols, boundary, out, names, lang))
    if settings.get("png"):
        products.update(_snapshots(products, out))
    products["summary"].write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                   encoding="utf-8")
    if not quiet:
        _print(proj, summary, finder, products, lang)
    return {"summary": summary, "products": {k: str(v) for k, v in products.items()}}


def _briefings(proj, settings, points, places, patrols, boundary, out, names, lang) -> dict:
    """One weekend briefing per event in ``[maps] briefings``, for ``[maps] year`` (default: after the data)."""
    events = settings.get("briefings", [])
    if not events:
        return {}
    year = int(settings.get("year") or points["start"].max().year + 1)
    hotspot_settings = {k: v for k, v in proj.hotspots.items() if k != "method"}
    rules = WeekendRules(hotspot_settings={**hotspot_settings, "lang": lang})
    layers = BriefingLayers(patrols=patrols, boundary=boundary)
    products = {}
    for event in events:
        weekend = weekend_analysis(event, year, points, places=places, patrols=patrols,
                                   local_events=proj.events, overrides=proj.settings.get("calendar"),
                                   rules=rules, tz=proj.read.tz)
        page = weekend_briefing(weekend, layers=layers, title=proj.name, synthetic=proj.synthetic,
                                min_count=proj.min_count, lang=lang)
        products[f"briefing_{event}"] = _write_html(out / names["briefing"].format(event=event, year=year), page)
    return products


def _snapshots(products, out) -> dict:
    from maps.products.snapshot import snapshot_png

    return {f"{name}_png": snapshot_png(path, Path(path).with_suffix(".png"))
            for name, path in list(products.items()) if str(path).endswith(".html")}


def _write_html(path, html) -> Path:
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def _print(proj, summary, finder, products, lang):
    if proj.synthetic:
        print(label("synthetic", lang).upper())
    print(format_summary(summary, lang))
    print()
    print(format_hotspots(finder, lang))
    if "coverage" in summary:
        cov = summary["coverage"]
        print(f"{label('risk_covered', lang)}: {cov['risk_covered']:.1%} · "
              f"{label('efficiency', lang)}: {cov['efficiency']:.1%}")
    print()
    for path in products.values():
        print(f"{label('written', lang)}: {path}")
