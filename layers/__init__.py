"""Layers: patrol plans, special places, the event calendar and coverage (built on ``hotspots``)."""
