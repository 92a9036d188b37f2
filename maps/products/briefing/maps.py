"""The weekend briefing's maps: the busiest group of targets in detail and an overview of all.

:func:`briefing_map` is the map on its own (e.g. for a PNG); :func:`briefing_frames` gives the page the maps
it shows, made offline: the detail map, and an overview when the targets lie far apart.
"""

from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import escape
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from hotspots.defaults import MIN_COUNT
from hotspots.errors import InputError
from maps.offline import make_offline
from maps.overlays.common import WGS84
from maps.products.briefing.format import format_number, format_when, validate_briefing
from maps.products.briefing.tables import window_patrols
from maps.products.briefing.text import STATUS, words
from maps.products.build import build_map
from maps.products.slim_frame import drop_unused_jquery

__all__ = ["BriefingLayers", "briefing_frames", "briefing_map"]



@dataclass(frozen=True)
class BriefingLayers:
    """Map layers a :class:`~layers.cover.weekend.Weekend` does not carry.

    Attributes
    ----------
    patrols : GeoDataFrame, optional
        The Patrol plan (:func:`layers.plans.patrols.read_patrols`); the map and the patrol table show the patrols
        with planned minutes in this year's window(s).
    boundary : GeoDataFrame, optional
        The municipality or study area (:func:`hotspots.io.where.area.read_area`).
    """

    patrols: gpd.GeoDataFrame | None = None
    boundary: gpd.GeoDataFrame | None = None


def briefing_map(weekend, *, layers=None, share=False, min_count=MIN_COUNT, title="", synthetic=False, lang="sv",
                 view="all") -> folium.Map:
    """The briefing's map: places, hotspots of the earlier windows, the window's patrols and the gaps, labelled.

    Parameters are those of :func:`weekend_briefing`, and:

    title : str
        For the map's title block (default: event, year and window); it shows when the map is used on its own
        (e.g. a PNG for slides). The briefing hides it: its header says the same.
    view : {"all", "detail"}
        Fit the view to every place and hotspot, or to the group of nearby ones with the most points
        (targets within 2 km of each other form a group; the briefing's main map when they lie far apart,
        above an overview of all).

    Returns
    -------
    folium.Map
        Without basemap tiles (the briefing is offline), each target labelled with the id the tables use
        (labels pushed apart where they would overlap), fitted in the browser clear of the title block,
        legend and layer control.
    """
    validate_briefing(weekend, lang, min_count)
    if view not in ("all", "detail"):
        raise InputError(f"view must be 'all' or 'detail', got {view!r}.")
    return _map(weekend, layers or BriefingLayers(), share, min_count, title, synthetic, lang, view)


def briefing_frames(weekend, layers, *, fmap=None, share=False, min_count=MIN_COUNT, synthetic=False,
                    lang="sv") -> list[tuple[str, str]]:
    """The maps the briefing page shows, each as ``(kind, offline HTML document)`` for an ``<iframe srcdoc>``.

    ``kind`` is "main" (the detail map, or ``fmap`` when given) or "overview" (all targets, when they lie
    far apart). Every map has its title block and, in print, its controls hidden (the page's header says
    what the title block says).

    Raises
    ------
    InputError
        A map asset that cannot be inlined.
    """
    maps = [("main", fmap)]
    if fmap is None:
        maps = [("main", _map(weekend, layers, share, min_count, "", synthetic, lang, "detail"))]
        if _group(_targets(weekend, _shown_hotspots(weekend, share, min_count), share)) is not None:
            maps.append(("overview", _map(weekend, layers, share, min_count, "", synthetic, lang, "overview")))
    frames = []
    for kind, one in maps:
        try:
            page = drop_unused_jquery(make_offline(one))
        except (TypeError, ValueError) as err:
            raise InputError(f"the briefing's map cannot be made offline: {err}") from None
        frames.append((kind, page.replace("</head>", _IN_BRIEFING + "\n</head>", 1)))
    return frames


def _map(weekend, layers, share, min_count, title, synthetic, lang, view):
    """A briefing map; ``view`` "overview" is the small map of everything below the detail map."""
    m = folium.Map(location=[62.5, 16.0], zoom_start=5, tiles=None, control_scale=True, max_zoom=18, zoom_snap=0.25)
    m.get_root().header.add_child(folium.Element(_MAP_CSS + (_OVERVIEW_CSS if view == "overview" else "")))
    hot = _shown_hotspots(weekend, share, min_count)
    build_map(hotspots=hot, places=None if share else _place_frame(weekend),
              patrols=None if share else window_patrols(weekend, layers.patrols),
              gaps=None if share else _gap_frame(weekend, lang), boundary=layers.boundary, share=share,
              min_count=min_count, title=title or _map_title(weekend, lang), synthetic=synthetic,
              method=str(weekend.info.get("hotspots", {}).get("method") or ""), lang=lang, heat="none", m=m)
    targets = _targets(weekend, hot, share)
    group = _group(targets) if view != "all" else None
    extent, labels = None, targets
    if view == "overview" and group is not None:
        extent, labels = targets[group].to_crs(WGS84).total_bounds, targets[~group]
    if len(labels) or extent is not None:
        _Labels(labels, extent, words(lang)["detail"]).add_to(m)
    frame = targets[group] if view == "detail" and group is not None else targets
    frame = frame if len(frame) else layers.boundary
    if frame is not None and len(frame):
        _Fit(frame.geometry.to_crs(WGS84).total_bounds).add_to(m)
    return m


def _map_title(weekend, lang):
    name = weekend.name_en if lang == "en" else weekend.name
    return (f"{name} {weekend.year}: {format_when(weekend.window[0], lang, year=False)} – "
            f"{format_when(weekend.window[1], lang, year=False)}")


def _targets(weekend, hot, share):
    """Places (internal maps) and shown hotspots: ``label`` (the tables' id), ``gap``, ``total``, geometry."""
    parts = [] if share else [(weekend.places, weekend.places["place_id"].astype(str), weekend.places["total"])]
    parts.append((hot, "H" + hot["hotspot_id"].astype(str), hot["n_points"]))
    frame = pd.concat([pd.DataFrame({"label": ids.to_numpy(), "gap": f["status"].isin(["gap", "thin"]).to_numpy(),
                                     "total": total.to_numpy(), "geometry": f.geometry.to_numpy()})
                       for f, ids, total in parts], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=weekend.places.crs)


def _group(targets):
    """Mask of the group of nearby targets with the most points, or None when one view shows all well."""
    if len(targets) < 2:
        return None
    west, south, east, north = targets.total_bounds
    if max(east - west, north - south) <= _ONE_VIEW_M:
        return None
    geoms = targets.geometry.to_numpy()
    a, b = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=_GROUP_M)
    n, group = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(geoms),) * 2))
    if n == 1:
        return None
    score = pd.DataFrame({"g": group, "total": targets["total"].to_numpy(), "n": 1}).groupby("g").sum()
    return group == score.sort_values(["total", "n"], ascending=False).index[0]


# ------------------------------------------------------------------------------------------------ map parts

_ONE_VIEW_M = 5000.0   # targets within this extent share one map
_GROUP_M = 2000.0      # targets closer than this form a group (the detail map shows the group with most points)
_MAP_CSS = """<style>
.hp-time, .leaflet-control-scale-line + .leaflet-control-scale-line { display: none !important; }
.leaflet-tooltip.hp-label { background: #fff; border: 1.5px solid #1d3557; border-radius: 3px; padding: 0 4px;
  font: bold 11px 'Liberation Sans', Arial, sans-serif; color: #1d3557; box-shadow: none; }
.leaflet-tooltip.hp-label.hp-gap { border-color: #c62828; color: #c62828; }
.leaflet-tooltip.hp-label.hp-box { border-style: dashed; font-weight: normal; }
</style>"""
_OVERVIEW_CSS = """<style>
.hp-legend, .leaflet-control-layers { display: none !important; }
</style>"""
# Added to the maps inside the briefing only: the header says what the title block says; no controls on paper.
_IN_BRIEFING = """<style>
.hp-title { display: none !important; }
@media print { .leaflet-control-layers, .leaflet-control-zoom, .leaflet-control-attribution, .hp-time
  { display: none !important; } }
</style>"""


class _Labels(MacroElement):
    """Permanent labels (the tables' ids) inside each target, pushed apart where they would overlap.

    ``box`` (west, south, east, north) draws the detail map's extent on the overview, labelled ``box_label``.
    Every text is escaped in Python (Leaflet's ``setContent`` parses its argument as HTML).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, items = [], box = {{ this.box | tojson }};
            function add(lat, lon, text, cls) {
                items.push(L.tooltip({permanent: true, direction: 'center', interactive: false, opacity: 1,
                                      className: 'hp-label' + cls}).setLatLng([lat, lon]).setContent(text).addTo(map));
            }
            if (box) {
                L.rectangle([[box[1], box[0]], [box[3], box[2]]], {color: '#1d3557', weight: 1.5, dashArray: '5 4',
                             fill: false, interactive: false}).addTo(map);
                add(box[3], (box[0] + box[2]) / 2, {{ this.box_label | tojson }}, ' hp-box');
            }
            {{ this.labels | tojson }}.forEach(function (l) { add(l[0], l[1], l[2], l[3] ? ' hp-gap' : ''); });
            var steps = [[0, 0], [0, -1], [0, 1], [1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1], [0, -2], [0, 2]];
            function place() {
                var taken = [];
                items.forEach(function (t) {
                    var el = t.getElement();
                    if (!el) { return; }
                    var w = el.offsetWidth + 2, h = el.offsetHeight + 1, p = map.latLngToLayerPoint(t.getLatLng());
                    var pick = steps.map(function (s) { return [s[0] * w, s[1] * h]; }).find(function (d) {
                        var x = p.x + d[0], y = p.y + d[1];
                        return taken.every(function (b) {
                            return Math.abs(x - b[0]) >= (w + b[2]) / 2 || Math.abs(y - b[1]) >= (h + b[3]) / 2;
                        });
                    }) || [0, 0];
                    taken.push([p.x + pick[0], p.y + pick[1], w, h]);
                    t.options.offset = L.point(pick[0], pick[1]);
                    t.update();
                });
            }
            map.whenReady(place);
            map.on('zoomend', place);
        })();
        {% endmacro %}
    """)

    def __init__(self, frame, box=None, box_label=""):
        super().__init__()
        frame = frame.iloc[np.argsort(~frame["gap"].to_numpy(bool), kind="stable")]  # gaps placed first
        spots = frame.geometry.representative_point().to_crs(WGS84)
        self.labels = [[round(p.y, 5), round(p.x, 5), str(escape(t)), bool(g)]
                       for p, t, g in zip(spots, frame["label"], frame["gap"])]
        self.box = [round(float(v), 5) for v in box] if box is not None else None
        self.box_label = str(escape(box_label))


class _Fit(MacroElement):
    """Fit the view in the browser, padded by the title block, legend and layer control as drawn."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function size(sel, dim) { var el = document.querySelector(sel); return el ? el[dim] : 0; }
            var right = Math.max(size('.hp-legend', 'offsetWidth'), size('.leaflet-control-layers', 'offsetWidth'));
            map.fitBounds({{ this.bounds | tojson }}, {maxZoom: 16, paddingBottomRight: [right + 24, 24],
                          paddingTopLeft: [24, 24 + size('.hp-title', 'offsetHeight')]});
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds):
        super().__init__()
        west, south, east, north = (float(v) for v in bounds)
        self.bounds = [[south, west], [north, east]]


def _shown_hotspots(weekend, share, min_count):
    hot = _hotspot_frame(weekend)
    return hot[hot["n_points"] >= min_count] if share else hot


def _hotspot_frame(weekend):
    """The weekend's hotspots in the Hotspots contract: ``n_points`` = points in the counted earlier windows."""
    hot = weekend.hotspots
    method = weekend.info.get("hotspots", {}).get("method")
    return gpd.GeoDataFrame({
        "hotspot_id": hot["hotspot_id"].astype(int).to_numpy(), "rank": hot["rank"].to_numpy(),
        "n_points": hot["total"].astype(int).to_numpy(), "n_incidents": hot["n_incidents"].astype(int).to_numpy(),
        "n_complaints": hot["n_complaints"].astype(int).to_numpy(), "status": hot["status"].to_numpy(),
        **({"method": [method] * len(hot)} if method else {}),
    }, geometry=hot.geometry.to_numpy(), crs=hot.crs)


def _place_frame(weekend):
    places = weekend.places
    return gpd.GeoDataFrame({
        "place_id": places["place_id"].to_numpy(), "name": places["name"].to_numpy(),
        "events": [[weekend.event] if t else [] for t in places["tagged"]], "area": places.geometry.to_numpy(),
    }, geometry=places.geometry.to_numpy(), crs=places.crs)


def _gap_frame(weekend, lang):
    span = f"{format_when(weekend.window[0], lang, year=False)} – {format_when(weekend.window[1], lang, year=False)}"
    parts = []
    for table, ids in ((weekend.places, None), (weekend.hotspots, "hotspot_id")):
        rows = table[table["status"].isin(["gap", "thin"])]
        parts.append(pd.DataFrame({
            "hotspot_id": rows[ids].astype(str).to_numpy() if ids else [None] * len(rows),
            "gap_windows": [f"{STATUS[s][lang == 'en']}: {format_number(v, lang)} min ({span})"
                            for s, v in zip(rows["status"], rows["presence_minutes"])],
            "geometry": rows.geometry.to_numpy()}))
    gaps = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(gaps, geometry="geometry", crs=weekend.places.crs) if len(gaps) else None
