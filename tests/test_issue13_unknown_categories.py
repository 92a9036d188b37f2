"""Issue 13.5: share products refuse files whose categories are unknown (sensitive rows cannot be kept
out) unless the user names the category column or states that nothing in them is sensitive."""

import numpy as np
import pytest

from maps.cli.main import main

KALIX = (23.156, 65.853)


def _incidents(path, category=None):
    rng = np.random.default_rng(7)
    n = 80
    lon = KALIX[0] + rng.normal(0, 0.004, n)
    lat = KALIX[1] + rng.normal(0, 0.002, n)
    days = rng.integers(0, 700, n)
    lines = ["id;lon;lat;tid" + (";rubrik" if category else "")]
    for i in range(n):
        when = np.datetime64("2023-01-01") + np.timedelta64(int(days[i]), "D")
        lines.append(f"{i};{lon[i]:.6f};{lat[i]:.6f};{when} 22:{i % 60:02d}" + (f";{category}" if category else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _map(tmp_path, source, *extra, lang="sv"):
    out = tmp_path / "delning.html"
    code = main(["--lang", lang, "map", str(source), "--share", "--cell-m", "100", "-o", str(out), *extra])
    return code, out


def test_map_share_without_a_category_column_is_refused(tmp_path, capsys):
    source = _incidents(tmp_path / "utan kategori.csv")
    code, out = _map(tmp_path, source)
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "känsliga händelser kunde inte hållas utanför" in err and "utan kategori.csv" in err
    assert "--category" in err and "--no-sensitive" in err and "no_sensitive = true" in err
    code, _ = _map(tmp_path, source, lang="en")
    assert code == 1 and "sensitive incidents could not be kept out" in capsys.readouterr().err


def test_map_share_with_no_sensitive_or_a_named_column(tmp_path, capsys):
    source = _incidents(tmp_path / "utan.csv")
    code, out = _map(tmp_path, source, "--no-sensitive")
    assert code == 0 and out.exists(), capsys.readouterr().err
    named = _incidents(tmp_path / "rubrik.csv", category="Skadegörelse")
    code, out = _map(tmp_path, named, "--category-column", "rubrik")
    assert code == 0 and out.exists(), capsys.readouterr().err


def test_internal_products_do_not_ask(tmp_path, capsys):
    source = _incidents(tmp_path / "utan.csv")
    out = tmp_path / "intern.html"
    assert main(["map", str(source), "--cell-m", "100", "-o", str(out)]) == 0


def _project(tmp_path, privacy=""):
    _incidents(tmp_path / "inc.csv")
    path = tmp_path / "p.toml"
    path.write_text(f'[data]\nincidents = ["inc.csv"]\n[hotspots]\nmethod = "count"\ncell_m = 100\n'
                    f'[privacy]\n{privacy}\n', encoding="utf-8")
    return path


def test_run_refuses_before_writing_anything(tmp_path, capsys):
    out = tmp_path / "ut"
    assert main(["run", str(_project(tmp_path)), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "känsliga händelser kunde inte hållas utanför" in err and "inc.csv" in err
    assert not out.exists()


@pytest.mark.parametrize("how", ["project", "flag"])
def test_run_with_no_sensitive(tmp_path, capsys, how):
    project = _project(tmp_path, "no_sensitive = true" if how == "project" else "")
    out = tmp_path / "ut"
    argv = ["run", str(project), "-o", str(out), *(["--no-sensitive"] if how == "flag" else [])]
    assert main(argv) == 0, capsys.readouterr().err
    assert (out / "karta_delningsbar.html").exists()


def test_weekend_share_is_refused(tmp_path, capsys):
    project = _project(tmp_path)
    out = tmp_path / "genomgang.html"
    code = main(["weekend", "valborg", "--year", "2025", "--project", str(project), "--share", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists() and "känsliga händelser kunde inte hållas utanför" in err
