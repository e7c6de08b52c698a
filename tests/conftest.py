"""Shared fixtures: the reference profile as data, and writing profiles to disk.

def test_x(profile_data, write_profile, tmp_path):
    profile_data["opnames"]["leerlingen"] = "altijd"
    path = write_profile(tmp_path, profile_data)       # a dict is dumped as YAML
    path = write_profile(tmp_path, "schooljaar: x\\n")  # text is written as is (UTF-8)
    path = write_profile(tmp_path, b"\\xff\\xfe...")      # bytes too
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PATH = ROOT / "inputs" / "voorbeeld.yaml"
REFERENCE_TEXT = REFERENCE_PATH.read_text(encoding="utf-8")
_REFERENCE_DATA = yaml.safe_load(REFERENCE_TEXT)


def pytest_configure(config) -> None:
    # One template cache for the whole run, shared by the xdist workers (they inherit the
    # variable), never the user's own cache folder; removed by the process that made it.
    if "IAO_CACHE" not in os.environ:
        os.environ["IAO_CACHE"] = config._iao_cache = tempfile.mkdtemp(prefix="iao-tests-cache-")


def pytest_unconfigure(config) -> None:
    made = getattr(config, "_iao_cache", None)
    if made:
        shutil.rmtree(made, ignore_errors=True)
        del os.environ["IAO_CACHE"]


class _NoAliasDumper(yaml.SafeDumper):
    """safe_dump, but a value used twice (one date object for two fields) is written
    twice instead of as an anchor and alias, which profiles refuse."""

    def ignore_aliases(self, data):
        return True


def dump_profile(data: Any) -> str:
    """YAML text as a secretariat would write it: block style, field order kept."""
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)


def _write_profile(tmp_path: Path, data_or_text: Any, name: str = "profiel.yaml") -> Path:
    path = Path(tmp_path) / name
    if isinstance(data_or_text, bytes):
        path.write_bytes(data_or_text)
    elif isinstance(data_or_text, str):
        path.write_bytes(data_or_text.encode("utf-8"))  # no newline translation: line numbers stay exact
    else:
        path.write_bytes(dump_profile(data_or_text).encode("utf-8"))
    return path


@pytest.fixture
def profile_data() -> dict:
    """A fresh, mutable deep copy of the reference profile (inputs/voorbeeld.yaml)."""
    return copy.deepcopy(_REFERENCE_DATA)


@pytest.fixture
def reference_text() -> str:
    return REFERENCE_TEXT


@pytest.fixture
def reference_path() -> Path:
    return REFERENCE_PATH


@pytest.fixture
def write_profile():
    """write_profile(tmp_path, data_or_text, name="profiel.yaml") -> Path of the written file."""
    return _write_profile


def line_of_text(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the n-th occurrence of needle."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


@pytest.fixture
def line_of():
    """line_of(text, needle, occurrence=1) -> 1-based line number of the n-th match."""
    return line_of_text
