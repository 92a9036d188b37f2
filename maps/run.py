"""Make a project's products: the check summary, rejected rows, hotspots, grid cells and the map."""

import json
from importlib import resources
from pathlib import Path

from hotspots.area import read_area
from hotspots.find import find_hotspots
from hotspots.read import read_points
from maps.export import write_table
from maps.labels import label
from maps.points_map import points_map
from maps.project import load_project
from maps.summary import format_hotspots, format_summary

__all__ = ["run_project", "DEMO_PROJECT"]

DEMO_PROJECT = resources.files("maps.demo") / "kalix" / "kalix.toml"


def run_project(project, out_dir=None, *, lang=None, quiet=False) -> dict:
    """Read a project's data and write its products.

    Parameters
    ----------
    project : str or Path
        The project TOML file.
    out_dir : str or Path, optional
        Output folder; default ``out/<project file stem>``.
    lang : {"sv", "en"}, optional
        Language of the printed summary and the map; default the project's.
    quiet : bool
        Print nothing (the caller prints JSON instead).

    Returns
    -------
    dict
        ``{"summary": <check summary>, "products": {name: path}}``.
    """
    proj = load_project(Path(str(project)))
    lang = lang or proj.lang
    out = Path(out_dir) if out_dir else Path("out") / proj.path.stem
    out.mkdir(parents=True, exist_ok=True)
    result = read_points(proj.incidents, proj.complaints, options=proj.read)
    summary = {"project": proj.name, "synthetic": proj.synthetic, **result.summary}
    products = {
        "summary": out / "check_summary.json",
        "rejects": out / "rejects.csv",
        "map": out / "karta_intern.html" if lang == "sv" else out / "map_internal.html",
    }
    result.rejects.to_csv(products["rejects"], sep=";", index=False, encoding="utf-8-sig")
    boundary = read_area(proj.boundary) if proj.boundary else None
    finder = find_hotspots(result.points, boundary=boundary, **proj.hotspots)
    products["hotspots"] = write_table(finder.hotspots_, out / "hotspots.gpkg")
    products["cells"] = write_table(finder.cells_, out / "cells.gpkg")
    summary["hotspots"] = finder.params_
    products["summary"].write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                   encoding="utf-8")
    title = proj.name
    fmap = points_map(result.points, boundary=boundary, title=title, synthetic=proj.synthetic, lang=lang)
    fmap.save(str(products["map"]))
    if not quiet:
        if proj.synthetic:
            print(label("synthetic", lang).upper())
        print(format_summary(summary, lang))
        print()
        print(format_hotspots(finder, lang))
        print()
        for name, path in products.items():
            print(f"{label('written', lang)}: {path}")
    return {"summary": summary, "products": {k: str(v) for k, v in products.items()}}
