"""iao generate --definitief (issue 22): refused while a blank is left, then every document
without "ONTWERP", the documents the legal service edited included, their text kept."""

from __future__ import annotations

import re

from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from tests.conftest import REFERENCE_PATH

BLANK = re.compile(r"\[in te vullen: [^\]]*\]")


def _generate(*args):
    return CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), *map(str, args)])


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def _fill_in(path) -> None:
    """What the legal service does in Word: every blank filled in."""
    document = Document(path)
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            if "[in te vullen:" in run.text:
                run.text = BLANK.sub("ingevuld door de juridische dienst", run.text)
    document.save(path)


def _headers(path) -> str:
    return " ".join(p.text for s in Document(path).sections for p in s.header.paragraphs)


def test_definitief_is_refused_while_blanks_are_left(tmp_path):
    out = tmp_path / "dossier"
    result = _generate("-o", out, "--definitief")
    assert result.exit_code == 1, result.output
    assert "--definitief: er staat nog" in result.output and "Er is niets geschreven." in result.output
    assert "  verwerkersovereenkomst-nieuw-2027-2028.docx: [in te vullen:" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_definitief_writes_every_document_without_ontwerp_and_keeps_the_edits(tmp_path):
    out = tmp_path / "dossier"
    assert _generate("-o", out).exit_code == 0
    documents = sorted(out.glob("*.docx"))
    assert all("ONTWERP" in _headers(path) for path in documents)
    for path in documents:
        _fill_in(path)
    edited = {path.name: path.read_bytes() for path in documents}
    result = _generate("-o", out, "--definitief")
    assert result.exit_code == 0, result.output
    for path in documents:
        assert "ONTWERP" not in _headers(path), path.name
        text = " ".join(p.text for p in _paragraphs(Document(path)))
        assert "[in te vullen:" not in text
    filled = [path for path in documents if "ingevuld door de juridische dienst" in " ".join(p.text for p in _paragraphs(Document(path)))]
    assert len(filled) >= 10  # the user's text stays
    assert (out / "verwerkersovereenkomst-nieuw-2027-2028.bewerkt-1.docx").read_bytes() == edited["verwerkersovereenkomst-nieuw-2027-2028.docx"]
    again = _generate("-o", out)  # still the user's documents: a draft run keeps them
    assert again.exit_code == 3 and "NIET overschreven" in again.output


def test_definitief_takes_one_profile(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), str(REFERENCE_PATH), "-o", str(tmp_path), "--definitief"])
    assert result.exit_code == 2 and "--definitief maakt één dossier definitief" in result.output
