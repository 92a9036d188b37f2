"""Tests for hotspots.methods.clusters: tiny cases with answers checkable by hand, plus seeded synthetic data."""

import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from hotspots.errors import InputError
from hotspots.methods.clusters import Clusters, cluster_points

X0, Y0 = 730_000.0, 7_320_000.0  # SWEREF 99 TM magnitudes, as in Kalix


def blobs(seed=1, n=600, n_noise=150):
    """Three Gaussian blobs (sd 80 m) 5 km apart and sparse uniform noise over 20 × 20 km."""
    rng = np.random.default_rng(seed)
    centres = np.array([[5_000, 5_000], [10_000, 5_000], [5_000, 10_000]])
    pts = [centres[i] + rng.normal(size=(n, 2)) * 80 for i in range(3)]
    noise = rng.uniform(0, 20_000, size=(n_noise, 2))
    far = np.min(np.hypot(*(noise[:, None, :] - centres[None]).transpose(2, 0, 1)), axis=1) > 1_000
    noise = noise[far]
    xy = np.vstack(pts + [noise]) + [X0, Y0]
    truth = np.r_[np.repeat([0, 1, 2], n), np.full(len(noise), -1)]
    return xy[:, 0], xy[:, 1], truth


def city(n, seed=0):
    """Seeded city-like points: hotspot blobs, street lines and background over 10 × 10 km."""
    rng = np.random.default_rng(seed)
    nb, nl = n // 2, n // 4
    centres = rng.uniform(1_000, 9_000, size=(15, 2))
    blob = centres[rng.integers(0, 15, nb)] + rng.normal(size=(nb, 2)) * rng.uniform(60, 250, (nb, 1))
    start, ang = rng.uniform(0, 10_000, (10, 2)), rng.uniform(0, np.pi, 10)
    which, t = rng.integers(0, 10, nl), rng.uniform(0, 3_000, nl)
    line = start[which] + t[:, None] * np.c_[np.cos(ang[which]), np.sin(ang[which])]
    bg = rng.uniform(0, 10_000, (n - nb - nl, 2))
    xy = np.round(np.vstack([blob, line + rng.normal(size=(nl, 2)) * 10, bg])) + [X0, Y0]
    return xy[:, 0], xy[:, 1]


@pytest.mark.parametrize("method, kw", [("dbscan", {}), ("dbscan", {"eps_m": 200, "min_samples": 10}),
                                        ("hdbscan", {"min_cluster_size": 50, "min_samples": 25})])
def test_three_blobs_recovered(method, kw):
    x, y, truth = blobs()
    res = cluster_points(x, y, method=method, **kw)
    assert isinstance(res, Clusters) and res.n_clusters == 3
    assert adjusted_rand_score(truth, res.labels) >= 0.95


def test_snapping_matches_exact_dbscan():
    x, y = city(20_000)
    exact = cluster_points(x, y, eps_m=150, min_samples=20, snap_m=None)
    snapped = cluster_points(x, y, eps_m=150, min_samples=20, snap_m=15)
    assert exact.info["snap_m"] is None and snapped.info["snap_m"] == 15.0
    assert snapped.info["n_unique_sites"] < exact.info["n_unique_sites"]
    assert exact.n_clusters >= 5
    assert adjusted_rand_score(exact.labels, snapped.labels) >= 0.98


def test_auto_snap_rule_above_50k_points():
    x, y = city(60_000, seed=3)
    res = cluster_points(x, y, eps_m=150, min_samples=30)
    assert res.info["snap_m"] == 15.0  # 150 / 10 = 15, a multiple of 5, within [5, 25]
    assert cluster_points(x, y, eps_m=400, min_samples=30).info["snap_m"] == 25.0  # capped
    assert cluster_points(x[:50_000], y[:50_000], eps_m=150, min_samples=30).info["snap_m"] is None


def test_weight_makes_a_core_point():
    # Three points within 100 m of each other; min_samples 5: only a weight of 10 makes a core point.
    x, y = np.array([0.0, 60.0, 0.0]), np.array([0.0, 0.0, 60.0])
    plain = cluster_points(x, y, eps_m=100, min_samples=5)
    weighted = cluster_points(x, y, weights=[10, 1, 1], eps_m=100, min_samples=5)
    assert plain.n_clusters == 0 and (plain.labels == -1).all()
    assert weighted.n_clusters == 1 and (weighted.labels == 0).all()


def test_fractional_min_samples_is_exact():
    x, y = np.array([0.0, 10.0, 20.0, 5_000.0]), np.zeros(4)
    w = np.array([0.5, 0.5, 0.5, 0.5])
    assert cluster_points(x, y, weights=w, eps_m=25, min_samples=1.5).n_clusters == 1
    assert cluster_points(x, y, weights=w, eps_m=25, min_samples=1.50001).n_clusters == 0


def test_hdbscan_heavy_site_by_repetition():
    # One site of weight 30 among scattered singletons: by repetition it is a cluster on its own.
    rng = np.random.default_rng(0)
    x, y = np.r_[0.0, rng.uniform(2_000, 9_000, 40)], np.r_[0.0, rng.uniform(2_000, 9_000, 40)]
    w = np.r_[30.0, np.ones(40)]
    heavy = cluster_points(x, y, method="hdbscan", weights=w, min_samples=5, min_cluster_size=20)
    light = cluster_points(x, y, method="hdbscan", min_samples=5, min_cluster_size=20)
    assert heavy.labels[0] >= 0 and light.labels[0] == -1
    assert heavy.info["n_copies"] == 20 + 40  # the heavy site is capped at max(5 + 1, 20) copies
    assert (heavy.labels[1:] != heavy.labels[0]).all()


def test_hdbscan_copies_are_capped():
    x, y = np.zeros(1_000), np.zeros(1_000)
    res = cluster_points(x, y, method="hdbscan", min_samples=5, min_cluster_size=20)
    assert res.info["n_copies"] == 20 and res.n_clusters == 1 and (res.labels == 0).all()


def test_clusters_ranked_by_weight_then_position():
    # Left pair (weight 2), middle trio (weight 3), right pair (weight 2): middle first, then left.
    x = np.array([0, 10, 1_000, 1_010, 1_020, 2_000, 2_010], float)
    res = cluster_points(x, np.zeros(7), eps_m=50, min_samples=2)
    assert res.labels.tolist() == [1, 1, 0, 0, 0, 2, 2]
    heavy_right = cluster_points(x, np.zeros(7), weights=[1, 1, 1, 1, 1, 5, 5], eps_m=50, min_samples=2)
    assert heavy_right.labels.tolist() == [2, 2, 1, 1, 1, 0, 0]


def test_auto_eps_on_lattice_is_the_spacing():
    # A 100 m lattice: with min_samples 5 an inner point has itself and 4 neighbours at exactly 100 m.
    g = np.arange(40) * 100.0
    gx, gy = np.meshgrid(g, g)
    res = cluster_points(gx.ravel() + X0, gy.ravel() + Y0, min_samples=5)
    assert res.eps_m == 100.0 and res.info["eps_knee_m"] == pytest.approx(100.0)
    corner = np.isin(gx.ravel(), [0, 3_900]) & np.isin(gy.ravel(), [0, 3_900])
    assert res.n_clusters == 1 and (res.labels[~corner] == 0).all()
    assert (res.labels[corner] == -1).all()  # a corner reaches 3 points, and no core point


def test_auto_eps_with_sparse_noise_and_clamps():
    g = np.arange(40) * 100.0
    gx, gy = np.meshgrid(g, g)
    rng = np.random.default_rng(5)
    noise = rng.uniform(-20_000, -5_000, size=(60, 2))
    x, y = np.r_[gx.ravel(), noise[:, 0]], np.r_[gy.ravel(), noise[:, 1]]
    res = cluster_points(x, y, min_samples=5)
    assert 100.0 <= res.eps_m <= 200.0
    assert res.n_clusters == 1 and (res.labels[1600:] == -1).all()
    assert (res.labels[:1600] == 0).mean() >= 0.99
    dense = cluster_points(np.arange(100) * 2.0, np.zeros(100), min_samples=5)
    assert dense.eps_m == 50.0  # knee at 4 m, clamped up to 50 m


def test_deterministic_with_sampled_knee():
    x, y = city(25_000, seed=7)  # more than 20,000 sites: the knee uses a seeded sample
    a, b = cluster_points(x, y), cluster_points(x, y)
    assert a.eps_m == b.eps_m and np.array_equal(a.labels, b.labels)
    h1 = cluster_points(x[:3_000], y[:3_000], method="hdbscan")
    h2 = cluster_points(x[:3_000], y[:3_000], method="hdbscan")
    assert np.array_equal(h1.labels, h2.labels)


def test_info_is_json_and_inputs_untouched():
    x, y, _ = blobs()
    x0, w = x.copy(), np.ones(len(x))
    for method in ("dbscan", "hdbscan"):
        res = cluster_points(x, y, method=method, weights=w)
        json.dumps(res.info)
        assert {"method", "snap_m", "n_unique_sites", "noise_share", "min_samples_rule"} <= set(res.info)
        assert res.info["snap_m"] is None  # fewer than 50,000 points (and HDBSCAN never snaps on "auto")
    assert np.array_equal(x, x0) and (w == 1).all()


@pytest.mark.parametrize("method", ["dbscan", "hdbscan"])
def test_edge_cases(method):
    empty = cluster_points([], [], method=method)
    assert empty.labels.shape == (0,) and empty.n_clusters == 0 and empty.info["notes"]
    one = cluster_points([X0], [Y0], method=method)
    assert one.labels.tolist() == [-1] and one.n_clusters == 0  # weight 1 < min_samples 5
    one_core = cluster_points([X0], [Y0], method=method, min_samples=1, min_cluster_size=2,
                              weights=[2])
    assert one_core.labels.tolist() == [0]
    same = cluster_points(np.full(30, X0), np.full(30, Y0), method=method)
    assert same.n_clusters == 1 and (same.labels == 0).all() and same.info["n_unique_sites"] == 1
    few = cluster_points(np.full(4, X0), np.full(4, Y0), method=method)
    assert few.n_clusters == 0 and (few.labels == -1).all()
    two = cluster_points([X0, X0 + 10], [Y0, Y0], method=method, min_samples=1, min_cluster_size=2)
    assert two.labels.dtype.kind == "i" and len(two.labels) == 2


@pytest.mark.parametrize("kwargs, match", [
    ({"method": "kmeans"}, "dbscan, hdbscan"),
    ({"y": [1.0, 2.0]}, "same length"),
    ({"x": [1.0, np.nan, 3.0]}, "not finite"),
    ({"weights": [1, -1, 1]}, "non-negative"),
    ({"eps_m": -5}, "eps_m"),
    ({"min_samples": 0}, "min_samples"),
    ({"min_cluster_size": 1}, "min_cluster_size"),
    ({"snap_m": "fine"}, "snap_m"),
    ({"x": ["a", "b", "c"]}, "numbers"),
])
def test_bad_input(kwargs, match):
    args = {"x": [1.0, 2.0, 3.0], "y": [1.0, 2.0, 3.0]} | kwargs
    x, y = args.pop("x"), args.pop("y")
    with pytest.raises(InputError, match=match):
        cluster_points(x, y, **args)


def test_issue17_hdbscan_engines_agree(monkeypatch):
    """fast-hdbscan (large inputs) and the hdbscan package (small ones) both build the exact tree."""

    import hotspots.methods.clusters as clusters

    rng = np.random.default_rng(3)
    blobs = [rng.normal(c, 60, size=(400, 2)) for c in ([1_000, 1_000], [4_000, 2_500], [2_000, 4_500])]
    xy = np.round(np.vstack([*blobs, rng.uniform(0, 5_000, size=(800, 2))]))
    settings = {"method": "hdbscan", "min_samples": 10, "min_cluster_size": 100}
    small = cluster_points(xy[:, 0], xy[:, 1], **settings)
    monkeypatch.setattr(clusters, "FAST_HDBSCAN_ABOVE", 0)
    fast = cluster_points(xy[:, 0], xy[:, 1], **settings)
    assert small.info["engine"].startswith("hdbscan package") and fast.info["engine"].startswith("fast-hdbscan")
    assert small.n_clusters == fast.n_clusters == 3
    assert adjusted_rand_score(small.labels, fast.labels) >= 0.99
