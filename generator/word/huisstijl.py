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
  (a landscape section stays landscape); fixed table widths follow the text width,
  and a column is widened to its longest word in the reference's font (tablefit).
- letterhead: the reference's first-page header and footer (or its only ones),
  with their images, become the first page's header and footer of letters and
  decisions (LETTERHEAD_KINDS); our running header and footer, which identify
  the document, follow them there and stay alone on the other pages.
- logo: the profile's schoolbestuur.logo (PNG or JPEG) at the top of that
  first-page header, unless the reference's letterhead has a picture already.

Not copied: numbering, settings, fonts table, comments, custom XML, anything a
header links to outside the package. The reference is untrusted input: it is
checked by untrusted.check_docx before anything reads it. Reading the reference
is generator.word.reference, checking the logo generator.word.logo; this module
applies them. Everything here is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field

from generator.word import tablefit
from generator.word.logo import Logo
from generator.word.reference import IMAGE_TYPES, PR, RT_FOOTER, RT_HEADER, RT_IMAGE, A, Part, R, Reference, W, twips, wtag

# Letters and decisions: the documents that leave the house on the municipality's paper.
LETTERHEAD_KINDS = frozenset(
    {"informatiebrief", "gemeenteraadsbesluit", "collegebesluit", "principebeslissing", "toestemming-opnames", "besluit-algemeen-directeur"}
)

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
LOGO_HEIGHT_EMU = 648_000  # 1.8 cm
LOGO_MAX_WIDTH_EMU = 2_520_000  # 7 cm


# The children of w:rPr in the order the schema (CT_RPr) requires; others are dropped.
RPR_ORDER = tuple(
    wtag(tag)
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
NOT_LOOK_RPR = (wtag("lang"), wtag("rPrChange"))


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
            package.fit_tables()
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
        for style in theirs.iterfind(wtag("style")):
            kind = style.get(wtag("type"))
            name = style.find(wtag("name"))
            by_key.setdefault((kind, "id", style.get(wtag("styleId"))), style)
            if name is not None:
                by_key.setdefault((kind, "name", name.get(wtag("val"), "").lower()), style)
        for style in ours.iterfind(wtag("style")):
            kind = style.get(wtag("type"))
            name = style.find(wtag("name"))
            match = by_key.get((kind, "id", style.get(wtag("styleId"))))
            if match is None and name is not None:
                match = by_key.get((kind, "name", name.get(wtag("val"), "").lower()))
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
        size, margins = theirs.find(wtag("pgSz")), theirs.find(wtag("pgMar"))
        if size is None or margins is None:
            return
        document = self._tree("word/document.xml")
        body = document.find(wtag("body"))
        tables: list = []
        widths = []
        for child in body:
            if child.tag == wtag("tbl"):
                tables.append(child)
            section = child.find(f"{wtag('pPr')}/{wtag('sectPr')}") if child.tag == wtag("p") else child if child.tag == wtag("sectPr") else None
            if section is not None:
                widths.append(_set_page(section, size, margins, tables))
                tables = []
        self._store("word/document.xml", document)
        if widths and widths[0] is not None:
            self._move_right_tabs(*widths[0])

    def fit_tables(self) -> None:
        """Columns wide enough for their longest word in the reference's font."""
        document = self._tree("word/document.xml")
        theme = self._tree("word/theme/theme1.xml") if "word/theme/theme1.xml" in self.members else None
        if tablefit.fit_tables(document, self._tree("word/styles.xml"), theme):
            self._store("word/document.xml", document)

    def _move_right_tabs(self, old_text: int, new_text: int) -> None:
        """A right tab at the old right margin (header, footer, signature lines)
        moves to the new one, so that "ONTWERP" and "Pagina X van Y" stay on the page."""
        parts = [m for m in sorted(self.members) if m in ("word/styles.xml", "word/document.xml") or m.startswith(("word/header", "word/footer"))]
        for member in parts:
            tree = self._tree(member)
            tabs = [tab for tab in tree.iter(wtag("tab")) if tab.get(wtag("val")) in ("right", "end") and abs(twips(tab, "pos") - old_text) <= 20]
            for tab in tabs:
                tab.set(wtag("pos"), str(new_text))
            if tabs:
                self._store(member, tree)

    # -- letterhead -----------------------------------------------------------

    def letterhead(self, header: Part | None, footer: Part | None, logo: Logo | None) -> None:
        document = self._tree("word/document.xml")
        sections = document.findall(f".//{wtag('sectPr')}")
        if not sections:
            return
        first = sections[0]
        rels = self._tree("word/_rels/document.xml.rels")
        targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
        for tag, part, kind in (("headerReference", header, "header"), ("footerReference", footer, "footer")):
            references = {ref.get(wtag("type")): ref.get(f"{{{R}}}id") for ref in first.findall(wtag(tag))}
            ours = targets.get(references.get("first") or references.get("default") or "")
            name = f"word/{kind}First.xml"
            self._first_page_part(name, kind, part, ours, logo if kind == "header" else None)
            for ref in first.findall(wtag(tag)):
                if ref.get(wtag("type")) == "first":
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

    theirs_ppr = reference.find(wtag("pPr"))
    if theirs_ppr is not None:
        ours_ppr = style.find(wtag("pPr"))
        if ours_ppr is None:
            ours_ppr = OxmlElement("w:pPr")
            style.insert(_look_index(style), ours_ppr)
        for tag in LOOK_PPR:
            found = theirs_ppr.find(wtag(tag))
            if found is not None:
                _replace_in_ppr(ours_ppr, "w:" + tag, deepcopy(found))
    theirs_rpr = reference.find(wtag("rPr"))
    if theirs_rpr is not None:
        ours_rpr = style.find(wtag("rPr"))
        merged = {child.tag: child for child in (ours_rpr if ours_rpr is not None else ())}
        merged.update((child.tag, deepcopy(child)) for child in theirs_rpr if child.tag not in NOT_LOOK_RPR)
        rpr = OxmlElement("w:rPr")
        rpr.extend(merged[tag] for tag in RPR_ORDER if tag in merged)
        if ours_rpr is not None:
            style.replace(ours_rpr, rpr)
        else:
            ppr = style.find(wtag("pPr"))
            style.insert(style.index(ppr) + 1 if ppr is not None else _look_index(style), rpr)
    if style.get(wtag("type")) == "table":
        for tag in LOOK_TABLE:
            found = reference.findall(wtag(tag))
            if found:
                for old in style.findall(wtag(tag)):
                    style.remove(old)
                style.extend(deepcopy(element) for element in found)


def _look_index(style) -> int:
    """Where pPr or rPr goes in a w:style: before the properties that close it."""
    closing = {wtag(tag) for tag in ("pPr", "rPr", *LOOK_TABLE)}
    return next((i for i, child in enumerate(style) if child.tag in closing), len(style))


def _take_defaults(ours, theirs) -> None:
    """The reference's docDefaults, with our document language."""
    their_defaults = theirs.find(wtag("docDefaults"))
    our_defaults = ours.find(wtag("docDefaults"))
    if their_defaults is None or our_defaults is None:
        return
    new = deepcopy(their_defaults)
    language = our_defaults.find(f"{wtag('rPrDefault')}/{wtag('rPr')}/{wtag('lang')}")
    rpr = new.find(f"{wtag('rPrDefault')}/{wtag('rPr')}")
    if rpr is not None:
        for old in rpr.findall(wtag("lang")):
            rpr.remove(old)
        if language is not None:
            rpr.append(deepcopy(language))
    ours.replace(our_defaults, new)


def _set_page(section, size, margins, tables: list) -> tuple[int, int] | None:
    """Page size and margins of the reference for one section; its tables scaled
    to the new text width. A landscape section stays landscape. Returns the old
    and new text width (twips)."""
    our_size, our_margins = section.find(wtag("pgSz")), section.find(wtag("pgMar"))
    if our_size is None or our_margins is None:
        return None

    landscape = twips(our_size, "w") > twips(our_size, "h")
    old_text = twips(our_size, "w") - twips(our_margins, "left") - twips(our_margins, "right")
    width, height = twips(size, "w", 11906), twips(size, "h", 16838)
    if landscape != (width > height):
        width, height = height, width
    our_size.set(wtag("w"), str(width))
    our_size.set(wtag("h"), str(height))
    for name in ("top", "right", "bottom", "left", "header", "footer", "gutter"):
        if margins.get(wtag(name)) is not None:
            our_margins.set(wtag(name), str(twips(margins, name)))
    new_text = width - twips(our_margins, "left") - twips(our_margins, "right")
    if old_text > 0 and new_text > 0 and new_text != old_text:
        for table in tables:
            _scale_table(table, new_text / old_text)
    return old_text, new_text


def _scale_table(table, factor: float) -> None:
    """Fixed widths (twips) of a table and its cells times `factor`."""
    for element in table.iter(wtag("gridCol"), wtag("tblW"), wtag("tcW")):
        value = element.get(wtag("w"))
        if value and value.isdigit() and element.get(wtag("type"), "dxa") == "dxa":
            element.set(wtag("w"), str(round(int(value) * factor)))


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
