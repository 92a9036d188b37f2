"""The GeoPackage for GIS colleagues: every map layer, each with its QGIS style in the HTML map's colours.

:func:`write_gis_package` writes the layers of a run (``hotspots``, ``cells``, ``gaps``, ``patrols``,
``places``, ``suggestions``, ``emerging``) with :func:`maps.products.exports.export.write_table` (pyogrio) and then
their default styles with :func:`maps.products.exports.gpkg_styles.style_gpkg`. A layer of mixed geometry (a patrol
plan holds stops, routes and areas) is written as one layer per kind (``patrols_points``, ``patrols_lines``,
``patrols_areas``) since a GeoPackage layer has one geometry type. Hotspots and gaps carry the ``name`` of
:func:`maps.products.hotspot_names.hotspot_names`, the name the map, briefings and GPX use. Gaps are
categorised by verdict (täckt/tunn/LUCKA in Swedish mode), patrols by mode, hotspots by rank on the map's
ramp, emerging cells by class.
"""

from pathlib import Path

from maps.overlays.common import text
from maps.overlays.controls.legend import RAMPS, ramp_hex
from maps.overlays.gaps import COLOUR as GAP_COLOUR
from maps.overlays.patrols import MODE_COLOURS
from maps.overlays.places import COLOUR as PLACE_COLOUR
from maps.overlays.suggestions import COLOUR as VISIT_COLOUR
from maps.products.briefing.text import STATUS
from maps.products.exports.export import write_table
from maps.products.exports.gpkg_styles import style_gpkg
from maps.products.exports.qml import layer_qml
from maps.products.hotspot_names import hotspot_names

__all__ = ["LAYERS", "write_gis_package"]

INDEX_FROM = 1000  # features from which a layer gets an R-tree index (below, QGIS draws as fast without)
LAYERS = ("hotspots", "cells", "gaps", "patrols", "places", "suggestions", "emerging")
VERDICT_COLOURS = {"gap": GAP_COLOUR, "thin": "#ef8f00", "covered": "#2e7d32", "quiet": "#969696",
                   "no data": "#bdbdbd"}
EMERGING_COLOURS = {"new_hot": "#fdd0a2", "consecutive_hot": "#fdae6b", "intensifying_hot": "#a50f15",
                    "persistent_hot": "#de2d26", "diminishing_hot": "#fc9272", "sporadic_hot": "#fcbba1",
                    "oscillating_hot": "#fb6a4a", "historical_hot": "#bcbddc", "new_cold": "#c6dbef",
                    "consecutive_cold": "#9ecae1", "intensifying_cold": "#08519c", "persistent_cold": "#3182bd",
                    "diminishing_cold": "#6baed6", "sporadic_cold": "#deebf7", "oscillating_cold": "#4292c6",
                    "historical_cold": "#dadaeb"}
_CLASS_WORDS = {"new": ("ny", "new"), "consecutive": ("sammanhängande", "consecutive"),
                "intensifying": ("förstärkt", "intensifying"), "persistent": ("bestående", "persistent"),
                "diminishing": ("avtagande", "diminishing"), "sporadic": ("sporadisk", "sporadic"),
                "oscillating": ("växlande", "oscillating"), "historical": ("tidigare", "historical"),
                "hot": ("varm", "hot"), "cold": ("kall", "cold")}
_KIND = {"Point": "points", "MultiPoint": "points", "LineString": "lines", "MultiLineString": "lines",
         "Polygon": "areas", "MultiPolygon": "areas"}
_GEOM = {"points": "point", "lines": "line", "areas": "polygon"}
_TITLE = {"hotspots": ("Hotspots, färg efter rang", "Hotspots, coloured by rank"),
          "cells": ("Rutor med minst en punkt", "Grid cells with at least one point"),
          "gaps": ("Luckor: täckt, tunn, LUCKA", "Gaps: covered, thin, GAP"),
          "patrols": ("Planerade patruller efter färdsätt", "Planned patrols by mode"),
          "places": ("Särskilda platser", "Special places"),
          "suggestions": ("Föreslagna besök", "Suggested visits"),
          "emerging": ("Framväxande hotspots: klass per ruta", "Emerging hot spots: class per cell")}


def write_gis_package(path, layers, *, lang="sv") -> dict:
    """Write ``layers`` into the GeoPackage ``path`` with a default QGIS style per layer.

    Parameters
    ----------
    path : str or Path
        The ``.gpkg`` file (layers of the same name are replaced, others kept).
    layers : dict
        ``{kind: GeoDataFrame or None}`` for kinds in :data:`LAYERS`; ``None`` and empty frames are skipped.
    lang : {"sv", "en"}
        Language of the style names, descriptions and category labels.

    Returns
    -------
    dict
        ``{layer name: number of features}`` as written.
    """
    path = Path(path)
    names = hotspot_names(layers.get("hotspots"), lang)
    styles, written = [], {}
    for kind in LAYERS:
        frame = layers.get(kind)
        if frame is None or not len(frame):
            continue
        extra = [c for c in frame.columns if c != frame.geometry.name and frame[c].dtype.name == "geometry"]
        frame = frame.drop(columns=extra)  # a layer has one geometry column (places keep their area aside)
        if kind in ("hotspots", "gaps") and "hotspot_id" in frame.columns:
            frame = frame.assign(name=[names.get(h, f"hotspot {h}") for h in frame["hotspot_id"]])
        types = frame.geom_type.map(_KIND).fillna("areas")
        parts = {kind: frame} if types.nunique() == 1 else \
            {f"{kind}_{k}": frame[types == k] for k in ("points", "lines", "areas") if (types == k).any()}
        for table, part in parts.items():
            write_table(part, path, layer=table, spatial_index=len(part) >= INDEX_FROM)
            written[table] = int(len(part))
            geometry = _GEOM[part.geom_type.map(_KIND).fillna("areas").iloc[0]]
            styles.append({"table": table, "name": table, "qml": _qml(kind, part, geometry, lang),
                           "description": _TITLE[kind][lang == "en"]})
    if styles:
        style_gpkg(path, styles)
    return written


def _qml(kind, frame, geometry, lang):
    en = lang == "en"
    if kind == "hotspots" and "rank" in frame.columns:
        ranks = sorted(int(r) for r in frame["rank"].dropna().unique())
        k = max(float(max(ranks, default=1)), 2.0)
        colours = ramp_hex([1 - (r - 1) / (k - 1) for r in ranks], RAMPS["rank"])
        cats = [(r, f"{r}", c) for r, c in zip(ranks, colours)]
        return layer_qml(geometry, "#e31a1c", categories=cats, attribute="rank", label_field="name", fill_alpha=0.55)
    if kind == "gaps" and "status" in frame.columns:
        cats = [(key, STATUS[key][en], colour) for key, colour in VERDICT_COLOURS.items()]
        return layer_qml(geometry, GAP_COLOUR, categories=cats, attribute="status", label_field="name",
                         fill_alpha=0.25, dashed=True)
    if kind == "patrols" and "mode" in frame.columns:
        cats = [(mode, text(mode, lang), colour) for mode, colour in MODE_COLOURS.items()]
        return layer_qml(geometry, MODE_COLOURS["other"], categories=cats, attribute="mode",
                         label_field="patrol_id", fill_alpha=0.2)
    if kind == "emerging" and "category" in frame.columns:
        cats = [(key, " ".join(_CLASS_WORDS[w][en] for w in key.split("_")), colour)
                for key, colour in EMERGING_COLOURS.items()]
        return layer_qml(geometry, "#d9d9d9", categories=cats, attribute="category", fill_alpha=0.6, width_mm=0.2)
    colour = {"places": PLACE_COLOUR, "suggestions": VISIT_COLOUR, "cells": "#fd8d3c"}.get(kind, "#525252")
    label = {"places": "name", "suggestions": "patrol_id"}.get(kind)
    return layer_qml(geometry, colour, label_field=label, fill_alpha=0.3 if kind == "places" else 0.35,
                     width_mm=0.2 if kind == "cells" else 0.6)
