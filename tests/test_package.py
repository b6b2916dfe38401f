"""What a wheel carries: every word list the lexicon reads must be package data."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["quotemine"]
    data = ROOT / "quotemine" / "data"
    files = [f"data/{path.name}" for path in data.iterdir() if path.is_file()]
    left_out = [name for name in files if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert files and left_out == []
