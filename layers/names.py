"""Names for hotspots that people recognise: "Torget (Kalix)", "Storgatan (Töre)", "Kalix, 1,2 km NO".

A hotspot takes the name of the nearest special place within ``place_m`` of its polygon (when several
hotspots share a place, the nearest keeps the plain name and the others say where they lie from it:
"Torget, 250 m O (Kalix)"), else of the nearest named street (base data) within ``street_m``, and the
nearest locality in parentheses. Without a
place or street it is named after the locality with distance and compass direction from the locality's
centre ("Kalix, 1,2 km NO"), or "Kalix centrum" within ``centre_m``; without any of these it is
"Hotspot 3" (its id). Names are unique: a repeated name gets " 2", " 3", ... in order of ``hotspot_id``
(the first keeps the plain name). The same hotspots and sources give the same names, always.

Every product of a run (map, briefing, workbook, GeoPackage, GPX) shows the ``name`` column that
:func:`maps.cli.steps.find` adds with this function, beside the ``hotspot_id``.
"""

import numpy as np
import pandas as pd

__all__ = ["hotspot_label", "name_hotspots"]

PLACE_M = 300.0
STREET_M = 150.0
CENTRE_M = 700.0
LOCALITY_M = 15000.0
_COMPASS = {"sv": ("N", "NO", "O", "SO", "S", "SV", "V", "NV"), "en": ("N", "NE", "E", "SE", "S", "SW", "W", "NW")}
_CENTRE = {"sv": "{} centrum", "en": "{} centre"}


def name_hotspots(hotspots, *, places=None, localities=None, streets=None, lang="sv", place_m=PLACE_M,
                  street_m=STREET_M, centre_m=CENTRE_M, locality_m=LOCALITY_M) -> pd.Series:
    """A recognisable, unique name for each hotspot.

    Parameters
    ----------
    hotspots : GeoDataFrame
        The Hotspots contract (``hotspot_id``, polygon ``geometry``) in a metric CRS.
    places : GeoDataFrame, optional
        Special places with ``name`` (and ``area`` or ``radius_m``: the distance is measured to the area).
    localities : GeoDataFrame, optional
        Localities (towns, villages) with ``name``, points.
    streets : GeoDataFrame, optional
        Named streets or roads from base data, with ``name``, lines.
    lang : {"sv", "en"}
        Language of the compass words and "centrum"/"centre".
    place_m, street_m : float
        Farthest a special place or street may be from the hotspot polygon to lend its name (metres).
    centre_m : float
        Within this distance of a locality's point a hotspot without a place or street is "<locality> centrum".
    locality_m : float
        Farthest a locality may be to be named.

    Returns
    -------
    pandas.Series
        Names (str), indexed like ``hotspots``, named ``"name"``.

    Examples
    --------
    >>> name_hotspots(hotspots, places=places, localities=towns)  # doctest: +SKIP
    0          Torget (Kalix)
    1     Busstationen (Kalix)
    2        Kalix, 2,1 km NO
    Name: name, dtype: object
    """
    if lang not in _COMPASS:
        raise ValueError(f"lang must be 'sv' or 'en', got {lang!r}")
    if hotspots is None or not len(hotspots):
        return pd.Series([], dtype=object, name="name")
    crs = hotspots.crs
    shapes = hotspots.geometry
    ids = hotspots["hotspot_id"].to_numpy() if "hotspot_id" in hotspots else np.arange(1, len(hotspots) + 1)
    areas = _areas(places, crs)
    base = _near_place(shapes, areas, _nearest_index(shapes, areas, place_m), ids, lang)
    street = _nearest_name(shapes, _named(streets, crs), street_m)
    base = [b if b is not None else s for b, s in zip(base, street)]
    town, dist, bearing = _locality(shapes, _named(localities, crs), locality_m)
    words = _COMPASS[lang]
    names = []
    for i, (b, t, d, a) in enumerate(zip(base, town, dist, bearing)):
        if b is not None:
            names.append((b, t))
        elif t is None:
            names.append((f"Hotspot {ids[i]}", None))
        elif d <= centre_m:
            names.append((_CENTRE[lang].format(t), None))
        else:
            km = f"{d / 1000:.1f}".replace(".", "," if lang == "sv" else ".")
            names.append((f"{t}, {km} km {words[int(((a + 22.5) % 360) // 45)]}", None))
    return pd.Series(_unique(names, ids), index=hotspots.index, name="name", dtype=object)


def hotspot_label(hotspot_id, name=None, *, tag=None) -> str:
    """How a line of text names a hotspot: ``"#3 Torget (Kalix)"``, or ``"hotspot 3"`` without a name.

    Parameters
    ----------
    hotspot_id : int or str
    name : str, optional
        Its name (:func:`name_hotspots`); blank or the fallback "hotspot 3" count as no name.
    tag : str, optional
        What stands before the name instead of ``#3`` (a briefing's map label ``H3``); alone without a name.

    Returns
    -------
    str
    """
    text = "" if name is None or (not isinstance(name, str) and pd.isna(name)) else str(name).strip()
    if not text or text.lower() == f"hotspot {hotspot_id}":
        return tag or f"hotspot {hotspot_id}"
    return f"{tag or f'#{hotspot_id}'} {text}"


def _named(frame, crs):
    """Rows with a non-empty name, in ``crs``; ``None`` when there are none."""
    if frame is None or not len(frame) or "name" not in frame:
        return None
    names = frame["name"].astype(object).where(frame["name"].notna(), "").astype(str).str.strip()
    keep = (names != "").to_numpy() & ~frame.geometry.isna().to_numpy() & ~frame.geometry.is_empty.to_numpy()
    if not keep.any():
        return None
    out = frame.loc[keep, ["name", frame.geometry.name]].copy()
    out["name"] = names[keep].to_numpy()
    if crs is not None and out.crs is not None and out.crs != crs:
        out = out.to_crs(crs)
    return out.reset_index(drop=True)


def _areas(places, crs):
    """Special places as their areas (``area`` column, else buffered by ``radius_m``, else the geometry)."""
    named = _named(places, crs)
    if named is None:
        return None
    if "area" in places:
        import geopandas as gpd

        keep = places["name"].notna() & (places["name"].astype(str).str.strip() != "")
        area = gpd.GeoSeries(places.loc[keep & ~places.geometry.isna() & ~places.geometry.is_empty, "area"].values,
                             crs=places.crs)
        if crs is not None and area.crs is not None and area.crs != crs:
            area = area.to_crs(crs)
        ok = ~(area.isna() | area.is_empty).to_numpy()
        named = named.set_geometry(np.where(ok, area.values, named.geometry.values), crs=named.crs)
    return named


def _nearest_index(shapes, named, limit):
    """Row of the nearest feature within ``limit`` of each shape (ties: the first in the file); else None."""
    out = [None] * len(shapes)
    if named is None:
        return out
    (near, tree), _ = named.sindex.nearest(shapes.values, max_distance=limit, return_distance=True,
                                           return_all=True)
    for i, j in zip(near.tolist(), tree.tolist()):
        out[i] = j if out[i] is None else min(j, out[i])
    return out


def _nearest_name(shapes, named, limit):
    """Name of the nearest feature within ``limit`` of each shape; else None."""
    return [None if j is None else named["name"].iloc[j] for j in _nearest_index(shapes, named, limit)]


def _near_place(shapes, areas, nearest, ids, lang):
    """A place's name for the hotspot nearest to it (ties: lowest id); "Torget, 250 m O" for the others."""
    out = [None] * len(shapes)
    if areas is None:
        return out
    dist = [None if j is None else float(shapes.iloc[i].distance(areas.geometry.iloc[j]))
            for i, j in enumerate(nearest)]
    centre = shapes.representative_point()
    words = _COMPASS[lang]
    for i, j in enumerate(nearest):
        if j is None:
            continue
        rivals = [k for k, jj in enumerate(nearest) if jj == j]
        first = min(rivals, key=lambda k: (dist[k], ids[k]))
        name = areas["name"].iloc[j]
        if i == first:
            out[i] = name
            continue
        anchor = areas.geometry.iloc[j].centroid
        dx, dy = centre.iloc[i].x - anchor.x, centre.iloc[i].y - anchor.y
        metres = max(50, int(round(float(np.hypot(dx, dy)) / 50.0)) * 50)
        out[i] = f"{name}, {metres} m {words[int(((np.degrees(np.arctan2(dx, dy)) % 360 + 22.5) % 360) // 45)]}"
    return out


def _locality(shapes, named, limit):
    """Nearest locality's name, distance from the shape's centre and bearing (degrees from north)."""
    n = len(shapes)
    if named is None:
        return [None] * n, [np.nan] * n, [0.0] * n
    centre = shapes.representative_point()
    x, y = centre.x.to_numpy()[:, None], centre.y.to_numpy()[:, None]
    lx, ly = named.geometry.x.to_numpy()[None, :], named.geometry.y.to_numpy()[None, :]
    dist = np.hypot(x - lx, y - ly)
    best = np.argmin(dist, axis=1)
    rows = np.arange(n)
    d = dist[rows, best]
    bearing = np.degrees(np.arctan2((x[:, 0] - lx[0, best]), (y[:, 0] - ly[0, best]))) % 360
    names = [named["name"].iloc[j] if d[i] <= limit else None for i, j in enumerate(best)]
    return names, d.tolist(), bearing.tolist()


def _unique(pairs, ids):
    """``(base, locality)`` pairs to unique names; repeats get " 2", " 3", ... in order of ``hotspot_id``."""
    full = [f"{b} ({t})" if t else b for b, t in pairs]
    seen, out = {}, [None] * len(full)
    taken = set(full)
    for i in np.argsort(np.asarray(ids), kind="stable"):
        name, (b, t) = full[i], pairs[i]
        k = seen.get(name, 0) + 1
        seen[name] = k
        if k > 1:
            while True:
                candidate = f"{b} {k} ({t})" if t else f"{b} {k}"
                if candidate not in taken:
                    break
                k += 1
            seen[name] = k
            taken.add(candidate)
            name = candidate
        out[i] = name
    return out
