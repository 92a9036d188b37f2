"""The raster overlay's pixel lattice is computed once per grid and shared by every layer drawn on it."""

import numpy as np
import pytest

from maps.overlays import raster
from maps.overlays.raster import raster_overlay


def _grey(values):
    v = np.nan_to_num(values, nan=0.0)
    rgba = np.zeros((*v.shape, 4), np.uint8)
    rgba[..., :3] = (255 * v / max(v.max(), 1.0)).astype(np.uint8)[..., None]
    rgba[..., 3] = 255
    return rgba


@pytest.mark.parametrize("smooth", [True, False])
def test_the_same_grid_gives_the_same_image_from_the_shared_lattice(smooth):
    values = np.zeros((40, 60))
    values[10:14, 20:25] = 5.0
    values[0, 0] = np.nan
    args = (values, 840_000.0, 7_300_000.0, 75.0, "EPSG:3006", _grey)
    raster._lattice.cache_clear()
    fresh = raster_overlay(*args, name="a", smooth=smooth)
    again = raster_overlay(*args, name="a", smooth=smooth)
    assert raster._lattice.cache_info().hits == 1  # the second layer reused the pixel lattice
    assert again.url == fresh.url and again.bounds == fresh.bounds
    raster._lattice.cache_clear()
    assert raster_overlay(*args, name="a", smooth=smooth).url == fresh.url
    lattice = raster._lattice(840_000.0, 7_300_000.0, 75.0, 60, 40, "EPSG:3006", 900)
    with pytest.raises(ValueError):  # shared arrays cannot be changed by one caller for the next
        lattice[3][0] = 1.0
