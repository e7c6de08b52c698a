"""iao amend on the structures of real regulations: a small corpus of .docx files.

Every document here is built by the test itself (python-docx and lxml), after the
structures that two reviews met in regulations of real academies and in public test
documents: a table of contents as plain paragraphs with dot leaders and as a Word TOC
field, articles numbered "Artikel %1." without chapters, changes already tracked by
someone else, a heavy style sheet, one-off paragraph formatting, and files that are
not a plain .docx at all.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from generator.cli import cli
from generator.edit import amend, outline
from generator.edit.look import look_of
from generator.word import wordstyles
from tests.test_amend import PROFILE, W, academy_regulation, body_of, canonical, paragraph_texts, run_amend

CHAPTERS = ["Algemene bepalingen", "Inschrijving en toelating", "Orde en tucht", "Slotbepalingen"]
BODY = "Dit artikel geldt voor alle leerlingen van de academie en voor hun ouders als de leerling minderjarig is."


# ------------------------------------------------------------ the corpus


def _xml(fragment: str):
    return parse_xml(f"<w:p {nsdecls('w')}>{fragment}</w:p>")


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _old_style_chapters(document, titles=CHAPTERS):
    """Chapters as an older regulation has them: bold "Hoofdstuk n. Titel" paragraphs
    in the Normal style (no heading style, no outline level), "Artikel n." in bold."""
    number = 0
    for n, title in enumerate(titles, start=1):
        document.add_paragraph().add_run(f"Hoofdstuk {n}. {title}").bold = True
        for _ in range(2):
            number += 1
            document.add_paragraph().add_run(f"Artikel {number}.").bold = True
            document.add_paragraph(BODY)


def toc_with_dot_leaders(path):
    """A table of contents typed as plain paragraphs: the title, dots, the page."""
    document = Document()
    document.add_paragraph("Academiereglement", "Title")
    document.add_paragraph().add_run("Inhoudstafel").bold = True
    for n, title in enumerate(CHAPTERS, start=1):
        document.add_paragraph(f"Hoofdstuk {n}. {title} {'.' * 40} {n * 3}")
    document.add_paragraph("Hoofdstuk 9. Slotbepalingen ....93")  # an outdated entry, as in real documents
    _old_style_chapters(document)
    document.save(path)
    return path


def toc_field(path, *, simple=False):
    """A table of contents as Word makes it: a TOC field whose entries are hyperlinks to
    _Toc bookmarks with a tab (dot leader) and a PAGEREF field; the entries in the
    Normal style, so only the field tells it is a table of contents."""
    document = Document()
    document.add_paragraph("Academiereglement", "Title")
    body = document.element.body
    entries = [f"Hoofdstuk {n}. {title}" for n, title in enumerate(CHAPTERS, start=1)]
    for n, entry in enumerate(entries):
        bookmark = f"_Toc1000{n}"
        link = (
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{_run(entry)}<w:r><w:tab/></w:r>'
            f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(str(n + 2))}'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
        )
        tabs = '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9062"/></w:tabs></w:pPr>'
        if simple:
            start = '<w:fldSimple w:instr=" TOC \\o &quot;1-3&quot; ">' if n == 0 else ""
            end = "</w:fldSimple>" if n == 0 else ""
            paragraph = _xml(f"{tabs}{start}{link}{end}")
        else:
            start = (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                if n == 0
                else ""
            )
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(entries) - 1 else ""
            paragraph = _xml(f"{tabs}{start}{link}{end}")
        body.insert(len(body) - 1, paragraph)
    for n, title in enumerate(CHAPTERS, start=1):
        document.add_paragraph(f"Hoofdstuk {n}. {title}", "Heading 1")
        document.add_paragraph().add_run(f"Artikel {n}.").bold = True
        document.add_paragraph(BODY)
    document.save(path)
    return path


def toc_styled(path):
    """Entries in the built-in TOC styles ("toc 1"), without a field (pasted as text)."""
    document = Document()
    document.add_paragraph("Academiereglement", "Title")
    toc = document.styles.add_style("toc 1", 1)
    toc.base_style = document.styles["Normal"]
    for n, title in enumerate(CHAPTERS, start=1):
        document.add_paragraph(f"Hoofdstuk {n}. {title}\u00a0{n}", "toc 1")
    _old_style_chapters(document)
    document.save(path)
    return path


def articles_without_chapters(path, *, outline=True):
    """A short regulation of numbered articles only: "Artikel %1." is a numbering level
    on the article paragraphs (a heading style with an outline level, or a style of
    its own), the text beneath in Normal; the last article is "Slotbepalingen"."""
    document = Document()
    document.add_paragraph("Huishoudelijk reglement", "Title")
    style = document.styles["Heading 1"] if outline else document.styles.add_style("Artikeltitel", 1)
    if not outline:
        style.base_style = document.styles["Normal"]
        style.font.bold = True
    wordstyles.link_numbering_to_style(style, wordstyles.add_abstract_numbering(document, "Artikel %1.", style_id=style.style_id))
    for title in ("Toepassingsgebied", "Inschrijving", "Afwezigheid", "Orde en tucht", "Slotbepalingen"):
        document.add_paragraph(title, style.name)
        document.add_paragraph(BODY)
    document.save(path)
    return path


def with_tracked_changes(path):
    """The regulation of test_amend with changes someone else already tracks: an
    inserted sentence, a deleted word, a deleted old chapter heading and a comment."""
    academy_regulation(path)
    document = Document(path)
    target = next(p for p in document.paragraphs if p.text.startswith("Een tuchtmaatregel"))
    target._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="901" w:author="Secretariaat" w:date="2025-01-10T00:00:00Z">{_run(" Dat gebeurt schriftelijk.")}</w:ins>')
    )
    target._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="902" w:author="Secretariaat" w:date="2025-01-10T00:00:00Z"><w:r><w:delText>altijd</w:delText></w:r></w:del>')
    )
    slot = next(p for p in document.paragraphs if p.text == "Hoofdstuk 4. Slotbepalingen")
    old = _xml(
        '<w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:del w:id="903" w:author="Secretariaat" '
        'w:date="2025-01-10T00:00:00Z"/></w:rPr></w:pPr><w:del w:id="904" w:author="Secretariaat" '
        'w:date="2025-01-10T00:00:00Z"><w:r><w:delText>Hoofdstuk 9. Slotbepalingen (oud)</w:delText>'
        "</w:r></w:del>"
    )
    slot._p.addprevious(old)
    document.add_comment(document.paragraphs[1].runs, "Nakijken bij de volgende wijziging", author="Secretariaat")
    document.save(path)
    return path


def heavy_style_sheet(path, *, styles=3000, paragraphs=600):
    """A regulation whose style sheet holds thousands of paragraph styles (documents
    that passed through many hands and templates), each paragraph in one of them."""
    document = Document()
    root = document.styles.element
    for n in range(styles):
        root.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="Stijl{n}">'
                f'<w:name w:val="Stijl {n}"/><w:basedOn w:val="Normal"/></w:style>'
            )
        )
    body = document.element.body
    chapters = [*(f"Deel {n}" for n in range(1, paragraphs // 30)), "Slotbepalingen"]
    number = 0
    for n, title in enumerate(chapters, start=1):
        heading = _xml(f'<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{_run(f"Hoofdstuk {n}. {title}")}')
        body.insert(len(body) - 1, heading)
        for _ in range(14):
            number += 1
            body.insert(len(body) - 1, _xml(f'<w:pPr><w:pStyle w:val="Stijl{number % styles}"/></w:pPr>{_run(f"Artikel {number}.", "<w:rPr><w:b/></w:rPr>")}'))
            body.insert(len(body) - 1, _xml(f'<w:pPr><w:pStyle w:val="Stijl{(number * 7) % styles}"/></w:pPr>{_run(BODY)}'))
    document.save(path)
    return path


def one_off_formatting(path):
    """Body text in Garamond 12 with, on the paragraphs around the insertion point,
    a border, shading, keep-with-next, right-to-left direction and English proofing."""
    academy_regulation(path)
    document = Document(path)
    odd = (
        '<w:keepNext/><w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/><w:bidi/>'
    )
    look = '<w:rPr><w:rFonts w:ascii="Garamond" w:hAnsi="Garamond"/><w:rtl/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US"/></w:rPr>'
    for paragraph in document.paragraphs:
        if len(paragraph.text) >= 30 and paragraph.style.name == "Normal":
            paragraph._p.get_or_add_pPr().extend(parse_xml(f"<w:x {nsdecls('w')}>{odd}</w:x>"))
            for run in paragraph.runs:
                run._r.insert(0, parse_xml(look.replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>")))
    document.save(path)
    return path


# ------------------------------------------------------------ reading back


def inserted_paragraphs(data: bytes):
    return [p for p in body_of(data).iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def new_chapter_index(data: bytes) -> tuple[list[str], int]:
    texts = paragraph_texts(body_of(data))
    return texts, next(i for i, t in enumerate(texts) if t.endswith("Interactief afstandsonderwijs"))


def reject_ours(body, author: str = "iao"):
    """Reject only the insertions of `author`, as Word does for one reviewer."""
    ns = {"w": W[1:-1]}
    for tr in body.xpath(f".//w:tr[w:trPr/w:ins[@w:author='{author}']]", namespaces=ns):
        tr.getparent().remove(tr)
    for tbl in body.xpath(".//w:tbl[not(w:tr)]", namespaces=ns):
        tbl.getparent().remove(tbl)
    for p in body.xpath(f".//w:p[w:pPr/w:rPr/w:ins[@w:author='{author}']]", namespaces=ns):
        p.getparent().remove(p)
    for ins in body.xpath(f".//w:ins[@w:author='{author}']", namespaces=ns):
        ins.getparent().remove(ins)
    return body


# ------------------------------------------------- 14: a table of contents


@pytest.mark.parametrize(
    "build",
    [toc_with_dot_leaders, toc_field, lambda p: toc_field(p, simple=True), toc_styled],
    ids=["stippellijn", "toc-veld", "toc-veld-eenvoudig", "toc-stijl"],
)
def test_a_table_of_contents_is_not_a_heading(tmp_path, build):
    source = build(tmp_path / "inhoudstafel.docx")
    result, data = run_amend(tmp_path, source)
    texts, new = new_chapter_index(data)
    real = max(i for i, t in enumerate(texts) if t == "Hoofdstuk 4. Slotbepalingen")
    tucht = max(i for i, t in enumerate(texts) if t == "Hoofdstuk 3. Orde en tucht")
    assert tucht < new < real
    assert texts[new] == "Hoofdstuk 3/1. Interactief afstandsonderwijs"
    assert result.where.startswith("na 'Hoofdstuk 3. Orde en tucht', vóór 'Hoofdstuk 4. Slotbepalingen'")


@pytest.mark.parametrize("build", [toc_with_dot_leaders, toc_field], ids=["stippellijn", "toc-veld"])
def test_na_skips_the_table_of_contents(tmp_path, build):
    source = build(tmp_path / "inhoudstafel.docx")
    _result, data = run_amend(tmp_path, source, na="Inschrijving en toelating")
    texts, new = new_chapter_index(data)
    assert max(i for i, t in enumerate(texts) if t == "Hoofdstuk 2. Inschrijving en toelating") < new
    assert new < max(i for i, t in enumerate(texts) if t == "Hoofdstuk 3. Orde en tucht")
    assert texts[new] == "Hoofdstuk 2/1. Interactief afstandsonderwijs"


def test_table_of_contents_lines_are_not_offered_as_headings(tmp_path):
    source = toc_with_dot_leaders(tmp_path / "inhoudstafel.docx")
    with pytest.raises(amend.AmendError) as refused:
        run_amend(tmp_path, source, na="Bestaat niet")
    assert "...." not in str(refused.value) and "93" not in str(refused.value)
    assert "'Hoofdstuk 4. Slotbepalingen'" in str(refused.value)


# ------------------------------- 15: articles numbered "Artikel %1.", no chapters


@pytest.mark.parametrize("outline", [True, False], ids=["kopstijl", "eigen-stijl"])
def test_articles_without_chapters_get_a_chapter_that_fits(tmp_path, outline):
    source = articles_without_chapters(tmp_path / "artikels.docx", outline=outline)
    result, data = run_amend(tmp_path, source)
    amended = Document(io.BytesIO(data))
    article_style = "Heading 1" if outline else "Artikeltitel"
    paragraphs = [(text(p._p), p) for p in amended.paragraphs]
    new = next(i for i, (t, _p) in enumerate(paragraphs) if t == "Interactief afstandsonderwijs")
    heading = paragraphs[new][1]
    # the chapter heading: a bold title of its own, not one more numbered article
    assert heading.style.name != article_style and heading._p.pPr.numPr is None
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in heading._p.iter(f"{W}r") if r.find(f"{W}t") is not None)
    # its articles: the document's own article paragraphs, numbered by Word
    articles = [p for _t, p in paragraphs[new + 1 :] if p.style.name == article_style]
    assert articles[0]._p.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert text(articles[0]._p) == result.articles[0] and not result.articles[0].startswith("Art")
    assert text(articles[-1]._p) == "Slotbepalingen" and articles[-1]._p.find(f"{W}pPr/{W}rPr/{W}ins") is None
    assert paragraphs[new - 1][0] == BODY and paragraphs[new - 2][0] == "Orde en tucht"
    inserted = "\n".join(paragraph_texts(body_of(data), inserted=True))
    assert (
        "in te vullen: nummer van het nieuwe hoofdstuk" not in inserted
        and "nummer van het hoofdstuk waarna" not in inserted
        and "Hoofdstuk" not in inserted.splitlines()[0]
    )
    assert "vóór 'Artikel 5. Slotbepalingen'" in result.where
    assert canonical(reject_ours(body_of(data))) == canonical(body_of(source.read_bytes()))


# ------------------------------------------------- 17: a heavy style sheet


def test_a_heavy_style_sheet_is_indexed_once(tmp_path, monkeypatch):
    """python-docx scans every style for each lookup; amend must not look styles up per
    paragraph (bench/amend_groot.py measures the time on 16,000 paragraphs)."""
    from docx.oxml.styles import CT_Styles

    source = heavy_style_sheet(tmp_path / "zwaar.docx", styles=2000, paragraphs=300)
    lookups = []
    scan = CT_Styles.get_by_id
    monkeypatch.setattr(CT_Styles, "get_by_id", lambda self, style_id: lookups.append(style_id) or scan(self, style_id))
    document = Document(source)
    blocks = outline.blocks_of(document)
    place = outline.find_place(blocks, None, None)
    look_of(document, blocks, place, None)
    assert len(lookups) < 10
    assert place.anchor.text.endswith("Slotbepalingen") and blocks[place.index - 1].text == BODY


def test_amend_in_a_heavy_style_sheet(tmp_path):
    source = heavy_style_sheet(tmp_path / "zwaar.docx", styles=2000, paragraphs=300)
    _result, data = run_amend(tmp_path, source)
    texts, new = new_chapter_index(data)
    assert texts[new + 1 :].count("Hoofdstuk 10. Slotbepalingen") == 1 and texts[new - 2] == "Artikel 126."
    assert canonical(reject_ours(body_of(data))) == canonical(body_of(source.read_bytes()))


# ------------------------------------------------- 16: the look of the body text


def test_body_text_takes_the_font_but_not_one_off_formatting(tmp_path):
    source = one_off_formatting(tmp_path / "opmaak.docx")
    _result, data = run_amend(tmp_path, source)
    paragraphs = inserted_paragraphs(data)
    body = [p for p in paragraphs if len(text(p)) > 60]
    assert body
    for p in paragraphs:
        ppr = p.find(f"{W}pPr")
        for one_off in ("pBdr", "shd", "bidi"):
            assert ppr.find(f"{W}{one_off}") is None, (one_off, text(p))
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            assert rpr is None or (rpr.find(f"{W}lang") is None and rpr.find(f"{W}rtl") is None), text(p)
    for p in body:
        assert p.find(f"{W}pPr/{W}keepNext") is None, text(p)
        for r in (r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None):
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Garamond", text(p)
            assert r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "24", text(p)


# ------------------------------------------------- 18: messages a user can act on


def _rewritten(source, target, replace=None, member_bytes=None):
    """A copy of the .docx `source` with text replaced in every XML part."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            for old, new in (replace or {}).items():
                data = data.replace(old.encode(), new.encode())
            copy.writestr(name, data)
    return target


def _refusal(tmp_path, source, target=None):
    runner = CliRunner()
    result = runner.invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(target or tmp_path / "uit.docx")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Error" not in result.output
    assert not (tmp_path / "uit.docx").exists()
    return result.output


def test_strict_open_xml_says_save_as_docx(tmp_path):
    source = _rewritten(
        academy_regulation(tmp_path / "r.docx"),
        tmp_path / "strikt.docx",
        {
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
        },
    )
    output = _refusal(tmp_path, source)
    assert "Strikt Open XML" in output and "Word-document (*.docx)" in output


@pytest.mark.parametrize(
    "content_type, said",
    [
        ("application/vnd.ms-word.document.macroEnabled.main+xml", "macro"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "sjabloon"),
    ],
)
def test_macro_document_or_template_says_save_as_docx(tmp_path, content_type, said):
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    source = _rewritten(academy_regulation(tmp_path / "r.docx"), tmp_path / "macro.docx", {main: content_type})
    output = _refusal(tmp_path, source)
    assert said in output and "Word-document (*.docx)" in output


@pytest.mark.parametrize("stream, said", [(b"WordDocument", "Word 97-2003"), (b"EncryptedPackage", "wachtwoord")])
def test_legacy_or_password_protected_file_is_named(tmp_path, stream, said):
    source = tmp_path / "oud.docx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.decode().encode("utf-16-le") + bytes(64))
    output = _refusal(tmp_path, source)
    assert said in output and "oud.docx" in output


@pytest.mark.parametrize("name", ["uitvoer", "gewijzigd.pdf"])
def test_output_must_be_a_docx_file(tmp_path, name):
    source = academy_regulation(tmp_path / "reglement.docx")
    target = tmp_path / name
    if "." not in name:
        target.mkdir()
    output = _refusal(tmp_path, source, target)
    assert ".docx" in output and ("map" in output if "." not in name else "PDF" in output)


def test_without_slotbepalingen_the_message_points_to_na(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx", slot=False)
    result, _data = run_amend(tmp_path, source)
    assert "--na" in result.where


def test_a_very_long_heading_is_shortened_in_messages(tmp_path):
    document = Document()
    long = "Hoofdstuk 2. " + "Bepalingen over de organisatie van het onderwijs " * 30
    for title in ("Hoofdstuk 1. Algemeen", long, "Hoofdstuk 3. Slotbepalingen"):
        document.add_paragraph(title, "Heading 1")
        document.add_paragraph(BODY)
    source = tmp_path / "lang.docx"
    document.save(source)
    with pytest.raises(amend.AmendError) as refused:
        run_amend(tmp_path, source, na="Bestaat niet")
    assert len(str(refused.value)) < 400 and "…" in str(refused.value)
    result, _data = run_amend(tmp_path, source, na="Hoofdstuk 2")
    assert len(result.where) < 300 and "…" in result.where


# ------------------------------------------------- changes already tracked


def test_changes_already_tracked_by_someone_else_stay_as_they_are(tmp_path):
    source = with_tracked_changes(tmp_path / "bijgehouden.docx")
    result, data = run_amend(tmp_path, source, author="Juridische dienst")
    body = body_of(data)
    theirs = [el for el in body.iter(f"{W}ins", f"{W}del") if el.get(f"{W}author") == "Secretariaat"]
    assert len(theirs) == len([el for el in body_of(source.read_bytes()).iter(f"{W}ins", f"{W}del")])
    ids = [el.get(f"{W}id") for el in body.iter() if el.get(f"{W}id") is not None and etree.QName(el).localname in ("ins", "del", "commentRangeStart")]
    assert len(ids) == len(set(ids))
    texts, new = new_chapter_index(data)
    assert texts[new] == "Hoofdstuk 3/1. Interactief afstandsonderwijs" and "Hoofdstuk 4. Slotbepalingen" in texts[new:]
    assert "(oud)" not in result.where  # a deleted heading is not a heading
    comments = list(Document(io.BytesIO(data)).comments)
    assert comments[0].text == "Nakijken bij de volgende wijziging"
    assert canonical(reject_ours(body, "Juridische dienst")) == canonical(body_of(source.read_bytes()))
