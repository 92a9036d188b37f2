"""tools/make_test_fixtures.py and the fixtures it made: small, listed in SOURCES.md, and up to date."""

import gzip
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _tool():
    spec = importlib.util.spec_from_file_location("make_test_fixtures", ROOT / "tools" / "make_test_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HAND_MADE = ("dialect/",)  # written by hand for the tests (see SOURCES.md), not derived from ../shared


def _files(derived_only=False):
    files = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "SOURCES.md")
    if derived_only:
        files = [p for p in files if not p.relative_to(DATA).as_posix().startswith(HAND_MADE)]
    return files


def _content(path_or_bytes, name):
    """The bytes a reader sees: gzip is compared unpacked (another zlib may pack the same data differently)."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return gzip.decompress(data) if name.endswith(".gz") else data


def test_fixtures_are_small_and_each_is_listed_in_sources():
    files = _files()
    assert len(files) >= 16
    assert sum(p.stat().st_size for p in files) < 1_000_000  # issue #12: under 1 MB in all
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    unlisted = [str(p.relative_to(DATA)) for p in files if f"`{p.name}`" not in sources
                and f"`{p.relative_to(DATA).as_posix().split('/', 1)[-1]}`" not in sources]
    assert unlisted == []


def test_fixtures_are_what_the_tool_makes_from_shared(shared):
    made = _tool().fixtures(shared)
    derived = [p.relative_to(DATA).as_posix() for p in _files(derived_only=True)]
    assert sorted(made) == derived  # nothing stale, nothing missing
    for name, data in made.items():
        assert _content(data, name) == _content(DATA / name, name), name


def test_tool_is_deterministic_and_gzip_has_no_time_stamp(shared, tmp_path):
    tool = _tool()
    assert tool.main(["--shared", str(shared), "--out", str(tmp_path / "a")]) == 0
    assert tool.main(["--shared", str(shared), "--out", str(tmp_path / "b")]) == 0
    for path in (tmp_path / "a").rglob("*.*"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
        if path.suffix == ".gz":
            assert path.read_bytes()[4:8] == b"\0\0\0\0"  # gzip MTIME field


def test_tool_without_shared_data_exits_1(tmp_path, capsys):
    assert _tool().main(["--shared", str(tmp_path / "absent"), "--out", str(tmp_path / "out")]) == 1
    assert "pass --shared" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("keep", [[True, False, True], [False, False, False]])
def test_lines_where_keeps_the_header_and_the_chosen_rows_byte_for_byte(keep):
    raw = b"a,b\r\n1,x\r\n2,y\r\n3,z\r\n"
    rows = [b"1,x\r\n", b"2,y\r\n", b"3,z\r\n"]
    expected = b"a,b\r\n" + b"".join(r for r, k in zip(rows, keep) if k)
    assert _tool()._lines_where(raw, keep) == expected


def test_lines_where_refuses_quoted_line_breaks():
    with pytest.raises(ValueError, match="quoted line breaks"):
        _tool()._lines_where(b'a,b\n1,"x\ny"\n', [True])
