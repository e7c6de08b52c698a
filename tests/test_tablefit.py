"""Table columns that hold their longest word in the document's font (issue 22)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from generator.word import tablefit
from generator.word.reference import wtag


def test_columns_that_fit_stay_as_they_are():
    assert tablefit.fitted([3000, 5000], [2000, 4000]) == [3000, 5000]


def test_a_column_too_narrow_takes_from_the_columns_with_room():
    widths = tablefit.fitted([1000, 3000, 4000], [2500, 1000, 1000])
    assert sum(widths) == 8000 and widths[0] == 2500
    assert widths[2] / widths[1] == pytest.approx(4 / 3, rel=0.01)  # in proportion to their width


def test_a_column_that_gives_is_not_pushed_below_its_own_need():
    widths = tablefit.fitted([1000, 1500, 5500], [3000, 1400, 500])
    assert sum(widths) == 8000 and widths[0] == 3000 and widths[1] >= 1400


def test_when_nothing_fits_the_widths_follow_the_needs():
    assert tablefit.fitted([4000, 4000], [6000, 3000]) == [5333, 2667]


def _table_document(font: str, size: float, words: list[str], widths_cm: list[float]):
    document = docx.Document()
    document.styles["Normal"].font.name = font
    document.styles["Normal"].font.size = Pt(size)
    table = document.add_table(rows=1, cols=len(words))
    table.autofit = False
    for cell, word, width in zip(table.rows[0].cells, words, widths_cm, strict=True):
        cell.text = word
        cell.width = Cm(width)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(Cm(width).twips))
    return document


def _grid(document) -> list[int]:
    return [int(col.get(wtag("w"))) for col in document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_a_wider_font_widens_the_column_of_the_long_word():
    words = ["Verwerkingsverantwoordelijke", "ja"]
    narrow = _table_document("Arial", 10, words, [5.5, 10.5])
    assert not tablefit.fit_tables(narrow.element.body, narrow.styles.element, None)  # 28 letters of Arial 10 pt fit in 5.5 cm
    wide = _table_document("Verdana", 11, words, [5.5, 10.5])
    assert tablefit.fit_tables(wide.element.body, wide.styles.element, None)
    first, second = _grid(wide)
    assert first + second == Cm(16).twips
    assert first >= 28 * 0.56 * 11 * 20  # the letters alone, in the widest estimate


def test_a_table_too_narrow_for_its_words_gets_a_smaller_text():
    words = ["Verwerkersovereenkomst", "vakbondsonderhandeling", "professionaliseringsplan", "Toestemmingsformulier"]
    document = _table_document("Georgia", 12, words, [2.5] * 4)
    tablefit.fit_tables(document.element.body, document.styles.element, None)
    sizes = {run.font.size.pt for cell in document.tables[0].rows[0].cells for run in cell.paragraphs[0].runs}
    assert sizes and all(tablefit.SMALLEST_PT <= size < 12 for size in sizes)
    assert sum(_grid(document)) == 4 * Cm(2.5).twips


def test_a_short_cell_stays_on_one_line_where_the_table_allows():
    """A calendar whose dates wrap ("30 augustus / 2027") doubles its height and spills
    onto the next page: a cell of a few words is measured whole."""
    document = _table_document("Verdana", 11, ["30 augustus 2027", "een lange uitleg in de tweede kolom die mag afbreken"], [3.0, 13.0])
    tablefit.fit_tables(document.element.body, document.styles.element, None)
    assert _grid(document)[0] >= round(16 * 0.56 * 11 * 20) + tablefit.CELL_ROOM


def test_for_one_line_the_text_may_get_a_little_smaller():
    words = ["30 augustus 2027"] * 4
    document = _table_document("Verdana", 11, words, [3.5] * 4)  # 14 cm: 4 dates of 11 pt need a little more
    tablefit.fit_tables(document.element.body, document.styles.element, None)
    sizes = {run.font.size.pt for cell in document.tables[0].rows[0].cells for run in cell.paragraphs[0].runs}
    assert sizes and all(11 * tablefit.ONE_LINE_SHRINK <= size < 11 for size in sizes)
