"""What goes to the field: suggested visits and patrol routes as plain items in WGS84, for GPX and KML.

:func:`field_items` turns a suggested-visit plan (:func:`layers.cover.suggest.suggest_visits`) and a patrol plan
(:func:`layers.plans.patrols.read_patrols`) into :class:`FieldItem` values that :mod:`maps.products.exports.gpx`
and :mod:`maps.products.exports.kml` only serialise:

* a suggested visit is a waypoint (``kind="visit"``): name ``F01 hotspot 2`` (or the special place's
  name), comment its schedule, description the reason (``why``), and its time when the visit is dated
  (``2026-06-19 kl 23:00-23:15`` → ``2026-06-19T21:00:00Z``; a weekly visit has no date);
* a patrol stop is a waypoint (``kind="stop"``), a patrol route a route (``kind="route"``), a patrol area
  its outline (``kind="area"``); the description holds the unit, the mode and the schedule.

Coordinates are longitude/latitude (EPSG:4326) rounded to 6 decimals (about 0.1 m). Text is plain; each
writer escapes it for its format. Items keep the order of the tables, so the files are deterministic.
These are internal products (the field gets patrol times and units); nothing here is for sharing.
"""

import re
from dataclasses import dataclass

import pandas as pd
import shapely

from hotspots.defaults import TZ
from maps.overlays.common import text
from maps.products.briefing.schedule_words import schedule_words

__all__ = ["FieldItem", "field_items"]

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(?:kl\.?\s+)?(\d{1,2})(?::(\d{2}))?")
_WORDS = {"visits": ("Föreslagna besök", "Suggested visits"), "patrols": ("Planerade patruller", "Planned patrols"),
          "mode": ("färdsätt", "mode"), "unit": ("enhet", "unit"), "schedule": ("schema", "schedule"),
          "radius": ("synlig inom", "visible within")}


@dataclass(frozen=True)
class FieldItem:
    """One thing to show in the field.

    Attributes
    ----------
    kind : {"visit", "stop", "route", "area"}
    group : str
        The folder it belongs to ("Föreslagna besök", "Planerade patruller", or English).
    name, comment, desc : str
        Short name, schedule, longer description (plain text).
    coords : tuple
        ``((lon, lat), ...)`` rounded to 6 decimals; one pair for visits and stops.
    time : str or None
        ISO 8601 in UTC (``2026-06-19T21:00:00Z``) for dated visits, else None.
    """

    kind: str
    group: str
    name: str
    comment: str
    desc: str
    coords: tuple
    time: str | None = None


def field_items(visits=None, patrols=None, *, names=None, lang="sv", tz=TZ) -> list:
    """Suggested visits and planned patrols as :class:`FieldItem` values (visits first).

    Parameters
    ----------
    visits : GeoDataFrame, optional
        A suggested-visit plan (``patrol_id``, ``schedule``, ``hotspot_id`` or ``target``, ``why``, Points).
    patrols : GeoDataFrame, optional
        A patrol plan (``patrol_id``, ``unit``, ``mode``, ``schedule``, ``radius_m``; points, lines, polygons).
    names : dict, optional
        Target names: ``{hotspot_id: name}`` (:func:`maps.products.hotspot_names.hotspot_names`) and/or
        ``{"place:SP02": name}``; default "hotspot N" and the place's id.
    lang : {"sv", "en"}
    tz : str
        Zone of dated schedules (the data's zone).

    Returns
    -------
    list of FieldItem
    """
    en = lang == "en"
    words = {k: v[en] for k, v in _WORDS.items()}
    names = names or {}
    items = []
    if visits is not None and len(visits):
        for row, coords in zip(_rows(visits), _coords(visits)):
            target = _target(row, names)
            items.append(FieldItem("visit", words["visits"], f"{_text(row.get('patrol_id'))} {target}".strip(),
                                   schedule_words(_text(row.get("schedule")), lang), _text(row.get("why")), coords,
                                   _utc(row.get("schedule"), tz)))
    if patrols is not None and len(patrols):
        for row, coords, geom in zip(_rows(patrols), _coords(patrols), patrols.geometry):
            kind = {"Point": "stop", "LineString": "route", "MultiLineString": "route"}.get(geom.geom_type, "area")
            mode = _text(row.get("mode"))
            parts = [f"{words['unit']}: {_text(row.get('unit'))}" if _text(row.get("unit")) else "",
                     f"{words['mode']}: {text(mode, lang) if mode else ''}",
                     f"{words['schedule']}: {schedule_words(_text(row.get('schedule')), lang)}",
                     f"{words['radius']} {float(row['radius_m']):g} m" if pd.notna(row.get("radius_m")) else ""]
            name = " ".join(filter(None, (_text(row.get("patrol_id")), _text(row.get("name")))))
            items.append(FieldItem(kind, words["patrols"], name, schedule_words(_text(row.get("schedule")), lang),
                                   "; ".join(p for p in parts if p and not p.endswith(": ")), coords))
    return items


def _rows(frame):
    return frame.drop(columns=frame.geometry.name).to_dict("records")


def _coords(frame):
    """Per row: the coordinates as ((lon, lat), ...) in WGS84, 6 decimals (a line's parts joined, a polygon's
    outer ring)."""
    out = []
    for geom in frame.to_crs(4326).geometry:
        if geom is None or geom.is_empty:
            out.append(())
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            geom = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area).exterior
        xy = shapely.get_coordinates(geom)
        out.append(tuple((round(float(x), 6), round(float(y), 6)) for x, y in xy))
    return out


def _target(row, names):
    key = row.get("target")
    if isinstance(key, str) and key:
        kind, _, ident = key.partition(":")
        if key in names:
            return str(names[key])
        if kind == "hotspot":
            num = int(ident) if ident.isdigit() else ident
            return str(names.get(num, f"hotspot {ident}"))
        return ident or key
    hid = row.get("hotspot_id")
    if hid is None or (not isinstance(hid, str) and pd.isna(hid)):
        return ""
    return str(names.get(hid, f"hotspot {hid}"))


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _utc(schedule, tz):
    """A dated schedule's start in UTC (``YYYY-MM-DDTHH:MM:SSZ``), else None (weekly schedules)."""
    hit = _DATED.match(_text(schedule))
    if not hit:
        return None
    try:
        local = pd.Timestamp(f"{hit[1]} {int(hit[2]):02d}:{hit[3] or '00'}").tz_localize(tz, ambiguous=True,
                                                                                      nonexistent="shift_forward")
    except ValueError:
        return None
    return local.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
