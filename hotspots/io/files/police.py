"""The Swedish Police events API shape (polisen.se ``/api/events``), as JSON or as a CSV made from it.

Quirks handled (see ``shared/data/SOURCES.md``): ``datetime`` is the *publish* time, the incident
time is inside ``name`` (``"20 mars 10:00, Trafikolycka, Kalix"``, sometimes ``10.00``) without a
year, ``location.gps`` is a ``"lat,lon"`` string, and about 15 % of events are summaries of several
events ("Sammanfattning natt"), which are not incidents and are rejected with that reason. The
coordinates are the centre of the municipality or county, never the incident location.
"""

import re

import numpy as np
import pandas as pd

from hotspots.io.columns import find_column
from hotspots.words import MONTHS

__all__ = ["police_events_table"]

_MONTHS = {m: i for i, m in enumerate(MONTHS["sv"], start=1)}
_NAME_TIME = re.compile(r"^\s*(?P<day>\d{1,2}) (?P<month>[a-zåäö]+) (?P<hour>\d{1,2})[.:](?P<minute>\d{2})\b",
                        re.IGNORECASE)
SUMMARY_REASON = "summary_not_incident"


def police_events_table(frame: pd.DataFrame):
    """Normalise a police events table; ``None`` when ``frame`` does not have that shape.

    Returns
    -------
    tuple or None
        ``(frame, hints, pre_reason)``: a new frame with ``id``, ``start`` (local clock time,
        ISO), ``published``, ``type``, ``summary``, ``location_name``, ``lat``, ``lon`` and the
        other original columns; the column roles; the summary rows' reason (else ``None``).
    """
    name_col = find_column(frame.columns, ["name"], prefix_ok=False)
    published_col = find_column(frame.columns, ["datetime"], prefix_ok=False)
    type_col = find_column(frame.columns, ["type"], prefix_ok=False)
    if not (name_col and published_col and type_col) or frame.empty:
        return None
    names = frame[name_col].astype("string").str.lower()
    parts = names.str.extract(_NAME_TIME)
    if parts["day"].notna().mean() < 0.5:
        return None

    published = pd.to_datetime(
        frame[published_col].astype("string").str.slice(0, 19).str.strip(), format="mixed", errors="coerce"
    )
    month = parts["month"].map(_MONTHS)
    year = published.dt.year
    start = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": pd.to_numeric(parts["day"]),
                      "hour": pd.to_numeric(parts["hour"]), "minute": pd.to_numeric(parts["minute"])}),
        errors="coerce",
    )
    # No year in the name: an event dated after its own publication belongs to the year before
    # (published 1 January about 31 December).
    late = start > published + pd.Timedelta(days=1)
    start = start.where(~late, start - pd.DateOffset(years=1))

    out = frame.copy()
    out = out.rename(columns={published_col: "published", type_col: "type"})
    out["start"] = start.dt.strftime("%Y-%m-%d %H:%M").where(start.notna(), None).astype(object)
    if "lat" not in out.columns or "lon" not in out.columns:
        gps_col = find_column(out.columns, ["location_gps", "gps"])
        gps = out[gps_col].astype("string").str.split(",", n=1, expand=True) if gps_col else None
        out["lat"] = gps[0].str.strip().astype(object) if gps is not None else None
        out["lon"] = gps[1].str.strip().astype(object) if gps is not None and gps.shape[1] > 1 else None
    is_summary = out["type"].astype("string").str.strip().str.lower().str.startswith("sammanfattning")
    pre_reason = pd.Series(np.where(is_summary.fillna(False), SUMMARY_REASON, None), index=out.index, dtype=object)
    text_col = find_column(out.columns, ["summary"], prefix_ok=False)
    hints = {"start_col": "start", "category_col": "type", "text_col": text_col, "precision_source": "police_events",
             "id_col":
             find_column(out.columns, ["id"], prefix_ok=False), "x_col": "lon", "y_col": "lat",
             "crs": "EPSG:4326", "warnings": [
                 ("police events API: coordinates are the centre of the municipality or county, never the "
                 "incident location; use these points for time and category, not for spatial hotspots")],
             "drop_cols": [c for c in ("event_time_local_from_name",) if c in out.columns]}
    return out, hints, pre_reason
