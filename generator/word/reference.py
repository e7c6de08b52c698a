"""Reading the house-style reference .docx (--huisstijl), untrusted input: what generator.word.huisstijl applies."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.word.untrusted import UnsafeDocument, check_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
RT_IMAGE = R + "/image"
RT_HEADER, RT_FOOTER = R + "/header", R + "/footer"
RT_STYLES, RT_THEME = R + "/styles", R + "/theme"
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


def wtag(tag: str) -> str:
    return f"{{{W}}}{tag}"


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
        sections = document.findall(f".//{wtag('sectPr')}")
        first = sections[0] if sections else None
        styles = next((read(target) for rtype, target, _ in rels.values() if rtype == RT_STYLES), None)
        theme = next((read(target) for rtype, target, _ in rels.values() if rtype == RT_THEME), None)
        if styles is not None and _xml(styles, name, "styles.xml").tag != wtag("styles"):
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
    size, margins = section.find(wtag("pgSz")), section.find(wtag("pgMar"))
    limits = [(size, "w", PAGE_MIN, PAGE_MAX), (size, "h", PAGE_MIN, PAGE_MAX)]
    limits += [(margins, side, -PAGE_MAX, PAGE_MAX) for side in ("top", "bottom")]
    limits += [(margins, side, 0, PAGE_MAX) for side in ("left", "right", "header", "footer", "gutter")]
    for element, attribute, low, high in limits:
        value = element.get(wtag(attribute)) if element is not None else None
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
        width = int(size.get(wtag("w"), "11906"))
        if twips(margins, "left") + twips(margins, "right") >= width:
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
    references = {ref.get(wtag("type"), "default"): ref.get(f"{{{R}}}id") for ref in section.findall(wtag(tag))}
    titled = section.find(wtag("titlePg")) is not None and section.find(wtag("titlePg")).get(wtag("val"), "1") not in ("0", "false")
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
    if root.tag != wtag(root_tag):
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
        for element in root.iter(wtag(tag)):
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
        if element.tag == wtag("hyperlink"):
            _unwrap(element)
            continue
        extension = next((a for a in element.iterancestors(f"{{{A}}}ext")), None)
        run = next((a for a in element.iterancestors(wtag("r"))), None)
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
    for simple in list(root.iter(wtag("fldSimple"))):
        if not _field_is_safe(simple.get(wtag("instr"), "")):
            _unwrap(simple)
    marks = (wtag("fldChar"), wtag("instrText"), wtag("delInstrText"))
    open_fields: list[tuple[list, list[str]]] = []  # (marks of the field, instruction parts)
    doomed = []
    in_instruction: list[bool] = []
    for element in list(root.iter(*marks)):
        if element.tag != wtag("fldChar"):
            if open_fields and in_instruction[-1]:
                open_fields[-1][0].append(element)
                open_fields[-1][1].append(element.text or "")
            else:
                doomed.append(element)  # an instruction outside any field
            continue
        kind = element.get(wtag("fldCharType"))
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


def twips(element, name: str, default: int = 0) -> int:
    """A measure attribute w:`name` of `element` in twips (default if absent or odd)."""
    try:
        return int(float(element.get(wtag(name), default)))
    except (ValueError, OverflowError):
        return default
