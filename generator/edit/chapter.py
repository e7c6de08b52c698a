"""The chapter `iao amend` inserts, read from the rendered amendment (and the error amend refuses with)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from generator.errors import EXIT_INPUT, IaoError
from generator.word import contract, structure


class AmendError(IaoError):
    """The existing regulation or the request cannot be used; nothing is written."""

    exit_code = EXIT_INPUT


# ------------------------------------------------------------- the chapter


@dataclass(frozen=True)
class Fragment:
    """A piece of text with the only character formatting we carry over."""

    text: str
    bold: bool = False
    highlight: str | None = None  # as OOXML names it: "yellow" a blank, "cyan" an article number to check


@dataclass
class Piece:
    """One block of the inserted chapter: kind "hoofdstuk", "artikel", "tekst",
    "opsomming" or "tabel"; `notes` are the adviser's notes that follow it."""

    kind: str
    fragments: list[Fragment] = field(default_factory=list)
    rows: list[list[list[Fragment]]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)


def chapter_of(rendered: bytes) -> list[Piece]:
    """The inserted chapter of a rendered amendment, from its "Hoofdstuk ..." line
    up to the first paragraph that is no longer inserted text (or a note)."""
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(rendered))
    sheet = structure.StyleSheet(document)
    pieces: list[Piece] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if pieces:
                pieces.append(_table_piece(block, sheet))
            continue
        style = sheet.name(sheet.style_id(block._p))
        if not pieces:
            if contract.is_chapter_heading(style, block.text):
                pieces.append(Piece("hoofdstuk", _fragments(block, sheet)))
            continue
        if style == contract.NOTE:
            pieces[-1].notes.append(block.text.strip())
        elif style in contract.INSERTED_PIECES:
            if block.text.strip():
                pieces.append(Piece(contract.INSERTED_PIECES[style], _fragments(block, sheet)))
        else:
            break
    if not pieces:
        raise AmendError(
            f"het sjabloon bevat geen ingevoegd hoofdstuk (een alinea 'Hoofdstuk ...' in de stijl '{contract.INSERTED_TEXT}'); er is niets geschreven."
        )
    _strip_quote(pieces)
    return pieces


def _fragments(paragraph, sheet: structure.StyleSheet) -> list[Fragment]:
    found = []
    for run in paragraph.runs:
        if not run.text:
            continue
        strong = sheet.character_name(run._r) in contract.STRONG_NAMES
        found.append(Fragment(run.text, bool(run.bold) or strong, _highlight_of(run)))
    return found


def _table_piece(table, sheet: structure.StyleSheet) -> Piece:
    rows = [[[fragment for p in cell.paragraphs for fragment in _fragments(p, sheet)] for cell in row.cells] for row in table.rows]
    widths = [column.width.twips if column.width else 2268 for column in table.columns]
    return Piece("tabel", rows=rows, widths=widths)


def _strip_quote(pieces: list[Piece]) -> None:
    """The amendment quotes the chapter (“...”); in the regulation itself it is plain text."""
    last = next((p for p in reversed(pieces) if p.fragments), None)
    if last is not None:
        tail = last.fragments[-1]
        if tail.text.rstrip().endswith(contract.CLOSING_QUOTE):
            last.fragments[-1] = Fragment(tail.text.rstrip()[:-1], tail.bold, tail.highlight)


def _highlight_of(run) -> str | None:
    """The highlight of a python-docx run as OOXML names it, None if it has none."""
    from docx.oxml.ns import qn

    rpr = run._r.rPr
    mark = rpr.find(qn("w:highlight")) if rpr is not None else None
    return mark.get(qn("w:val")) if mark is not None else None
