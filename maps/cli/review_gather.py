"""Gather everything the yearly review shows from a project: read, check, analyse (used by ``review``).

Rules: the review needs a project with ``[[promises]]``; the year must lie within the data; the earlier years are
every year of the data before it (or ``--years-back``). In share mode the spatial analyses (hotspots, profiles,
places, presence, weekends at places, unsafe places) use the non-sensitive incidents only; the sensitive ones
appear as one municipality total per promise.
"""

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.errors import InputError

__all__ = ["gather_review"]

_TOP_HOTSPOTS = 10


def gather_review(args):
    """``(ReviewData, Inputs, {"places": GeoDataFrame or None})`` for parsed ``review`` arguments."""
    from hotspots.defaults import MAX_GAP_MIN
    from hotspots.find import find_hotspots
    from hotspots.io.what.categories import CATEGORY_KEYS
    from layers.plans.reports import read_reports
    from layers.plans.tracks import read_tracks
    from layers.review.presence import presence_review
    from layers.review.promise import promise_section
    from layers.review.promises import read_promises
    from layers.review.unsafe import unsafe_review
    from layers.review.weekends import weekend_review
    from maps.cli.args.inputs import resolve_inputs
    from maps.cli.steps import planning_window, read_incidents, read_patrols_places
    from maps.products.review.tables import ReviewData

    inputs = resolve_inputs(args)
    project = inputs.project
    if project is None or not project.settings.get("promises"):
        raise InputError("review needs a project file with promise areas ([[promises]] tables: name, categories, "
                         "direction); pass --project FILE.toml")
    result, points, _ = read_incidents(inputs)
    if args.share:  # sensitive incidents are left out by category: refuse when the categories are unknown
        from maps.share.categories import require_known_categories

        require_known_categories(result.summary, no_sensitive=inputs.no_sensitive, lang=inputs.lang,
                                 product=str(args.out or ""))
    tz, crs, year = inputs.tz, points.crs, int(args.year)
    local = pd.DatetimeIndex(points["start"]).tz_convert(tz)
    years = local.year
    if not len(points) or year < years.min() or year > years.max():
        raise InputError(f"{project.path.name}: the data cover {years.min()}–{years.max()}; "
                         f"--year {year} is outside them.")
    first = int(years.min()) if args.years_back is None else max(int(years.min()), year - int(args.years_back))
    # the plan's dates without a year (midsommarafton, 19/6) are read as dates of the year under review
    patrols_read, places_read = read_patrols_places(inputs, crs, planning_window(inputs, year))
    places = places_read.places if places_read is not None else None
    patrols = patrols_read.patrols if patrols_read is not None else None
    conf = project.settings.get("tracks", {})
    tracks = read_tracks(project.tracks, max_gap_min=conf.get("max_gap_min", MAX_GAP_MIN),
                         radius_m=conf.get("radius_m", 150.0), tz=tz, target_crs=crs) if project.tracks else None
    reports = read_reports(project.reports, places=places, radius_m=conf.get("radius_m", 150.0), tz=tz,
                           target_crs=crs) if project.reports else None
    in_plans = None  # track files listed among the patrol plans (layers/plans/track_plans.py): delivered, not planned
    if patrols is not None and "delivered" in patrols.columns:
        mask = patrols["delivered"].eq(True).to_numpy()
        in_plans = patrols[mask & patrols["start"].notna().to_numpy()]
        patrols = patrols[~mask]
    delivered = _delivered([tracks.segments if tracks else None, reports.reports if reports else None, in_plans],
                           crs)
    promises = read_promises(project.settings["promises"], categories=set(CATEGORY_KEYS) | set(points["category"]),
                             places=places, source=project.path.name)
    share = bool(args.share)
    settings = {**inputs.hotspots, "lang": inputs.lang}
    # the end of the last day with incidents (the counts are of incidents; complaints may run longer)
    data_end = local[points["source"].eq("incident").to_numpy()].max().normalize() + pd.Timedelta(days=1)
    sections = [promise_section(points, p, year, places=places, hotspot_settings=settings, tz=tz, lang=inputs.lang,
                                spatial="non_sensitive" if share else "all", first_year=first, until=data_end)
                for p in promises]
    incidents = points[points["source"].eq("incident")]
    inc_year = incidents[local[points["source"].eq("incident").to_numpy()].year == year]
    if share:
        inc_year = inc_year[~inc_year["sensitive"].astype(bool)]
        incidents = incidents[~incidents["sensitive"].astype(bool)]
    hot = find_hotspots(inc_year, **settings).hotspots_ if len(inc_year) >= 3 else None
    targets = _targets(places, hot, crs, "Brännpunkt" if inputs.lang == "sv" else "Hotspot")
    presence = presence_review(targets, inc_year, year, patrols=patrols, delivered=delivered, tz=tz,
                               lang=inputs.lang) if len(targets) else None
    keys = [e for p in promises for e in p.events]
    if places is not None:
        keys += [e for ev in places["events"] for e in (ev or ())]
    keys += list(project.settings.get("maps", {}).get("briefings", []))
    weekends = weekend_review(incidents, year, keys, first_year=first, places=places, patrols=patrols,
                              delivered=delivered, local_events=inputs.events, calendar=inputs.calendar,
                              data_end=data_end, tz=tz, lang=inputs.lang)
    complaints = points[points["source"].eq("complaint").to_numpy() & (years == year)]
    unsafe, overlap = unsafe_review(complaints, inc_year, places=places, hotspot_settings=settings)
    sources = _sources(result, patrols_read, places_read, tracks, reports, project)
    data = ReviewData(year=year, first_year=first, sections=sections, presence=presence, weekends=weekends,
                      unsafe=unsafe, overlap=overlap, sources=sources,
                      period=(f"{local.min():%Y-%m-%d}", f"{local.max():%Y-%m-%d}"), tz=str(tz),
                      method=f"{settings.get('method')} (cell {settings.get('cell_m', 'auto')} m)",
                      title=inputs.title, synthetic=inputs.synthetic)
    return data, inputs, {"places": places}


def _delivered(frames, crs):
    cols = ["unit", "start", "end", "radius_m", "geometry"]
    parts = [f.to_crs(crs)[cols] for f in frames if f is not None and len(f)]
    if not parts:
        return None
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)


def _targets(places, hotspots, crs, word):
    parts = []
    if places is not None and len(places):
        area = places.geometry.buffer(places["radius_m"].fillna(0).to_numpy(float))
        parts.append(gpd.GeoDataFrame({"target": places["name"].astype(str).to_numpy()}, geometry=list(area),
                                      crs=places.crs).to_crs(crs))
    if hotspots is not None and len(hotspots):
        top = hotspots.head(_TOP_HOTSPOTS)
        names = [f"{word} {i}" for i in top["hotspot_id"]]
        parts.append(gpd.GeoDataFrame({"target": names}, geometry=list(top.geometry), crs=top.crs).to_crs(crs))
    if not parts:
        return gpd.GeoDataFrame({"target": []}, geometry=[], crs=crs)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)


def _sources(result, patrols, places, tracks, reports, project):
    s = result.summary
    out = []
    for what, files in (("incidents", project.incidents), ("complaints", project.complaints)):
        if not files:
            continue
        names = {p.name for p in files}
        rows = [f for f in s.get("files", []) if str(f.get("file", "")).split("/")[-1] in names]
        out.append({"what": what, "files": sorted(names),
                    "rows_read": int(np.sum([f.get("rows_read", 0) for f in rows])),
                    "rows_used": int(np.sum([f.get("rows_used", 0) for f in rows])),
                    "rows_rejected": int(np.sum([f.get("rows_rejected", 0) for f in rows]))})
    place_files = [project.special_places] if project.special_places else []
    for what, read, files in (("patrols", patrols, project.patrols), ("places", places, place_files),
                              ("tracks", tracks, project.tracks), ("reports", reports, project.reports)):
        if read is None:
            continue
        out.append({"what": what, "files": [p.name for p in files], "rows_read": int(read.summary["rows_read"]),
                    "rows_used": int(read.summary["rows_used"]), "rows_rejected": int(read.summary["rows_rejected"])})
    return out
