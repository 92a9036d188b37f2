"""Splitting hot areas at saddles (issue #14 item 3): hand-made ridges, the threshold, no split, errors."""

import numpy as np
import pytest
from scipy import ndimage

from hotspots.errors import InputError
from hotspots.methods.saddle import split_at_saddles


def _strip(values):
    score = np.zeros((3, len(values)))
    score[1] = values
    return score > 0, score


def test_two_peaks_split_where_the_counts_drop_below_half_the_lower_one():
    hot, score = _strip([4, 10, 4, 3, 4, 8, 4])  # the lower peak 8 drops to 3: relative prominence 5/8
    labels, k, info = split_at_saddles(hot, score)
    assert k == 2 and info["n_areas"] == 1 and info["n_split"] == 1
    row = labels[1]
    assert row[0] == row[1] == row[2] == 1  # label 1 = the higher peak's side
    assert row[4] == row[5] == row[6] == 2
    assert row[3] in (1, 2) and (labels[[0, 2]] == 0).all()


def test_a_shallow_dip_keeps_one_hotspot_unless_asked_for_less():
    hot, score = _strip([4, 10, 6, 5, 6, 8, 4])  # 8 drops to 5 only: relative prominence 3/8 = 0.375
    assert split_at_saddles(hot, score)[1] == 1
    assert split_at_saddles(hot, score, split_prominence=0.3)[1] == 2
    assert split_at_saddles(hot, score, split_prominence=0.4)[1] == 1


def test_separate_areas_stay_separate_and_one_never_splits():
    hot, score = _strip([4, 10, 4, 0, 4, 8, 4])
    hot[1, 3] = False
    labels, k, info = split_at_saddles(hot, score)
    assert k == 2 and info["n_split"] == 0
    hot, score = _strip([4, 10, 4, 3, 4, 8, 4])
    plain, n = ndimage.label(hot, structure=np.ones((3, 3), int))
    labels, k, info = split_at_saddles(hot, score, split_prominence=1)
    assert k == n == 1 and (labels == plain).all() and "no split" in info["rule"]


def test_plateaus_and_empty_input_are_deterministic():
    hot, score = _strip([5, 5, 5, 5, 5])
    labels, k, _ = split_at_saddles(hot, score)
    assert k == 1 and (labels[1] == 1).all()
    labels, k, info = split_at_saddles(np.zeros((4, 4), bool), np.zeros((4, 4)))
    assert k == 0 and not labels.any() and info["n_areas"] == 0


def test_two_blobs_on_a_grid():
    y, x = np.mgrid[0:20, 0:30]
    score = 100 * np.exp(-((x - 8) ** 2 + (y - 10) ** 2) / 8) + 50 * np.exp(-((x - 20) ** 2 + (y - 10) ** 2) / 8)
    hot = score > 1  # one area that reaches from one blob to the other
    assert ndimage.label(hot, structure=np.ones((3, 3), int))[1] == 1
    labels, k, _ = split_at_saddles(hot, score)
    assert k == 2 and labels[10, 8] == 1 and labels[10, 20] == 2
    assert (labels[:, :13][hot[:, :13]] == 1).all() and (labels[:, 16:][hot[:, 16:]] == 2).all()


def test_bad_input_says_what_is_wrong():
    with pytest.raises(InputError, match="same shape"):
        split_at_saddles(np.zeros((2, 2), bool), np.zeros((3, 3)))
    with pytest.raises(InputError, match="split_prominence must be a number ≥ 0"):
        split_at_saddles(np.zeros((2, 2), bool), np.zeros((2, 2)), split_prominence=-1)
    with pytest.raises(InputError, match="split_prominence must be a number ≥ 0"):
        split_at_saddles(np.zeros((2, 2), bool), np.zeros((2, 2)), split_prominence="half")


def test_a_piece_under_min_piece_joins_its_neighbour():
    # Peaks 10 and 2 with a dip to 0.5 between: 2 stands by prominence (1.5/2) but its side holds only
    # 2 + 0.5 + 1 = 3.5 points; with min_piece 5 it must join the big peak's hotspot, not stand alone.
    hot, score = _strip([4, 10, 4, 0.5, 2, 1])
    assert split_at_saddles(hot, score)[1] == 2
    labels, k, info = split_at_saddles(hot, score, min_piece=5)
    assert k == 1 and (labels[1] == 1).all()
    assert split_at_saddles(hot, score, min_piece=3)[1] == 2  # 3.5 ≥ 3: it stands


def test_the_demo_gistar_hotspots_each_hold_points():
    from importlib.resources import files

    from hotspots import HotspotFinder, read_points

    kalix = files("maps.demo") / "kalix"
    points = read_points(str(kalix / "incidents.csv"), str(kalix / "complaints.csv")).points
    finder = HotspotFinder("gistar").fit(points)
    assert (finder.hotspots_["n_points"] >= finder.min_points).all()
    assert "areas with ≥ 3 points" in finder.params_["hot_rule"]
