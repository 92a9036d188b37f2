"""Online basemap tiles as an extra base layer (OpenStreetMap through xyzservices, others by name).

Only maps made without ``--offline`` get tiles. Tiles are one choice among the base layers; the other is
"Ingen bakgrund" (no tiles: the offline background, base data and place names). Without network the tiles
simply do not appear (Leaflet's tile images have an empty ``alt``): the page still works, with the base data.
"""

import folium
import xyzservices.providers as xyz

from hotspots.errors import InputError

__all__ = ["add_tiles"]

DEFAULT = "OpenStreetMap.Mapnik"
_NONE = {"sv": "Ingen bakgrund (offline)", "en": "No background (offline)"}
_ONLINE = {"sv": "{} (bakgrundskarta på nätet)", "en": "{} (online base map)"}


def add_tiles(m, provider=DEFAULT, *, lang="sv"):
    """Add ``provider``'s tiles (shown first) and an empty base layer to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
        Made with ``tiles=None``.
    provider : str
        An xyzservices name such as ``"OpenStreetMap.Mapnik"`` or ``"CartoDB.Positron"`` (providers that
        need an API key are refused).
    lang : {"sv", "en"}

    Raises
    ------
    InputError
        An unknown provider name, or one that needs a key.
    """
    try:
        tile = xyz.query_name(provider)
    except ValueError:
        raise InputError(f"unknown tile provider {provider!r}; use an xyzservices name such as "
                         f"{DEFAULT} or CartoDB.Positron.") from None
    if tile.requires_token():
        raise InputError(f"the tile provider {provider!r} needs an API key; use {DEFAULT} or CartoDB.Positron.")
    name = _ONLINE.get(lang, _ONLINE["sv"]).format(tile.name.split(".")[0])
    folium.TileLayer(tiles=tile.build_url(), attr=tile.html_attribution, name=name,
                     max_zoom=min(int(tile.get("max_zoom", 18)), 18), overlay=False, control=True,
                     show=True).add_to(m)
    folium.FeatureGroup(name=_NONE.get(lang, _NONE["sv"]), overlay=False, control=True, show=False).add_to(m)
    return m
