"""Hotspot polygons coloured by rank (a sequential ramp) or by trend class, with numbers and profile popups.

Popup: hotspot id and name (``name``, :func:`layers.names.name_hotspots`), rank, ``n_points``,
``n_incidents``, ``n_complaints``, peak windows, trend, ``z``/``q``
where the method has them, the per-category counts on one line, and (when ``profiles`` are given) the
hour-of-week profile as a small SVG heat strip (:func:`maps.overlays.profile_chart.profile_svg`). Missing or
suppressed counts show as "–". Each feature carries its peak windows as hour-of-week bins (``peak``) for
the time control (:class:`maps.overlays.controls.time_control.TimeControl`).
"""

import folium
import numpy as np
import pandas as pd
from folium.map import CustomPane

from maps.overlays.common import bind_js, escaped, features, integers, text
from maps.overlays.controls.legend import RAMPS, ramp_hex
from maps.overlays.controls.weekbins import window_bins as _parse_windows
from maps.overlays.profile_chart import profile_svg

__all__ = ["add_hotspots"]

PANE = "hp-hotspots"
TREND_COLOURS = {"increasing": "#d7301f", "decreasing": "#2166ac", "no trend": "#969696", "unknown": "#d9d9d9"}
_TREND_KEY = {"ökande": "increasing", "increasing": "increasing", "minskande": "decreasing",
              "decreasing": "decreasing", "ingen trend": "no trend", "no trend": "no trend"}
_FIELDS = ("rank", "n_points", "n_incidents", "n_complaints", "peak_windows", "trend", "z", "q")


def add_hotspots(m, hotspots, *, profiles=None, color_by="rank", legend=None, lang="sv"):
    """Add the hotspot polygons to ``m``; returns ``(m, layer)`` (``layer`` is the ``folium.GeoJson``).

    Parameters
    ----------
    m : folium.Map
    hotspots : GeoDataFrame
        The Hotspots contract (or its share-safe version), any CRS.
    profiles : hotspots.temporal.profile.Profiles, optional
        ``profiles.week[hotspot_id - 1]`` is drawn in each popup; left out when ``None`` (share mode).
    color_by : {"rank", "trend"}
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if hotspots is None or not len(hotspots):
        return m, None
    if color_by not in ("rank", "trend"):
        raise ValueError(f"color_by must be 'rank' or 'trend', got {color_by!r}")
    ids = hotspots["hotspot_id"].to_numpy(dtype=np.int64)
    props = {"hotspot_id": ids.tolist()}
    for key in _FIELDS:
        if key not in hotspots:
            continue
        col = hotspots[key]
        if key in ("z", "q"):
            props[key] = [None if np.isnan(v) else (f"{v:.2f}" if key == "z" else _p(v)) for v in col.to_numpy(float)]
        elif key in ("peak_windows", "trend"):
            props[key] = escaped(col)
        else:
            props[key] = _counts(col)
    cats = [c for c in hotspots.columns if isinstance(c, str) and c.startswith("n_")
            and c not in ("n_points", "n_incidents", "n_complaints")]
    cats = sorted(cats, key=lambda c: -float(_lower_bounds(hotspots[c]).sum()))
    for c in cats:
        props[c] = _counts(hotspots[c])
    props["peak"] = _peak_bins(hotspots, ids, profiles)
    names = hotspots["name"].tolist() if "name" in hotspots else [None] * len(ids)
    heading = [f"{i} – {n}" if isinstance(n, str) and n else str(i) for i, n in zip(ids, names)]
    props["heading"] = escaped(heading)
    props["tip"] = escaped([f"{text('hotspot_id', lang)} {h}" for h in heading])
    if profiles is not None:
        props["profile"] = [profile_svg(profiles.week[i - 1], lang) if 0 < i <= len(profiles.week) else None
                            for i in ids]
    colours, outline = _colours(hotspots, color_by, legend, lang)
    props["style"] = [{"color": o, "weight": 2, "fillColor": c, "fillOpacity": 0.5} for c, o in zip(colours, outline)]
    CustomPane(PANE, z_index=420, pointer_events=True).add_to(m)  # above places, heat and patrol areas
    layer = folium.GeoJson(
        features(hotspots.geometry, props), name=text("layer_hotspots", lang), pane=PANE,
        on_each_feature=bind_js(["rank", "n_points", "n_incidents", "n_complaints", "peak_windows", "trend",
                                 "z", "q"], lang, title="heading", extra="profile", tooltip="tip",
                                line=("per_category", cats)))
    layer.add_to(m)
    return m, layer


def _counts(col):
    """Exact counts as integers; counts already published on a coarse scale (share mode) as escaped text."""
    return escaped(col) if col.dtype == object else integers(col)


def _lower_bounds(col):
    """A number to sort by: the count, or the lower end of a published band such as ``"10–19"``."""
    text = col.astype(object).where(col.notna(), None).map(lambda v: None if v is None else str(v))
    return pd.to_numeric(text.str.extract(r"^(\d+)", expand=False), errors="coerce").fillna(0)


def _p(q):
    return "< 0.001" if q < 0.001 else f"{q:.3f}"


def _colours(hotspots, color_by, legend, lang):
    if color_by == "trend":
        trends = hotspots.get("trend", [None] * len(hotspots))
        keys = [_TREND_KEY.get(str(t).strip().lower(), "unknown") for t in trends]
        fill = [TREND_COLOURS[k] for k in keys]
        if legend is not None:
            shown = [k for k in TREND_COLOURS if k in keys]
            legend.add_classes(text("trend_title", lang), [(TREND_COLOURS[k], text(k, lang)) for k in shown],
                               layer=text("layer_hotspots", lang))
        return fill, fill
    rank = hotspots["rank"].to_numpy(float) if "rank" in hotspots else np.arange(1.0, len(hotspots) + 1)
    k = max(float(np.nanmax(rank)), 2.0)
    fill = ramp_hex(1 - (rank - 1) / (k - 1), RAMPS["rank"])
    if legend is not None:
        legend.add_ramp(text("rank_title", lang), RAMPS["rank"][::-1], text("rank_high", lang), f"{k:.0f}",
                        layer=text("layer_hotspots", lang))
    return fill, ["#67000d"] * len(fill)


def _peak_bins(hotspots, ids, profiles):
    """Each hotspot's peak windows as ``[start_bin, end_bin)`` pairs (from the profiles, else the text)."""
    if profiles is not None:
        return [[list(map(int, w)) for w in profiles.peak_bins[i - 1]] if 0 < i <= len(profiles.peak_bins) else []
                for i in ids]
    texts = hotspots["peak_windows"] if "peak_windows" in hotspots else [None] * len(hotspots)
    return [_parse_windows(t) for t in texts]
