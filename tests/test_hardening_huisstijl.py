"""A hostile --huisstijl reference (issue 21): it brings nothing from outside the
package into the letters, is bounded in size, and every odd value is a Dutch
error (exit 2), never a traceback."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import rendering
from generator.dossier.bronnen import load_register
from generator.dossier.context import build_context
from generator.dossier.documents import KINDS
from generator.dossier.generation import template_for
from generator.profile.loading import load_profile
from generator.word.huisstijl import Huisstijl
from generator.word.reference import MAX_REFERENCE_IMAGE, MAX_REFERENCE_PART, load_reference
from generator.word.untrusted import UnsafeDocument
from tests.conftest import REFERENCE_PATH
from tests.test_huisstijl import first_page_header, hostile, make_reference

HEADER = "word/header1.xml"  # the reference's first-page header (make_reference)
HEADER_RELS = "word/_rels/header1.xml.rels"
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


def run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def complex_field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def linked_picture(rid: str) -> str:
    return (
        '<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="7" name="p"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/></pic:blipFill>'
        "<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


# Every way the attack found for a header to make Word fetch something on opening.
LETTERHEAD = (
    f"<w:hdr {NAMESPACES}><w:p>"
    + run("Gemeente Voorbeeldstad")
    + '<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://tracker.example/pixel.png&quot; \\d ">'
    + run("beeld-resultaat")
    + "</w:fldSimple>"
    + complex_field('INCLUDETEXT "file://tracker.example/share/tekst.docx"', "tekst-resultaat")
    + complex_field('INCLUDEPICTURE "\\\\\\\\unc-host.example\\\\deel\\\\logo.png"', "unc-resultaat")
    # an INCLUDEPICTURE nested in an IF: each field is judged on its own
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
    + complex_field('INCLUDEPICTURE "http://tracker.example/genest.png"', "genest-resultaat")
    + '<w:r><w:instrText>"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + run("als-resultaat")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + complex_field('HYPERLINK "http://tracker.example/klik"', "link-resultaat")
    + '<w:r><w:pict><v:shape id="s1" style="width:10pt;height:10pt" o:href="http://tracker.example/shape">'
    + '<v:imagedata src="file:///\\\\unc-host.example\\deel\\vml.png" o:href="\\\\unc-host.example\\deel\\vml.png"/>'
    + '<v:fill src="http://tracker.example/fill.png"/></v:shape></w:pict></w:r>'
    + linked_picture("rIdLink")
    + complex_field("PAGE", "1")
    # an unclosed field: its instruction goes too
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDETEXT "http://tracker.example/open" </w:instrText></w:r>'
    + "</w:p></w:hdr>"
)
LETTERHEAD_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="http://tracker.example/gelinkt.png" TargetMode="External"/></Relationships>'
)


@pytest.fixture(scope="module")
def letter():
    """The informatiebrief, rendered once, before the house style."""
    loaded = load_profile(REFERENCE_PATH)
    return rendering.render(template_for(KINDS["informatiebrief"], None), build_context(loaded.profiel, load_register(None)))


def all_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_a_letterhead_brings_nothing_from_outside_the_package(tmp_path, letter):
    path = hostile(tmp_path, {HEADER: LETTERHEAD.encode(), HEADER_RELS: LETTERHEAD_RELS.encode()})
    styled = Huisstijl(load_reference(path)).apply(letter, "informatiebrief")
    everything = all_bytes(styled)
    for outside in (b"tracker.example", b"unc-host.example", b"INCLUDE", b"HYPERLINK", b"TargetMode"):
        assert outside not in everything, outside
    header, _ = first_page_header(styled)
    text = "".join(header.itertext())
    for shown in ("Gemeente Voorbeeldstad", "beeld-resultaat", "tekst-resultaat", "unc-resultaat", "genest-resultaat", "als-resultaat", "link-resultaat"):
        assert shown in text
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    instructions = [element.text.strip() for element in header.iter(f"{W}instrText")]
    assert "PAGE" in instructions  # a field that shows only the document itself stays
    kinds = [mark.get(f"{W}fldCharType") for mark in header.iter(f"{W}fldChar")]
    assert kinds.count("begin") == kinds.count("end")


@pytest.mark.parametrize("value", ["inf", "1e400", "-11906", str(10**21), "21cm", "nan", "0"])
def test_an_impossible_page_size_is_refused(tmp_path, value):
    good = make_reference(tmp_path / "basis.docx")
    with zipfile.ZipFile(good) as archive:
        document = archive.read("word/document.xml").replace(b'w:w="11906"', f'w:w="{value}"'.encode())
    with pytest.raises(UnsafeDocument, match="paginaformaat van de eerste sectie"):
        load_reference(hostile(tmp_path, {"word/document.xml": document}))


def test_an_impossible_page_size_exits_2_through_the_cli(tmp_path):
    good = make_reference(tmp_path / "basis.docx")
    with zipfile.ZipFile(good) as archive:
        document = archive.read("word/document.xml").replace(b'w:left="1701"', b'w:left="1e400"')
    reference = hostile(tmp_path, {"word/document.xml": document})
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--huisstijl", str(reference)])
    assert result.exit_code == 2, result.output
    assert "de marges van de eerste sectie" in result.output
    assert not (tmp_path / "uit").exists()


def test_a_header_relationship_to_the_style_sheet_is_no_letterhead(tmp_path):
    good = make_reference(tmp_path / "basis.docx")
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels").replace(b'Target="header1.xml"', b'Target="styles.xml"')
    reference = load_reference(hostile(tmp_path, {"word/_rels/document.xml.rels": rels}))
    assert reference.header is None


def test_a_style_relationship_to_another_part_is_no_style_sheet(tmp_path):
    good = make_reference(tmp_path / "basis.docx")
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels").replace(b'Target="styles.xml"', b'Target="header1.xml"')
    assert load_reference(hostile(tmp_path, {"word/_rels/document.xml.rels": rels})).styles is None


DTD_STYLES = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles xmlns:w="x">&a;</w:styles>'


@pytest.mark.parametrize(
    "member, data",
    [
        ("word/styles.xml", DTD_STYLES.encode("utf-16")),
        ("word/styles.xml", DTD_STYLES.encode("utf-16-be")),
        ("word/styles.dat", DTD_STYLES.replace("UTF-16", "UTF-8").encode()),
        ("word/STYLES.XML", DTD_STYLES.encode("utf-32")),
    ],
)
def test_a_dtd_is_found_whatever_the_encoding_or_the_part_name(tmp_path, member, data):
    good = make_reference(tmp_path / "basis.docx")
    with zipfile.ZipFile(good) as archive:
        target = f'Target="{member.removeprefix("word/")}"'.encode()
        rels = archive.read("word/_rels/document.xml.rels").replace(b'Target="styles.xml"', target)
    with pytest.raises(UnsafeDocument, match="DTD"):
        load_reference(hostile(tmp_path, {member: data, "word/_rels/document.xml.rels": rels}))


def test_a_huge_letterhead_image_is_refused(tmp_path):
    image = b"\x89PNG\r\n\x1a\n" + random.Random(21).randbytes(MAX_REFERENCE_IMAGE)
    with pytest.raises(UnsafeDocument, match="te groot voor een huisstijl"):
        load_reference(hostile(tmp_path, {"word/media/image1.png": image}))


def test_a_huge_style_sheet_is_refused(tmp_path):
    noise = random.Random(21).randbytes(MAX_REFERENCE_PART // 2).hex().encode()
    styles = b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><!-- ' + noise + b" --></w:styles>"
    with pytest.raises(UnsafeDocument, match="te groot voor een huisstijl"):
        load_reference(hostile(tmp_path, {"word/styles.xml": styles}))


def test_a_huge_xml_part_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from generator.word import untrusted

    monkeypatch.setattr(untrusted, "MAX_XML_PART", 1024 * 1024)
    noise = random.Random(21).randbytes(600_000).hex().encode()
    styles = b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><!-- ' + noise + b" --></w:styles>"
    with pytest.raises(UnsafeDocument, match="te groot"):
        untrusted.check_docx(hostile(tmp_path, {"word/styles.xml": styles}))


def ole2(encrypted: bool) -> bytes:
    """The start of a compound file, as Word writes a password-protected .docx (or a .doc)."""
    stream = "EncryptedPackage" if encrypted else "WordDocument"
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 1000


@pytest.mark.parametrize("encrypted, message", [(True, "beveiligd met een wachtwoord"), (False, "ouder Word-document")])
def test_a_password_protected_reference_is_named_as_such(tmp_path, encrypted, message):
    (tmp_path / "briefpapier.docx").write_bytes(ole2(encrypted))
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--huisstijl", str(tmp_path / "briefpapier.docx")])
    assert result.exit_code == 2
    assert message in result.output
