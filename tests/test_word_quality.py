"""Every document kind is a real Word document: styles, language, header, footer, properties."""

import io
import re
import zipfile

import pytest

from generator.dossier import documents
from tests.dossier import assert_clean, open_docx, part_of, render_kind, text_of, variant

KINDS = [k.kind for k in documents.KINDS]


@pytest.fixture(scope="module")
def rendered():
    return {name: render_kind(name) for name in KINDS}


@pytest.mark.parametrize("name", KINDS)
def test_language_is_dutch_belgium(rendered, name):
    styles = part_of(rendered[name], "word/styles.xml")
    assert re.search(r'<w:lang [^>]*w:val="nl-BE"', styles)


@pytest.mark.parametrize("name", KINDS)
def test_title_and_headings_use_word_styles(rendered, name):
    styles = {p.style.name for p in open_docx(rendered[name]).paragraphs if p.text.strip()}
    assert "Title" in styles
    assert styles & {"Heading 1", "Artikel"}


@pytest.mark.parametrize("name", KINDS)
def test_a4_header_ontwerp_and_page_x_of_y(rendered, name):
    document = open_docx(rendered[name])
    section = document.sections[0]
    size = sorted((round(section.page_width.cm, 1), round(section.page_height.cm, 1)))
    assert size == [21.0, 29.7]  # A4, upright or (the step plan) landscape
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert "ONTWERP" in header and "Gemeente Voorbeeldstad" in header
    footer = "".join(part_of(rendered[name], n) for n in zipfile.ZipFile(io.BytesIO(rendered[name])).namelist() if "footer" in n)
    # "Pagina X van Y"; a document in sections numbers each part from 1 ("Pagina X", tests/test_afdruk.py)
    assert "PAGE" in footer and ("NUMPAGES" in footer or len(document.sections) > 1)


@pytest.mark.parametrize("name", KINDS)
def test_properties_name_the_schoolbestuur_not_the_machine(rendered, name):
    properties = open_docx(rendered[name]).core_properties
    assert properties.author == "Gemeente Voorbeeldstad"
    assert properties.title
    parts = part_of(rendered[name], "docProps/core.xml") + part_of(rendered[name], "docProps/app.xml")
    assert "python-docx" not in parts
    assert "root" not in parts


@pytest.mark.parametrize("name", KINDS)
def test_no_template_debris(rendered, name):
    assert_clean(text_of(rendered[name]))


@pytest.mark.parametrize("name", KINDS)
def test_rendering_is_reproducible(rendered, name):
    assert render_kind(name) == rendered[name]


@pytest.mark.parametrize("name", KINDS)
def test_values_are_data_not_markup(name):
    naam = 'Academie "De Kunst" & <Co> {{ geheim }} {% if %}'
    data = variant(**{"academie.naam": naam, "schoolbestuur.naam": "Stad A&B <Noord>"})
    docx = render_kind(name, data)
    text = text_of(docx)
    assert "Stad A&B <Noord>" in text
    assert naam in text
