"""The map builder: every product of ``hotspots/`` and ``layers/`` on one Folium map, internal or shareable.

Layers, bottom to top (each its own module in ``maps/overlays``, each named in the layer control):
online tiles (only when ``tiles`` names a provider), the user's base data (roads, water, buildings),
boundary, heat, Gi* grid, special places, hotspots, coverage gaps (outline only, above the hotspots, so a
click inside a hotspot always opens the hotspot), patrols, suggested visits, points, locality names.
Hotspots, gaps, patrols, places, base data and names start switched on; heat, points and the grid start
off. A legend block is added for every coloured layer and shown only while its layer is on; a title block
says period, method, mode and time; a time control filters the hotspots by the hour of the week in their
peak windows; a ranked list of the named hotspots zooms to each (the map's text alternative). The page has
a language, a title, a metric scale bar and a phone layout (:func:`maps.overlays.controls.page.setup_page`).

**Internal** (``share=False``): points as clustered markers up to ``point_limit`` (above it they are left
out, with a note in the title block: they would make the file heavy); heat as a KDE image above
~5,000 points, else a HeatMap. **Share** (``share=True``): hotspots, cells and points go through
:func:`maps.share.privacy.share_safe` first and only what it returns is drawn: no points, no free text, no
patrols, gaps or suggestions, no profile charts; special places keep their name and events (no notes),
hotspots their name; heat only as squares with at least
``min_count`` points; sensitive incidents only as one total in the title block; the view is fitted to
the hotspots or the boundary, never to points; every count (popups, heat squares, the sensitive total)
is published on the coarse scale of :func:`maps.share.coarse.publish_count`, never exact. Everything is
reprojected to WGS84 at the last step,
inside each layer function.
"""

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from hotspots.defaults import MIN_COUNT, TZ
from hotspots.errors import InputError
from maps.overlays.change import add_change
from maps.overlays.common import WGS84, text
from maps.overlays.controls.hotspot_list import add_hotspot_list
from maps.overlays.controls.legend import Legend
from maps.overlays.controls.page import PHONE_PX, setup_page
from maps.overlays.controls.time_control import TimeControl
from maps.overlays.controls.title import add_title
from maps.overlays.emerging import add_emerging
from maps.overlays.gaps import add_gaps
from maps.overlays.grid import add_grid
from maps.overlays.heat import add_heat
from maps.overlays.hotspots import add_hotspots
from maps.overlays.orientation.basemap import add_basemap
from maps.overlays.orientation.boundary import add_boundary
from maps.overlays.orientation.localities import add_localities
from maps.overlays.orientation.tiles import add_tiles
from maps.overlays.patrols import add_patrols
from maps.overlays.places import add_places
from maps.overlays.points import add_points
from maps.overlays.suggestions import add_suggestions
from maps.products.build_time import build_time
from maps.products.stable_ids import stable_ids
from maps.share.coarse import SCALES, publish_count
from maps.share.privacy import share_safe
from maps.share.publish import publish_frame

__all__ = ["build_map"]

HEAT_MODES = ("auto", "kde", "heatmap", "none")
NAMES_IN_VIEW = 3  # the first view holds the hotspots and this many nearest locality names
_METHODS = {"gistar": ("Gi* (Getis–Ord, FDR)", "Gi* (Getis–Ord, FDR)"), "kde": ("KDE (kärntäthet)", "KDE"),
            "count": ("antal per ruta", "count per cell"), "prospective": ("prospektiv risk", "prospective risk"),
            "dbscan": ("DBSCAN", "DBSCAN"), "hdbscan": ("HDBSCAN", "HDBSCAN")}
_OMITTED = {"sv": "Punkterna visas inte: {n:,} punkter är fler än gränsen {limit:,} (filen blir för tung)",
            "en": "Points not shown: {n:,} points exceed the limit of {limit:,} (the file would be heavy)"}


def build_map(*, points=None, hotspots=None, cells=None, profiles=None, patrols=None, places=None, gaps=None,
              suggestions=None, boundary=None, share=False, min_count=MIN_COUNT, title="", synthetic=False, method="",
              lang="sv", heat="auto", point_limit=20000, color_by="rank", count_scale="classes",
              localities=None, basemap=None, tiles=None, attributions=(), emerging=None, change=None, grid=None,
              verdicts=None, m=None) -> folium.Map:
    """Draw the analysis products on one map.

    Parameters
    ----------
    points : GeoDataFrame, optional
        The Points contract (incidents and complaints).
    hotspots, cells, profiles : optional
        ``HotspotFinder.hotspots_``, ``.cells_`` and ``.profiles_``.
    patrols, places : GeoDataFrame, optional
        Patrol plan and Special places contracts (internal maps only).
    gaps : GeoDataFrame, optional
        Hotspot polygons with ``gap_windows`` and ``uncovered_risk`` (internal maps only).
    suggestions : GeoDataFrame, optional
        The plan of :func:`layers.cover.suggest.suggest_visits` (internal maps only).
    boundary : GeoDataFrame, optional
        The municipality or study area.
    share : bool
        Share mode (see the module docstring).
    min_count : int
        Smallest count shown in share mode.
    title : str
    synthetic : bool
        Say "Syntetiska data" in the title block.
    method : str
        Method shown in the title block; default the hotspots' ``method``.
    lang : {"sv", "en"}
    heat : {"auto", "kde", "heatmap", "none"}
        Heat layer of internal maps; share maps always paint count squares.
    point_limit : int
        Most points drawn as markers (internal maps).
    color_by : {"rank", "trend"}
        Hotspot colours.
    count_scale : {"classes", "round5"}
        Share mode: how counts are published (bands such as ``10–19``, or seeded rounding to base 5).
    localities : GeoDataFrame, optional
        Locality points with ``name`` (and ``population``), drawn as labels on every map.
    basemap : layers.basemap.Basemap, optional
        The user's roads, water and buildings (:func:`layers.basemap.read_basemap`), on every map.
    tiles : str, optional
        An xyzservices provider name (e.g. ``"OpenStreetMap.Mapnik"``) for online tiles as a base layer;
        ``None`` (default): no tiles, the page makes no request.
    attributions : iterable of str
        Data sources to credit in the map's attribution line (e.g. GeoNames for the localities).
    emerging, change : optional
        :class:`hotspots.temporal.emerging.Emerging` and :class:`hotspots.temporal.change.Change` computed on
        ``grid``: class layers (off at the start; in share mode only cells with ``min_count`` points).
    grid : hotspots.methods.grid.Grid, optional
        The grid of ``emerging`` and ``change`` (e.g. ``HotspotFinder.grid_``).
    verdicts : dict, optional
        ``hotspot_id`` → coverage verdict key (``covered``, ``thin``, ``gap``, ...; the ``status`` of
        :func:`layers.cover.coverage.compute_coverage`), shown in words in the hotspot list (internal maps); by
        default the ``status`` of ``gaps``.
    m : folium.Map, optional
        Map to draw on; a new one fitted to the hotspots (else the boundary, else the points) when ``None``.

    Returns
    -------
    folium.Map

    Raises
    ------
    InputError
        An unknown language, heat mode or colouring, a negative point limit, a bad ``min_count``.
    """
    _validate(lang, heat, color_by, point_limit)
    if count_scale not in SCALES:
        raise InputError(f"count_scale must be one of {', '.join(SCALES)}, got {count_scale!r}.")
    period = _period(points)
    method = _METHODS.get(method, (method, method))[lang == "en"] if method else _method(hotspots, lang)
    notes, sensitive, squares = [], None, None
    if share:
        safe = share_safe(points, hotspots, cells, min_count=min_count)
        hotspots, cells = (publish_frame(frame, kind=kind, min_count=min_count, scale=count_scale)
                           for frame, kind in ((safe.hotspots, "hotspot"), (safe.cells, "cell")))
        # the squares' colour needs a number: the band's lower bound (an image, no popup)
        squares = publish_frame(safe.heat, kind="square", min_count=min_count, scale=count_scale, numeric=True)
        sensitive = safe.sensitive_total
        if isinstance(sensitive, int):
            sensitive = publish_count(sensitive, key="sensitive_total", min_count=min_count, scale=count_scale)
        points = profiles = patrols = gaps = suggestions = None
    fit = m is None
    if m is None:
        m = folium.Map(tiles=None, control_scale=False, zoom_control=False, max_zoom=18)
    if tiles:
        add_tiles(m, tiles, lang=lang)
    m.get_root().header.add_child(folium.Element("<style>.hp-squares{image-rendering:pixelated}</style>"))
    legend = Legend(text("legend", lang))
    add_basemap(m, basemap, legend=legend, lang=lang)
    add_boundary(m, boundary, legend=legend, lang=lang)
    heat_kind = None
    if share:
        _, heat_kind = add_heat(m, squares=squares, legend=legend, lang=lang)
    elif heat != "none":
        _, heat_kind = add_heat(m, points, mode=heat, legend=legend, lang=lang)
    add_grid(m, cells, legend=legend, lang=lang)
    add_emerging(m, emerging, grid, min_count=min_count if share else None, legend=legend, lang=lang)
    add_change(m, change, grid, min_count=min_count if share else None, legend=legend, lang=lang)
    _, layer = add_hotspots(m, hotspots, profiles=profiles, color_by=color_by, legend=legend, lang=lang)
    add_gaps(m, gaps, legend=legend, lang=lang)
    add_places(m, places, show_notes=not share, legend=legend, lang=lang)  # below the hotspots' pane
    add_patrols(m, patrols, legend=legend, lang=lang)
    add_suggestions(m, suggestions, legend=legend, lang=lang)
    if points is not None and len(points):
        _, drawn = add_points(m, points, limit=point_limit, legend=legend, lang=lang)
        if not drawn:
            notes.append(_OMITTED.get(lang, _OMITTED["sv"]).format(n=len(points), limit=point_limit))
    add_localities(m, basemap.localities if localities is None and basemap is not None else localities, lang=lang)
    add_title(m, title=title, period=period, method=method, share=share, synthetic=synthetic,
              sensitive_total=sensitive, min_count=min_count, notes=notes, generated=build_time(), lang=lang)
    legend.add_to(m)
    # open on desktop, one button on phones (the map keeps the screen)
    folium.LayerControl(collapsed=JsCode(f"window.innerWidth < {PHONE_PX}")).add_to(m)
    if layer is not None:
        add_hotspot_list(m, layer, hotspots, verdicts=None if share else _verdicts(gaps, verdicts, lang), lang=lang)
        named = {getattr(c, "layer_name", None): c for c in m._children.values()}
        others = [named[k] for k in (text("layer_gaps", lang), text("layer_patrols", lang)) if k in named]
        points_group = [named[k] for k in (text("layer_points", lang),) if k in named]
        TimeControl(layer, lang, others=others, marker_groups=points_group,
                    image_heat=heat_kind is not None).add_to(m)
    setup_page(m, title=title or method, lang=lang, attributions=attributions)
    if fit:
        _fit(m, hotspots, boundary, points,
             localities if localities is not None else getattr(basemap, "localities", None))
    return stable_ids(m)  # the same inputs give the same page, byte for byte


def _verdicts(gaps, verdicts, lang):
    """``hotspot_id`` → coverage verdict in words (täckt / tunn / LUCKA) for the hotspot list."""
    if verdicts is None and gaps is not None and "status" in gaps and "hotspot_id" in gaps:
        verdicts = dict(zip(gaps["hotspot_id"], gaps["status"]))
    return {int(h): text(str(v), lang) for h, v in (verdicts or {}).items() if isinstance(v, str)}


def _validate(lang, heat, color_by, point_limit):
    if lang not in ("sv", "en"):
        raise InputError(f"lang must be 'sv' or 'en', got {lang!r}.")
    if heat not in HEAT_MODES:
        raise InputError(f"heat must be one of {', '.join(HEAT_MODES)}, got {heat!r}.")
    if color_by not in ("rank", "trend"):
        raise InputError(f"color_by must be 'rank' or 'trend', got {color_by!r}.")
    if isinstance(point_limit, bool) or not isinstance(point_limit, int) or point_limit < 0:
        raise InputError(f"point_limit must be a whole number ≥ 0, got {point_limit!r}.")


def _period(points):
    if points is None or "start" not in points or not points["start"].notna().any():
        return None
    starts = points["start"].dropna()
    if getattr(starts.dt, "tz", None) is not None:
        starts = starts.dt.tz_convert(TZ)
    return starts.min(), starts.max()


def _method(hotspots, lang):
    if hotspots is None or "method" not in hotspots or not len(hotspots):
        return ""
    keys = dict.fromkeys(str(k) for k in hotspots["method"].dropna())
    return ", ".join(_METHODS.get(k, (k, k))[lang == "en"] for k in keys)


def _fit(m, hotspots, boundary, points, localities=None):
    """Fit to the hotspots (and the nearest localities, so that place names orient the reader), else the
    boundary, else the points (internal maps only get points here)."""
    for frame in (hotspots, boundary, points):
        if frame is not None and len(frame):
            shapes = frame.geometry
            if frame is hotspots and localities is not None and len(localities) and frame.crs is not None:
                shapes = pd.concat([shapes.to_crs(WGS84), _nearest(localities, frame).to_crs(WGS84)])
            west, south, east, north = shapes.to_crs(WGS84).total_bounds
            _Fit([[float(south), float(west)], [float(north), float(east)]]).add_to(m)
            return


def _nearest(localities, hotspots, k=NAMES_IN_VIEW, within_m=12000.0):
    """The ``k`` localities nearest the hotspots' centre (within ``within_m``), as a GeoSeries."""
    centre = hotspots.geometry.union_all().centroid
    places = localities.geometry.to_crs(hotspots.crs)
    dist = places.distance(centre).to_numpy()
    order = [i for i in np.lexsort((np.arange(len(dist)), dist))[:k] if dist[i] <= within_m]
    return places.iloc[order]


class _Fit(MacroElement):
    """``fitBounds`` with room for the title block (top left) and the legend (bottom right) on desktop; on
    phones the panels start collapsed, so only a little room is kept."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var phone = window.innerWidth < {{ this.phone }};
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, phone
                ? {paddingTopLeft: [10, 50], paddingBottomRight: [10, 40]}
                : {paddingTopLeft: [20, 150], paddingBottomRight: [270, 20]});
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds):
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds
        self.phone = PHONE_PX
