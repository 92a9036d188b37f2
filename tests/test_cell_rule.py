"""The automatic cell size from the events' spacing (issue #14 item 3): hand-checked lattices, order, limits."""

import numpy as np
import pytest

from hotspots.errors import InputError
from hotspots.methods.cell_rule import auto_cell_size


def _lattice(n, spacing, x0=0.0):
    g = np.arange(n) * spacing
    x, y = np.meshgrid(g + x0, g)
    return x.ravel(), y.ravel()


def test_square_lattice_by_hand():
    # On a square lattice of spacing s the neighbours lie at s (4), s√2 (4), 2s (4), s√5 (8): the 20th at s√5.
    # s = 40 m: r = 89.4 m, √π r = 158.5 m, nearest tidy step on a log scale: 150 (×1.06) rather than 200 (×1.26)
    x, y = _lattice(60, 40.0)
    cell, rule = auto_cell_size(x, y, 2360, 2360, 4_000_000)
    assert cell == 150.0
    assert "is 89 m" in rule and "= 159 m" in rule and "tidy step 150 m" in rule


def test_denser_events_give_smaller_cells_and_the_range_clamps():
    assert auto_cell_size(*_lattice(60, 20.0), 1180, 1180, 4_000_000)[0] == 75.0  # √π·44.7 = 79 m
    tiny, rule = auto_cell_size(*_lattice(60, 2.0), 118, 118, 4_000_000)
    assert tiny == 50.0 and "clamped" in rule
    huge, rule = auto_cell_size(*_lattice(30, 2000.0), 58_000, 58_000, 4_000_000)
    assert huge == 1000.0 and "clamped" in rule


def test_independent_of_row_order_and_sampled_the_same():
    rng = np.random.default_rng(1)
    xy = np.concatenate([rng.normal(0, 60, (3000, 2)), rng.normal(500, 200, (3000, 2))])
    full = auto_cell_size(xy[:, 0], xy[:, 1], 2000, 2000, 4_000_000)
    perm = rng.permutation(len(xy))
    assert auto_cell_size(xy[perm, 0], xy[perm, 1], 2000, 2000, 4_000_000) == full
    sampled = auto_cell_size(xy[:, 0], xy[:, 1], 2000, 2000, 4_000_000, sample=500)
    assert sampled == auto_cell_size(xy[perm, 0], xy[perm, 1], 2000, 2000, 4_000_000, sample=500)
    assert sampled[0] == full[0]  # a sample of 500 finds the same tidy step


def test_too_few_events_fall_back_to_the_extent_rule():
    cell, rule = auto_cell_size([0, 12_340], [0, 30_000], 12_340, 30_000, 4_000_000)
    assert cell == 200.0 and "too few" in rule and "shorter side" in rule


def test_doubled_to_fit_max_cells():
    x, y = _lattice(60, 40.0)  # 150 m over 2.36 km: 16 x 16 = 256 cells
    cell, rule = auto_cell_size(x, y, 2360, 2360, 100)
    assert cell == 300.0 and "doubled to 300 m to stay within 100 cells" in rule


def test_bad_settings_say_what_to_pass():
    with pytest.raises(InputError, match="whole number ≥ 1"):
        auto_cell_size([0, 1], [0, 1], 1, 1, 10, k=0)
    with pytest.raises(InputError, match="0 < min ≤ max"):
        auto_cell_size([0, 1], [0, 1], 1, 1, 10, min_m=500, max_m=100)
    with pytest.raises(InputError, match="no tidy cell step"):
        auto_cell_size([0, 1], [0, 1], 1, 1, 10, min_m=51, max_m=59)
