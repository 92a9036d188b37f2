"""The fast path for counting at scale (#17.1): read_points(..., geometry=False) gives the same rows,
coordinates and accounting as the full reading, without building shapely points."""

import numpy as np
import pandas as pd

from hotspots.io.read import POINT_COLUMNS, read_points


def test_same_rows_and_accounting_without_geometry(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;lat;lon;tid;kategori\n1;65,853;23,156;2024-05-01 22:30;Misshandel\n"
                    "2;65,860;23,170;2024-05-02 01:00;Stöld\n3;;;2024-05-02 02:00;Stöld\n"
                    "4;65,861;23,171;okänd;Klotter\n", encoding="utf-8")
    full, fast = read_points(path), read_points(path, geometry=False)
    assert fast.summary == full.summary
    pd.testing.assert_frame_equal(fast.rejects, full.rejects)
    assert not hasattr(fast.points, "geometry") or "geometry" not in fast.points.columns
    assert list(fast.points.columns) == [c for c in POINT_COLUMNS if c != "geometry"] + ["x", "y"]
    np.testing.assert_array_equal(fast.points["x"], full.points.geometry.x)
    np.testing.assert_array_equal(fast.points["y"], full.points.geometry.y)
    assert fast.points["id"].tolist() == ["1", "2"] and fast.summary["crs"] == "EPSG:3006"
