"""Find points whose coordinates are not incident locations.

Three kinds of coordinates say "somewhere around here" rather than "here":

* **Centre-coded sources.** The Swedish Police events API gives the centre of the municipality or
  county for every event, in whatever format it was saved (``source_hint="police_events"``).
* **Stacks on few exact coordinates.** Area centres and geocoder fallbacks put many rows on one
  point. A *centre-coded file* has fewer distinct coordinates than 1 % of its rows (the police
  events of Norrbotten as CSV: 6,194 rows on 15 points), or, when small, at most 30 coordinates
  for ten times as many rows (248 of those events on the same 15 points); every row is flagged.
  A *fallback coordinate* holds at least 5 % of the rows and ten times more than a busy ordinary
  place (the 99th percentile of the other coordinates' counts): a real busy square or mall spreads
  over many coordinates or repeats a few times, a fallback repeats thousands of times.
* **Coarse grids.** Coordinates rounded to 0.01° (about 1 km) or to 1 km in a metric CRS.

Coordinates are compared exactly, after packing each (x, y) into one integer at a 1e-7 (degrees)
or 1 cm (metres) quantum, so the work is one sort of int64 keys: about 2–3 s for 15 million rows.
"""

from dataclasses import dataclass

import numpy as np

from hotspots.errors import InputError

__all__ = ["Imprecise", "find_imprecise", "IMPRECISE_SOURCES"]

# Source hints the reader passes when it recognised a format whose coordinates are area centres.
IMPRECISE_SOURCES = {"police_events": "Swedish Police events API (coordinates are municipality or county centres)"}
_SOURCE_ALIASES = {"polisen": "police_events", "polisen_api": "police_events", "police_api": "police_events"}

MIN_STACK_ROWS = 20          # fewer rows on one coordinate is never a stack; a smaller file is not judged
STACK_SHARE = 0.05           # a fallback coordinate holds at least this share of the rows ...
STACK_RATIO = 10.0           # ... and this many times the count of a busy ordinary place
CENTRE_CODED_DISTINCT = 0.01  # distinct coordinates below this share of rows: a centre-coded file;
CENTRE_CODED_FEW = 30        # in a small file, a few dozen points for ten times as many rows also are
GRID_SHARE = 0.25            # rows on a coarse grid above this share: the file is rounded
GRID_NODES = 10              # ... on at least this many distinct grid nodes
_GRID_STEPS = {"degrees": (1.0, 0.1, 0.05, 0.01), "metres": (10_000.0, 5_000.0, 1_000.0)}
_QUANTUM = {"degrees": 1e-7, "metres": 0.01}
_GRID_SAMPLE = 100_000
_MAX_LOCATIONS = 20          # locations listed in the report, largest first

_WHY = ("centre_coded_source", "centre_coded_file", "stacked_coordinate", "coarse_grid")


@dataclass(frozen=True, eq=False)
class Imprecise:
    """Result of :func:`find_imprecise`.

    Attributes
    ----------
    imprecise : numpy.ndarray of bool
        Per row: the coordinate is not an incident location.
    report : dict
        JSON-serialisable: ``rows`` (flagged), ``rows_checked``, ``distinct_coordinates``,
        ``units``, ``grid_step``, ``reasons`` (why → rows), ``locations`` (the largest stacks:
        ``x``, ``y``, ``rows``, ``why``) and ``notes`` (sentences for ``check``).
    """

    imprecise: np.ndarray
    report: dict


def find_imprecise(x, y, *, rows=None, source_hint: str | None = None, geographic: bool | None = None) -> Imprecise:
    """Flag rows whose coordinates are area centres, fallback stacks or a coarse grid.

    Parameters
    ----------
    x, y : array-like of float
        Coordinates as written in the file (longitude/latitude or easting/northing), one per row.
        Pass them *before* reprojection so a rounded grid can be seen; NaN rows are not checked.
    rows : array-like of bool, optional
        The rows to check (e.g. those used so far); the others count as NaN. A mask instead of NaN-filled
        copies of ``x`` and ``y``: at 15 million rows those copies are a quarter of a gigabyte.
    source_hint : str, optional
        A format known to give area centres; ``"police_events"`` flags every row. See
        :data:`IMPRECISE_SOURCES`.
    geographic : bool, optional
        Whether the coordinates are degrees; detected from their ranges when omitted.

    Returns
    -------
    Imprecise
        ``imprecise`` per row and a ``report`` of how many rows, which locations and why.

    Raises
    ------
    InputError
        If ``x`` and ``y`` differ in length or ``source_hint`` is unknown.

    Examples
    --------
    >>> xs = [23.1412] * 30 + [23.1501 + i / 1e4 for i in range(170)]
    >>> out = find_imprecise(xs, [65.8512] * 200)
    >>> int(out.imprecise.sum()), out.report["reasons"]
    (30, {'stacked_coordinate': 30})
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise InputError(f"find_imprecise: x and y must have the same length; received {x.size} and {y.size}")
    source = _SOURCE_ALIASES.get(source_hint, source_hint)
    if source is not None and source not in IMPRECISE_SOURCES:
        raise InputError(f"unknown source_hint {source_hint!r}; known: {', '.join(IMPRECISE_SOURCES)}")
    valid = np.isfinite(x) & np.isfinite(y)
    if rows is not None:
        valid &= np.asarray(rows, dtype=bool).ravel()
    n = int(valid.sum())
    if geographic is None:
        geographic = bool(n) and bool((np.abs(x[valid]) <= 180).all() and (np.abs(y[valid]) <= 90).all())
    units = "degrees" if geographic else "metres"
    why = np.full(x.size, -1, dtype=np.int8)   # index into _WHY, -1 = precise

    key = _pack(x, y, valid, _QUANTUM[units])
    keys, counts = _distinct(key[valid])
    notes, step = [], None
    if source is not None and n:
        why[valid] = 0
        notes.append(f"{n} rows come from the {IMPRECISE_SOURCES[source]}.")
    elif n >= MIN_STACK_ROWS:
        # A rounded file is named as such first: its few distinct points are grid nodes, not centres.
        step = _grid_step(x, y, key, valid, units)
        if step is not None:
            on_grid = valid & _on_grid(x, step) & _on_grid(y, step)
            why[on_grid] = 3
            unit = "°" if geographic else " m"
            notes.append(f"{int(on_grid.sum())} rows have coordinates rounded to a {step:g}{unit} grid.")
        notes += _stacks(why, key, valid, keys, counts, n)
    imprecise = why >= 0
    return Imprecise(imprecise, _report(x, y, why, key, valid, n, keys.size, units, step, notes))


def _stacks(why, key, valid, keys, counts, n) -> list:
    """Mark centre-coded files (code 1) and fallback coordinates (code 2); return the notes."""
    if keys.size <= max(CENTRE_CODED_DISTINCT * n, min(CENTRE_CODED_FEW, 0.1 * n)):
        todo = valid & (why < 0)   # the few points left over are area centres too, or too few to matter
        why[todo] = 1
        return [f"{n} rows sit on only {keys.size} distinct coordinates: the file gives area centres."
                ] if todo.any() else []
    candidate = counts >= max(MIN_STACK_ROWS, STACK_SHARE * n)
    rest = counts[~candidate]
    normal = max(1.0, float(np.percentile(rest, 99))) if rest.size else 1.0
    fallback = candidate & (counts >= STACK_RATIO * normal)
    if not fallback.any():
        return []
    _mark(why, key, valid, keys[fallback], 2)
    return [(f"{int(counts[fallback].sum())} rows sit on {int(fallback.sum())} coordinate(s) holding "
             f"≥ {STACK_SHARE:.0%} of the rows each and ≥ {STACK_RATIO:g}× a busy ordinary place "
             f"({normal:g} rows): fallback or area-centre coordinates.")]


def _pack(x, y, valid, quantum) -> np.ndarray:
    """One int64 per row: x and y quantised to ``quantum`` above their minimum, 31 bits each."""
    key = np.zeros(x.size, dtype=np.int64)
    if not valid.any():
        return key
    # One coordinate at a time: at 15M rows each temporary is 120 MB.
    (xmin, xspan), (ymin, yspan) = ((float(v.min()), float(np.ptp(v))) for v in (x[valid], y[valid]))
    scale = min(1.0 / quantum, (2**31 - 1) / max(xspan, yspan, quantum))  # coarser only continent-wide
    key[valid] = np.rint((x[valid] - xmin) * scale).astype(np.int64) << 32
    key[valid] |= np.rint((y[valid] - ymin) * scale).astype(np.int64)
    return key


def _distinct(keys: np.ndarray):
    """Distinct keys and their counts by one sort (cheaper than ``np.unique(return_inverse=True)``).

    ``keys`` is sorted in place (callers pass a fresh selection such as ``key[valid]``)."""
    if keys.size == 0:
        return keys, np.zeros(0, dtype=np.int64)
    keys.sort()
    ordered = keys
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, ordered.size])


def _mark(why, key, valid, flagged_keys, code):
    """Set ``why`` to ``code`` on the valid rows whose key is among the (sorted) ``flagged_keys``."""
    if flagged_keys.size == 0:
        return
    pos = np.clip(np.searchsorted(flagged_keys, key), 0, flagged_keys.size - 1)
    why[valid & (flagged_keys[pos] == key) & (why < 0)] = code


def _on_grid(values, step) -> np.ndarray:
    units = values / step
    with np.errstate(invalid="ignore"):
        return np.abs(units - np.rint(units)) < 1e-6   # float noise: 65.86 / 0.01 = 6586.000000000001


def _grid_step(x, y, key, valid, units):
    """The coarsest grid step holding more than GRID_SHARE of the rows on several nodes, else ``None``.

    One fallback coordinate that happens to be round is a stack, not a grid: a grid needs at
    least GRID_NODES distinct nodes.
    """
    rows = np.flatnonzero(valid)
    # A share is known to ±0.5 % from 100,000 evenly spaced rows; the full check runs once, after.
    rows = rows[np.linspace(0, rows.size - 1, min(rows.size, _GRID_SAMPLE)).astype(np.int64)]
    xs, ys = x[rows], y[rows]
    for step in _GRID_STEPS[units]:
        on = _on_grid(xs, step) & _on_grid(ys, step)
        if (on.sum() * valid.sum() / rows.size >= MIN_STACK_ROWS and on.mean() > GRID_SHARE
                and np.unique(key[rows[on]]).size >= GRID_NODES):
            return step
    return None


def _report(x, y, why, key, valid, n, distinct, units, step, notes) -> dict:
    flagged = why >= 0
    codes, counts = np.unique(why[flagged], return_counts=True)
    locations = []
    stacked = np.flatnonzero(valid & flagged & (why <= 2))   # grid rows are too many to list
    if stacked.size:
        keys, rows = _distinct(key[stacked])
        for k in keys[np.argsort(-rows, kind="stable")][:_MAX_LOCATIONS]:
            first = int(stacked[np.argmax(key[stacked] == k)])
            locations.append({"x": float(x[first]), "y": float(y[first]),
                              "rows": int(rows[np.searchsorted(keys, k)]), "why": _WHY[why[first]]})
    return {"rows": int(flagged.sum()), "rows_checked": n, "distinct_coordinates": int(distinct),
            "units": units, "grid_step": step,
            "reasons": {_WHY[c]: int(k) for c, k in zip(codes, counts)},
            "locations": locations, "notes": notes}
