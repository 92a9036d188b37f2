"""How to read incident files: every option the reader takes, each detected when left as ``None``."""

from dataclasses import dataclass, field

from hotspots.defaults import BOUNDARY_BUFFER_M
from hotspots.io.when.times import MIN_DATE

__all__ = ["ReadOptions"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the files; every field is optional and detected when left as ``None``.

    Column names (``x_col`` ... ``weight_col``) are as in the file. ``crs`` is the coordinates'
    CRS; ``target_crs`` the internal metric CRS (default: SWEREF 99 TM in Sweden, else UTM).
    ``boundary`` (file or GeoDataFrame) rejects points outside it, buffered by
    ``boundary_buffer_m``; without a boundary ``study_box`` rejects points far outside the study
    area (``"auto"``: Sweden's box for Swedish data, else a generous box around the bulk of the
    points; ``(west, south, east, north)`` in degrees; ``"off"``), see :mod:`hotspots.io.where.studybox`.
    ``tz`` states the zone of naive times; left out, each file's zone comes from where its points
    are (offline, :func:`hotspots.io.when.zone.zone_for_points`), per row when a file spans zones.
    ``sheet``/``layer`` pick one sheet or layer; by default every one that holds points is read,
    each with its own accounting. ``category_overrides`` maps raw categories to canonical keys.
    """

    x_col: str | None = None
    y_col: str | None = None
    crs: str | None = None
    target_crs: str | None = None
    start_col: str | None = None
    end_col: str | None = None
    date_col: str | None = None
    clock_col: str | None = None
    tz: str | None = None            # None: from where the points are (hotspots.io.when.zone)
    ignore_offsets: bool = False
    dayfirst: bool | None = None     # hint for n/n/yyyy dates the data never decide
    min_date: str = MIN_DATE         # earlier rows are rejected as date_before_floor
    max_date: str | None = None      # later rows are date_in_future (None: tomorrow)
    id_col: str | None = None
    category_col: str | None = None
    default_category: str | None = None
    text_col: str | None = None
    weight_col: str | None = None
    category_overrides: dict = field(default_factory=dict)
    sheet: str | int | None = None   # default: every sheet that holds points, each accounted for
    layer: str | None = None         # default: every layer that holds points
    encoding: str | None = None
    delimiter: str | None = None
    boundary: object = None
    boundary_buffer_m: float = BOUNDARY_BUFFER_M
    study_box: object = "auto"
