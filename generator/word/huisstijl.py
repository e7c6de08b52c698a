"""The municipality's house style: a reference .docx (--huisstijl) and a logo.

Like pandoc's --reference-doc, but narrower, so that our documents keep working:
- styles: for each of our styles that the reference also defines (same style id,
  or same name, as a Dutch Word writes "Kop1" for "heading 1"), the look comes
  from the reference: run properties (font, size, colour), spacing, alignment,
  borders and shading, and for table styles their table, row and cell
  properties. Our style ids, base styles and numbering links stay, so articles
  keep numbering. The reference's docDefaults and theme (theme fonts and
  colours) replace ours; the document language stays ours.
- page: size and margins of the reference's first section, for every section
  (a landscape section stays landscape); fixed table widths follow the text width.
- letterhead: the reference's first-page header and footer (or its only ones),
  with their images, become the first page's header and footer of letters and
  decisions (LETTERHEAD_KINDS); our running header and footer, which identify
  the document, follow them there and stay alone on the other pages.
- logo: the profile's schoolbestuur.logo (PNG or JPEG) at the top of that
  first-page header, unless the reference's letterhead has a picture already.

Not copied: numbering, settings, fonts table, comments, custom XML, anything a
header links to outside the package. The reference is untrusted input: it is
checked by untrusted.check_docx before anything reads it. Everything here is
deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import IaoError
from generator.word.untrusted import UnsafeDocument, check_docx

# Letters and decisions: the documents that leave the house on the municipality's paper.
LETTERHEAD_KINDS = frozenset({"informatiebrief", "gemeenteraadsbesluit", "collegebesluit", "principebeslissing", "toestemming-opnames"})

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000  # per side
LOGO_HEIGHT_EMU = 648_000  # 1.8 cm
LOGO_MAX_WIDTH_EMU = 2_520_000  # 7 cm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
RT_IMAGE = R + "/image"
RT_HEADER, RT_FOOTER = R + "/header", R + "/footer"
RT_STYLES, RT_THEME = R + "/styles", R + "/theme"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
# The reference is read whole into memory and copied into every letter: a
# letterhead image or a style sheet is far smaller than these in practice.
MAX_REFERENCE_IMAGE = 5 * 1024 * 1024
MAX_REFERENCE_PART = 10 * 1024 * 1024  # styles, theme, document, header, footer, relationships
MAX_REFERENCE_IMAGES = 20  # per header or footer
# A page between 0.1 and 22 inch (Word's own limits), margins at most as much, in twips.
PAGE_MIN, PAGE_MAX = 144, 31_680
# Fields that only show what is in the document itself; any other field of the
# letterhead (INCLUDEPICTURE, INCLUDETEXT, LINK, HYPERLINK, DDE, ...) is
# replaced by the text it shows, so Word fetches nothing on opening.
SAFE_FIELDS = frozenset(
    "PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME CREATEDATE SAVEDATE PRINTDATE STYLEREF DOCPROPERTY TITLE SUBJECT AUTHOR KEYWORDS COMMENTS".split()
)
# Attributes (any namespace) that name a file or address for Word to fetch or
# open: VML's src and o:href, the alternative o:althref.
LINK_ATTRIBUTES = frozenset({"src", "href", "althref"})
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif", "emf": "image/x-emf", "wmf": "image/x-wmf"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# The children of w:rPr in the order the schema (CT_RPr) requires; others are dropped.
RPR_ORDER = tuple(
    _w(tag)
    for tag in (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish "
        "webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
        "eastAsianLayout specVanish oMath"
    ).split()
)


# The parts of a style that make its look; the rest (name, basedOn, next, link,
# numbering, outline level, indents, tabs) stays ours.
LOOK_PPR = ("keepNext", "keepLines", "pageBreakBefore", "widowControl", "pBdr", "shd", "spacing", "contextualSpacing", "jc")
LOOK_TABLE = ("tblPr", "trPr", "tcPr", "tblStylePr")
# rPr children that are not look: the language stays ours, a tracked change is history.
NOT_LOOK_RPR = (_w("lang"), _w("rPrChange"))


class HuisstijlError(IaoError):
    """A logo that cannot be used (exit 2, like any unusable input file)."""


# ------------------------------------------------------------------ the logo


@dataclass(frozen=True)
class Logo:
    data: bytes
    extension: str  # png or jpeg
    width: int  # pixels
    height: int


def read_logo(path: Path) -> Logo:
    """The logo at `path`, checked: a PNG or JPEG by its signature, at most
    MAX_LOGO_BYTES and MAX_LOGO_PIXELS per side. ValueError with a Dutch reason."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValueError(f"'{path}' is geen bestand")
        if size > MAX_LOGO_BYTES:
            raise ValueError(f"het logo '{path.name}' is te groot ({size // 1024} kB); hooguit {MAX_LOGO_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError:
        raise ValueError(f"het logo '{path}' bestaat niet of kan niet gelezen worden") from None
    return logo_from_bytes(data, path.name)


def logo_from_bytes(data: bytes, name: str) -> Logo:
    """The checks of read_logo on the bytes of a logo (`iao web`: an upload named `name`)."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"het logo '{name}' is te groot ({len(data) // 1024} kB); hooguit {MAX_LOGO_BYTES // (1024 * 1024)} MB")
    extension, dimensions = _image_kind(data)
    if dimensions is None:
        raise ValueError(f"'{name}' is geen PNG- of JPEG-afbeelding (of ze is beschadigd)")
    width, height = dimensions
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise ValueError(f"het logo '{name}' is {width} x {height} pixels; hooguit {MAX_LOGO_PIXELS} x {MAX_LOGO_PIXELS}")
    return Logo(data, extension, width, height)


def _image_kind(data: bytes) -> tuple[str, tuple[int, int] | None]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "png", struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        return "jpeg", _jpeg_size(data)
    return "", None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment of a JPEG."""
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def logo_problem(value: str, folder: Path) -> str | None:
    """Why the logo `value` (a path relative to `folder`) cannot be used, or None."""
    try:
        read_logo(folder / value)
    except ValueError as exc:
        return str(exc)
    return None


# ------------------------------------------------------- the reference .docx


@dataclass(frozen=True)
class Part:
    """A header or footer of the reference: its XML and its images by relationship id."""

    xml: bytes
    images: dict[str, tuple[str, bytes]]  # rId -> (extension, bytes)

    def has_picture(self) -> bool:
        return bool(self.images)


@dataclass(frozen=True)
class Reference:
    name: str
    styles: bytes | None  # the reference's styles.xml
    theme: bytes | None
    page: bytes | None  # the first section's w:sectPr
    header: Part | None
    footer: Part | None


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True, huge_tree=False, load_dtd=False)


def _xml(data: bytes, name: str, member: str):
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeDocument(f"{name}: onderdeel {member} is geen geldige XML ({exc}); open het document in Word en bewaar het opnieuw.") from None
    if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
        # check_docx looks for a DTD in the bytes; this catches any encoding it missed
        raise UnsafeDocument(f"{name}: onderdeel {member} bevat een DTD- of entiteitsdeclaratie; die zijn niet toegelaten.")
    return root


def load_reference(path: Path) -> Reference:
    """Read what we take from the reference .docx at `path` (checked as untrusted first)."""
    path = Path(path)
    check_docx(path, "het huisstijldocument")
    name = path.name
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: info for info in archive.infolist()}

        def read(member: str, limit: int | None = None) -> bytes | None:
            if member not in members:
                return None
            limit = limit or MAX_REFERENCE_PART
            if members[member].file_size > limit:
                raise UnsafeDocument(
                    f"{name}: onderdeel {member} is te groot voor een huisstijl ({members[member].file_size // (1024 * 1024)} MB; "
                    f"hooguit {limit // (1024 * 1024)} MB). Verklein de afbeelding of bewaar een leeg document met alleen het briefhoofd."
                )
            return archive.read(member)

        rels = _relationships(read("word/_rels/document.xml.rels"), "word/document.xml", name)
        document = _xml(read("word/document.xml") or b"", name, "word/document.xml")
        sections = document.findall(f".//{_w('sectPr')}")
        first = sections[0] if sections else None
        styles = next((read(target) for rtype, target, _ in rels.values() if rtype == RT_STYLES), None)
        theme = next((read(target) for rtype, target, _ in rels.values() if rtype == RT_THEME), None)
        if styles is not None and _xml(styles, name, "styles.xml").tag != _w("styles"):
            styles = None  # a relationship of the wrong part: no style sheet
        if theme is not None and not _plain_theme(_xml(theme, name, "theme")):
            theme = None
        header = footer = None
        if first is not None:
            _check_page(first, name)
            header = _letterhead_part(first, "headerReference", rels, read, name)
            footer = _letterhead_part(first, "footerReference", rels, read, name)
    from lxml import etree

    page = etree.tostring(first) if first is not None else None
    return Reference(name, styles, theme, page, header, footer)


def _plain_theme(root) -> bool:
    """A theme we can copy alone: an a:theme without pictures (they would need
    parts and relationships we do not copy; our own theme stays then)."""
    return root.tag == f"{{{A}}}theme" and not any(key.startswith(f"{{{R}}}") for element in root.iter() for key in element.attrib)


def _check_page(section, name: str) -> None:
    """Refuse a page size or margin of the first section that Word could not
    hold: no whole number of twips, or beyond Word's own limits (a page of 0.1
    to 22 inch, margins within the page). Copied unchecked, it would end in
    every document of the dossier."""
    size, margins = section.find(_w("pgSz")), section.find(_w("pgMar"))
    limits = [(size, "w", PAGE_MIN, PAGE_MAX), (size, "h", PAGE_MIN, PAGE_MAX)]
    limits += [(margins, side, -PAGE_MAX, PAGE_MAX) for side in ("top", "bottom")]
    limits += [(margins, side, 0, PAGE_MAX) for side in ("left", "right", "header", "footer", "gutter")]
    for element, attribute, low, high in limits:
        value = element.get(_w(attribute)) if element is not None else None
        if value is None:
            continue
        number = int(value) if re.fullmatch(r"-?[0-9]{1,6}", value.strip()) else None
        if number is None or not low <= number <= high:
            what = "het paginaformaat" if element is size else "de marges"
            raise UnsafeDocument(
                f'{name}: {what} van de eerste sectie heeft {attribute}="{value[:40]}"; verwacht een geheel getal '
                f"van {low} tot {high} twips. Stel de pagina opnieuw in met Indeling > Formaat en Marges en bewaar het document."
            )
    if size is not None and margins is not None:
        width = int(size.get(_w("w"), "11906"))
        if _twips(margins, "left") + _twips(margins, "right") >= width:
            raise UnsafeDocument(f"{name}: de linker- en rechtermarge van de eerste sectie laten geen plaats voor tekst.")


def _relationships(data: bytes | None, source: str, name: str) -> dict[str, tuple[str, str, bool]]:
    """{rId: (type, target part name, external)} of the part `source`."""
    if data is None:
        return {}
    out = {}
    folder = posixpath.dirname(source)
    for rel in _xml(data, name, source + " (relaties)").iter(f"{{{PR}}}Relationship"):
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target", "")
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/") if not target.startswith("/") else target.lstrip("/")
        out[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
    return out


def _letterhead_part(section, tag: str, rels, read, name: str) -> Part | None:
    """The first-page header (or footer) of `section`, else its default one."""
    references = {ref.get(_w("type"), "default"): ref.get(f"{{{R}}}id") for ref in section.findall(_w(tag))}
    titled = section.find(_w("titlePg")) is not None and section.find(_w("titlePg")).get(_w("val"), "1") not in ("0", "false")
    rid = references.get("first") if titled else None
    rid = rid or references.get("default")
    kind, root_tag = (RT_HEADER, "hdr") if tag == "headerReference" else (RT_FOOTER, "ftr")
    if rid not in rels or rels[rid][2] or rels[rid][0] != kind:
        return None  # a reference to something else than a header (or footer) part
    target = rels[rid][1]
    xml = read(target)
    if xml is None:
        return None
    root = _xml(xml, name, target)
    if root.tag != _w(root_tag):
        return None
    part_rels = _relationships(read(posixpath.join(posixpath.dirname(target), "_rels", posixpath.basename(target) + ".rels")), target, name)
    images = {}
    for rel_id, (rtype, image, external) in part_rels.items():
        extension = image.rsplit(".", 1)[-1].lower()
        data = None if external or rtype != RT_IMAGE or extension not in IMAGE_TYPES else read(image, MAX_REFERENCE_IMAGE)
        if data is not None:
            images[rel_id] = (extension, data)
    if len(images) > MAX_REFERENCE_IMAGES:
        raise UnsafeDocument(f"{name}: {target} heeft {len(images)} afbeeldingen; een briefhoofd heeft er hooguit {MAX_REFERENCE_IMAGES}.")
    _keep_only(root, set(images))
    from lxml import etree

    return Part(etree.tostring(root), images)


def _keep_only(root, kept: set[str]) -> None:
    """Remove from a header what refers to something we do not copy: a link
    outside the package, an OLE object, a comment, bound custom XML, a field
    that fetches (INCLUDEPICTURE, INCLUDETEXT, ...), a VML src or o:href. A
    hyperlink or a fetching field keeps its text; a picture whose image is not
    kept goes with its run."""
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference", "dataBinding"):
        for element in root.iter(_w(tag)):
            element.getparent().remove(element)
    _strip_fields(root)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for key in [key for key in element.attrib if not key.startswith(f"{{{R}}}") and key.rsplit("}", 1)[-1].lower() in LINK_ATTRIBUTES]:
            del element.attrib[key]
        dangling = [key for key, value in element.attrib.items() if key.startswith(f"{{{R}}}") and value not in kept]
        if not dangling:
            continue
        if element.tag == _w("hyperlink"):
            _unwrap(element)
            continue
        extension = next((a for a in element.iterancestors(f"{{{A}}}ext")), None)
        run = next((a for a in element.iterancestors(_w("r"))), None)
        doomed = extension if extension is not None else run if run is not None else element
        if doomed.getparent() is not None:
            doomed.getparent().remove(doomed)


def _unwrap(element) -> None:
    """Put the children of `element` in its place."""
    parent = element.getparent()
    at = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(at, child)
    parent.remove(element)


def _field_is_safe(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() in SAFE_FIELDS


def _strip_fields(root) -> None:
    """Every field whose instruction is not in SAFE_FIELDS becomes the text it
    shows: a simple field is unwrapped; of a complex field the begin, separate
    and end marks and the instruction go, the result runs stay. Each field,
    nested or not, is judged by its own instruction; an unclosed one is stripped."""
    for simple in list(root.iter(_w("fldSimple"))):
        if not _field_is_safe(simple.get(_w("instr"), "")):
            _unwrap(simple)
    marks = (_w("fldChar"), _w("instrText"), _w("delInstrText"))
    open_fields: list[tuple[list, list[str]]] = []  # (marks of the field, instruction parts)
    doomed = []
    in_instruction: list[bool] = []
    for element in list(root.iter(*marks)):
        if element.tag != _w("fldChar"):
            if open_fields and in_instruction[-1]:
                open_fields[-1][0].append(element)
                open_fields[-1][1].append(element.text or "")
            else:
                doomed.append(element)  # an instruction outside any field
            continue
        kind = element.get(_w("fldCharType"))
        if kind == "begin":
            open_fields.append(([element], []))
            in_instruction.append(True)
        elif kind == "separate" and open_fields:
            open_fields[-1][0].append(element)
            in_instruction[-1] = False
        elif kind == "end" and open_fields:
            field_marks, instruction = open_fields.pop()
            in_instruction.pop()
            field_marks.append(element)
            if not _field_is_safe("".join(instruction)):
                doomed += field_marks
        else:
            doomed.append(element)  # a stray separate or end
    for field_marks, _ in open_fields:
        doomed += field_marks
    for element in doomed:
        element.getparent().remove(element)


# ------------------------------------------------------------ applying it


@dataclass
class Huisstijl:
    """What a run applies to each rendered document: a reference, a logo, or both."""

    reference: Reference | None = None
    logo: Logo | None = None
    # Our styles.xml -> restyled: the templates share their style sheet, so it is
    # merged once per run, not once per document.
    _restyled: dict[bytes, bytes] = field(default_factory=dict, repr=False)

    def apply(self, data: bytes, kind: str) -> bytes:
        """The rendered .docx `data` of document kind `kind` in the house style."""
        from generator.word import docxfile

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members: dict[str, bytes] = {name: archive.read(name) for name in archive.namelist()}
        package = _Package(members)
        if self.reference is not None:
            if self.reference.styles is not None:
                ours = package.members["word/styles.xml"]
                if ours not in self._restyled:
                    package.restyle(self.reference.styles)
                    self._restyled[ours] = package.members["word/styles.xml"]
                package.members["word/styles.xml"] = self._restyled[ours]
            if self.reference.theme is not None:
                package.replace_theme(self.reference.theme)
            if self.reference.page is not None:
                package.repage(self.reference.page)
        if kind in LETTERHEAD_KINDS:
            header = self.reference.header if self.reference else None
            footer = self.reference.footer if self.reference else None
            logo = self.logo if header is None or not header.has_picture() else None
            if header is not None or footer is not None or logo is not None:
                package.letterhead(header, footer, logo)
        return docxfile.write_zip(package.members)


def for_run(reference: Reference | None, logo: Logo | None) -> Huisstijl | None:
    """The house style of a run, or None when there is none (the output stays as it was)."""
    return Huisstijl(reference, logo) if reference is not None or logo is not None else None


class _Package:
    """The members of a rendered .docx, changed in place."""

    def __init__(self, members: dict[str, bytes]):
        self.members = members

    def _tree(self, member: str):
        from docx.oxml.parser import parse_xml

        return parse_xml(self.members[member])

    def _store(self, member: str, tree) -> None:
        from docx.opc.oxml import serialize_part_xml

        self.members[member] = serialize_part_xml(tree)

    # -- styles ---------------------------------------------------------------

    def restyle(self, reference_styles: bytes) -> None:
        from docx.oxml.parser import parse_xml

        ours = self._tree("word/styles.xml")
        theirs = parse_xml(reference_styles)
        by_key: dict[tuple[str, str, str], object] = {}
        for style in theirs.iterfind(_w("style")):
            kind = style.get(_w("type"))
            name = style.find(_w("name"))
            by_key.setdefault((kind, "id", style.get(_w("styleId"))), style)
            if name is not None:
                by_key.setdefault((kind, "name", name.get(_w("val"), "").lower()), style)
        for style in ours.iterfind(_w("style")):
            kind = style.get(_w("type"))
            name = style.find(_w("name"))
            match = by_key.get((kind, "id", style.get(_w("styleId"))))
            if match is None and name is not None:
                match = by_key.get((kind, "name", name.get(_w("val"), "").lower()))
            if match is not None:
                _take_look(style, match)
        _take_defaults(ours, theirs)
        self._store("word/styles.xml", ours)

    def replace_theme(self, theme: bytes) -> None:
        if "word/theme/theme1.xml" in self.members:  # every template of ours has one
            self.members["word/theme/theme1.xml"] = theme

    # -- page -----------------------------------------------------------------

    def repage(self, reference_section: bytes) -> None:
        from docx.oxml.parser import parse_xml

        theirs = parse_xml(reference_section)
        size, margins = theirs.find(_w("pgSz")), theirs.find(_w("pgMar"))
        if size is None or margins is None:
            return
        document = self._tree("word/document.xml")
        body = document.find(_w("body"))
        tables: list = []
        widths = []
        for child in body:
            if child.tag == _w("tbl"):
                tables.append(child)
            section = child.find(f"{_w('pPr')}/{_w('sectPr')}") if child.tag == _w("p") else child if child.tag == _w("sectPr") else None
            if section is not None:
                widths.append(_set_page(section, size, margins, tables))
                tables = []
        self._store("word/document.xml", document)
        if widths and widths[0] is not None:
            self._move_right_tabs(*widths[0])

    def _move_right_tabs(self, old_text: int, new_text: int) -> None:
        """A right tab at the old right margin (header, footer, signature lines)
        moves to the new one, so that "ONTWERP" and "Pagina X van Y" stay on the page."""
        parts = [m for m in sorted(self.members) if m in ("word/styles.xml", "word/document.xml") or m.startswith(("word/header", "word/footer"))]
        for member in parts:
            tree = self._tree(member)
            tabs = [tab for tab in tree.iter(_w("tab")) if tab.get(_w("val")) in ("right", "end") and abs(_twips(tab, "pos") - old_text) <= 20]
            for tab in tabs:
                tab.set(_w("pos"), str(new_text))
            if tabs:
                self._store(member, tree)

    # -- letterhead -----------------------------------------------------------

    def letterhead(self, header: Part | None, footer: Part | None, logo: Logo | None) -> None:
        document = self._tree("word/document.xml")
        sections = document.findall(f".//{_w('sectPr')}")
        if not sections:
            return
        first = sections[0]
        rels = self._tree("word/_rels/document.xml.rels")
        targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
        for tag, part, kind in (("headerReference", header, "header"), ("footerReference", footer, "footer")):
            references = {ref.get(_w("type")): ref.get(f"{{{R}}}id") for ref in first.findall(_w(tag))}
            ours = targets.get(references.get("first") or references.get("default") or "")
            name = f"word/{kind}First.xml"
            self._first_page_part(name, kind, part, ours, logo if kind == "header" else None)
            for ref in first.findall(_w(tag)):
                if ref.get(_w("type")) == "first":
                    first.remove(ref)
            rid = f"rIdHuisstijl{kind.capitalize()}"
            if rels.find(f"{{{PR}}}Relationship[@Id='{rid}']") is None:
                rels.append(_relationship(rid, RT_HEADER if kind == "header" else RT_FOOTER, f"{kind}First.xml"))
            add = first.add_headerReference if kind == "header" else first.add_footerReference
            from docx.enum.section import WD_HEADER_FOOTER

            add(WD_HEADER_FOOTER.FIRST_PAGE, rid)
        first.titlePg_val = True
        self._store("word/document.xml", document)
        self._store("word/_rels/document.xml.rels", rels)

    def _first_page_part(self, name: str, kind: str, part: Part | None, ours: str | None, logo: Logo | None) -> None:
        """Write part `name`: the letterhead (logo, reference part), then our own lines."""
        from docx.oxml.parser import parse_xml

        root = parse_xml(part.xml) if part is not None else parse_xml(self.members[ours]) if ours else None
        if root is None:
            return
        relations = []
        if part is not None:
            for rid, (extension, data) in sorted(part.images.items()):
                media = self._add_media(f"{kind}First-{rid}", extension, data)
                relations.append(_relationship(rid, RT_IMAGE, "media/" + media))
            if ours:  # our running lines follow the reference's letterhead
                for element in parse_xml(self.members[ours]):
                    root.append(element)
                relations += self._relationships_of(ours, exclude=set(part.images))
        elif ours:
            relations += self._relationships_of(ours, exclude=set())
        if logo is not None:
            media = self._add_media("logo", logo.extension, logo.data)
            relations.append(_relationship("rIdHuisstijlLogo", RT_IMAGE, "media/" + media))
            root.insert(0, parse_xml(_logo_paragraph(logo)))
        for number, element in enumerate(root.iter(f"{{{WP}}}docPr"), start=90_001 if kind == "header" else 91_001):
            element.set("id", str(number))  # unique beside the body's drawings (from 1001)
        self._store(name, root)
        self._add_override("/" + name, CT_HEADER if kind == "header" else CT_FOOTER)
        if relations:
            from lxml import etree

            rels = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
            rels.extend(relations)
            self.members[posixpath.join("word/_rels", posixpath.basename(name) + ".rels")] = _xml_bytes(rels)

    def _relationships_of(self, part: str, exclude: set[str]) -> list:
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        if rels_name not in self.members:
            return []
        from docx.oxml.parser import parse_xml

        return [deepcopy(rel) for rel in parse_xml(self.members[rels_name]) if rel.get("Id") not in exclude]

    def _add_media(self, stem: str, extension: str, data: bytes) -> str:
        name = f"{stem}.{extension}"
        self.members["word/media/" + name] = data
        self._add_default(extension, IMAGE_TYPES[extension])
        return name

    def _add_default(self, extension: str, content_type: str) -> None:
        from lxml import etree

        types = self._tree("[Content_Types].xml")
        if any(d.get("Extension", "").lower() == extension for d in types.iterfind(f"{{{CT}}}Default")):
            return
        types.insert(0, etree.Element(f"{{{CT}}}Default", Extension=extension, ContentType=content_type))
        self._store("[Content_Types].xml", types)

    def _add_override(self, part: str, content_type: str) -> None:
        from lxml import etree

        types = self._tree("[Content_Types].xml")
        if any(o.get("PartName") == part for o in types.iterfind(f"{{{CT}}}Override")):
            return
        types.append(etree.Element(f"{{{CT}}}Override", PartName=part, ContentType=content_type))
        self._store("[Content_Types].xml", types)


def _xml_bytes(tree) -> bytes:
    from docx.opc.oxml import serialize_part_xml

    return serialize_part_xml(tree)


def _relationship(rid: str, rtype: str, target: str):
    from lxml import etree

    return etree.Element(f"{{{PR}}}Relationship", Id=rid, Type=rtype, Target=target)


def _take_look(style, reference) -> None:
    """Give our `style` the look of the reference's: every look property the
    reference's style sets replaces ours; what it leaves open stays ours."""
    from docx.oxml import OxmlElement

    from generator.word.wordstyles import _replace_in_ppr

    theirs_ppr = reference.find(_w("pPr"))
    if theirs_ppr is not None:
        ours_ppr = style.find(_w("pPr"))
        if ours_ppr is None:
            ours_ppr = OxmlElement("w:pPr")
            style.insert(_look_index(style), ours_ppr)
        for tag in LOOK_PPR:
            found = theirs_ppr.find(_w(tag))
            if found is not None:
                _replace_in_ppr(ours_ppr, "w:" + tag, deepcopy(found))
    theirs_rpr = reference.find(_w("rPr"))
    if theirs_rpr is not None:
        ours_rpr = style.find(_w("rPr"))
        merged = {child.tag: child for child in (ours_rpr if ours_rpr is not None else ())}
        merged.update((child.tag, deepcopy(child)) for child in theirs_rpr if child.tag not in NOT_LOOK_RPR)
        rpr = OxmlElement("w:rPr")
        rpr.extend(merged[tag] for tag in RPR_ORDER if tag in merged)
        if ours_rpr is not None:
            style.replace(ours_rpr, rpr)
        else:
            ppr = style.find(_w("pPr"))
            style.insert(style.index(ppr) + 1 if ppr is not None else _look_index(style), rpr)
    if style.get(_w("type")) == "table":
        for tag in LOOK_TABLE:
            found = reference.findall(_w(tag))
            if found:
                for old in style.findall(_w(tag)):
                    style.remove(old)
                style.extend(deepcopy(element) for element in found)


def _look_index(style) -> int:
    """Where pPr or rPr goes in a w:style: before the properties that close it."""
    closing = {_w(tag) for tag in ("pPr", "rPr", *LOOK_TABLE)}
    return next((i for i, child in enumerate(style) if child.tag in closing), len(style))


def _take_defaults(ours, theirs) -> None:
    """The reference's docDefaults, with our document language."""
    their_defaults = theirs.find(_w("docDefaults"))
    our_defaults = ours.find(_w("docDefaults"))
    if their_defaults is None or our_defaults is None:
        return
    new = deepcopy(their_defaults)
    language = our_defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}/{_w('lang')}")
    rpr = new.find(f"{_w('rPrDefault')}/{_w('rPr')}")
    if rpr is not None:
        for old in rpr.findall(_w("lang")):
            rpr.remove(old)
        if language is not None:
            rpr.append(deepcopy(language))
    ours.replace(our_defaults, new)


def _set_page(section, size, margins, tables: list) -> tuple[int, int] | None:
    """Page size and margins of the reference for one section; its tables scaled
    to the new text width. A landscape section stays landscape. Returns the old
    and new text width (twips)."""
    our_size, our_margins = section.find(_w("pgSz")), section.find(_w("pgMar"))
    if our_size is None or our_margins is None:
        return None

    landscape = _twips(our_size, "w") > _twips(our_size, "h")
    old_text = _twips(our_size, "w") - _twips(our_margins, "left") - _twips(our_margins, "right")
    width, height = _twips(size, "w", 11906), _twips(size, "h", 16838)
    if landscape != (width > height):
        width, height = height, width
    our_size.set(_w("w"), str(width))
    our_size.set(_w("h"), str(height))
    for name in ("top", "right", "bottom", "left", "header", "footer", "gutter"):
        if margins.get(_w(name)) is not None:
            our_margins.set(_w(name), str(_twips(margins, name)))
    new_text = width - _twips(our_margins, "left") - _twips(our_margins, "right")
    if old_text > 0 and new_text > 0 and new_text != old_text:
        for table in tables:
            _scale_table(table, new_text / old_text)
    return old_text, new_text


def _twips(element, name: str, default: int = 0) -> int:
    """A measure attribute w:`name` of `element` in twips (default if absent or odd)."""
    try:
        return int(float(element.get(_w(name), default)))
    except (ValueError, OverflowError):
        return default


def _scale_table(table, factor: float) -> None:
    """Fixed widths (twips) of a table and its cells times `factor`."""
    for element in table.iter(_w("gridCol"), _w("tblW"), _w("tcW")):
        value = element.get(_w("w"))
        if value and value.isdigit() and element.get(_w("type"), "dxa") == "dxa":
            element.set(_w("w"), str(round(int(value) * factor)))


def _logo_paragraph(logo: Logo) -> bytes:
    """A header paragraph with the logo, 1.8 cm high (narrower if it would be over 7 cm wide)."""
    height = LOGO_HEIGHT_EMU
    width = height * logo.width // logo.height
    if width > LOGO_MAX_WIDTH_EMU:
        width, height = LOGO_MAX_WIDTH_EMU, LOGO_MAX_WIDTH_EMU * logo.height // logo.width
    return (
        f'<w:p xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="120"/></w:pPr>'
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        '<wp:docPr id="1" name="Logo"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="logo.{logo.extension}"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdHuisstijlLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
    ).encode()


def profile_logo(loaded) -> Logo | None:
    """The logo of a loaded profile (schoolbestuur.logo, relative to the profile
    file), read and checked again now that it is used."""
    from generator.errors import Problem

    value = loaded.profiel.schoolbestuur.logo
    if value is None:
        return None
    try:
        return read_logo(Path(loaded.file).parent / value)
    except ValueError as exc:
        raise HuisstijlError(str(Problem(loaded.file, loaded.line(("schoolbestuur", "logo")), "schoolbestuur.logo", f"{exc}."))) from None
