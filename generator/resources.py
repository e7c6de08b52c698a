"""Where the default templates and the example profile are.

In an installed wheel they sit inside the package (generator/templates,
generator/inputs); in a source checkout they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return resource_dir("templates")


def example_profile() -> Path:
    return resource_dir("inputs") / "voorbeeld.yaml"
