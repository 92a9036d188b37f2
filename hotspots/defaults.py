"""The one home of every product-wide default, so a change here changes it everywhere.

Modules import these names instead of writing the value again; the CLI, the project file and the
Python API all fall back on them.
"""

__all__ = ["BOUNDARY_BUFFER_M", "COMPLAINT_WEIGHT", "ENGINE", "ENGINES", "EVALUATE_COVERAGE", "EVALUATE_METHODS",
           "FDR_RULES",
           "HEAT_MODES", "KERNELS", "LANG", "LANGS", "METHOD", "METHODS", "MIN_COUNT", "PATROL_MODES", "TZ",
           "VISIT_MINUTES", "MAX_GAP_MIN", "COVERED_AT", "THIN_AT", "REPEAT_VISIT_VALUE", "REPEAT_PLACE_VALUE",
           "CELL_NEIGHBOURS", "CELL_MIN_M", "CELL_MAX_M", "CELL_STEPS_M", "CELL_SAMPLE", "SPLIT_PROMINENCE",
           "TIME_STEPS"]

#: Time zone of naive times and of every local clock (weekday × hour, peak windows, calendars) when
#: neither the data nor the user says otherwise.
TZ = "Europe/Stockholm"

#: Output language; Swedish first, English with ``--lang en``.
LANG = "sv"
LANGS = ("sv", "en")

#: Share mode: no published count below this many points (k-anonymity threshold).
MIN_COUNT = 5

#: Hotspot method of every product (``hotspots``, ``coverage``, ``suggest``, ``weekend``, ``run``), so
#: the same data give the same hotspots and the same covered share whichever command asks.
METHOD = "gistar"

#: Weight of a citizen complaint relative to an incident.
COMPLAINT_WEIGHT = 0.5

#: Tolerance around a study-area boundary, in metres.
BOUNDARY_BUFFER_M = 1000.0

# --- Choices the command line offers. Parsers read them here so that ``--help`` imports nothing heavy;
# tests/test_cli_help.py checks each against the module that implements it.

#: Hotspot methods (:data:`hotspots.find.METHODS`).
METHODS = ("count", "kde", "gistar", "prospective", "dbscan", "hdbscan")

#: Methods the predictive backtest compares (:data:`hotspots.temporal.evaluate.METHODS`) and the shares of
#: the area it flags by default (:data:`hotspots.temporal.evaluate.DEFAULT_COVERAGE`).
EVALUATE_METHODS = ("count", "kde", "gistar", "prospective")
EVALUATE_COVERAGE = (0.01, 0.05, 0.10)

#: Multiple-testing corrections for Gi* and KDE kernels.
FDR_RULES = ("bh", "bonferroni", "none")
KERNELS = ("gaussian", "quartic")

#: Patrol modes (the keys of :data:`layers.plans.patrols.MODE_RADIUS_M`) and the minutes of a suggested visit
#: (:data:`layers.cover.suggest.KOPER_MINUTES`, the Koper curve).
PATROL_MODES = ("foot", "bike", "car", "motorcycle", "horse", "boat", "other")
VISIT_MINUTES = 15

#: Where the row-heavy part runs (``hotspots --engine``, a project's ``[engine] name``): this process, or a
#: dask cluster (:mod:`hotspots.engine`, docs/scale.md).
ENGINE = "local"
ENGINES = ("local", "dask")

#: Heat layers of a map (:data:`maps.products.build.HEAT_MODES`).
HEAT_MODES = ("auto", "kde", "heatmap", "none")

# --- Coverage verdicts (layers/cover/verdict.py): the share of a target's risk that falls in hours with planned
# presence within reach (``risk_covered``) decides täckt / tunn / LUCKA; a project's ``[coverage]`` may change
# them. Shares, not percentages.

#: ``risk_covered`` at least this: covered (täckt).
COVERED_AT = 0.8

#: ``risk_covered`` at least this (and under COVERED_AT): thin (tunn); under it: gap (LUCKA).
THIN_AT = 0.3

#: What a second suggested visit to the same place in the same hour is worth, relative to the first: the
#: first ~15-minute stop's residual deterrence already covers the hour (Koper 1995), so visits spread.
REPEAT_VISIT_VALUE = 0.2

#: What a further suggested visit to the same place at another hour is worth, per visit already there:
#: deterrence spreads when visits rotate among hot spots (Sherman & Weisburd 1995) rather than pile on one.
REPEAT_PLACE_VALUE = 0.5

#: Delivered presence from GPS tracks (layers/plans/tracks.py): two consecutive fixes of a unit at most this many
#: minutes apart are presence along the way between them; a longer gap (signal lost, device off, a break) is
#: not. Phones and car loggers fix every 5–60 s, so 5 minutes allows a few missed fixes and no more.
MAX_GAP_MIN = 5.0

# --- The automatic cell size (hotspots/methods/cell_rule.py): the cell whose area equals the disc around a
# typical event that holds its CELL_NEIGHBOURS nearest events, rounded to a tidy step and clamped.

#: k of the k-th nearest neighbour: a typical event's cell holds about this many events.
CELL_NEIGHBOURS = 20

#: Smallest and largest automatic cell side, in metres (finer than 50 m is finer than most geocoding;
#: coarser than 1 km is no longer a place).
CELL_MIN_M = 50.0
CELL_MAX_M = 1000.0

#: The tidy sides the automatic cell is rounded to (nearest on a log scale), in metres.
CELL_STEPS_M = (50.0, 60.0, 75.0, 100.0, 125.0, 150.0, 200.0, 250.0, 300.0, 400.0, 500.0, 600.0, 750.0, 1000.0)

#: Events on which the spacing is measured at most (a systematic sample of the points sorted by position
#: above this, so the rule costs the same at a million points and does not depend on row order).
CELL_SAMPLE = 20_000

# --- Hotspot polygons (hotspots/methods/saddle.py): a contiguous hot area with several separate peaks splits
# at the saddles between them.

#: Split a hot area between two peaks when the surface between them drops below (1 − this) × the lower peak:
#: 0.5 splits where the count sinks to half the lower peak's; 1 never splits, 0 splits at every dip.
SPLIT_PROMINENCE = 0.5

# --- Emerging hot spots (hotspots/temporal/emerging.py).

#: Time steps before the current one whose neighbouring cells join a cell's Gi* neighbourhood (ArcGIS's
#: NEIGHBORHOOD_TIME_STEP default is 1); 0 is the spatial-only neighbourhood.
TIME_STEPS = 1
