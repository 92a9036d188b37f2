"""The products ``run`` adds for GIS colleagues, the field and the BRÅ meeting (issue 15).

* :func:`gis_package` — ``hotspots.gpkg`` with every map layer and its QGIS style
  (:func:`maps.products.exports.gis_package.write_gis_package`), the emerging hot spot classes included when the data
  span enough periods;
* :func:`field_files` — the suggested visits and the patrol plan as GPX and KML
  (:func:`maps.products.exports.field.write_field_files`);
* :func:`share_briefing` — the share-safe weekend briefing beside the internal one (no patrol times or
  units, nothing under the project's ``min_count``, no free text, coarse counts).
"""

__all__ = ["coverage_workbook", "field_files", "gis_package", "share_briefing"]

_SUMMARY = {"item": ("uppgift", "item"), "value": ("värde", "value"), "project": ("projekt", "project"),
            "rows_read": ("rader lästa", "rows read"), "rows_used": ("rader använda", "rows used"),
            "rows_rejected": ("rader avvisade", "rows rejected"),
            "imprecise": ("punkter med oprecis plats, utanför hotspotmetoden",
                          "points with an imprecise location, left out of the hotspot method"),
            "method": ("hotspotmetod", "hotspot method"), "cell_m": ("cellstorlek (m)", "cell size (m)"),
            "n_hotspots": ("antal hotspots", "hotspots"),
            "risk_covered": ("täckt risk per vecka (andel)", "risk covered per week (share)"),
            "efficiency": ("effektivitet (andel)", "efficiency (share)")}


def gis_package(path, finder, points, *, all_cells=False, gaps=None, patrols=None, places=None, suggestions=None,
                lang="sv", emerging=None) -> dict:
    """Write the run's GeoPackage; returns ``{layer: features}``.

    ``emerging`` is the maps' :class:`~hotspots.temporal.emerging.Emerging` on the finder's grid when the run
    made one (the same classes, not computed twice); without it the classes are computed here.
    """
    from maps.cli.steps import cells_to_write
    from maps.products.exports.gis_package import write_gis_package

    layers = {"hotspots": finder.hotspots_, "cells": cells_to_write(finder.cells_, all_cells), "gaps": gaps,
              "patrols": patrols, "places": places, "suggestions": suggestions,
              "emerging": _emerging(points, finder.grid_, emerging)}
    return write_gis_package(path, layers, lang=lang)


def _emerging(points, grid, result=None):
    """Cells with an emerging hot or cold spot class (not ``no_pattern``), or None when the data are too short."""
    import geopandas as gpd
    import numpy as np

    from hotspots.errors import InputError
    from hotspots.temporal.emerging import emerging_hotspots

    try:
        result = result if result is not None else emerging_hotspots(points, grid)
    except InputError:
        return None
    keep = grid.inside & (result.category != "") & (result.category != "no_pattern")
    if not keep.any():
        return None
    rows, cols = np.nonzero(keep)
    return gpd.GeoDataFrame({"row": rows, "col": cols, "category": result.category[keep],
                             "period": result.info["period"]}, geometry=grid.polygons(keep).to_numpy(), crs=grid.crs)


def coverage_workbook(path, coverage, finder, summary, *, lang="sv"):
    """The coverage workbook: a summary sheet (rows, imprecise points left out, method, key figures), the
    hotspots with their names and verdicts, and the gaps — headers and words in ``lang``."""
    import pandas as pd

    from maps.products.exports.export import write_table
    from maps.products.exports.table_words import SHEETS, localise_table
    from maps.products.hotspot_names import hotspot_names

    en = lang == "en"
    params, overall = finder.params_, coverage.overall
    figures = [("project", summary.get("project") or ""), ("rows_read", summary["rows_read"]),
               ("rows_used", summary["rows_used"]), ("rows_rejected", summary["rows_rejected"]),
               ("imprecise", int(params.get("n_imprecise_left_out") or 0)), ("method", params["method"]),
               ("cell_m", params.get("cell_m")), ("n_hotspots", int(len(finder.hotspots_))),
               ("risk_covered", round(float(overall["risk_covered"]), 4)),
               ("efficiency", round(float(overall["efficiency"]), 4))]
    head = pd.DataFrame({_SUMMARY["item"][en]: [_SUMMARY[k][en] for k, _ in figures],
                         _SUMMARY["value"][en]: [v for _, v in figures]})
    path.unlink(missing_ok=True)  # sheets are added to an existing workbook
    write_table(head, path, layer="sammanfattning" if not en else "summary")
    write_table(localise_table(coverage.table, lang, names=hotspot_names(finder.hotspots_, lang)), path,
                layer=SHEETS["hotspots"][en])
    write_table(localise_table(coverage.gaps, lang), path, layer=SHEETS["gaps"][en])
    _percentages(path, lang)
    return path


def _percentages(path, lang):
    """Shares as percentages in the workbook (Excel then writes ``30,4 %`` in Swedish, ``30.4%`` in English)."""
    from openpyxl import load_workbook

    from maps.products.atomic import atomic_write
    from maps.products.exports.table_words import HEADERS, SHARES
    from maps.products.reproducible import fix_stamps

    shares = set(SHARES) if lang == "en" else {HEADERS.get(c, c) for c in SHARES}
    with atomic_write(path, copy=True) as tmp:
        book = load_workbook(tmp)
        for sheet in book.worksheets:
            head = [c.value for c in sheet[1]]
            for col, name in enumerate(head, start=1):
                if name in shares:
                    for row in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                        row[0].number_format = "0.0%"
            for row in sheet.iter_rows(min_row=2, max_col=2):  # the summary's "(andel)"/"(share)" figures
                if isinstance(row[0].value, str) and row[0].value.endswith(("(andel)", "(share)")):
                    row[1].number_format = "0.0%"
        book.save(tmp)
        fix_stamps(tmp)  # openpyxl stamps the save time: two runs must give the same bytes


def field_files(gpx, kml, *, suggestions, patrols, hotspots, title, lang, tz) -> dict:
    """Suggested visits and the patrol plan as GPX and KML; returns ``{"gpx": Path, "kml": Path}``."""
    from maps.products.exports.field import write_field_files

    if (suggestions is None or not len(suggestions)) and (patrols is None or not len(patrols)):
        return {}
    return write_field_files(suggestions, patrols, gpx=gpx, kml=kml, hotspots=hotspots, title=title, lang=lang,
                             tz=tz)


def share_briefing(weekend, *, boundary, title, synthetic, min_count, lang) -> str:
    """The share-safe briefing page of a weekend (checked by :func:`maps.share.privacy.check_share_html`)."""
    from maps.products.briefing.weekend import BriefingLayers, weekend_briefing

    return weekend_briefing(weekend, layers=BriefingLayers(boundary=boundary), title=title, synthetic=synthetic,
                            share=True, min_count=min_count, lang=lang)
