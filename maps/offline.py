"""Self-contained map files: every script, style, image and font inlined, no tiles, no request leaves the page.

Folium loads Leaflet and its plugins from CDNs, so an e-mailed map opened without internet is a blank page.
:func:`make_offline` replaces each ``<script src>`` and ``<link rel=stylesheet>`` with the same file taken
from an installed Python package (``xstatic-*`` packages, folium's own templates), inlines the images that
the CSS points at as ``data:`` URIs, and removes the basemap tiles (a light background and the layers
drawn from data remain). Whatever cannot be inlined raises an error naming the URL: the result never keeps
a remote reference silently.
"""

import base64
import importlib
import mimetypes
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

__all__ = ["make_offline"]

BACKGROUND = "#f4f3ef"
MAX_ZOOM = 18  # Leaflet.markercluster needs a maxZoom on the map once the tile layer is gone

# URL file name -> (Python module holding the file, directory attribute or None for the module's folder,
# file path inside it, package to install).
_ASSETS = {
    "leaflet.js": ("xstatic.pkg.leaflet", "BASE_DIR", "leaflet.js", "xstatic-leaflet"),
    "leaflet.css": ("xstatic.pkg.leaflet", "BASE_DIR", "leaflet.css", "xstatic-leaflet"),
    "jquery.min.js": ("xstatic.pkg.jquery", "BASE_DIR", "jquery.min.js", "xstatic-jquery"),
    "leaflet.markercluster.js": ("xstatic.pkg.leaflet_markercluster", "BASE_DIR", "leaflet.markercluster.js",
                                 "xstatic-leaflet-markercluster"),
    "MarkerCluster.css": ("xstatic.pkg.leaflet_markercluster", "BASE_DIR", "MarkerCluster.css",
                          "xstatic-leaflet-markercluster"),
    "MarkerCluster.Default.css": ("xstatic.pkg.leaflet_markercluster", "BASE_DIR", "MarkerCluster.Default.css",
                                  "xstatic-leaflet-markercluster"),
    "leaflet_heat.min.js": ("folium", None, "templates/leaflet_heat.min.js", "folium"),
    "pa7_hm.min.js": ("folium", None, "templates/pa7_hm.min.js", "folium"),
    "pa7_leaflet_hm.min.js": ("folium", None, "templates/pa7_leaflet_hm.min.js", "folium"),
    # branca colormaps (legends) ask for d3 3.5.5; xstatic-d3 ships 3.5.17, the same API.
    "d3.min.js": ("xstatic.pkg.d3", "BASE_DIR", "d3.js", "xstatic-d3"),
}
_ALIASES = {r"jquery-3(\.\d+)*(\.min)?\.js": "jquery.min.js", r"d3\.v3(\.min)?\.js": "d3.min.js"}
_ASSET_VERSIONS = {"d3.min.js": "/3."}  # d3 4+ is another API: only 3.x may be replaced by xstatic-d3

# Folium adds these to every map; only folium.Icon (awesome markers) and icon-font classes use them.
_ICON_ASSETS = {"bootstrap.bundle.min.js", "bootstrap.min.css", "bootstrap-glyphicons.css", "all.min.css",
                "leaflet.awesome-markers.js", "leaflet.awesome-markers.css", "leaflet.awesome.rotate.min.css"}
_NEEDS_ICONS = re.compile(r"L\.AwesomeMarkers|class=\\?[\"'](?:[^\"'\\]*\s)?(?:fa|fa-solid|fa-regular|glyphicon)\b")

_SCRIPT = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>\s*</script>", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*?>", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_TILE = re.compile(r"var (tile_layer_\w+) = L\.tileLayer(?:\.wms)?\(\s*\"[^\"]*\",\s*\{.*?\n\s*\}\s*\);", re.DOTALL)

_VIEWPORT = re.compile(r"<meta\s+name=[\"']viewport[\"']\s+content=[\"'][^\"']*[\"']\s*/?>", re.IGNORECASE)
_TILE_URL = re.compile(r"\{z\}.*\{x\}.*\{y\}|\{x\}.*\{y\}.*\{z\}")
_REMOTE = r"((?:https?:)?//[^\s\"'()<>\\]+)"
_REFERENCE = re.compile(
    r"\b(src|href|srcset|poster|data)\s*=\s*\\?[\"']?" + _REMOTE
    + r"|url\(\s*\\?[\"']?" + _REMOTE
    + r"|@import\s+\\?[\"']" + _REMOTE
    + r"|L\.\w+(?:\.\w+)?\(\s*\\?[\"']" + _REMOTE, re.IGNORECASE)
_TAG_OPEN = re.compile(r"<|\\u003c|\\x3c", re.IGNORECASE)
_TAG_CLOSE = re.compile(r">|\\u003e|\\x3e", re.IGNORECASE)


def make_offline(fmap_or_html, *, background=BACKGROUND, keep_tiles=False) -> str:
    """Return a map as one self-contained HTML page that opens with no network.

    Every product goes through here: scripts and styles are always inlined; only the tiles differ.

    Parameters
    ----------
    fmap_or_html : folium.Map, branca Figure or str
        The map, or the HTML that ``Map.save`` wrote. Not changed.
    background : str
        CSS colour shown where the basemap tiles were (and, with ``keep_tiles``, while tiles load or fail).
    keep_tiles : bool
        Keep the tile layers (online maps): their ``{z}/{x}/{y}`` URLs are then the only remote references
        left, loaded only when the network allows. Default ``False``: no tiles, no request at all.

    Returns
    -------
    str
        HTML with every script, style sheet, image and font inlined, no tile layer unless ``keep_tiles``,
        and a viewport that lets the user zoom (folium's ``user-scalable=no`` is removed).

    Raises
    ------
    ValueError
        When an asset has no installed package to take it from (the message names the URL and, where one
        exists, the package to install), or when any remote reference would remain.
    """
    page = _as_html(fmap_or_html)
    _check_icons(page)
    if not keep_tiles:
        page = _remove_tiles(page)
    page = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1.0" />', page)
    page = _SCRIPT.sub(lambda m: _inline_script(m.group(1)), page)
    page = _LINK.sub(lambda m: _inline_link(m.group(0)), page)
    extra = (f"<style>.leaflet-container {{ background: {background}; }}</style>\n"
             f"<script>{_leaflet_defaults()}</script>\n")
    page = page.replace("</head>", extra + "</head>", 1) if "</head>" in page else extra + page
    left = [u for u in remote_references(page) if not (keep_tiles and _TILE_URL.search(u))]
    if left:
        raise ValueError(f"cannot make the map offline: remote references remain: {', '.join(left)}")
    return page


def remote_references(html) -> list[str]:
    """Remote URLs that a page would load: ``src``/``href`` attributes, CSS ``url()``/``@import``, Leaflet URLs.

    Links that only navigate (``<a href>``) are not loads and are not listed; neither is escaped text
    (``&lt;img src=...&gt;``), which the browser shows and never fetches.
    """
    found = []
    for m in _REFERENCE.finditer(html):
        url = next(g for g in m.groups()[1:] if g)
        if m.group(1) and not _inside_loading_tag(html, m.start()):
            continue
        if url.startswith("//") and not re.match(r"//[\w.-]+\.\w+", url):
            continue  # a JavaScript comment such as "// http..." is not a reference
        found.append(url)
    return list(dict.fromkeys(found))


def _inside_loading_tag(html, pos):
    """Whether an attribute at ``pos`` sits inside a real tag (not escaped text) other than ``<a>``."""
    window = html[max(0, pos - 2000):pos]
    opens = list(_TAG_OPEN.finditer(window))
    if not opens:
        return False
    last = opens[-1]
    if _TAG_CLOSE.search(window, last.end()):
        return False
    name = re.match(r"\s*([a-zA-Z]+)", window[last.end():])
    return bool(name) and name.group(1).lower() not in ("a", "area", "base")


def _as_html(obj):
    if isinstance(obj, str):
        return obj
    if hasattr(obj, "get_root"):
        return obj.get_root().render()
    raise TypeError(f"expected a folium.Map or its HTML as str; received {type(obj).__name__}")


def _remove_tiles(page):
    """Drop every folium tile layer: its declaration, its ``addTo`` and its entry in the layer control."""
    names = _TILE.findall(page)
    page = _TILE.sub("", page)
    for name in names:
        page = re.sub(rf"^[ \t]*{name}\.addTo\([^)]*\);[ \t]*\n?", "", page, flags=re.MULTILINE)
        page = re.sub(rf"^[ \t]*\"[^\"\n]*\"\s*:\s*{name},[ \t]*\n?", "", page, flags=re.MULTILINE)
        if re.search(rf"\b{name}\b", page):
            raise ValueError(f"cannot remove tile layer {name}: it is still referenced in the page")
    return page


def _asset_name(url):
    name = PurePosixPath(urlsplit(url).path).name
    for pattern, alias in _ALIASES.items():
        if re.fullmatch(pattern, name):
            return alias
    return name


def _asset_path(url):
    """The installed file that stands in for ``url``; raises naming the URL when there is none."""
    name = _asset_name(url)
    if name not in _ASSETS or _ASSET_VERSIONS.get(name, "/") not in url:
        raise ValueError(f"cannot make the map offline: no installed package supplies {url}; "
                         "use a layer whose assets are inlined (see maps/offline.py)")
    module, attr, rel, package = _ASSETS[name]
    try:
        mod = importlib.import_module(module)
    except ImportError as err:
        raise ValueError(f"cannot make the map offline: {url} is taken from the package {package}, "
                         f"which is not installed; pip install {package}") from err
    path = Path(getattr(mod, attr) if attr else Path(mod.__file__).parent) / rel
    if not path.is_file():
        raise ValueError(f"cannot make the map offline: {url} should be {path}, which is missing")
    return path


def _inline_script(url):
    if _icon_asset(url):
        return ""
    code = _SOURCE_MAP.sub("", _asset_path(url).read_text(encoding="utf-8"))
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE) + "</script>"


def _inline_link(tag):
    if not re.search(r"\brel\s*=\s*[\"']?stylesheet", tag, re.IGNORECASE):
        return tag  # icons, preloads etc. are caught by remote_references if remote
    href = _HREF.search(tag)
    if href is None or href.group(1).startswith("data:"):
        return tag
    url = href.group(1)
    if _icon_asset(url):
        return ""
    path = _asset_path(url)
    css = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
    css = _CSS_URL.sub(lambda m: _data_uri(m.group(2), path, url), css)
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "</style>"


def _icon_asset(url):
    """Icon assets folium adds to every map; dropped (``_check_icons`` has made sure they are unused)."""
    return _asset_name(url) in _ICON_ASSETS


def _check_icons(page):
    if not _NEEDS_ICONS.search(page):
        return
    urls = [u for u in _SCRIPT.findall(page) + _HREF.findall(page) if _icon_asset(u)]
    if urls:
        raise ValueError(f"cannot make the map offline: folium.Icon / icon-font markers need {', '.join(urls)}, "
                         "which no installed package supplies; draw points with CircleMarker or DivIcon")


def _data_uri(ref, css_path, css_url):
    """``url(...)`` in a style sheet: a relative file becomes a base64 ``data:`` URI."""
    if ref.startswith(("data:", "#")):
        return f"url({ref})"
    if re.match(r"(?:[a-z]+:)?//", ref, re.IGNORECASE):
        raise ValueError(f"cannot make the map offline: {css_url} refers to {ref}")
    path = css_path.parent / urlsplit(ref).path
    if not path.is_file():
        raise ValueError(f"cannot make the map offline: {css_url} refers to {ref}, not found at {path}")
    return f'url("{_encode(path)}")'


def _encode(path):
    mime = mimetypes.guess_type(path.name)[0] or {".woff2": "font/woff2", ".woff": "font/woff"}.get(
        path.suffix, "application/octet-stream")
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _leaflet_defaults():
    """Leaflet's default marker icons as data URIs, and a maxZoom for maps without tiles."""
    images = Path(importlib.import_module("xstatic.pkg.leaflet").BASE_DIR) / "images"
    icons = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png", "shadowUrl": "marker-shadow.png"}
    options = ", ".join(f'{k}: "{_encode(images / v)}"' for k, v in icons.items())
    return ("if (window.L) { L.Icon.Default.imagePath = \"\"; "
            f"L.Icon.Default.mergeOptions({{{options}}}); L.Map.mergeOptions({{maxZoom: {MAX_ZOOM}}}); }}")
