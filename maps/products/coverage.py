"""Coverage as map layers: the gaps per hotspot and suggested visits, from :mod:`layers.cover.coverage`."""

from hotspots.defaults import COVERED_AT, THIN_AT
from layers.cover.coverage import compute_coverage
from layers.cover.suggest import suggest_visits

__all__ = ["coverage_layers"]


def coverage_layers(finder, points, patrols, *, visits=0, lang="sv", covered_at=COVERED_AT, thin_at=THIN_AT):
    """Coverage of a fitted finder's hotspots, its gaps as polygons, and ``visits`` suggested visits.

    Parameters
    ----------
    finder : HotspotFinder
        Fitted; its ``hotspots_`` and ``point_hotspot_`` are used.
    points : GeoDataFrame
        The points the finder was fitted on.
    patrols : GeoDataFrame
        From :func:`layers.plans.patrols.read_patrols`.
    visits : int
        Suggested visits to add (0 = none).
    lang : {"sv", "en"}
    covered_at, thin_at : float
        Verdict thresholds (:mod:`layers.cover.verdict`).

    Returns
    -------
    tuple
        ``(coverage or None, gaps GeoDataFrame or None, suggestions GeoDataFrame or None)``; gaps have
        ``hotspot_id`` (and ``name`` when the hotspots have one, issue #15), ``gap_windows`` and
        ``uncovered_risk`` (and, added for issue #14, ``risk_covered`` and ``status``, the hotspot's verdict).
    """
    hotspots = finder.hotspots_
    if not len(hotspots):
        return None, None, None
    coverage = compute_coverage(hotspots, points, patrols, point_hotspot=finder.point_hotspot_, lang=lang,
                                covered_at=covered_at, thin_at=thin_at)
    table = coverage.gaps
    gaps = None
    if len(table):
        per = table.sort_values("rank").groupby("hotspot_id", sort=False).agg(
            gap_windows=("window", ", ".join), uncovered_risk=("uncovered_risk", "sum")).reset_index()
        verdict = coverage.table[["hotspot_id", "risk_covered", "status"]]
        keep = ["hotspot_id", *(["name"] if "name" in hotspots else []), hotspots.geometry.name]
        gaps = hotspots[keep].merge(per, on="hotspot_id", how="inner").merge(
            verdict, on="hotspot_id", how="left")
    suggestions = None
    if visits:
        plan = suggest_visits(coverage, hotspots, visits=visits, lang=lang).plan
        suggestions = plan if len(plan) else None
    return coverage, gaps, suggestions
