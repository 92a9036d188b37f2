"""The steps most commands share, each under a progress spinner: read the incidents, read the boundary,
patrols and places, find the hotspots. They take :class:`maps.cli.inputs.Inputs`, so every command reads
and finds exactly as ``run`` does.
"""

from maps.cli.progress import step

__all__ = ["cells_to_write", "find", "read_boundary", "read_incidents", "read_patrols_places", "window_coverage"]


def read_incidents(inputs, args=None, *, geometry=True):
    """Read the incident and complaint files and apply the time filters of ``args``.

    ``geometry=False`` reads x/y columns instead of shapely points (the counting fast path, for the grid
    methods: no point object per row).

    Returns
    -------
    tuple
        ``(PointsRead, points after the time filters, time filter summary or None)``.
    """
    from hotspots.io.read import read_points
    from maps.cli.options import apply_time_filters

    with step("read", inputs.lang) as say:
        result = read_points(inputs.incidents, inputs.complaints, options=inputs.read, geometry=geometry,
                             progress=say)
        if inputs.read.tz is None:  # the data's own zone from here on (patrols, calendars, coverage)
            from dataclasses import replace

            inputs.read = replace(inputs.read, tz=result.summary["tz"])
        points, filtered = apply_time_filters(result.points, args, inputs.tz) if args is not None \
            else (result.points, None)
    return result, points, filtered


def read_boundary(inputs, crs=None):
    """The study area as a one-row GeoDataFrame, or ``None`` without a boundary."""
    if not inputs.read.boundary:
        return None
    from hotspots.io.where.area import read_area

    return read_area(inputs.read.boundary, crs=crs)


def read_patrols_places(inputs, crs):
    """``(PatrolsRead or None, PlacesRead or None)`` in the points' CRS and the data's time zone."""
    from layers.patrols import read_patrols
    from layers.places import read_places

    with step("patrols", inputs.lang):
        patrols = read_patrols(inputs.patrols, tz=inputs.tz, target_crs=crs) if inputs.patrols else None
        places = read_places(inputs.places, target_crs=crs) if inputs.places else None
    return patrols, places


def find(inputs, points, boundary=None):
    """Fit the hotspot method and settings of ``inputs`` on ``points``; returns the fitted finder."""
    from hotspots.find import find_hotspots

    with step("find", inputs.lang):
        return find_hotspots(points, boundary=boundary, lang=inputs.lang, all_cells=inputs.all_cells,
                             **inputs.hotspots)


def cells_to_write(cells, all_cells=False):
    """The grid cells a GeoPackage holds: those with at least one point, or every cell with ``all_cells``.

    A municipality's grid has ~10⁵ cells of which ~10³ hold a point; the empty ones carry no information a
    reader needs (their count is 0) and made the demo's GeoPackage 46 MB.
    """
    if all_cells or not len(cells):
        return cells
    cols = [c for c in ("n_incidents", "n_complaints") if c in cells.columns] or ["count"]
    return cells[cells[cols].sum(axis=1).to_numpy() > 0]


def window_coverage(finder, points, patrols, window, *, tz, lang="sv", thresholds=None):
    """The covered share of the finder's hotspots, per week and in ``window`` (``(from, to)``).

    ``weekend`` and ``run`` report this beside their briefings, so it can be compared with
    ``coverage --period FROM..TO`` on the same project: same hotspots, same rule, same number.

    Returns
    -------
    dict or None
        ``method``, ``cell_m``, ``n_hotspots``, ``window``, ``risk_covered`` (week) and
        ``risk_covered_period`` (the window), ``status_period`` (hotspots per verdict in the window, the
        :mod:`layers.verdict` rule); ``None`` without hotspots or patrols.
    """
    if patrols is None or not len(patrols) or not len(finder.hotspots_):
        return None
    from layers.coverage import compute_coverage

    with step("coverage", lang):
        cov = compute_coverage(finder.hotspots_, points, patrols, period=tuple(window),
                               point_hotspot=finder.point_hotspot_, tz=tz, lang=lang, **(thresholds or {}))
    return {"method": finder.params_["method"], "cell_m": finder.params_.get("cell_m"),
            "n_hotspots": int(len(finder.hotspots_)), "window": [str(w) for w in cov.overall["period"]],
            "risk_covered": cov.overall["risk_covered"], "risk_covered_period": cov.overall["risk_covered_period"],
            "status_period": {str(k): int(v) for k, v in cov.table["status_period"].value_counts().items()}}
