"""Hotspots: read and validate points, then find where and when they concentrate.

The public API is imported lazily (PEP 562), so ``import hotspots.defaults`` — as the CLI does
to build its help — loads none of numpy, pandas or geopandas.

>>> from hotspots import read_points, find_hotspots                      # doctest: +SKIP
>>> finder = find_hotspots(read_points("incidents.csv").points)          # doctest: +SKIP
"""

from hotspots.errors import InputError

__all__ = ["HotspotFinder", "InputError", "ReadOptions", "find_hotspots", "read_points"]

_LAZY = {"HotspotFinder": "hotspots.find", "find_hotspots": "hotspots.find",
         "ReadOptions": "hotspots.io.read", "read_points": "hotspots.io.read"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hotspots' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
