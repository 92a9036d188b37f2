"""Honest small counts: the exact Poisson interval of a count and the exact test of two counts.

* :func:`poisson_interval`: the exact (Garwood) interval of a Poisson mean, ``[χ²(α/2; 2n)/2,
  χ²(1−α/2; 2n+2)/2]`` (the lower end 0 when ``n = 0``).
* :func:`compare_counts`: count ``a`` of one period against ``b`` of ``k`` earlier periods of the same length,
  by the exact conditional test: given ``a + b``, ``a`` is binomial with ``p = 1/(1 + k)`` when the rate did
  not change (:func:`scipy.stats.binomtest`, two-sided). The rate ratio ``a / (b/k)`` gets the interval that
  follows from the Clopper–Pearson interval of that proportion. A change is called ``increase`` or
  ``decrease`` only when ``p < alpha``; otherwise ``within_chance`` (also when the ratio looks large but the
  counts are small); ``no_baseline`` without earlier periods.

The pair is one verb, "count honestly": the interval says how uncertain one count is, the test whether two
differ.
"""

import numpy as np
from scipy.stats import binomtest, chi2

__all__ = ["compare_counts", "poisson_interval"]


def poisson_interval(n, level=0.95):
    """Exact (Garwood) interval of a Poisson mean for counts ``n`` (arrays welcome)."""
    n = np.asarray(n, dtype=float)
    a = 1 - level
    low = np.where(n > 0, chi2.ppf(a / 2, 2 * n) / 2, 0.0)
    high = chi2.ppf(1 - a / 2, 2 * n + 2) / 2
    return low, high


def compare_counts(a, b, k=1, *, alpha=0.05, level=0.95) -> dict:
    """Exact conditional test of count ``a`` (one period) against ``b`` (``k`` periods of equal length).

    Returns
    -------
    dict
        ``ratio`` (``a / (b/k)``, ``inf`` when ``b = 0``), ``ratio_low``, ``ratio_high``, ``p`` and ``verdict``.
    """
    a, b = int(a), int(b)
    if k <= 0:
        return {"ratio": None, "ratio_low": None, "ratio_high": None, "p": None, "verdict": "no_baseline"}
    if a + b == 0:
        return {"ratio": None, "ratio_low": None, "ratio_high": None, "p": 1.0, "verdict": "within_chance"}
    test = binomtest(a, a + b, 1.0 / (1.0 + k))
    ci = test.proportion_ci(confidence_level=level, method="exact")

    def ratio(p):
        return float("inf") if p >= 1 else k * p / (1 - p)
    verdict = "within_chance" if test.pvalue >= alpha else ("increase" if a * k > b else "decrease")
    return {"ratio": ratio(a / (a + b)), "ratio_low": ratio(ci.low), "ratio_high": ratio(ci.high),
            "p": float(test.pvalue), "verdict": verdict}
