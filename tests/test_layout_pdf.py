"""Pages that hold in any house style (issue 22), measured on the printed PDFs.

Two contrasting academies (the reference, and a stad whose college decides and whose
processor is outside the EER), each with the built-in style and with the test house
style (Georgia text, Verdana headings, 3 cm margins, a letterhead: tests/test_huisstijl),
all converted in one LibreOffice run. The word boxes of `pdftotext -bbox-layout` tell
where each line stands on its page; the headings and table words come from the .docx.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import docx
import pytest
from lxml import etree

from generator.dossier import pdf
from generator.dossier.generation import build_dossier
from generator.profile.loading import load_profile
from generator.word.reference import load_reference
from tests.conftest import dump_profile
from tests.dossier import contrasting
from tests.test_huisstijl import make_reference

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice (soffice) of pdftotext ontbreekt")

PROFILES = ("referentie", "stad_college_buiten_eer")
# style ids: python-docx's paragraph.style scans the style sheet for every paragraph without one
HEADING_STYLES = {"Title", "Heading1", "Heading2", "Heading3", "Artikel", "Ingevoegdartikel"}
NEAR_EMPTY = 25  # words: a page with fewer, that does not start a part of its own, is (almost) empty
# LibreOffice 7.4 leaves this heading at the foot of page 1 though it and the two
# paragraphs after it carry keep-with-next (the same document cut after 75 of its
# paragraphs keeps them together; Word does): a limitation of its layout, not ours.
LIBREOFFICE_KEEPS_IGNORED = {("referentie", "ingebouwd", "verwerkersovereenkomst-nieuw-2027-2028.docx", 1, "Bepalingen")}


@dataclass
class Line:
    top: float
    bottom: float
    words: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Printed:
    """One document: what the .docx says, and the body lines of each printed page."""

    headings: set[str]
    all_words: set[str]
    cell_words: set[str]
    pages: list[list[Line]]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str, str], Printed]:
    folder = tmp_path_factory.mktemp("opmaak")
    reference = load_reference(make_reference(folder / "huisstijl.docx"))
    documents = {}
    for name in PROFILES:
        path = folder / f"{name}.yaml"
        path.write_text(dump_profile(contrasting(name)), encoding="utf-8")
        loaded = load_profile(path)
        for style, house in (("ingebouwd", None), ("huisstijl", reference)):
            for file, data in build_dossier(loaded, reference=house).files.items():
                if file.endswith(".docx"):
                    documents[(name, style, file)] = data
    pdfs = pdf.convert(documents, pdf.PdfSettings())
    return {key: _printed(documents[key], pdfs[key]) for key in documents}


def _printed(data: bytes, pdf_bytes: bytes) -> Printed:
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return Printed(
        headings={_plain(p.text) for p in document.paragraphs if p._p.style in HEADING_STYLES and p.text.strip()},
        all_words=set(re.findall(r"\w+", text)),
        cell_words={word for cell in cells for word in re.findall(r"[\w\-]{6,}", cell)},
        pages=_body_lines(pdf_bytes, section.top_margin.pt, section.bottom_margin.pt),
    )


def _body_lines(pdf_bytes: bytes, top: float, bottom: float) -> list[list[Line]]:
    """Per page, its lines between the top and bottom margin (no header, no footer), top down."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf_bytes)
        file.flush()
        html = subprocess.run(["pdftotext", "-bbox-layout", file.name, "-"], capture_output=True, check=True).stdout
    pages = []
    for page in etree.fromstring(html, etree.HTMLParser()).iter("page"):
        height = float(page.get("height"))
        lines = [Line(float(line.get("ymin")), float(line.get("ymax")), [w.text or "" for w in line.iter("word")]) for line in page.iter("line")]
        pages.append(sorted((line for line in lines if line.top >= top - 2 and line.bottom <= height - bottom + 2), key=lambda line: line.top))
    return pages


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _starts_a_part(document: Printed, page: list[Line]) -> bool:
    return bool(page) and _plain(page[0].text) in document.headings


def test_no_page_is_blank_or_nearly_empty(printed):
    """No blank page, no signature block or last lines alone on a page: a page with
    few words is allowed only where a part begins (a short annex)."""
    found = []
    for key, document in printed.items():
        for number, page in enumerate(document.pages, 1):
            words = sum(len(line.words) for line in page)
            if len(document.pages) > 1 and words < NEAR_EMPTY and not _starts_a_part(document, page):
                found.append(f"{key[:2]} {key[2]} p{number}: {words} woorden")
    assert found == []


def test_no_page_ends_on_a_heading_or_an_introducing_line(printed):
    found = []
    for key, document in printed.items():
        for number, (page, following) in enumerate(zip(document.pages, document.pages[1:], strict=False), 1):
            if not page:
                continue
            tail = [_plain(line.text) for line in page[-3:]]
            heading = next((" ".join(tail[k:]) for k in range(len(tail)) if " ".join(tail[k:]) in document.headings), None)
            if heading and (*key, number, heading) not in LIBREOFFICE_KEEPS_IGNORED:
                found.append(f"{key[:2]} {key[2]} p{number}: kop {heading!r} onderaan")
            elif tail[-1].endswith(":") and not _starts_a_part(document, following):  # "besluit:", "... deze stappen:"
                found.append(f"{key[:2]} {key[2]} p{number}: {tail[-1]!r} onderaan")
    assert found == []


def test_no_word_is_broken_inside_a_table_cell(printed):
    """A column too narrow for its longest word in the document's font cuts it without a
    hyphen ("Structuuronder|deel"): two pieces on consecutive lines that together are a
    word of a cell, the first no word of the document (a break at a hyphen is allowed)."""
    found = []
    for key, document in printed.items():
        for number, page in enumerate(document.pages, 1):
            pieces = [(word, n) for n, line in enumerate(page) for word in line.words]
            for (first, line), (second, next_line) in zip(pieces, pieces[1:], strict=False):
                if line != next_line and first + second in document.cell_words and first not in document.all_words and not first.endswith("-"):
                    found.append(f"{key[:2]} {key[2]} p{number}: {first}|{second}")
    assert found == []
