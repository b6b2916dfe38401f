"""What a wheel carries and installs: every word list the lexicon reads must be package
data, and the compiled dictionary reader pymorphy3 prefers."""

import fnmatch
import platform
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["quotemine"]
    data = ROOT / "quotemine" / "data"
    files = [f"data/{path.name}" for path in data.iterdir() if path.is_file()]
    left_out = [name for name in files if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert files and left_out == []


def test_pymorphy3_reads_its_dictionaries_with_the_compiled_dawg():
    """pymorphy3[fast], declared where DAWG2 has wheels: pymorphy3 picks the compiled
    reader over its pure-Python one on import, and lemmatizing a new word is then much
    cheaper."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [fast] = [Requirement(dep) for dep in config["project"]["dependencies"] if dep.startswith("pymorphy3[fast]")]
    if not fast.marker.evaluate() or platform.python_implementation() != "CPython":
        pytest.skip("pymorphy3[fast] is not required here (no DAWG2 wheel): pymorphy3 reads in pure Python")
    import pymorphy3.dawg

    assert pymorphy3.dawg.DAWG.__module__ == "dawg"
    assert pymorphy3.MorphAnalyzer().parse("заявила")[0].normal_form == "заявить"
