"""What `iao update` checks in a dossier folder before it reads or writes anything there."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.dossier import output


def check_documents(folder: Path, names: Iterable[str]) -> None:
    """Refuse (OutputError, in Dutch) a link, a folder or a named pipe where one
    of the documents `names` goes: update would read it (and wait forever on a pipe)."""
    for name in names:
        output.plain_file(output.inside(folder, name))
