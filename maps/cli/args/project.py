"""The project file (TOML): a municipality's repeatable setup of data, privacy and local events.

Shape (paths are relative to the project file)::

    [project]                      # name, synthetic, timezone, crs, lang
    [data]                         # incidents, complaints, patrols, special_places, boundary, boundary_buffer_m,
                                   # localities (a CSV name, lat, lon[, population] or any GIS points file)
    [read]                         # optional reading options: x, y, crs, sheet, ignore_offsets, dayfirst,
                                   # min_date, max_date, study_box ([w, s, e, n] in degrees, "auto", "off"),
                                   # default_category, tz, ...
    [privacy]                      # min_count, no_sensitive (true: share products without a category column)
    [categories]                   # raw category -> canonical key overrides
    [hotspots]                     # method, cell_m, split_prominence, bandwidth_m, fdr, alpha, ...,
                                   # all_cells (write every grid cell, not only those with points)
    [[events]]                     # local events: key, name, rule or dates, start_time, end_time
    [coverage]                     # covered_at, thin_at: verdict thresholds on risk_covered (layers.cover.verdict)
    [[promises]]                   # promise areas (layers.review.promises): name, categories, places, events, direction
    [tracks]                       # delivered presence: max_gap_min, radius_m ([data] tracks, reports name the files)
    [engine]                       # name = "local" | "dask", scheduler = "tcp://host:8786" (hotspots command)
    [maps]                         # offline, tiles, basemap (file or list: roads, water, buildings), briefings,
                                   # year, suggest_visits, png
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hotspots.defaults import BOUNDARY_BUFFER_M, ENGINE, ENGINES, LANG, LANGS, METHOD, METHODS, MIN_COUNT
from hotspots.errors import InputError

if TYPE_CHECKING:  # imported in load_project: this module stays light for --help
    from hotspots.io.read import ReadOptions

__all__ = ["load_project"]

_SECTIONS = {"project", "data", "read", "privacy", "categories", "events", "calendar", "hotspots", "maps", "coverage",
             "promises", "tracks", "engine"}
_READ_KEYS = {"x": "x_col", "y": "y_col", "crs": "crs", "start": "start_col", "end": "end_col",
              "date": "date_col", "clock": "clock_col", "id": "id_col", "category": "category_col",
              "text": "text_col", "weight": "weight_col", "sheet": "sheet", "layer": "layer",
              "encoding": "encoding", "delimiter": "delimiter", "ignore_offsets": "ignore_offsets",
              "dayfirst": "dayfirst", "min_date": "min_date", "max_date": "max_date", "study_box": "study_box",
              "default_category": "default_category", "tz": "tz"}
_PRIVACY_KEYS = {"min_count", "no_sensitive"}

_HOTSPOT_KEYS = {"method", "cell_m", "bandwidth_m", "kernel", "fdr", "alpha", "eps_m", "min_samples",
                 "min_cluster_size", "top_share", "min_points", "complaint_weight", "category_weights",
                 "density_ratio", "seed", "all_cells", "keep_imprecise", "split_prominence"}


@dataclass(frozen=True)
class Project:
    """A loaded project: resolved paths and settings."""

    path: Path
    name: str
    synthetic: bool
    lang: str
    incidents: list
    complaints: list
    patrols: list
    special_places: Path | None
    boundary: Path | None
    min_count: int
    read: "ReadOptions"
    events: list = field(default_factory=list)
    hotspots: dict = field(default_factory=dict)  # HotspotFinder settings from [hotspots]
    all_cells: bool = False  # [hotspots] all_cells: write every grid cell
    no_sensitive: bool = False  # [privacy] no_sensitive: the user states no incident is sensitive
    localities: Path | None = None  # [data] localities: place names for orientation and hotspot names
    basemap: list = field(default_factory=list)  # [maps] basemap: the user's base data files
    settings: dict = field(default_factory=dict)  # the raw TOML, for later stages
    tracks: list = field(default_factory=list)  # [data] tracks: GPX/KML/position logs (delivered presence)
    reports: list = field(default_factory=list)  # [data] reports: patrol reports (delivered presence)
    engine: dict = field(default_factory=dict)  # [engine]: name ("local" | "dask"), scheduler (address or None)


def load_project(path) -> Project:
    """Load and check a project file.

    Parameters
    ----------
    path : str or Path
        The TOML file.

    Returns
    -------
    Project
        Paths resolved against the file's folder; reading options as a :class:`ReadOptions`.

    Raises
    ------
    InputError
        Missing or malformed file, unknown section, a data file that does not exist.
    """
    from hotspots.io.read import ReadOptions

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: project file not found; pass the path to a .toml project file.")
    try:
        conf = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not valid TOML ({err}); fix the line it names.") from None
    unknown = set(conf) - _SECTIONS
    if unknown:
        raise InputError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; "
                         f"known sections are {', '.join(sorted(_SECTIONS))}.")
    meta, data = conf.get("project", {}), conf.get("data", {})
    base = path.parent

    def files(key):
        value = data.get(key, [])
        out = [base / v for v in ([value] if isinstance(value, str) else value)]
        missing = [str(p) for p in out if not p.exists()]
        if missing:
            raise InputError(f"{path}: [data] {key} names missing file(s): {', '.join(missing)}; fix the path.")
        return out

    def one(key):
        return (files(key) or [None])[0]
    read_conf = conf.get("read", {})
    bad_read = set(read_conf) - set(_READ_KEYS)
    if bad_read:
        raise InputError(f"{path}: unknown [read] key(s) {', '.join(sorted(bad_read))}; "
                         f"known keys are {', '.join(sorted(_READ_KEYS))}.")
    hotspot_conf = dict(conf.get("hotspots", {}))
    bad_hot = set(hotspot_conf) - _HOTSPOT_KEYS
    if bad_hot:
        raise InputError(f"{path}: unknown [hotspots] key(s) {', '.join(sorted(bad_hot))}; "
                         f"known keys are {', '.join(sorted(_HOTSPOT_KEYS))}.")
    all_cells = hotspot_conf.pop("all_cells", False)
    if not isinstance(all_cells, bool):
        raise InputError(f"{path}: [hotspots] all_cells must be true or false, got {all_cells!r}.")
    if hotspot_conf.get("method", METHOD) not in METHODS:
        raise InputError(f"{path}: [hotspots] method must be one of {', '.join(METHODS)}, "
                         f"got {hotspot_conf['method']!r}.")
    boundary = one("boundary")
    read_values = _read_values(path, meta, read_conf)
    overrides = {str(k): str(v) for k, v in conf.get("categories", {}).items()}
    read = ReadOptions(
        target_crs=meta.get("crs"),
        boundary=boundary, boundary_buffer_m=float(data.get("boundary_buffer_m", BOUNDARY_BUFFER_M)),
        category_overrides=overrides, **read_values,
    )
    privacy = conf.get("privacy", {})
    bad_privacy = set(privacy) - _PRIVACY_KEYS
    if bad_privacy:
        raise InputError(f"{path}: unknown [privacy] key(s) {', '.join(sorted(bad_privacy))}; "
                         f"known keys are {', '.join(sorted(_PRIVACY_KEYS))}.")
    min_count = privacy.get("min_count", MIN_COUNT)
    if not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"{path}: [privacy] min_count must be a whole number ≥ 1, got {min_count!r}.")
    no_sensitive = privacy.get("no_sensitive", False)
    if not isinstance(no_sensitive, bool):
        raise InputError(f"{path}: [privacy] no_sensitive must be true or false, got {no_sensitive!r}.")
    lang = meta.get("lang", LANG)
    if lang not in LANGS:
        raise InputError(f"{path}: [project] lang must be 'sv' or 'en', got {lang!r}.")
    if not isinstance(conf.get("events", []), list):
        raise InputError(f"{path}: events must be a list of [[events]] tables.")
    bad_cov = set(conf.get("coverage", {})) - {"covered_at", "thin_at"}
    if bad_cov:
        raise InputError(f"{path}: unknown [coverage] key(s) {', '.join(sorted(bad_cov))}; known keys are "
                         "covered_at, thin_at.")
    bad_tracks = set(conf.get("tracks", {})) - {"max_gap_min", "radius_m"}
    if bad_tracks:
        raise InputError(f"{path}: unknown [tracks] key(s) {', '.join(sorted(bad_tracks))}; known keys are "
                         "max_gap_min, radius_m.")
    if not isinstance(conf.get("promises", []), list):
        raise InputError(f"{path}: promises must be a list of [[promises]] tables.")
    basemap = conf.get("maps", {}).get("basemap", [])
    basemap = [base / b for b in ([basemap] if isinstance(basemap, str) else basemap)]
    missing = [str(b) for b in basemap if not b.exists()]
    if missing:
        raise InputError(f"{path}: [maps] basemap names missing file(s): {', '.join(missing)}; fix the path.")
    if not isinstance(conf.get("calendar", {}), dict):
        raise InputError(f"{path}: calendar must be a [calendar] table of event keys.")
    engine = _engine(path, conf.get("engine", {}))
    return Project(
        path=path, name=str(meta.get("name", path.stem)), synthetic=bool(meta.get("synthetic", False)),
        lang=lang, incidents=files("incidents"), complaints=files("complaints"), patrols=files("patrols"),
        special_places=one("special_places"), boundary=boundary, min_count=min_count, read=read,
        events=list(conf.get("events", [])), hotspots=hotspot_conf, all_cells=all_cells, no_sensitive=no_sensitive,
        settings=conf, tracks=files("tracks"), reports=files("reports"), engine=engine,
        localities=one("localities"), basemap=basemap,
    )


def _engine(path, conf) -> dict:
    """The checked ``[engine]`` table: ``name`` (default local) and ``scheduler`` (address or None)."""
    if not isinstance(conf, dict):
        raise InputError(f"{path}: engine must be an [engine] table with name and scheduler.")
    unknown = set(conf) - {"name", "scheduler"}
    if unknown:
        raise InputError(f"{path}: unknown [engine] key(s) {', '.join(sorted(unknown))}; known keys are name, "
                         "scheduler.")
    name = conf.get("name", ENGINE)
    if name not in ENGINES:
        raise InputError(f"{path}: [engine] name must be one of {', '.join(ENGINES)}, got {name!r}.")
    scheduler = conf.get("scheduler")
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise InputError(f"{path}: [engine] scheduler must be an address such as \"tcp://10.0.0.5:8786\", "
                         f"got {scheduler!r}.")
    return {"name": name, "scheduler": scheduler}


def _read_values(path, meta, read_conf) -> dict:
    """``[read]`` as ReadOptions fields, checked (dates, box, day order), with ``[project] timezone`` as ``tz``."""
    from maps.cli.args.readopts import ReadOptionError, read_option_values

    values = {_READ_KEYS[k]: v for k, v in read_conf.items()}
    zone = meta.get("timezone")
    if zone is not None and values.get("tz") not in (None, zone):
        raise InputError(f"{path}: [project] timezone {zone!r} and [read] tz {values['tz']!r} differ; keep one.")
    values["tz"] = values.get("tz", zone)
    try:
        return read_option_values(values, where=lambda key: f"[read] {key}")
    except ReadOptionError as err:
        raise InputError(f"{path}: {err}") from None
