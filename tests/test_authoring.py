"""The markup -> Word template builder (generator.authoring: markup, styles, builder) and the OOXML modules it uses."""

from __future__ import annotations

import zipfile

import docx
import jinja2.sandbox
import markupsafe
import pytest
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from generator.authoring.builder import build_template
from generator.authoring.markup import MarkupError, inline_segments, parse_markup
from generator.word import docxfile, runxml

BRON = """\
%titel: Academiereglement {{ academie.naam }}
%onderwerp: Interactief afstandsonderwijs
%auteur: {{ schoolbestuur.naam }}
%koptekst: {{ academie.naam }}
// Dit is commentaar en komt niet in het document.

# Wijziging van het academiereglement
## Hoofdstuk 1. Algemeen
[artikel] Toepassingsgebied
Dit reglement geldt voor **alle leerlingen** van {{ academie.naam }}.
- eerste punt {{ punt|upper }}
- tweede punt
{%p if evalueren %}
De IAO-lessen worden geëvalueerd.
{%p endif %}
{%p if toezicht %}
Er is toezicht.
{%p endif %}
1. een
2. twee
! Noot voor de juridisch adviseur.
[artikel]
> Hoofdstuk 5bis. Interactief afstandsonderwijs
[art] Toepassing
>- ingevoegd punt
| Vak | Aandeel | Opmerking |
|{%tr for v in vakken %}|
| {{ v.naam }} | {{ v.aandeel }} % | {{ v.opm|default('geen') }} |
|{%tr endfor %}|
---
[handtekeningen]
| De algemeen directeur | De voorzitter |
| {{ directeur }} | {{ voorzitter }} |
"""

CONTEXT = {
    "academie": {"naam": "Academie Noord"},
    "schoolbestuur": {"naam": "Stad Gent"},
    "punt": "a & b <c>",
    "evalueren": True,
    "toezicht": False,
    "vakken": [{"naam": "Piano", "aandeel": 20}, {"naam": "Gitaar", "aandeel": 30}],
    "directeur": "Jan",
    "voorzitter": "Piet",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sjabloon")
    source = tmp / "bron.txt"
    source.write_text(BRON, encoding="utf-8")
    template = tmp / "voorbeeld.docx"
    build_template(source, template)
    return source, template


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory):
    _, template = built
    tpl = DocxTemplate(str(template))
    tpl.render(CONTEXT, jinja_env=jinja2.sandbox.SandboxedEnvironment(autoescape=True), autoescape=True)
    out = tmp_path_factory.mktemp("uit") / "uit.docx"
    tpl.save(str(out))
    return out


def _styles_used(path):
    return [p.style.name for p in docx.Document(str(path)).paragraphs]


def test_template_uses_word_styles(built):
    _, template = built
    styles = _styles_used(template)
    for name in ("Title", "Heading 1", "Artikel", "List Bullet", "List Number", "Noot", "Ingevoegde tekst", "Ingevoegd artikel", "Ingevoegde opsomming"):
        assert name in styles, name
    doc = docx.Document(str(template))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 2.5
    # bold comes from the character style, not direct formatting
    runs = [r for p in doc.paragraphs for r in p.runs if r.text == "alle leerlingen"]
    assert runs and runs[0].style.name == "Strong" and runs[0].bold is None


def test_jinja_tags_stay_whole_in_one_run(built):
    _, template = built
    doc = docx.Document(str(template))
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.text.count("{{") == run.text.count("}}")
            assert run.text.count("{%") == run.text.count("%}")


def test_language_is_dutch_belgium(built):
    _, template = built
    with zipfile.ZipFile(template) as z:
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
    defaults = styles.split("<w:docDefaults>", 1)[1].split("</w:docDefaults>", 1)[0]
    assert '<w:lang w:val="nl-BE"' in defaults
    assert '<w:themeFontLang w:val="nl-BE"' in settings


def test_header_and_footer_fields(built):
    _, template = built
    doc = docx.Document(str(template))
    footer = doc.sections[0].footer.paragraphs[0]
    instr = [el.text for el in footer._p.iter(qn("w:instrText"))]
    assert any("PAGE" in t and "NUMPAGES" not in t for t in instr)
    assert any("NUMPAGES" in t for t in instr)
    assert "\tPagina " in footer.text  # the short title (if the kind has one) left, the page right
    header = doc.sections[0].header.paragraphs[0]
    assert header.text == "{{ academie.naam }}\tONTWERP"


def test_numbering_linked_to_article_styles(built):
    _, template = built
    doc = docx.Document(str(template))
    numbering = doc.part.numbering_part.element

    def lvl_text(style_name):
        num_id = doc.styles[style_name].element.pPr.numPr.numId.val
        num = numbering.num_having_numId(num_id)
        abstract_id = num.abstractNumId.val
        for abstract in numbering.iterfind(qn("w:abstractNum")):
            if int(abstract.get(qn("w:abstractNumId"))) == abstract_id:
                return abstract.find(qn("w:lvl")).find(qn("w:lvlText")).get(qn("w:val"))

    assert lvl_text("Artikel") == "Artikel %1."
    assert lvl_text("Ingevoegd artikel") == "Art. %1."
    assert lvl_text("List Number") == "%1."
    assert doc.styles["Artikel"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"


def test_rendered_content(rendered):
    doc = docx.Document(str(rendered))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Dit reglement geldt voor alle leerlingen van Academie Noord." in text
    assert "De IAO-lessen worden geëvalueerd." in text
    assert "Er is toezicht." not in text  # {%p if %} false: paragraph gone
    assert "{%" not in text and "{{" not in text
    assert "eerste punt A & B <C>" in text  # escaped in XML, literal in Word
    data_table, signatures = doc.tables
    rows = [[c.text for c in row.cells] for row in data_table.rows]
    assert rows == [
        ["Vak", "Aandeel", "Opmerking"],
        ["Piano", "20 %", "geen"],
        ["Gitaar", "30 %", "geen"],
    ]
    assert data_table.style.name == "Gegevenstabel"
    assert data_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert signatures.style.name == "Handtekeningtabel"
    assert [c.text for c in signatures.rows[1].cells] == ["Jan", "Piet"]
    assert doc.sections[0].header.paragraphs[0].text == "Academie Noord\tONTWERP"


def test_core_properties(built, rendered):
    _, template = built
    with zipfile.ZipFile(template) as z:
        for name in z.namelist():
            assert b"python-docx" not in z.read(name), name
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    props = docx.Document(str(rendered)).core_properties
    assert props.title == "Academiereglement Academie Noord"
    assert props.author == "Stad Gent"
    assert props.subject == "Interactief afstandsonderwijs"
    assert props.revision == 1
    assert props.created.year == 2025


def test_rebuild_is_byte_identical(built, tmp_path):
    source, template = built
    again = tmp_path / "opnieuw.docx"
    build_template(source, again)
    assert again.read_bytes() == template.read_bytes()


def test_normalize_zip_is_stable(built):
    _, template = built
    data = template.read_bytes()
    assert docxfile.normalize_zip(data) == data
    assert docxfile.normalize_zip(data, timestamp=(2000, 1, 1, 0, 0, 0)) != data


def test_inline_segments_respect_jinja():
    assert inline_segments("a **b {{ x|y }}** c") == [("a ", False), ("b {{ x|y }}", True), (" c", False)]
    assert inline_segments("{{ '**' }} x") == [("{{ '**' }} x", False)]
    with pytest.raises(MarkupError):
        inline_segments("**open", 3)


def test_parse_table_cells_keep_jinja_filters():
    markup = parse_markup("| {{ a|upper }} | b |\n|{%tr for v in x %}|\n")
    (table,) = markup.lines
    assert table.rows == [["{{ a|upper }}", "b"], ["{%tr for v in x %}"]]


def test_parse_errors_name_the_line():
    with pytest.raises(MarkupError, match="regel 2"):
        parse_markup("tekst\n%onbekend: x\n")
    with pytest.raises(MarkupError, match="regel 1"):
        parse_markup("[handtekeningen]\ntekst\n")


def test_xml_snippets_for_the_renderer():
    xml = runxml.highlighted_run_xml("a & <b>")
    assert xml.startswith('</w:t></w:r><w:r><w:rPr><w:highlight w:val="yellow"/>')
    assert "a &amp; &lt;b&gt;" in xml
    assert runxml.line_break_xml() == '</w:t><w:br/><w:t xml:space="preserve">'


def test_highlight_filter_renders(built, tmp_path):
    """How the renderer uses the snippet: a filter returning Markup."""
    _, template = built
    env = jinja2.sandbox.SandboxedEnvironment(autoescape=True)
    env.filters["upper"] = lambda v: markupsafe.Markup(runxml.highlighted_run_xml(str(v).upper()))
    tpl = DocxTemplate(str(template))
    tpl.render(CONTEXT, jinja_env=env, autoescape=True)
    out = tmp_path / "gemarkeerd.docx"
    tpl.save(str(out))
    doc = docx.Document(str(out))
    runs = [r for p in doc.paragraphs for r in p.runs if r.text == "A & B <C>"]
    assert runs and runs[0]._r.rPr.find(qn("w:highlight")) is not None
