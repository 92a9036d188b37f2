"""The README's Python example runs as written (issue 12: the API example is a doctest)."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_issue12_readme_api_example_runs():
    result = doctest.testfile(str(README), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8, "the README lost its API example"
    assert result.failed == 0
