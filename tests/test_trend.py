"""Mann–Kendall: hand-computed series, the tie correction, scipy's Kendall test and many series at once."""

import itertools

import numpy as np
import pytest
from scipy import stats

from hotspots.errors import InputError
from hotspots.temporal.trend import MannKendall, mann_kendall


def _brute(x):
    """S and the tie-corrected Var(S) written out pair by pair and group by group."""
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) for i, j in itertools.combinations(range(n), 2))
    _, t = np.unique(x, return_counts=True)
    return s, (n * (n - 1) * (2 * n + 5) - (t * (t - 1) * (2 * t + 5)).sum()) / 18


def test_a_four_step_series_with_one_tie_by_hand():
    # Pairs of 1, 2, 2, 3: (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+ → S = 5.
    # Var(S) = (4·3·13 − 2·1·9)/18 = 138/18; z = (5 − 1)/√(138/18) = 1.44463; p = 0.14857.
    r = mann_kendall([1, 2, 2, 3])
    assert isinstance(r, MannKendall)
    assert float(r.s) == 5
    assert float(r.var_s) == pytest.approx(138 / 18)
    assert float(r.z) == pytest.approx(4 / np.sqrt(138 / 18))
    assert float(r.z) == pytest.approx(1.44463, abs=1e-5)
    assert float(r.p) == pytest.approx(0.14857, abs=1e-5)
    assert float(r.tau) == pytest.approx(5 / 6)
    assert str(r.direction) == "no trend"
    assert r.info["n"] == 4 and r.info["notes"]  # fewer than 10 steps is flagged


def test_a_strictly_rising_series_of_ten():
    # No ties: S = 45, Var = 10·9·25/18 = 125, z = 44/√125 = 3.9355, p = 8.30e-5.
    r = mann_kendall(np.arange(10.0))
    assert float(r.s) == 45 and float(r.var_s) == 125
    assert float(r.z) == pytest.approx(44 / np.sqrt(125))
    assert float(r.p) == pytest.approx(2 * stats.norm.sf(44 / np.sqrt(125)))
    assert float(r.p) == pytest.approx(8.30e-5, rel=1e-2)
    assert float(r.tau) == 1.0 and str(r.direction) == "increasing"
    d = mann_kendall(np.arange(10.0)[::-1])
    assert float(d.s) == -45 and float(d.z) == pytest.approx(-44 / np.sqrt(125))
    assert str(d.direction) == "decreasing"


def test_tie_correction_matches_pairwise_and_groupwise_counting():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 4, size=(50, 12)).astype(float)  # many ties, like small counts
    r = mann_kendall(x)
    for row, s, v in zip(x, r.s, r.var_s):
        bs, bv = _brute(row)
        assert s == bs and v == pytest.approx(bv)


def test_p_matches_scipy_kendall_against_time_without_continuity_correction():
    # With time (no ties) against x, scipy's asymptotic tau-b test has z = S/√Var(S), Var with x's ties.
    rng = np.random.default_rng(7)
    x = rng.poisson(2.0, size=(20, 15)).astype(float)
    r = mann_kendall(x)
    for row, s, v in zip(x, r.s, r.var_s):
        if v == 0:
            continue
        ref = stats.kendalltau(np.arange(15), row, method="asymptotic")
        assert 2 * stats.norm.sf(abs(s) / np.sqrt(v)) == pytest.approx(ref.pvalue, rel=1e-9)


def test_tau_equals_scipy_without_ties_and_differs_with_ties():
    x = np.array([3.0, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5])
    assert float(mann_kendall(x).tau) == pytest.approx(stats.kendalltau(np.arange(10), x).statistic)
    y = np.array([1.0, 2, 2, 3])
    assert float(mann_kendall(y).tau) < stats.kendalltau(np.arange(4), y).statistic  # tau-a < tau-b


def test_constant_and_shapes():
    r = mann_kendall(np.ones((2, 3, 6)))
    assert r.s.shape == (2, 3) and (r.z == 0).all() and (r.p == 1).all()
    assert (r.direction == "no trend").all()
    assert any("all values equal" in n for n in r.info["notes"])


def test_vectorised_equals_one_at_a_time():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 5, 20)).cumsum(axis=-1)
    r = mann_kendall(x, alpha=0.1)
    one = mann_kendall(x[2, 3], alpha=0.1)
    assert r.z[2, 3] == one.z and r.p[2, 3] == one.p and r.direction[2, 3] == one.direction
    assert r.info["n_series"] == 20 and r.info["alpha"] == 0.1


def test_repeated_series_are_tested_once_and_counted_every_time():
    # A grid's cells repeat few series many times; each distinct one is tested once and copied back.
    rng = np.random.default_rng(5)
    distinct = np.vstack([np.zeros(12), np.arange(12.0), -np.arange(12.0), rng.poisson(2, size=(5, 12))])
    pick = rng.integers(0, len(distinct), size=300)
    x = distinct[pick].reshape(20, 15, 12)
    r = mann_kendall(x)
    for i, row in enumerate(distinct):
        one = mann_kendall(row)
        where = (pick == i).reshape(20, 15)
        for name in ("tau", "s", "var_s", "z", "p", "direction"):
            assert (getattr(r, name)[where] == getattr(one, name)).all(), name
    assert r.info["n_series"] == 300
    assert r.info["n_increasing"] == int((r.direction == "increasing").sum()) >= int((pick == 1).sum())
    assert r.info["n_decreasing"] == int((r.direction == "decreasing").sum()) >= int((pick == 2).sum())
    assert f"{int((pick == 0).sum())} series have all values equal" in " ".join(r.info["notes"])


def test_matches_pymannkendall():
    import pymannkendall as mk  # in the test extras: a missing package fails here, it does not skip
    x = np.array([5.0, 7, 7, 9, 6, 10, 12, 12, 11, 15, 14, 14])
    ref, r = mk.original_test(x), mann_kendall(x)
    assert float(r.s) == ref.s and float(r.var_s) == pytest.approx(ref.var_s)
    assert float(r.z) == pytest.approx(ref.z) and float(r.p) == pytest.approx(ref.p)
    assert float(r.tau) == pytest.approx(ref.Tau)


@pytest.mark.parametrize("bad, message", [
    ([1, 2], "at least 3 time steps"),
    (5.0, "at least 3 time steps"),
    ([1, np.nan, 3], "NaN or infinite"),
    (["a", "b", "c"], "real numbers"),
])
def test_bad_input(bad, message):
    with pytest.raises(InputError, match=message):
        mann_kendall(bad)


def test_bad_alpha():
    with pytest.raises(InputError, match="alpha"):
        mann_kendall([1, 2, 3], alpha=1.5)
