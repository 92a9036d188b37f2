"""Coverage gaps: hotspots whose peak hours get no planned presence, as dashed red outlines.

Input: a GeoDataFrame of hotspot polygons with ``gap_windows`` (text, e.g. ``"fre 22–02, lör 23–01"``)
and ``uncovered_risk`` (share of all hotspot risk left uncovered), as built from
:func:`layers.cover.coverage.compute_coverage`; ``hotspot_id`` when present. Texts are HTML-escaped.
"""

import folium
import numpy as np
from folium.map import CustomPane

from maps.overlays.common import bind_js, escaped, features, text
from maps.overlays.controls.weekbins import window_bins

__all__ = ["add_gaps"]

COLOUR = "#c8102e"
PANE = "hp-gaps"


def add_gaps(m, gaps, *, legend=None, lang="sv"):
    """Add the gap outlines to ``m``; returns ``m``.

    Parameters
    ----------
    m : folium.Map
    gaps : GeoDataFrame
        Hotspot polygons with ``gap_windows`` and ``uncovered_risk``, any CRS.
    legend : maps.overlays.controls.legend.Legend, optional
    lang : {"sv", "en"}
    """
    if gaps is None or not len(gaps):
        return m
    props = {}
    if "hotspot_id" in gaps:
        names = gaps["name"] if "name" in gaps else [None] * len(gaps)
        props["hotspot_id"] = escaped([f"{h} – {n}" if isinstance(n, str) and n else h
                                       for h, n in zip(gaps["hotspot_id"], names)])
    for key in ("gap_windows", "window"):
        if key in gaps:
            props[key] = escaped(gaps[key])
    if "uncovered_risk" in gaps:
        props["uncovered_risk"] = [None if np.isnan(v) else f"{100 * v:.1f} %"
                                   for v in gaps["uncovered_risk"].to_numpy(float)]
    texts = gaps["gap_windows"] if "gap_windows" in gaps else gaps["window"] if "window" in gaps else [None] * len(gaps)
    props["peak"] = [window_bins(t) for t in texts]  # for the time control
    props["tip"] = props.get("gap_windows", props.get("window", [None] * len(gaps)))
    if "status" in gaps:  # the verdict in words (täckt / tunn / LUCKA), not colour alone
        props["status"] = escaped([None if not isinstance(v, str) else text(v, lang) for v in gaps["status"]])
    # outline only: the inside stays the hotspot's (its popup opens on a click inside); the dashed line
    # (a pattern, not colour alone) opens the gap's popup, drawn in a pane above the hotspots
    props["style"] = [{"color": COLOUR, "weight": 4, "dashArray": "8 6", "fill": False}] * len(gaps)
    CustomPane(PANE, z_index=430, pointer_events=True).add_to(m)
    folium.GeoJson(features(gaps.geometry, props), name=text("layer_gaps", lang), pane=PANE,
                   on_each_feature=bind_js(["status", "gap_windows", "window", "uncovered_risk"], lang,
                                           title="hotspot_id", tooltip="tip")).add_to(m)
    if legend is not None:
        legend.add_classes(text("layer_gaps", lang), [(COLOUR, text("gap_windows", lang), "dash")],
                           layer=text("layer_gaps", lang))
    return m
