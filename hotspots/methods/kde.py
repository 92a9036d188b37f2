"""Kernel density of points on the study-area grid: linear binning, then one smoothing pass.

Every point's weight is split over the four nearest cell centres in proportion to bilinear overlap
(*linear binning*), and the binned grid is smoothed once: the Gaussian kernel with
``scipy.ndimage.gaussian_filter`` (or, for a wide kernel, the same truncated kernel by separable FFT),
the quartic kernel by FFT convolution with a sampled kernel. No point is ever evaluated at every cell,
so the cost is O(points + cells · kernel) instead of O(points · cells).

Bandwidth
---------
``bandwidth_m`` is the standard deviation of the Gaussian kernel and the *radius* of the quartic
(biweight) kernel ``K(u) = 3/π (1 − u²)²`` for ``u = d / bandwidth < 1`` — the CrimeStat / ArcGIS
convention. When it is ``None`` it is chosen by likelihood cross-validation (``bandwidth_rule="cv"``,
the default) or the normal-reference rule (``"reference"``); both are in
:mod:`hotspots.methods.bandwidth` and reported word for word in ``info``.

For comparison, sfhotspot (R) defaults to ``MASS::bandwidth.nrd``,
``4 · 1.06 · min(sd, IQR / 1.34) · n^(−1/5)``, used as the radius of SpatialKDE's quartic kernel; for
n = 1,000 normal points that radius is ≈ 1.07 σ, our reference rule's ≈ 0.89 σ.

Accuracy and edges
------------------
Linear binning moves no mass and keeps each point's mean; it widens a point's kernel by at most a
quarter cell² of variance per axis. For a lone Gaussian bump the value at the nearest cell centre is
low, against the exact density there, by at most ``1 − h²/(h² + cell²/4)`` (worst case a point on a
cell corner: 2.7 % at h = 3 cells, 0.7 % at 6 cells). A point on a cell centre gets 1/(2πh²) at that
centre up to the 4-sd truncation (< 1e-4 relative). Sums of many points err less (1.5 % at the peak
of clustered data at h = 3 cells; see the tests and ``bench/results_kde.md``). The sampled quartic
kernel is scaled to sum to exactly one, so its centre differs from 3/(πR²) by the sampling error:
within 0.8 % for R of 2.8–3 cells, 0.4 % for 3–5, 0.08 % for 5–10 and 0.01 % beyond. Points in the
outer half cell are binned onto the edge centres. The smoothing uses zero padding
(``mode="constant"``): kernel mass that falls beyond the grid is lost, never folded back, so cells
near the edge are not inflated.
"""

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

from hotspots.errors import InputError
from hotspots.io.xyw import as_xyw
from hotspots.methods.bandwidth import RULES, choose_bandwidth

__all__ = ["Kde", "kde_grid"]

KERNELS = ("gaussian", "quartic")
TRUNCATE = 4.0          # Gaussian kernel cut at 4 sd (scipy's default), in both smoothing paths
_DIRECT_MAX_RADIUS = 64  # Gaussian radius in cells above which the separable FFT path is faster
_M2_PER_KM2 = 1e6


@dataclass(frozen=True)
class Kde:
    """A kernel density surface on a :class:`~hotspots.methods.grid.Grid`.

    Attributes
    ----------
    density : ndarray, shape (ny, nx)
        Expected weighted points per km² at each cell centre (row 0 south). Defined on every cell,
        also outside the study area: mask with ``grid.inside`` where that matters.
    bandwidth_m : float
        Gaussian standard deviation or quartic radius, in metres.
    kernel : str
        ``"gaussian"`` or ``"quartic"``.
    info : dict
        JSON-serialisable account: unit, bandwidth rule and numbers, method, points used and outside.
    """

    density: np.ndarray
    bandwidth_m: float
    kernel: str
    info: dict


def kde_grid(x, y, grid, *, weights=None, bandwidth_m=None, kernel="gaussian", bandwidth_rule="cv") -> Kde:
    """Kernel density of (weighted) points at the cell centres of ``grid``.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Point coordinates in the grid's CRS (metres), finite.
    grid : Grid
        From :func:`hotspots.methods.grid.make_grid`.
    weights : array_like, shape (n,), optional
        Non-negative weight per point (default 1).
    bandwidth_m : float, optional
        Gaussian sd or quartic radius in metres; chosen by the rule in the module docstring when
        ``None``.
    kernel : {"gaussian", "quartic"}
    bandwidth_rule : {"cv", "reference"}
        The automatic rule when ``bandwidth_m`` is ``None`` (see :mod:`hotspots.methods.bandwidth`).

    Returns
    -------
    Kde
        ``density`` in weighted points per km²; ``density.sum() * cell_km²`` equals the weight of the
        points on the grid, less the kernel mass that leaves the grid at its edges.
        Points outside the grid are not binned; their number and weight are in ``info``
        (``n_outside``, ``weight_outside``) for the caller to report.

    Raises
    ------
    InputError
        Coordinates or weights that are not finite numbers of the same length, negative weights, a
        bandwidth that is not a positive number, or an unknown kernel.
    """
    x, y, w = _validate(x, y, weights, bandwidth_m, kernel, bandwidth_rule)
    _, _, on = grid.cell_of(x, y)
    x, y, w_out, w = x[on], y[on], w[~on], w[on]
    total = float(w.sum())
    info = {"unit": "weighted points per km²", "kernel": kernel,
            "n_points": int(on.sum()), "n_outside": int((~on).sum()),
            "total_weight": total, "weight_outside": float(w_out.sum()),
            "edges": "zero padding: kernel mass beyond the grid edge is lost, not folded back"}
    if bandwidth_m is None:
        bandwidth_m, rule = choose_bandwidth(x, y, w, grid, kernel, rule=bandwidth_rule, bin_points=_linear_bin,
                                             smooth=lambda binned, sigma: _smooth_gaussian(binned, sigma)[0])
        info["bandwidth_rule"] = rule
    else:
        bandwidth_m = float(bandwidth_m)
        info["bandwidth_rule"] = "stated"
    info["bandwidth_m"] = bandwidth_m
    info["bandwidth_cells"] = bandwidth_m / grid.cell_m
    if total == 0:
        info["method"] = "none"
        info["note"] = "no weight on the grid: the density is zero everywhere"
        return Kde(np.zeros(grid.shape), bandwidth_m, kernel, info)
    binned = _linear_bin(x, y, w, grid)
    if kernel == "gaussian":
        smoothed, method = _smooth_gaussian(binned, bandwidth_m / grid.cell_m)
    else:
        smoothed, method = _smooth_quartic(binned, bandwidth_m / grid.cell_m)
    info["method"] = f"linear binning + {method}"
    density = smoothed * (_M2_PER_KM2 / grid.cell_m ** 2)
    return Kde(density, bandwidth_m, kernel, info)


def _validate(x, y, weights, bandwidth_m, kernel, bandwidth_rule):
    if bandwidth_rule not in RULES:
        raise InputError(f"unknown bandwidth rule {bandwidth_rule!r}; use one of: {', '.join(RULES)}.")
    if kernel not in KERNELS:
        raise InputError(f"unknown kernel {kernel!r}; use one of: {', '.join(KERNELS)}.")
    arrays = as_xyw(x, y, weights, what="points")
    if bandwidth_m is not None:
        ok = isinstance(bandwidth_m, (int, float, np.number)) and not isinstance(bandwidth_m, bool)
        if not ok or not np.isfinite(bandwidth_m) or bandwidth_m <= 0:
            raise InputError(f"bandwidth must be a positive number of metres (or None for the "
                             f"automatic rule); got {bandwidth_m!r}.")
    return arrays


def _linear_bin(x, y, w, grid):
    """Split each weight over the four surrounding cell centres (bilinear); mass is exact."""
    nx, ny = grid.nx, grid.ny
    fx = np.clip((x - grid.x0) / grid.cell_m - 0.5, 0, nx - 1)
    fy = np.clip((y - grid.y0) / grid.cell_m - 0.5, 0, ny - 1)
    ix, iy = fx.astype(np.intp), fy.astype(np.intp)   # floor: fx, fy >= 0
    tx, ty = fx - ix, fy - iy
    ix1, iy1 = np.minimum(ix + 1, nx - 1), np.minimum(iy + 1, ny - 1)
    wx0, wx1 = w * (1 - tx), w * tx
    index = np.concatenate([iy * nx + ix, iy * nx + ix1, iy1 * nx + ix, iy1 * nx + ix1])
    share = np.concatenate([wx0 * (1 - ty), wx1 * (1 - ty), wx0 * ty, wx1 * ty])
    return np.bincount(index, weights=share, minlength=nx * ny).reshape(ny, nx)


def _smooth_gaussian(binned, sigma):
    radius = int(TRUNCATE * sigma + 0.5)
    if radius <= _DIRECT_MAX_RADIUS:
        out = gaussian_filter(binned, sigma, mode="constant", truncate=TRUNCATE)
        return out, "gaussian_filter"
    # The same truncated, sum-normalised kernel as gaussian_filter, applied per axis by FFT.
    from scipy.signal import fftconvolve  # scipy.signal takes ~0.4 s to import: only wide kernels need it

    taps = np.arange(-radius, radius + 1)
    kern = np.exp(-0.5 * (taps / sigma) ** 2)
    kern /= kern.sum()
    out = binned
    for axis, size in enumerate(binned.shape):
        cut = max(0, radius - (size - 1))  # offsets beyond the grid never reach a cell
        k = kern[cut:len(kern) - cut]
        out = fftconvolve(out, k.reshape((-1, 1) if axis == 0 else (1, -1)), mode="same", axes=axis)
    return _clean(out), "separable FFT convolution (gaussian)"


def _smooth_quartic(binned, rho):
    """Convolve with the biweight of radius ``rho`` cells, sampled at cell offsets, summing to 1."""
    r = int(np.floor(rho))
    ry, rx = min(r, binned.shape[0] - 1), min(r, binned.shape[1] - 1)
    dy, dx = np.arange(-ry, ry + 1)[:, None], np.arange(-rx, rx + 1)[None, :]
    u2 = (dx * dx + dy * dy) / rho ** 2
    kern = np.where(u2 < 1, (1 - u2) ** 2, 0.0) / _quartic_lattice_sum(rho)
    if kern.size == 1:
        return binned * kern[0, 0], "quartic kernel inside one cell"
    from scipy.signal import fftconvolve  # see _smooth_gaussian

    return _clean(fftconvolve(binned, kern, mode="same")), "FFT convolution (quartic)"


def _quartic_lattice_sum(rho):
    """Σ (1 − (i² + j²)/ρ²)² over all integer (i, j) with i² + j² < ρ², in O(ρ) by power sums.

    Exact for the whole kernel even where the array is cropped to the grid, so mass stays exact.
    """
    i = np.arange(-int(np.floor(rho)), int(np.floor(rho)) + 1, dtype=float)
    a = 1 - i * i / rho ** 2
    m = np.floor(np.sqrt(np.maximum(rho ** 2 - i * i, 0)))
    p0 = 2 * m + 1
    p2 = m * (m + 1) * (2 * m + 1) / 3
    p4 = m * (m + 1) * (2 * m + 1) * (3 * m * m + 3 * m - 1) / 15
    return float((p0 * a * a - 2 * a * p2 / rho ** 2 + p4 / rho ** 4).sum())


def _clean(out):
    """Remove FFT round-off: negative values and noise below 1e-12 of the peak become 0."""
    out[out < out.max() * 1e-12] = 0.0
    return out
