"""Coordinate and weight arrays checked once for the grid estimators (KDE, prospective risk): one length,
finite, weights ≥ 0."""

import numpy as np

from hotspots.errors import InputError

__all__ = ["as_xyw"]


def as_xyw(x, y, weights=None, *, what="points"):
    """``x``, ``y`` and ``weights`` as float arrays of one length, finite, weights ≥ 0 (default 1).

    Raises
    ------
    InputError
        Non-numbers, not one-dimensional, missing or infinite values (with the first position),
        unequal lengths or negative weights.
    """
    arrays = []
    for name, values in (("x", x), ("y", y), ("weights", np.ones(np.shape(x)) if weights is None else weights)):
        try:
            values = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{name} must be numbers; got {type(values).__name__}.") from None
        if values.ndim != 1:
            raise InputError(f"{name} must be one-dimensional; got shape {values.shape}.")
        bad = ~np.isfinite(values)
        if bad.any():
            raise InputError(f"{name} has {bad.sum()} missing or infinite values (first at position "
                             f"{np.argmax(bad)}); drop or fix those {what} first.")
        arrays.append(values)
    if not len(arrays[0]) == len(arrays[1]) == len(arrays[2]):
        raise InputError(f"x, y and weights must have the same length; got {len(arrays[0])}, "
                         f"{len(arrays[1])} and {len(arrays[2])}.")
    if (arrays[2] < 0).any():
        raise InputError(f"weights must be non-negative; {(arrays[2] < 0).sum()} are negative.")
    return arrays
