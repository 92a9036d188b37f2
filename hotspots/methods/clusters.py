"""Density clusters of points (DBSCAN or HDBSCAN) in metres, within memory at a million points.

Every value chosen automatically is reported in ``Clusters.info``. The rules, exactly:

**Sites (snapping).** Points are first collapsed to unique *sites*, each carrying the summed weight of
its points and sitting at their mean. With ``snap_m=None`` a site is an exact coordinate pair (for
DBSCAN this changes nothing: identical points share their neighbourhood). With a number, points are
snapped to a square grid of that side (cells anchored at 0, ``round(x / snap_m)``), which bounds the
sites within ``eps`` of any site to about π(eps/snap)² and so keeps scikit-learn's precomputed
neighbourhoods small. ``snap_m="auto"`` for DBSCAN snaps only when there are more than 50,000 points,
to ``eps/10`` rounded to a multiple of 5 m (halves up), clipped to [5, 25] m, none if above ``eps/5``.
For HDBSCAN ``"auto"`` means exact sites: its sites are repeated (below), so a grid saves nothing.

**min_samples**, when not given: ``max(5, round(W / 1000))`` capped at 100 for DBSCAN and at 25 for
HDBSCAN, where W is the total weight (points when unweighted). The lower cap is for memory: hdbscan
holds an n × (min_samples + 1) neighbour table (2.7 GB peak at a million points with 100, 1.0 GB with
25). For DBSCAN it is a *weighted* minimum, as scikit-learn's ``sample_weight``: a site is core when
the weights within ``eps`` of it, its own included, sum to it.

**eps** (DBSCAN), when not given: the knee of the weighted k-distance curve. For each site (a seeded
sample of at most 20,000 sites) the *core distance* is the smallest radius at which the weight within
it reaches ``min_samples`` (looked for among its 200 nearest sites, or ``min_samples`` if more;
infinite if not reached; sites from a 5 m grid when n > 50,000 and ``snap_m="auto"``). The core
distances are sorted, the x axis is the cumulative weight share, the y axis is clipped at its weighted
99th percentile and both are scaled to [0, 1]; the knee is where ``x - y`` is largest (Kneedle for a
convex increasing curve). eps is that core distance rounded *up* to 10 m and clamped to [50, 500] m.

**HDBSCAN weights.** The ``hdbscan`` package takes no sample weights. Each site is repeated
``ceil(weight)`` times, at least once and at most ``max(min_samples + 1, min_cluster_size)`` times.
Capping at ``min_samples + 1`` leaves every core distance (hence the mutual-reachability tree) exactly
as with all copies, and ``min_cluster_size`` lets one heavy site still make a cluster alone; what is
lost is the weight beyond the cap in cluster sizes and stabilities. Rows handed to hdbscan: at most the
cap per site, never more than the points when weights are ≤ 1 (unique sites without repetition would
treat an address with 500 incidents like one with 1).
``min_cluster_size``, when not given: ``max(10, round(W / 1000))`` capped at 500, counted in copies.

**HDBSCAN engine.** Both engines build the *exact* minimum spanning tree, so they agree (ARI 0.9996 on
100,000 city-like points, bench/RESULTS.md): up to ``FAST_HDBSCAN_ABOVE`` rows the ``hdbscan`` package
with ``approx_min_span_tree=False`` (no compilation, fast at that size), above it ``fast-hdbscan``
(multicore, numba; about 15 s for a million points on 2 cores where the ``hdbscan`` package takes
minutes). fast-hdbscan's compiled code is cached on disk by numba, so only the first run on a machine
pays its compilation (about 40 s). The ``hdbscan`` package's default approximate tree is not used: it
moves clusters (ARI 0.885 against the exact tree at 100,000 points).

**Labels.** Clusters are numbered 0..k-1 by descending total weight, ties by the smallest x, then the
smallest y of their points; -1 is noise. Zero points give empty labels. A single site (one point, or
all points identical) is one cluster when its weight reaches ``min_samples`` (DBSCAN) or its copies
reach ``min_cluster_size`` (HDBSCAN), otherwise noise.
"""

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from hotspots.errors import InputError

__all__ = ["Clusters", "cluster_points"]

METHODS = ("dbscan", "hdbscan")
SNAP_ABOVE_N = 50_000
EPS_RANGE_M = (50.0, 500.0)
KNEE_SAMPLE = 20_000
KNEE_NEIGHBOURS = 200
FAST_HDBSCAN_ABOVE = 20_000
_BLOCK = 4096


@dataclass(frozen=True)
class Clusters:
    """Cluster labels per input point and the values used; see the module docstring for the rules."""

    labels: np.ndarray  # int per input point, -1 = noise; 0..k-1 by descending total weight
    n_clusters: int
    eps_m: float | None  # DBSCAN eps used (None for HDBSCAN)
    min_samples: float  # the (weighted) minimum used
    info: dict  # JSON-serialisable: rules in words, snap_m, n_unique_sites, noise_share, notes


def cluster_points(x, y, *, method="dbscan", weights=None, eps_m=None, min_samples=None,
                   min_cluster_size=None, snap_m="auto", seed=0) -> Clusters:
    """Find density clusters of points given in metres.

    Parameters
    ----------
    x, y : array-like of float
        Coordinates in a metric CRS (e.g. SWEREF 99 TM), same length, all finite.
    method : {"dbscan", "hdbscan"}
        DBSCAN (scikit-learn, weighted) or HDBSCAN (exact tree; engine by size, see the module docstring).
    weights : array-like of float, optional
        Non-negative weight per point (default 1).
    eps_m : float, optional
        DBSCAN neighbourhood radius in metres; the k-distance knee when ``None``. Unused by HDBSCAN.
    min_samples : float, optional
        Weighted minimum for a core point; ``max(5, round(W / 1000))`` capped at 100 (DBSCAN) or 25
        (HDBSCAN) when ``None``.
    min_cluster_size : int, optional
        HDBSCAN's smallest cluster; ``max(10, round(W / 1000))`` capped at 500 when ``None``.
    snap_m : "auto", float or None
        Snapping grid in metres; ``None`` clusters exact coordinates.
    seed : int
        Seeds the site sample of the automatic eps; the result is otherwise deterministic.

    Returns
    -------
    Clusters

    Raises
    ------
    InputError
        Unknown method, coordinates of different lengths or not finite, negative weights, or a
        non-positive eps, min_samples, min_cluster_size or snap.
    """
    x, y, w, snap_m = _validate(x, y, method, weights, eps_m, min_samples, min_cluster_size, snap_m)
    n, total = len(x), float(w.sum())
    cap = 100 if method == "dbscan" else 25
    m = float(min_samples) if min_samples is not None else float(min(cap, max(5, round(total / 1000))))
    info = {"method": method, "n_points": n, "notes": [],
            "min_samples_rule": "given" if min_samples is not None
            else f"max(5, round(total weight / 1000)), capped at {cap}"}
    eps, mcs = None, None
    if method == "dbscan":
        eps = _dbscan_eps(x, y, w, m, eps_m, snap_m, seed, info) if n else eps_m
        info.setdefault("eps_rule", "given" if eps_m is not None else "none (no points)")
        snap = (_dbscan_snap(eps, n) if n else None) if snap_m == "auto" else snap_m
        info["snap_rule"] = "auto: eps/10 rounded to 5 m, within [5, 25] m, when n > 50,000"
    else:
        mcs = int(min_cluster_size) if min_cluster_size is not None \
            else int(min(500, max(10, round(total / 1000))))
        info["min_cluster_size"] = mcs
        info["min_cluster_size_rule"] = "given" if min_cluster_size is not None \
            else "max(10, round(total weight / 1000)), capped at 500"
        snap = None if snap_m == "auto" else snap_m
        info["snap_rule"] = "auto: exact sites (no snapping) for HDBSCAN"
    if snap_m != "auto":
        info["snap_rule"] = "given" if snap_m else "exact sites (snap_m=None)"
    info["snap_m"] = None if snap is None else float(snap)
    if n == 0:
        info.update(n_unique_sites=0, noise_share=0.0)
        info["notes"].append("no points: nothing to cluster")
        return Clusters(np.empty(0, np.int64), 0, eps, m, info)
    sx, sy, sw, inv = _sites(x, y, w, snap)
    info["n_unique_sites"] = len(sx)
    if method == "dbscan":
        site_labels = _dbscan(sx, sy, sw, eps, m)
        info["weights"] = "summed per site and passed to DBSCAN as sample_weight"
    else:
        site_labels = _hdbscan(sx, sy, sw, m, mcs, info)
    labels, k = _rank(site_labels[inv], w, x, y)
    info["noise_share"] = float(np.mean(labels < 0))
    return Clusters(labels, k, None if eps is None else float(eps), m, info)


def _validate(x, y, method, weights, eps_m, min_samples, min_cluster_size, snap_m):
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}.")
    try:
        x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        w = np.ones(len(x)) if weights is None else np.asarray(weights, float).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(f"coordinates and weights must be numbers: {exc}.") from None
    if len(x) != len(y) or len(w) != len(x):
        raise InputError(f"x, y and weights must have the same length; got {len(x)}, {len(y)}, "
                         f"{len(w)}.")
    bad = int((~np.isfinite(x) | ~np.isfinite(y)).sum())
    if bad:
        raise InputError(f"{bad} of {len(x)} coordinates are missing or not finite; drop or fix "
                         "those rows first.")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InputError("weights must be finite and non-negative; "
                         f"{int((~np.isfinite(w) | (w < 0)).sum())} are not.")
    auto = isinstance(snap_m, str) and snap_m == "auto"
    if not auto and snap_m is not None and not (_number(snap_m) and snap_m > 0):
        raise InputError(f"snap_m must be 'auto', None (exact) or a positive number of metres; "
                         f"got {snap_m!r}.")
    for name, val in (("eps_m", eps_m), ("min_samples", min_samples),
                      ("min_cluster_size", min_cluster_size)):
        if val is not None and not (_number(val) and val > 0):
            raise InputError(f"{name} must be a positive number (or None for the automatic rule); "
                             f"got {val!r}.")
    if min_cluster_size is not None and (min_cluster_size != int(min_cluster_size) or min_cluster_size < 2):
        raise InputError(f"min_cluster_size must be a whole number ≥ 2; got {min_cluster_size!r}.")
    return x, y, w, snap_m if auto or snap_m is None else float(snap_m)


def _number(val):
    return isinstance(val, (int, float, np.integer, np.floating)) and not isinstance(val, bool) \
        and bool(np.isfinite(val))


def _dbscan_snap(eps, n):
    snap = float(np.clip(5 * np.floor(eps / 50 + 0.5), 5, 25))  # eps/10 to the nearest 5 m, halves up
    return snap if n > SNAP_ABOVE_N and snap <= eps / 5 else None


def _sites(x, y, w, snap):
    """Group points into sites: coordinates, summed weights and each point's site index."""
    a, b = (x, y) if snap is None else (np.round(x / snap), np.round(y / snap))
    order = np.lexsort((b, a))
    a_s, b_s = a[order], b[order]
    new = np.ones(len(a), bool)
    new[1:] = (a_s[1:] != a_s[:-1]) | (b_s[1:] != b_s[:-1])
    inv = np.empty(len(a), np.intp)
    inv[order] = np.cumsum(new) - 1
    k = int(new.sum())
    cnt = np.bincount(inv, minlength=k)
    x0, y0 = x.min(), y.min()  # means of offsets keep full precision at SWEREF magnitudes
    sx = np.bincount(inv, x - x0, minlength=k) / cnt + x0
    sy = np.bincount(inv, y - y0, minlength=k) / cnt + y0
    return sx, sy, np.bincount(inv, w, minlength=k), inv


def _dbscan_eps(x, y, w, m, eps_m, snap_m, seed, info):
    if eps_m is not None:
        info["eps_rule"] = "given"
        return float(eps_m)
    snap = (5.0 if len(x) > SNAP_ABOVE_N else None) if snap_m == "auto" else snap_m
    sx, sy, sw, _ = _sites(x, y, w, snap)
    tree = cKDTree(np.column_stack((sx - sx.min(), sy - sy.min())))
    rng = np.random.default_rng(seed)
    q = np.sort(rng.choice(len(sx), KNEE_SAMPLE, replace=False)) if len(sx) > KNEE_SAMPLE \
        else np.arange(len(sx))
    kk = min(len(sx), max(KNEE_NEIGHBOURS, int(np.ceil(m))))
    core = np.empty(len(q))
    for start in range(0, len(q), _BLOCK):  # blocks of sites bound the (block, kk) arrays
        qi = q[start:start + _BLOCK]
        dist, idx = tree.query(tree.data[qi], k=kk)
        dist, idx = dist.reshape(len(qi), kk), idx.reshape(len(qi), kk)
        reached = np.cumsum(sw[idx], axis=1) >= m * (1 - 1e-12)
        first = np.argmax(reached, axis=1)
        core[start:start + _BLOCK] = np.where(reached[:, -1], dist[np.arange(len(qi)), first], np.inf)
    raw = _knee(core, sw[q])
    if np.isfinite(raw):
        eps = float(np.clip(np.ceil(raw / 10 - 1e-9) * 10, *EPS_RANGE_M))
    else:
        eps = EPS_RANGE_M[1]
        info["notes"].append("no site reaches min_samples among its nearest sites; eps set to 500 m")
    info["eps_rule"] = (f"auto: knee of the weighted k-distance curve (k = min_samples) at {raw:.1f} m, "
                        "rounded up to 10 m and clamped to [50, 500] m")
    info["eps_knee_m"] = float(raw) if np.isfinite(raw) else None
    return eps


def _knee(d, wt):
    """Kneedle on the sorted core distances, x = cumulative weight share, y clipped at its P99."""
    order = np.argsort(d, kind="stable")
    d, wt = d[order], wt[order]
    xs = np.cumsum(wt) / wt.sum() if wt.sum() > 0 else np.arange(1, len(d) + 1) / len(d)
    hi = d[min(np.searchsorted(xs, 0.99), len(d) - 1)]
    if not np.isfinite(hi):
        finite = d[np.isfinite(d)]
        hi = finite[-1] if len(finite) else np.inf
    if not np.isfinite(hi):
        return np.inf
    if hi - d[0] <= 1e-9:
        return float(hi)
    yn = (np.minimum(d, hi) - d[0]) / (hi - d[0])
    return float(d[np.argmax(xs - yn)])


def _dbscan(sx, sy, sw, eps, m):
    from sklearn.cluster import DBSCAN

    if len(sx) == 1:
        return np.array([0 if sw[0] >= m * (1 - 1e-12) else -1])
    # scikit-learn wants an integer min_samples; scaling the weights keeps a fractional one exact.
    ms, sw = (int(m), sw) if m == int(m) else (1, sw / m * (1 + 1e-12))
    xy = np.column_stack((sx - sx.min(), sy - sy.min()))
    model = DBSCAN(eps=eps, min_samples=ms, metric="euclidean", algorithm="kd_tree")
    return model.fit(xy, sample_weight=sw).labels_


def _hdbscan(sx, sy, sw, m, mcs, info):
    cap = max(int(np.ceil(m)) + 1, mcs)
    copies = np.clip(np.ceil(sw - 1e-9), 1, cap).astype(np.int64)
    info["weights"] = (f"HDBSCAN takes no weights: each site repeated ceil(weight) times, 1 to {cap} "
                       "(min_samples + 1 keeps core distances exact)")
    info["n_copies"] = int(copies.sum())
    if len(sx) == 1 or copies.sum() < mcs:
        return np.full(len(sx), 0 if len(sx) == 1 and copies[0] >= mcs else -1)
    xy = np.repeat(np.column_stack((sx - sx.min(), sy - sy.min())), copies, axis=0)
    if m != np.ceil(m):
        info["notes"].append(f"hdbscan needs a whole min_samples: {m:g} rounded up to {np.ceil(m):g}")
    if len(xy) > FAST_HDBSCAN_ABOVE:
        import fast_hdbscan

        info["engine"] = "fast-hdbscan (exact minimum spanning tree)"
        model = fast_hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=int(np.ceil(m)))
    else:
        import hdbscan

        info["engine"] = "hdbscan package (exact minimum spanning tree)"
        model = hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=int(np.ceil(m)), core_dist_n_jobs=1,
                                approx_min_span_tree=False)
    labels = model.fit(xy).labels_
    return labels[np.cumsum(copies) - copies]  # a site's label is that of its first copy


def _rank(labels, w, x, y):
    """Renumber clusters 0..k-1 by descending total weight, ties by smallest x then y."""
    inside = labels >= 0
    if not inside.any():
        return np.full(len(labels), -1, np.int64), 0
    uniq, lab = np.unique(labels[inside], return_inverse=True)
    k = len(uniq)
    tot = np.bincount(lab, w[inside], minlength=k)
    minx, miny = np.full(k, np.inf), np.full(k, np.inf)
    np.minimum.at(minx, lab, x[inside])
    np.minimum.at(miny, lab, y[inside])
    rank = np.empty(k, np.int64)
    rank[np.lexsort((miny, minx, -tot))] = np.arange(k)
    out = np.full(len(labels), -1, np.int64)
    out[inside] = rank[lab]
    return out, k
