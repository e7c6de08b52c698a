"""One mark per meaning (issue 22): a blank is always a yellow "[in te vullen: ...]", an article
number still to be verified is turquoise, and the run summary and the zip's index say so."""

from __future__ import annotations

import io
import re
import zipfile
from itertools import groupby

import pytest
from click.testing import CliRunner
from docx.enum.text import WD_COLOR_INDEX

from generator.cli import cli
from generator.dossier import bundle, documents
from generator.dossier.bronnen import load_register
from generator.profile.loading import profile_from_data
from tests.conftest import REFERENCE_PATH
from tests.dossier import contrasting, open_docx, text_and_docx

PROFILES = ("referentie", "stad_college_buiten_eer", "zonder_remediering")
BLANK = re.compile(r"\[in te vullen(?:: [^\]]*)?\]")
# a blank written another way: in round brackets, or as a typed "[...]"
OTHER_BLANK = re.compile(r"\((?:naam|datum|handtekening|plaats|in te vullen)[^)]*\)|\[(?!in te vullen)[^\]]*\]", re.IGNORECASE)


def _paragraphs(docx: bytes) -> list:
    document = open_docx(docx)
    return list(document.paragraphs) + [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]


def _marks(paragraph) -> list[tuple[WD_COLOR_INDEX, str]]:
    """(highlight colour, text) of every highlighted stretch of a paragraph."""
    runs = [(run.font.highlight_color, run.text) for run in paragraph.runs if run.text]
    return [(colour, "".join(text for _, text in group)) for colour, group in groupby(runs, key=lambda r: r[0]) if colour is not None]


def _cases():
    for name in PROFILES:
        for kind in documents.kinds_for(profile_from_data(contrasting(name)).profiel):
            yield pytest.param(name, kind.kind, id=f"{name}-{kind.kind}")


@pytest.mark.parametrize("profile, kind", list(_cases()))
def test_a_blank_is_yellow_and_an_article_to_check_turquoise(profile, kind):
    text, docx = text_and_docx(kind, contrasting(profile))
    unverified = {art.nummer for _, _, art in load_register().unverified()}
    for paragraph in _paragraphs(docx):
        marks = _marks(paragraph)
        for colour, marked in marks:
            if colour == WD_COLOR_INDEX.YELLOW:
                assert BLANK.fullmatch(marked), f"yellow but not a blank: {marked!r}"
            else:
                assert colour == WD_COLOR_INDEX.TURQUOISE and marked in unverified, f"{colour}: {marked!r}"
        assert len(BLANK.findall(paragraph.text)) == sum(colour == WD_COLOR_INDEX.YELLOW for colour, _ in marks)
    assert not OTHER_BLANK.findall(BLANK.sub("", text)), "a blank written another way"


def test_the_summary_and_the_index_explain_both_marks(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--zip"])
    assert result.exit_code == 0, result.output
    assert "geel gemarkeerd" in result.output
    to_check = result.output.split("Nog na te kijken (", 1)[1]
    assert "turkoois gemarkeerd" in to_check and "iao bronnen" in to_check
    assert re.search(r"principebeslissing-2027-2028\.docx: .*artikel 20", to_check)
    (path,) = (tmp_path / "uit").glob("*.zip")
    index = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read(bundle.INDEX).decode("utf-8")
    assert "Geel gemarkeerd, [in te vullen: ...]" in index and "Turkoois gemarkeerd: een artikelnummer" in index
