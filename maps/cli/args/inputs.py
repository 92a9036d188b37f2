"""The inputs of a command: from positional ``POINTS...`` or a ``--project``, with explicit flags on top.

Rules (the same for every command):

* exactly one source: ``POINTS...`` or ``--project FILE.toml``; both or neither is a usage error;
* with a project, its incidents, complaints, ``[read]`` options, time zone, ``[hotspots]`` method and
  settings, boundary, patrols, special places, local events, ``[calendar]``, ``min_count`` and language are
  used; any flag given on the command line replaces the project's value;
* without a project every value left out falls back on :mod:`hotspots.defaults` (``METHOD``, ``TZ``, ...),
  the same defaults ``run`` uses, so the same data give the same hotspots whichever command asks.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from hotspots.defaults import BOUNDARY_BUFFER_M, ENGINE, LANG, METHOD, MIN_COUNT, TZ
from maps.cli.args.options import UsageError

__all__ = ["Inputs", "resolve_inputs"]

# argparse dest -> ReadOptions field, for the reading flags a project's [read] may also set.
_READ_FLAGS = ("x_col", "y_col", "crs", "start_col", "end_col", "date_col", "clock_col", "tz", "ignore_offsets",
               "id_col", "category_col", "text_col", "weight_col", "sheet", "layer", "encoding", "delimiter",
               "boundary", "boundary_buffer_m", "dayfirst", "min_date", "max_date", "study_box", "default_category")
_FLAG_NAMES = {"dayfirst": "--dayfirst/--monthfirst", "min_date": "--min-date", "max_date": "--max-date",
               "study_box": "--study-box"}
# argparse dest -> HotspotFinder parameter, for the hotspot flags a project's [hotspots] may also set.
_HOTSPOT_FLAGS = ("method", "cell_m", "bandwidth_m", "kernel", "fdr", "alpha", "eps_m", "min_samples",
                  "top_share", "complaint_weight", "keep_imprecise", "split_prominence")


@dataclass
class Inputs:
    """Everything a command reads, resolved from the command line and the project file."""

    incidents: list
    complaints: list
    read: object  # hotspots.io.read.ReadOptions
    hotspots: dict  # find_hotspots(points, **hotspots): method and settings
    lang: str
    min_count: int
    patrols: list = field(default_factory=list)
    places: object = None
    events: list | None = None
    calendar: dict | None = None
    title: str = ""
    synthetic: bool = False
    all_cells: bool = False
    no_sensitive: bool = False  # --no-sensitive / [privacy] no_sensitive: the user states nothing is sensitive
    project: object = None  # maps.cli.args.project.Project
    engine: str = ENGINE  # --engine, else the project's [engine] name, else local
    scheduler: str | None = None  # --scheduler, else the project's [engine] scheduler
    localities: object = None  # a localities file (place names), or None
    basemap: list = field(default_factory=list)  # base data files (roads, water, buildings, places)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # what steps read once per run

    @property
    def tz(self) -> str:
        """Local time zone of the data: stated, else found by the reader (see ``read_incidents``)."""
        return self.read.tz or TZ


def resolve_inputs(args) -> Inputs:
    """The inputs of a parsed command line.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by :func:`maps.cli.main.build_parser`; ``args.lang`` is ``None`` when not given.

    Returns
    -------
    Inputs

    Raises
    ------
    UsageError
        Both or neither of ``POINTS...`` and ``--project``.
    InputError
        A project file that cannot be used.
    """
    from hotspots.io.read import ReadOptions
    from maps.cli.args.project import load_project
    from maps.cli.args.readopts import ReadOptionError, read_option_values

    points, project_path = list(getattr(args, "points", None) or []), getattr(args, "project", None)
    if points and project_path:
        raise UsageError(f"give incident files or --project, not both "
                         f"(got {points[0]} and --project {project_path})")
    if not points and not project_path:
        raise UsageError("give incident files (POINTS...) or --project FILE.toml")
    project = load_project(project_path) if project_path else None
    flags = {k: getattr(args, k, None) for k in _READ_FLAGS}
    try:
        explicit = read_option_values({k: v for k, v in flags.items() if v is not None},
                                      where=lambda key: _FLAG_NAMES.get(key, key))
    except ReadOptionError as err:
        raise UsageError(str(err)) from None
    if project is not None:
        read = replace(project.read, **explicit)
    else:
        # no --tz: the zone comes from where the points are (read_points), never Stockholm abroad
        read = ReadOptions(**{"boundary_buffer_m": BOUNDARY_BUFFER_M, **explicit})
    hotspots = dict(project.hotspots) if project is not None else {}
    hotspots.update({k: getattr(args, k) for k in _HOTSPOT_FLAGS if getattr(args, k, None) is not None})
    hotspots.setdefault("method", METHOD)
    given = getattr(args, "complaints", None)
    return Inputs(
        incidents=[Path(p) for p in points] if points else list(project.incidents) if project else [],
        complaints=list(given) if given is not None else list(project.complaints) if project else [],
        read=read, hotspots=hotspots,
        lang=getattr(args, "lang", None) or (project.lang if project else LANG),
        min_count=_first(getattr(args, "min_count", None), project and project.min_count, MIN_COUNT),
        patrols=list(getattr(args, "patrols", None) or (project.patrols if project else [])),
        places=getattr(args, "places", None) or (project.special_places if project else None),
        events=project.events if project else None,
        calendar=project.settings.get("calendar") if project else None,
        title=project.name if project else (Path(points[0]).stem if points else ""),
        synthetic=bool(getattr(args, "synthetic", False) or (project and project.synthetic)),
        all_cells=bool(getattr(args, "all_cells", False) or (project and project.all_cells)),
        no_sensitive=bool(getattr(args, "no_sensitive", None) or (project and project.no_sensitive)),
        project=project,
        engine=getattr(args, "engine", None) or (project.engine.get("name") if project else None) or ENGINE,
        scheduler=getattr(args, "scheduler", None) or (project.engine.get("scheduler") if project else None),
        localities=getattr(args, "localities", None) or (project.localities if project else None),
        basemap=list(getattr(args, "basemap", None) or (project.basemap if project else [])))


def _first(*values):
    return next(v for v in values if v is not None and v is not False)
