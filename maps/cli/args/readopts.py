"""The plausibility options of reading, as the command line and the project file give them, checked once.

``--dayfirst``/``--monthfirst``, ``--min-date``, ``--max-date`` and ``--study-box`` (and the ``[read]`` keys
``dayfirst``, ``min_date``, ``max_date``, ``study_box``) become the :class:`hotspots.io.read.ReadOptions`
fields of the same names. Both surfaces go through :func:`read_option_values`, so a value is accepted or
refused with the same words wherever it is written; the caller says where (``--study-box`` or
``kalix.toml: [read] study_box``) and turns the message into a usage error or an input error.
"""

__all__ = ["ReadOptionError", "read_option_values"]


class ReadOptionError(ValueError):
    """A reading option that cannot be used; the message names what was expected and what to write."""


def read_option_values(values, *, where=lambda key: key) -> dict:
    """Check and convert the plausibility options in ``values`` (other keys are returned unchanged).

    Parameters
    ----------
    values : dict
        ``ReadOptions`` field → value as given (``None`` means not given and is left as it is).
    where : callable
        ``key → words`` naming where the value was written, for messages (``"--min-date"``).

    Returns
    -------
    dict
        ``dayfirst`` as bool, ``min_date``/``max_date`` as ``YYYY-MM-DD`` text, ``study_box`` as
        ``"auto"``, ``"off"`` or a ``(west, south, east, north)`` tuple of floats.

    Raises
    ------
    ReadOptionError
        A value of the wrong kind, an unreadable date, ``min_date`` after ``max_date``, or a box that is
        not four numbers in degrees with west < east and south < north.

    Examples
    --------
    >>> read_option_values({"study_box": "22.5,65.6,23.9,66.3", "min_date": "2020-01-01"})
    {'study_box': (22.5, 65.6, 23.9, 66.3), 'min_date': '2020-01-01'}
    """
    out = dict(values)
    if out.get("dayfirst") is not None and not isinstance(out["dayfirst"], bool):
        raise ReadOptionError(f"{where('dayfirst')} must be true or false, got {out['dayfirst']!r}.")
    for key in ("min_date", "max_date"):
        if out.get(key) is not None:
            out[key] = _date(out[key], where(key))
    if out.get("min_date") and out.get("max_date") and out["min_date"] > out["max_date"]:
        raise ReadOptionError(f"{where('min_date')} {out['min_date']} is after {where('max_date')} "
                              f"{out['max_date']}; give the earlier date first.")
    if out.get("study_box") is not None:
        out["study_box"] = _box(out["study_box"], where("study_box"))
    return out


def _date(value, name) -> str:
    import pandas as pd

    try:
        stamp = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError, OverflowError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ReadOptionError(f"{name} must be a date written YYYY-MM-DD, got {value!r}.")
    return f"{stamp:%Y-%m-%d}"


def _box(value, name):
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("auto", "off"):
            return text.lower()
        parts = [p.strip() for p in text.split(",")]
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        parts = []
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise ReadOptionError(f"{name} must be four numbers MINX,MINY,MAXX,MAXY in degrees (longitude, latitude), "
                              f"'auto' or 'off', got {value!r}; e.g. 22.5,65.6,23.9,66.3.") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ReadOptionError(f"{name} {value!r} is not a box in degrees: write MINX,MINY,MAXX,MAXY as longitude, "
                              "latitude with MINX < MAXX and MINY < MAXY (e.g. 22.5,65.6,23.9,66.3).")
    return west, south, east, north
