"""The field files of a command: suggested visits and patrol routes as GPX and/or KML in one call.

``suggest --gpx/--kml``, ``weekend --gpx/--kml`` and ``run`` (``besok_patruller.gpx``/``.kml``) all go through
:func:`write_field_files`, so the files name targets the same way: hotspots by
:func:`maps.products.hotspot_names.hotspot_names`, special places by their name.
"""

from hotspots.defaults import TZ
from maps.products.exports.field_items import field_items
from maps.products.exports.gpx import write_gpx
from maps.products.exports.kml import write_kml
from maps.products.hotspot_names import hotspot_names

__all__ = ["write_field_files"]


def write_field_files(visits=None, patrols=None, *, gpx=None, kml=None, hotspots=None, places=None, title="",
                      lang="sv", tz=TZ) -> dict:
    """Write the suggested visits and the patrol plan as GPX (``gpx``) and/or KML (``kml``).

    Parameters
    ----------
    visits, patrols : GeoDataFrame, optional
        A suggested-visit plan and a patrol plan (see :func:`maps.products.exports.field_items.field_items`).
    gpx, kml : str or Path, optional
        Where to write; nothing is written for ``None``.
    hotspots : DataFrame, optional
        The Hotspots table the visits refer to (its ``name`` column, else "hotspot N").
    places : DataFrame, optional
        Special places (``place_id``, ``name``) the visits of a weekend refer to.
    title : str
    lang : {"sv", "en"}
    tz : str
        Zone of dated visits.

    Returns
    -------
    dict
        ``{"gpx": Path, "kml": Path}`` for the files written.
    """
    names = dict(hotspot_names(hotspots, lang))
    names.update({f"hotspot:{k}": v for k, v in hotspot_names(hotspots, lang).items()})
    if places is not None and len(places) and {"place_id", "name"} <= set(places.columns):
        names.update({f"place:{pid}": str(name) for pid, name in zip(places["place_id"], places["name"])
                      if str(name).strip()})
    items = field_items(visits, patrols, names=names, lang=lang, tz=tz)
    out = {}
    if gpx:
        out["gpx"] = write_gpx(gpx, items, title=title, lang=lang)
    if kml:
        out["kml"] = write_kml(kml, items, title=title)
    return out
