"""Tests for hotspots.methods.prospective.prospective_risk: kernel values by hand, decay, the future ignored."""

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.methods.grid import Grid
from hotspots.methods.prospective import prospective_risk

AT = pd.Timestamp("2024-06-01 00:00", tz="Europe/Stockholm")


def grid(n=11, cell=100.0):
    return Grid(0.0, 0.0, cell, n, n, "EPSG:3006", np.ones((n, n), bool), "test")


def days_before(*days):
    return pd.DatetimeIndex([AT - pd.Timedelta(days=d) for d in days])


def test_single_event_gives_the_kernel_by_hand():
    # One event in the centre cell (5, 5) one day ago; 100 m cells and the default 400 m band.
    result = prospective_risk([550.0], [550.0], days_before(1), grid(), at=AT)
    risk = result.risk
    assert risk[5, 5] == pytest.approx(1.0)               # own cell: 1 / (1 + 0)
    assert risk[5, 6] == risk[6, 5] == pytest.approx(0.5)  # edge neighbour: 1 / (1 + 1)
    assert risk[6, 6] == pytest.approx(1 / (1 + np.sqrt(2)))
    assert risk[5, 9] == pytest.approx(1 / 5)             # 4 cells = 400 m: on the band
    assert risk[5, 10] == 0.0                             # 500 m: beyond the band
    assert risk[8, 8] == 0.0                              # corner offset (3, 3): 3√2 cells = 424 m
    assert risk[8, 7] == pytest.approx(1 / (1 + np.sqrt(13)))  # offset (3, 2): 361 m, inside


def test_band_edge_is_centre_to_centre_distance():
    risk = prospective_risk([550.0], [550.0], days_before(1), grid(), at=AT).risk
    dy, dx = np.mgrid[-5:6, -5:6]
    d = np.hypot(dx, dy)
    expected = np.where(d * 100 <= 400 + 1e-6, 1 / (1 + d), 0.0)
    np.testing.assert_allclose(risk, expected, atol=1e-12)
    assert risk.sum() == pytest.approx(expected.sum())


def test_older_events_weigh_less_by_whole_weeks():
    g = grid()
    weights = {d: prospective_risk([550.0], [550.0], days_before(d), g, at=AT).risk[5, 5]
               for d in (0.5, 7, 7.5, 14, 20, 55, 56)}
    assert weights[0.5] == weights[7] == pytest.approx(1.0)   # within the last week
    assert weights[7.5] == weights[14] == pytest.approx(0.5)   # the week before
    assert weights[20] == pytest.approx(1 / 3)
    assert weights[55] == weights[56] == pytest.approx(1 / 8)  # the eighth week, horizon included
    assert prospective_risk([550.0], [550.0], days_before(56.01), g, at=AT).risk.sum() == 0.0


def test_events_at_or_after_at_are_ignored():
    x, y = [550.0, 550.0, 550.0], [550.0, 550.0, 550.0]
    t = pd.DatetimeIndex([AT - pd.Timedelta(days=1), AT, AT + pd.Timedelta(days=3)])
    result = prospective_risk(x, y, t, grid(), at=AT)
    assert result.risk[5, 5] == pytest.approx(1.0)
    assert result.info["n_used"] == 1 and result.info["n_at_or_after"] == 2


def test_weights_sum_and_stated_parameters():
    g = grid()
    t = days_before(1, 3, 10)
    result = prospective_risk([550.0, 550.0, 250.0], [550.0, 550.0, 250.0], t, g, at=AT,
                              weights=[2.0, 1.0, 4.0], bandwidth_m=100, decay_days=1, horizon_days=30)
    # Cell (5, 5): 2 × 1/(1+0) + 1 × 1/(1+2); cell (2, 2): 4 × 1/(1+9).
    assert result.risk[5, 5] == pytest.approx(2 + 1 / 3)
    assert result.risk[2, 2] == pytest.approx(0.4)
    assert result.risk[5, 6] == pytest.approx((2 + 1 / 3) / 2)
    assert result.info["band_rule"] == "stated" and result.info["kernel_cells"] == 5


def test_default_band_is_at_least_one_cell():
    result = prospective_risk([1500.0], [1500.0], days_before(1), grid(cell=1000.0, n=3), at=AT)
    assert result.info["bandwidth_m"] == 1000.0
    np.testing.assert_allclose(result.risk, [[0, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 0]])


def test_wide_kernel_by_fft_matches_direct():
    rng = np.random.default_rng(3)
    g = grid(n=60, cell=10.0)
    x, y = rng.uniform(0, 600, 50), rng.uniform(0, 600, 50)
    t = days_before(*rng.uniform(0, 50, 50))
    wide = prospective_risk(x, y, t, g, at=AT, bandwidth_m=150.0)   # 31 × 31 kernel: FFT path
    assert "FFT" in wide.info["method"]
    d = np.hypot(g.centres()[0].ravel()[:, None] - (np.floor(x / 10) * 10 + 5),
                 g.centres()[1].ravel()[:, None] - (np.floor(y / 10) * 10 + 5)) / 10
    age = (AT - t) / pd.Timedelta(days=1)
    tw = 1 / np.ceil(age / 7)
    direct = (np.where(d <= 15 + 1e-9, 1 / (1 + d), 0) * tw.to_numpy()).sum(axis=1).reshape(g.shape)
    np.testing.assert_allclose(wide.risk, direct, atol=1e-9)


def test_events_off_the_grid_are_counted_not_used():
    result = prospective_risk([550.0, -50.0], [550.0, 550.0], days_before(1, 1), grid(), at=AT)
    assert result.info["n_outside"] == 1 and result.info["n_used"] == 1


@pytest.mark.parametrize("kwargs,fragment", [
    ({"at": pd.Timestamp("2024-06-01")}, "both carry a time zone"),
    ({"at": AT, "weights": [-1.0]}, "non-negative"),
    ({"at": AT, "bandwidth_m": 0}, "bandwidth_m must be a positive number"),
    ({"at": AT, "decay_days": -7}, "decay_days must be a positive number"),
    ({"at": AT, "horizon_days": float("nan")}, "horizon_days must be a positive number"),
])
def test_bad_input(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        prospective_risk([550.0], [550.0], days_before(1), grid(), **kwargs)


def test_bad_coordinates_and_lengths():
    with pytest.raises(InputError, match="missing or infinite"):
        prospective_risk([np.nan], [550.0], days_before(1), grid(), at=AT)
    with pytest.raises(InputError, match="one time per event"):
        prospective_risk([550.0], [550.0], days_before(1, 2), grid(), at=AT)
    with pytest.raises(InputError, match="missing"):
        prospective_risk([550.0], [550.0], pd.DatetimeIndex([pd.NaT], tz="Europe/Stockholm"), grid(), at=AT)
