"""The one rule that turns covered risk into a verdict: täckt / tunn / LUCKA, lugnt, inga data.

Every product (``coverage``, ``weekend``, ``run``, briefings, workbooks, map gaps) calls
:func:`coverage_status`, so a target gets the same word everywhere.

Rule
----
``risk_covered`` is the share of a target's risk (its points, weighted, by hour) that falls in hours with
planned presence within reach, each hour counted as ``min(minutes, 60) / 60`` covered.

* ``no data``: nothing to judge (no earlier year in the data, or no point with a time): a planner is told
  "unknown" rather than a guess;
* ``quiet``: known, but no trouble;
* ``covered``: ``risk_covered >= covered_at`` (default :data:`hotspots.defaults.COVERED_AT`, 0.8);
* ``thin``: ``thin_at <= risk_covered < covered_at`` (default :data:`hotspots.defaults.THIN_AT`, 0.3);
* ``gap``: ``risk_covered < thin_at``: presence planned at the wrong hours is a gap too.

Minutes planned at other hours count for nothing: a car 19–21 does not cover trouble at 22–03.
"""

import numpy as np

from hotspots.defaults import COVERED_AT, THIN_AT
from hotspots.errors import InputError

__all__ = ["STATUSES", "check_thresholds", "coverage_status"]

STATUSES = ("covered", "thin", "gap", "quiet", "no data")


def check_thresholds(covered_at=COVERED_AT, thin_at=THIN_AT, where="coverage") -> tuple:
    """``(covered_at, thin_at)`` as floats; :class:`InputError` unless ``0 <= thin_at <= covered_at <= 1``."""
    ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (covered_at, thin_at))
    if not ok or not 0 <= thin_at <= covered_at <= 1 or covered_at <= 0:
        raise InputError(f"{where}: covered_at and thin_at are shares of the risk with 0 ≤ thin_at ≤ covered_at ≤ 1 "
                         f"and covered_at > 0 (e.g. covered_at = 0.8, thin_at = 0.3); got covered_at={covered_at!r}, "
                         f"thin_at={thin_at!r}")
    return float(covered_at), float(thin_at)


def coverage_status(risk_covered, *, trouble=None, known=None, covered_at=COVERED_AT, thin_at=THIN_AT) -> np.ndarray:
    """The verdict of each target from its covered share of risk.

    Parameters
    ----------
    risk_covered : array of float
        Share (0–1) of each target's risk in hours with presence; NaN where it has no risk.
    trouble : array of bool, optional
        Whether the target had trouble (default: it has risk, ``risk_covered`` is not NaN).
    known : array of bool or bool, optional
        Whether there are data to judge at all (default True).
    covered_at, thin_at : float
        Thresholds (see the module docstring).

    Returns
    -------
    ndarray of object
        ``"covered"``, ``"thin"``, ``"gap"``, ``"quiet"`` or ``"no data"`` per target.
    """
    covered_at, thin_at = check_thresholds(covered_at, thin_at)
    share = np.asarray(risk_covered, dtype=float).reshape(-1)
    n = len(share)
    trouble = ~np.isnan(share) if trouble is None else np.broadcast_to(np.asarray(trouble, bool), (n,))
    known = np.ones(n, bool) if known is None else np.broadcast_to(np.asarray(known, bool), (n,))
    unknown = ~known | (trouble & np.isnan(share))  # trouble without a measurable share is unknown, not a gap
    with np.errstate(invalid="ignore"):
        return np.select([unknown, ~trouble, share >= covered_at, share >= thin_at],
                         ["no data", "quiet", "covered", "thin"], "gap").astype(object)
