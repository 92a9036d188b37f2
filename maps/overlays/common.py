"""What every map layer module shares: labels, escaping, GeoJSON in WGS84 and a popup binder.

Every text from the data is escaped in Python (:func:`escaped`, :func:`markupsafe.escape`) before it becomes a
GeoJSON property; the popup binder (:func:`bind_js`) only joins those escaped values with labels that are
escaped here too, so nothing from the data is ever parsed as markup.
"""

import json

import numpy as np
import pandas as pd
import shapely
from folium.utilities import JsCode
from markupsafe import escape

from maps.labels import label

__all__ = ["WGS84", "bind_js", "escaped", "features", "integers", "text"]

WGS84 = "EPSG:4326"

# Map labels (layer names, popup fields, legend titles, patrol modes): (Swedish, English). The labels of
# categories, reasons and summaries live in maps/labels.py; "other" differs (a mode here, a category there).
_LABELS = {
    "legend": ("Teckenförklaring", "Legend"),
    "layer_points": ("Händelser och synpunkter", "Incidents and complaints"),
    "layer_hotspots": ("Hotspots", "Hotspots"),
    "layer_grid": ("Gi*-rutnät (signifikanta rutor)", "Gi* grid (significant cells)"),
    "layer_patrols": ("Planerad närvaro (patruller)", "Planned presence (patrols)"),
    "layer_places": ("Särskilda platser", "Special places"),
    "layer_gaps": ("Luckor i närvaron", "Coverage gaps"),
    "layer_suggestions": ("Förslag på besök", "Suggested visits"),
    "hotspot_id": ("Hotspot", "Hotspot"), "heading": ("Hotspot", "Hotspot"), "rank": ("Rang", "Rank"),
    "n_points": ("Antal totalt", "Total"), "n_incidents": ("Händelser", "Incidents"),
    "n_complaints": ("Synpunkter", "Complaints"), "peak_windows": ("Topptider", "Peak times"),
    "trend": ("Trend", "Trend"), "z": ("z (Gi*)", "z (Gi*)"), "q": ("q (FDR)", "q (FDR)"),
    "count": ("Antal", "Count"), "per_category": ("Per kategori", "By category"),
    "patrol_id": ("Patrull", "Patrol"), "unit": ("Enhet", "Unit"), "mode": ("Färdsätt", "Mode"),
    "schedule": ("Schema", "Schedule"), "radius_m": ("Synlig inom (m)", "Visible within (m)"),
    "name": ("Namn", "Name"), "status": ("Bedömning", "Verdict"), "events": ("Evenemang", "Events"),
    "note": ("Notering", "Note"),
    "covered": ("täckt", "covered"), "thin": ("tunn", "thin"), "gap": ("LUCKA", "GAP"), "quiet": ("lugnt", "quiet"),
    "no data": ("inga data", "no data"),
    "gap_windows": ("Topptider utan närvaro", "Peak times without presence"),
    "uncovered_risk": ("Otäckt andel av risken", "Uncovered share of risk"),
    "window": ("Timme", "Hour"), "gain": ("Tillförd täckt risk", "Risk coverage added"),
    "rank_title": ("Hotspots efter rang", "Hotspots by rank"),
    "trend_title": ("Hotspots efter trend", "Hotspots by trend"),
    "rank_high": ("1 (högst)", "1 (highest)"),
    "increasing": ("ökande", "increasing"), "decreasing": ("minskande", "decreasing"),
    "no trend": ("ingen trend", "no trend"), "unknown": ("okänd", "unknown"),
    "low": ("låg", "low"), "high": ("hög", "high"),
    "heat_kde": ("Täthet (KDE, per km²)", "Density (KDE, per km²)"),
    "heat_cells": ("Antal per ruta (rutor med minst {m})", "Count per cell (cells with at least {m})"),
    "grid_title": ("Gi* z-värde", "Gi* z-score"),
    "foot": ("till fots", "on foot"), "bike": ("cykel", "bike"), "car": ("bil", "car"),
    "motorcycle": ("motorcykel", "motorcycle"), "horse": ("häst", "horse"), "boat": ("båt", "boat"),
    "other": ("annat", "other"),
}


def text(key, lang="sv") -> str:
    """Label of ``key`` in ``lang``: this module's labels first, then :func:`maps.labels.label`."""
    pair = _LABELS.get(key)
    if pair is None:
        return label(key, lang)
    return pair[1] if lang == "en" else pair[0]


def escaped(values) -> list:
    """Each value as HTML-escaped text (lists joined with ", "); missing values become ``None``."""
    out = []
    for v in values:
        if isinstance(v, list | tuple | np.ndarray):
            v = ", ".join(str(x) for x in v)
        out.append(None if v is None or (np.ndim(v) == 0 and pd.isna(v)) else str(escape(str(v))))
    return out


def _label(value):
    return str(escape(str(value)))


def integers(values) -> list:
    """Each value as a rounded ``int``; missing values (None, NaN, ``pd.NA``) become ``None``."""
    return [None if pd.isna(v) else round(float(v)) for v in pd.Series(values, dtype=object)]


def features(geometry, props) -> dict:
    """A GeoJSON FeatureCollection in WGS84 (coordinates rounded to 6 decimals, about 0.1 m).

    Parameters
    ----------
    geometry : GeoSeries
        Any CRS; reprojected here, at the last step.
    props : dict of str to sequence
        Property columns, already escaped where they hold text; pandas ``NA``/NaN become ``null``.
    """
    geo = geometry.to_crs(WGS84) if geometry.crs is not None else geometry
    geoms = shapely.transform(np.asarray(geo.values), lambda c: np.round(c, 6))
    frame = pd.DataFrame({k: pd.Series(list(v), dtype=object) for k, v in props.items()},
                         index=range(len(geoms)))
    frame = frame.astype(object).where(frame.notna(), None)
    records = frame.to_dict("records") if len(frame.columns) else [{} for _ in range(len(geoms))]
    shapes = shapely.to_geojson(geoms)  # vectorised; None for a missing geometry (Leaflet skips those)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": rec, "geometry": None if g is None else json.loads(g)}
        for rec, g in zip(records, shapes)]}


def bind_js(fields, lang="sv", *, title=None, title_label=True, extra=None, tooltip=None, line=None) -> JsCode:
    """JavaScript ``onEachFeature`` that binds a popup table (and a tooltip) built from properties.

    Parameters
    ----------
    fields : list of str
        Property keys shown as rows, labelled by :func:`text`; a key absent from a feature is skipped,
        a ``null`` value is shown as "–" (missing or suppressed).
    title : str, optional
        Property key shown in bold above the table, after its label (unless ``title_label`` is False).
    extra : str, optional
        Property key holding HTML built (and escaped) in Python, appended below the table.
    tooltip : str, optional
        Property key shown as the hover tooltip.
    line : tuple of (str, list of str), optional
        ``(label key, property keys)``: one compact row "label value · label value" (zeros left out).
    """
    head = [title, _label(text(title, lang)) + " " if title_label else ""] if title else None
    row = [_label(text(line[0], lang)), [[k, _label(text(k.removeprefix("n_"), lang))] for k in line[1]]] \
        if line else None
    spec = {"fields": [[k, _label(text(k, lang))] for k in fields], "title": head, "extra": extra,
            "tooltip": tooltip, "line": row}
    return JsCode("""function (feature, layer) {
        var s = __SPEC__, p = feature.properties || {}, rows = [];
        s.fields.forEach(function (f) {
            if (!(f[0] in p)) { return; }
            var v = p[f[0]];
            rows.push('<tr><th style="text-align:left;padding-right:6px">' + f[1] + '</th><td>'
                      + (v === null ? '–' : v) + '</td></tr>');
        });
        if (s.line) {
            var parts = [];
            s.line[1].forEach(function (f) {
                if (!(f[0] in p) || p[f[0]] === 0) { return; }
                parts.push(f[1] + ' ' + (p[f[0]] === null ? '–' : p[f[0]]));
            });
            if (parts.length) { rows.push('<tr><th style="text-align:left;padding-right:6px">' + s.line[0]
                                          + '</th><td>' + parts.join(' · ') + '</td></tr>'); }
        }
        var head = s.title && p[s.title[0]] !== null ? '<b>' + s.title[1] + p[s.title[0]] + '</b>' : '';
        var body = head + '<table style="font-size:12px">' + rows.join('') + '</table>'
                   + (s.extra && p[s.extra] ? p[s.extra] : '');
        layer.bindPopup(body, {maxWidth: 320, autoPanPaddingTopLeft: L.point(60, 170)});
        if (s.tooltip && p[s.tooltip] !== null) { layer.bindTooltip(String(p[s.tooltip]), {sticky: true}); }
    }""".replace("__SPEC__", json.dumps(spec, ensure_ascii=False)))
