"""What `iao update` checks in a dossier folder before it reads or writes anything there."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.dossier import output
from generator.word.untrusted import UnsafeDocument, check_docx


def check_documents(folder: Path, names: Iterable[str]) -> None:
    """Refuse (in Dutch) a link, a folder or a named pipe where one of the
    documents `names` goes (update would read it, and wait forever on a pipe),
    and a .docx there that is not a plain, sane Word document (a DTD, a zip
    bomb, an old .doc): update parses the user's document as it would a
    template of outside."""
    for name in names:
        path = output.inside(folder, name)
        if output.plain_file(path) is not None and name.endswith(".docx"):
            try:
                check_docx(path, "het document")
            except UnsafeDocument as exc:
                raise UnsafeDocument(f"{exc} Er is niets bijgewerkt.") from None
