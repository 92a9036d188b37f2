"""Hotspots: read and validate points, then find where and when they concentrate."""

from hotspots.errors import InputError

__all__ = ["InputError"]
