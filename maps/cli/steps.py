"""The steps most commands share, each under a progress spinner: read the incidents, read the boundary,
patrols and places, find the hotspots. They take :class:`maps.cli.args.inputs.Inputs`, so every command reads
and finds exactly as ``run`` does.
"""

from maps.cli.progress import step

__all__ = ["add_names", "cells_to_write", "find", "planning_window", "read_basemap", "read_boundary", "read_incidents",
           "read_patrols_places", "time_layers", "window_coverage"]


def read_incidents(inputs, args=None, *, geometry=True, lean=False):
    """Read the incident and complaint files and apply the time filters of ``args``.

    ``geometry=False`` reads x/y columns instead of shapely points (the counting fast path, for the grid
    methods: no point object per row); ``lean=True`` also leaves out the per-row text (ids, free text, file
    and row), for commands that write no single incident (:func:`hotspots.io.read.read_points`).

    Returns
    -------
    tuple
        ``(PointsRead, points after the time filters, time filter summary or None)``.
    """
    from hotspots.io.read import read_points
    from maps.cli.args.options import apply_time_filters

    with step("read", inputs.lang) as say:
        result = read_points(inputs.incidents, inputs.complaints, options=inputs.read, geometry=geometry,
                             lean=lean, progress=say)
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


def read_patrols_places(inputs, crs, window=None):
    """``(PatrolsRead or None, PlacesRead or None)`` in the points' CRS and the data's time zone.

    ``window`` (:class:`layers.plans.dates.PlanningWindow`, see :func:`planning_window`) is the time being
    planned, which the plan's dates without a year (``midsommarafton``, ``19/6``, ``v25 fre``) resolve against;
    ``inputs.read.dayfirst`` (``--dayfirst``/``--monthfirst``, ``[read] dayfirst``) decides ``d/m/yyyy`` dates
    that read two ways.
    """
    from layers.plans.patrols import read_patrols
    from layers.plans.places import read_places

    with step("patrols", inputs.lang):
        dayfirst = inputs.read.dayfirst  # --dayfirst / [read] dayfirst: also the plan's d/m/yyyy dates
        patrols = read_patrols(inputs.patrols, tz=inputs.tz, target_crs=crs, window=window, dayfirst=dayfirst) \
            if inputs.patrols else None
        places = read_places(inputs.places, target_crs=crs) if inputs.places else None
    return patrols, places


def planning_window(inputs, year=None, events=(), *, period=None, month=None):
    """The time being planned, for the patrol plan's dates without a year.

    Parameters
    ----------
    inputs : Inputs
    year : int, optional
        The year being planned; with ``events`` the span of those events' windows that year (the project's
        local events and ``[calendar]`` included), else the whole year. Default: the project's ``[maps] year``
        and ``briefings`` (as ``run`` plans them).
    events : sequence of str
        Event keys (``midsommar``, ``nyarsafton``, ...).
    period : (start, end), optional
        An explicit period (``coverage --period``); wins over ``year``.
    month : int, optional
        Events with several windows a year: only this month's.

    Returns
    -------
    layers.plans.dates.PlanningWindow or None
        ``None`` without a year or period (the plan's own full dates are then used, see
        :func:`layers.plans.patrols.read_patrols`).
    """
    import pandas as pd

    from hotspots.io.columns import normalise_name
    from layers.calendar import event_windows
    from layers.plans.dates import PlanningWindow
    from layers.plans.places import EVENT_ALIASES

    calendar = {"local_events": inputs.events, "overrides": inputs.calendar}
    if year is None and period is None and inputs.project is not None:  # the project's: as run plans it
        settings = inputs.project.settings.get("maps", {})
        year, events = settings.get("year"), events or settings.get("briefings", [])
    if period is not None:
        start, end = (pd.Timestamp(t) for t in period)
        start, end = (t if t.tzinfo else t.tz_localize(inputs.tz, nonexistent="shift_forward", ambiguous=True)
                      for t in (start, end))
        return PlanningWindow(start, end, **calendar)
    if year is None:
        return None
    keys = {EVENT_ALIASES.get(normalise_name(e), normalise_name(e)) for e in events or ()}
    rows = event_windows(int(year), tz=inputs.tz, **calendar) if keys else None
    if rows is not None:
        in_month = pd.Series([month is None or d.month == month for d in rows["day"]], index=rows.index, dtype=bool)
        rows = rows[rows["key"].isin(keys) & in_month]
    if rows is None or rows.empty:
        start = pd.Timestamp(f"{int(year)}-01-01").tz_localize(inputs.tz)
        return PlanningWindow(start, pd.Timestamp(f"{int(year) + 1}-01-01").tz_localize(inputs.tz), **calendar)
    return PlanningWindow(rows["start"].min(), rows["end"].max(), **calendar)


def find(inputs, points, boundary=None):
    """Fit the hotspot method and settings of ``inputs`` on ``points``; returns the fitted finder.

    The finder's ``hotspots_`` gets a ``name`` column (:func:`layers.names.name_hotspots`: nearest special
    place or street, with the locality), so every product of one run shows the same ``hotspot_id`` and name.
    """
    from hotspots.find import find_hotspots

    with step("find", inputs.lang):
        finder = find_hotspots(points, boundary=boundary, lang=inputs.lang, all_cells=inputs.all_cells,
                               **inputs.hotspots)
        finder.hotspots_ = add_names(finder.hotspots_, inputs, finder.grid_.crs, boundary)
    return finder


def add_names(hotspots, inputs, crs, boundary=None):
    """``hotspots`` with a ``name`` column after ``hotspot_id`` (a new frame)."""
    from layers.names import name_hotspots
    from layers.plans.places import read_places

    places = None
    if inputs.places:  # read once per run: the weekend briefings name their hotspots too
        key = ("places for names", str(inputs.places), str(crs))
        cache = getattr(inputs, "cache", {})
        if key not in cache:
            cache[key] = read_places(inputs.places, target_crs=crs).places
        places = cache[key]
    base = read_basemap(inputs, crs, boundary)
    names = name_hotspots(hotspots, places=places, localities=base.localities if base else None,
                          streets=base.roads if base else None, lang=inputs.lang)
    out = hotspots.drop(columns="name", errors="ignore")
    out.insert(1, "name", names.to_numpy())
    return out


def read_basemap(inputs, crs, boundary=None):
    """The localities and base data of ``inputs`` (:func:`layers.basemap.read_basemap`), cached per run;
    ``None`` when there are none."""
    files = [p for p in [inputs.localities, *inputs.basemap] if p]
    if not files:
        return None
    key = ("basemap", tuple(str(f) for f in files), str(crs))
    if key not in inputs.cache:
        from layers.basemap import read_basemap as read

        area = None if boundary is None else boundary.geometry.buffer(inputs.read.boundary_buffer_m or 0.0)
        inputs.cache[key] = read(files, area=area, target_crs=crs)
    return inputs.cache[key]


def time_layers(inputs, points, finder, settings=None):
    """Emerging hot spot classes and the before/after change on the finder's grid, for the maps.

    ``[maps] emerging = false`` / ``change = false`` leave one out; ``[maps] change_split`` (a date) splits
    before from after, by default one year before the day after the last event (so the after window is the
    last year and the before window the year before it).

    Returns
    -------
    tuple
        ``(Emerging or None, Change or None, notes)``; a layer the data cannot give (too few periods, too
        short a span) is ``None`` and ``notes`` says why.
    """
    import pandas as pd

    from hotspots.errors import InputError
    from hotspots.temporal.change import compare_periods
    from hotspots.temporal.emerging import emerging_hotspots

    settings = settings or {}
    emerging = change = None
    notes = []
    with step("trends", inputs.lang):
        if settings.get("emerging", True):
            try:
                emerging = emerging_hotspots(points, finder.grid_)
            except InputError as err:
                notes.append(f"emerging: {err}")
        if settings.get("change", True):
            starts = points["start"].dropna() if "start" in points else pd.Series([], dtype=object)
            try:
                if not len(starts):
                    raise InputError("no point has a start time")
                split = settings.get("change_split") or (
                    starts.max().normalize() + pd.DateOffset(days=1) - pd.DateOffset(years=1))
                change = compare_periods(points, finder.grid_, split=split)
            except InputError as err:
                notes.append(f"change: {err}")
    return emerging, change, notes


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
        :mod:`layers.cover.verdict` rule); ``None`` without hotspots or patrols.
    """
    if patrols is None or not len(patrols) or not len(finder.hotspots_):
        return None
    from layers.cover.coverage import compute_coverage

    with step("coverage", lang):
        cov = compute_coverage(finder.hotspots_, points, patrols, period=tuple(window),
                               point_hotspot=finder.point_hotspot_, tz=tz, lang=lang, **(thresholds or {}))
    return {"method": finder.params_["method"], "cell_m": finder.params_.get("cell_m"),
            "n_hotspots": int(len(finder.hotspots_)), "window": [str(w) for w in cov.overall["period"]],
            "risk_covered": cov.overall["risk_covered"], "risk_covered_period": cov.overall["risk_covered_period"],
            "status_period": {str(k): int(v) for k, v in cov.table["status_period"].value_counts().items()}}
