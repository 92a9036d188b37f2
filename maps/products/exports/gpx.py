"""Suggested visits and patrol routes as GPX 1.1, for phones and car navigation in the field.

``write_gpx(path, items)`` writes :class:`maps.products.exports.field_items.FieldItem` values as a GPX 1.1 file
(https://www.topografix.com/GPX/1/1/): visits and patrol stops as waypoints (``wpt`` with ``time`` when
dated, ``name``, ``cmt`` = schedule, ``desc``, ``type``), patrol routes as routes (``rte``/``rtept``, what
car navigation follows) and patrol areas as closed tracks (``trk``/``trkseg``/``trkpt``). Elements follow
the schema's order (metadata, wpt, rte, trk). Text is XML-escaped and characters XML 1.0 forbids are
dropped; coordinates have 6 decimals; the metadata time appears only with ``SOURCE_DATE_EPOCH`` (or
``HOTSPOT_BUILD_TIME=now``), so two runs give the same bytes. The write is atomic.
"""

from pathlib import Path

from maps.products.atomic import atomic_write
from maps.products.build_time import build_time
from maps.products.exports.xml_text import xml_text

__all__ = ["write_gpx"]

NS = "http://www.topografix.com/GPX/1/1"
_KIND = {"visit": ("besök", "visit"), "stop": ("patrullstopp", "patrol stop"), "route": ("patrullrutt", "patrol route"),
         "area": ("patrullområde", "patrol area")}


def write_gpx(path, items, *, title="", lang="sv") -> Path:
    """Write ``items`` as a GPX 1.1 file.

    Parameters
    ----------
    path : str or Path
    items : list of FieldItem
        From :func:`maps.products.exports.field_items.field_items`.
    title : str
        The metadata name (e.g. the project's name).
    lang : {"sv", "en"}
        Language of the ``type`` words.

    Returns
    -------
    Path
    """
    en = lang == "en"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             (f'<gpx version="1.1" creator="hotspot-planner" xmlns="{NS}" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xsi:schemaLocation="{NS} {NS}/gpx.xsd">'), "<metadata>"]
    if title:
        lines.append(f"<name>{xml_text(title)}</name>")
    made = build_time()
    if made is not None:
        lines.append(f"<time>{_utc(made)}</time>")
    lines.append("</metadata>")
    points = [i for i in items if i.kind in ("visit", "stop") and i.coords]
    for item in points:
        lon, lat = item.coords[0]
        lines.append(f'<wpt lat="{lat:.6f}" lon="{lon:.6f}">' + (f"<time>{item.time}</time>" if item.time else "")
                     + _texts(item) + f"<type>{xml_text(_KIND[item.kind][en])}</type></wpt>")
    for item in (i for i in items if i.kind == "route" and i.coords):
        pts = "".join(f'<rtept lat="{lat:.6f}" lon="{lon:.6f}"/>' for lon, lat in item.coords)
        lines.append(f"<rte>{_texts(item)}<type>{xml_text(_KIND['route'][en])}</type>{pts}</rte>")
    for item in (i for i in items if i.kind == "area" and i.coords):
        pts = "".join(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"/>' for lon, lat in item.coords)
        lines.append(f"<trk>{_texts(item)}<type>{xml_text(_KIND['area'][en])}</type><trkseg>{pts}</trkseg></trk>")
    lines.append("</gpx>")
    with atomic_write(path) as tmp:
        tmp.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return Path(path)


def _texts(item):
    out = f"<name>{xml_text(item.name)}</name>" if item.name else ""
    out += f"<cmt>{xml_text(item.comment)}</cmt>" if item.comment else ""
    return out + (f"<desc>{xml_text(item.desc)}</desc>" if item.desc else "")


def _utc(moment):
    from datetime import timezone

    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
