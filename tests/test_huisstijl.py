"""--huisstijl and schoolbestuur.logo: the municipality's look, read back from the documents."""

from __future__ import annotations

import copy
import io
import struct
import zipfile
import zlib

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Cm, Pt, RGBColor

from generator.cli import cli
from generator.dossier import rendering
from generator.dossier.bronnen import load_register
from generator.dossier.context import build_context
from generator.dossier.documents import KINDS
from generator.dossier.generation import build_dossier, template_for
from generator.errors import ProfileError
from generator.profile.loading import load_profile
from generator.word import logo as logo_module
from generator.word import reference as reference_module
from generator.word.huisstijl import LETTERHEAD_KINDS
from generator.word.reference import load_reference
from generator.word.untrusted import UnsafeDocument
from tests.conftest import REFERENCE_PATH, dump_profile
from tests.dossier import CONTRASTING, contrasting
from tests.openxml import assert_valid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def png(width: int, height: int, rgb=(200, 30, 30)) -> bytes:
    """A plain one-colour PNG, made here so the test needs no image library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


LETTERHEAD_PNG = png(60, 20)
LOGO_PNG = png(90, 30, (20, 60, 160))


def make_reference(path, letterhead_picture: bool = True):
    """A municipality's document: Georgia text, green Verdana headings, red title,
    3 cm side margins, a first-page header with a picture and a first-page footer."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    heading = document.styles["Heading 1"]
    heading.font.name = "Verdana"
    heading.font.color.rgb = RGBColor(0x00, 0x80, 0x40)
    heading.font.size = Pt(16)
    document.styles["Title"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3)
    section.top_margin = Cm(4)
    section.different_first_page_header_footer = True
    letterhead = section.first_page_header.paragraphs[0]
    if letterhead_picture:
        letterhead.add_run().add_picture(io.BytesIO(LETTERHEAD_PNG), width=Cm(3))
    letterhead.add_run("Gemeente Voorbeeldstad, Markt 1")
    section.first_page_footer.paragraphs[0].text = "www.voorbeeldstad.be"
    section.header.paragraphs[0].text = "Lopende koptekst van de gemeente"
    document.add_paragraph("Deze inhoud wordt niet overgenomen.")
    document.save(path)
    return path


def profile_with_logo(folder, logo: bytes = LOGO_PNG, data: dict | None = None):
    data = yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8")) if data is None else data
    data["schoolbestuur"]["logo"] = "beeld/logo.png"
    (folder / "beeld").mkdir(exist_ok=True)
    (folder / "beeld" / "logo.png").write_bytes(logo)
    path = folder / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    return path


# the algemeen directeur concludes the agreement, the college adopts the arbeidsreglement, pupils
# may record: the dossier holds the decisions of the council, the college and the algemeen directeur
ALL_DECISIONS = "thuis_algemeen_directeur"


@pytest.fixture(scope="module")
def styled(tmp_path_factory):
    """A dossier with --huisstijl (a letterhead with a picture) and a logo, for a profile
    whose dossier holds every letter and decision (LETTERHEAD_KINDS)."""
    folder = tmp_path_factory.mktemp("huisstijl")
    reference = load_reference(make_reference(folder / "referentie.docx"))
    return build_dossier(load_profile(profile_with_logo(folder, data=contrasting(ALL_DECISIONS))), reference=reference).files


@pytest.mark.parametrize("profile", list(CONTRASTING))
def test_every_document_passes_the_open_xml_rules(styled, tmp_path, profile):
    """Issue 20: what Word opens without "repairing" it, over profiles that take other
    paths through the templates, with a house-style reference and a logo."""
    for name, data in styled.items():
        if name.endswith(".docx"):
            assert_valid(data, name)
    reference = load_reference(make_reference(tmp_path / "referentie.docx"))
    files = build_dossier(load_profile(profile_with_logo(tmp_path, data=contrasting(profile))), reference=reference).files
    for name, data in files.items():
        if name.endswith(".docx"):
            assert_valid(data, f"{profile}: {name}")


@pytest.fixture(scope="module")
def logo_only(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logo")
    return build_dossier(load_profile(profile_with_logo(folder, data=contrasting(ALL_DECISIONS)))).files


def name_of(kind: str, files) -> str:
    stem = KINDS[kind].filename(load_profile(REFERENCE_PATH).profiel).removesuffix("-2027-2028.docx")
    return next(name for name in files if name.startswith(stem))


def part(data: bytes, name: str):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name)) if name in archive.namelist() else None


def members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def style(data: bytes, style_id: str):
    return part(data, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")


def first_page_header(data: bytes):
    """(header root, its relationships) of the first section's first-page header, or None."""
    section = part(data, "word/document.xml").find(f".//{W}sectPr")
    if section.find(f"{W}titlePg") is None:
        return None
    rid = next(ref.get(R_ID) for ref in section.findall(f"{W}headerReference") if ref.get(f"{W}type") == "first")
    rels = {rel.get("Id"): rel for rel in part(data, "word/_rels/document.xml.rels")}
    target = "word/" + rels[rid].get("Target")
    header_rels = part(data, target.replace("word/", "word/_rels/") + ".rels")
    return part(data, target), list(header_rels) if header_rels is not None else []


def images_of(data: bytes, header_rels) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read("word/" + rel.get("Target")) for rel in header_rels if rel.get("Type") == IMAGE]


# ------------------------------------------------------------------- styles


def test_fonts_and_colours_come_from_the_reference(styled):
    data = styled[name_of("gemeenteraadsbesluit", styled)]
    heading = style(data, "Heading1")
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Verdana"
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "008040"
    assert heading.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
    assert heading.find(f"{W}rPr/{W}b") is not None  # what the reference leaves open stays ours
    assert style(data, "Title").find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"
    assert style(data, "Normal").find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Georgia"
    # the document language stays ours
    lang = part(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "nl-BE"


def test_our_styles_stay_and_articles_still_number(styled):
    data = styled[name_of("academiereglement", styled)]
    for style_id in ("Title", "Heading1", "Heading2", "Heading3", "Artikel", "Ingevoegdartikel", "Noot", "Gegevenstabel"):
        assert style(data, style_id) is not None, style_id
    num_id = style(data, "Ingevoegdartikel").find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = part(data, "word/numbering.xml")
    assert numbering.find(f"{W}num[@{W}numId='{num_id}']") is not None
    body = part(data, "word/document.xml")
    articles = body.findall(f".//{W}p/{W}pPr/{W}pStyle[@{W}val='Ingevoegdartikel']")
    assert len(articles) > 3


def test_margins_and_page_size_come_from_the_reference_and_tables_fit(styled):
    document = docx.Document(io.BytesIO(styled[name_of("informatiebrief", styled)]))
    section = document.sections[0]
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1), round(section.top_margin.cm, 1)) == (3.0, 3.0, 4.0)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(f"{W}gridCol")
        assert sum(int(col.get(f"{W}w")) for col in grid) * 635 <= text_width + 635 * len(grid)
    # "ONTWERP" and "Pagina X van Y" sit at a right tab on the new right margin
    data = styled[name_of("informatiebrief", styled)]
    parts = [part(data, name) for name in members(data) if name.startswith(("word/header", "word/footer", "word/styles"))]
    right_tabs = [int(tab.get(f"{W}pos")) for root in parts for tab in root.iter(f"{W}tab") if tab.get(f"{W}val") == "right"]
    assert right_tabs and all(pos * 635 <= text_width for pos in right_tabs)


# --------------------------------------------------------------- letterhead


@pytest.mark.parametrize("kind", sorted(LETTERHEAD_KINDS))
def test_letters_and_decisions_get_the_reference_letterhead(styled, kind):
    data = styled[name_of(kind, styled)]
    header, rels = first_page_header(data)
    text = "".join(header.itertext())
    assert "Gemeente Voorbeeldstad, Markt 1" in text
    assert "ONTWERP" in text  # our running header still identifies the draft
    assert images_of(data, rels) == [LETTERHEAD_PNG]  # the reference's picture; the logo is not added twice
    assert "png" in {d.get("Extension") for d in part(data, "[Content_Types].xml")}
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert "www.voorbeeldstad.be" in "".join(p.text for p in section.first_page_footer.paragraphs)
    assert "Pagina" in "".join(p.text for p in section.first_page_footer.paragraphs)
    assert "Lopende koptekst" not in "".join(p.text for p in section.header.paragraphs)


def test_every_draft_decision_gets_the_letterhead(styled):
    """Issue 24: the decision of the algemeen directeur is headed like those of the council and the college."""
    decisions = [k.kind for k in KINDS if k.title.startswith("Ontwerpbesluit")]
    assert "besluit-algemeen-directeur" in decisions
    for kind in decisions:
        header, _ = first_page_header(styled[name_of(kind, styled)])
        assert "Gemeente Voorbeeldstad, Markt 1" in "".join(header.itertext()), kind


def test_other_documents_keep_their_own_first_page(styled):
    data = styled[name_of("academiereglement", styled)]
    assert first_page_header(data) is None
    assert not any(name.startswith("word/media/") for name in members(data))


@pytest.mark.parametrize("kind", sorted(LETTERHEAD_KINDS))
def test_the_logo_heads_the_first_page_of_letters_and_decisions(logo_only, kind):
    data = logo_only[name_of(kind, logo_only)]
    header, rels = first_page_header(data)
    assert images_of(data, rels) == [LOGO_PNG]
    assert header.find(f".//{W}drawing") is not None
    assert "ONTWERP" in "".join(header.itertext())


def test_the_logo_is_not_on_other_documents(logo_only):
    assert first_page_header(logo_only[name_of("stappenplan", logo_only)]) is None


def test_same_input_gives_the_same_bytes(tmp_path, styled):
    reference = load_reference(make_reference(tmp_path / "referentie.docx"))
    again = build_dossier(load_profile(profile_with_logo(tmp_path, data=contrasting(ALL_DECISIONS))), reference=reference).files
    name = name_of("informatiebrief", styled)
    assert again[name] == styled[name]


def test_without_house_style_the_documents_are_as_rendered():
    loaded = load_profile(REFERENCE_PATH)
    files = build_dossier(loaded).files
    context = build_context(loaded.profiel, load_register(None))
    for kind in ("informatiebrief", "academiereglement"):
        assert files[name_of(kind, files)] == rendering.render(template_for(KINDS[kind], None), context)


def test_the_cli_option(tmp_path):
    reference = make_reference(tmp_path / "referentie.docx", letterhead_picture=False)
    out = tmp_path / "uitvoer"
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(out), "--huisstijl", str(reference)])
    assert result.exit_code == 0, result.output
    header, _ = first_page_header((out / name_of("informatiebrief", [p.name for p in out.iterdir()])).read_bytes())
    assert "Gemeente Voorbeeldstad, Markt 1" in "".join(header.itertext())


# ----------------------------------------------------------- untrusted input


def hostile(tmp_path, change):
    """The reference with one member replaced (or added) by `change`: {name: bytes}."""
    good = make_reference(tmp_path / "goed.docx")
    path = tmp_path / "referentie.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, change.get(name, source.read(name)))
        for name in set(change) - set(source.namelist()):
            target.writestr(name, change[name])
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        ({"word/media/bom.bin": b"\0" * 50_000_000}, "zip-bom"),
        ({"word/styles.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles xmlns:w="x">&a;</w:styles>'}, "DTD"),
        ({"word/styles.xml": b"<w:styles"}, "geen geldige XML"),
        ({"../buiten.xml": b"x"}, "verwijst buiten het document"),
    ],
)
def test_a_hostile_reference_is_refused(tmp_path, change, message):
    with pytest.raises(UnsafeDocument, match=message):
        load_reference(hostile(tmp_path, change))


def test_an_unreadable_reference_exits_2_in_dutch(tmp_path):
    (tmp_path / "kapot.docx").write_bytes(b"geen zip")
    for reference, message in ((tmp_path / "kapot.docx", "geen geldig Word-document"), (tmp_path / "weg.docx", "het huisstijldocument")):
        result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--huisstijl", str(reference)])
        assert result.exit_code == 2
        assert message in result.output
        assert not (tmp_path / "uit").exists()


def test_links_outside_the_package_are_left_out():
    root = reference_module._xml(
        b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<w:p><w:hyperlink r:id="rId9"><w:r><w:t>site</w:t></w:r></w:hyperlink>'
        b'<w:r><w:object r:id="rId8"/></w:r><w:r><w:t>blijft</w:t></w:r></w:p></w:hdr>',
        "x",
        "header",
    )
    reference_module._keep_only(root, set())
    assert "".join(root.itertext()) == "siteblijft"
    assert not [key for element in root.iter() for key in element.attrib if "relationships" in key]


# --------------------------------------------------------------------- logo


@pytest.mark.parametrize(
    "logo, message",
    [
        (b"GIF89a...", "geen PNG- of JPEG-afbeelding"),
        (png(1, 1)[:16] + struct.pack(">II", 5000, 10) + png(1, 1)[24:], "5000 x 10 pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 1), "te groot"),
        (png(1, 1)[:20], "geen PNG- of JPEG-afbeelding (of ze is beschadigd)"),  # cut off inside IHDR
        (png(1, 1)[:30], "geen PNG- of JPEG-afbeelding (of ze is beschadigd)"),
        (png(1, 1)[:33], "geen PNG- of JPEG-afbeelding (of ze is beschadigd)"),  # only the header chunk
        (png(1, 1)[:-12], "geen PNG- of JPEG-afbeelding (of ze is beschadigd)"),  # no IEND
    ],
    ids=["gif", "too-wide", "too-large", "cut-in-ihdr", "png-of-30-bytes", "header-chunk-only", "no-iend"],
)
def test_an_unusable_logo_is_a_located_dutch_error(tmp_path, logo, message):
    path = profile_with_logo(tmp_path, logo)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    (problem,) = info.value.problems
    assert problem.field == "schoolbestuur.logo" and problem.line is not None
    assert message in problem.message


def test_a_missing_logo_is_named(tmp_path, profile_data):
    data = copy.deepcopy(profile_data)
    data["schoolbestuur"]["logo"] = "weg.png"
    (tmp_path / "profiel.yaml").write_text(dump_profile(data), encoding="utf-8")
    with pytest.raises(ProfileError, match="bestaat niet"):
        load_profile(tmp_path / "profiel.yaml")


def test_a_jpeg_logo_is_measured():
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\xff\xc0\x00\x11\x08\x00\x20\x00\x40\x03" + b"\0" * 9 + b"\xff\xd9"
    assert logo_module._image_kind(jpeg) == ("jpeg", (64, 32))
    assert logo_module._image_kind(jpeg[:-2]) == ("jpeg", None)  # cut off: no end-of-image mark


def test_a_cut_off_logo_uploaded_in_the_web_form_is_a_dutch_remark_not_a_server_error():
    import base64

    from generator.web import form

    answers = form.read({form.LOGO: "kapot.png", form.LOGO_DATA: base64.b64encode(png(1, 1)[:20]).decode()})
    assert answers.logo is None
    assert answers.unreadable[form.LOGO] == "'kapot.png' is geen PNG- of JPEG-afbeelding (of ze is beschadigd)."
