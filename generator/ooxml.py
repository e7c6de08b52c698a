"""The raw OOXML layer: the only module that knows WordprocessingML and lxml.

Everything else in the project speaks python-docx (documents, paragraphs,
styles). The functions here fill the gaps python-docx leaves open: document
language, fields, numbering, table styles, clean core properties and
reproducible zip files. Each function is small and does one thing.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape as _xml_escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Fixed moment for created/modified, so rebuilding gives identical bytes.
FIXED_DATETIME = _dt.datetime(2025, 1, 1, 0, 0, 0)
# Fixed timestamp of every zip entry.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def _child(parent, tag: str, **attrs):
    """Return the first child `tag` of `parent`, creating (appending) it if absent,
    and set the given w: attributes on it (keyword `val` -> `w:val`)."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn("w:" + key), str(value))
    return el


def _el(tag: str, **attrs):
    """Create an element `tag` with w: attributes."""
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), str(value))
    return el


def _remove_children(parent, *tags: str) -> None:
    """Remove every child of `parent` with one of the `tags` (e.g. "w:numPr")."""
    for tag in tags:
        for old in parent.findall(qn(tag)):
            parent.remove(old)


# The children of w:pPr in the order the schema (CT_PPr) requires.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)


def _replace_in_ppr(ppr, tag: str, element) -> None:
    """Put `element` (a `tag`) into w:pPr `ppr` in schema order, replacing the old `tag`."""
    _remove_children(ppr, tag)
    ppr.insert_element_before(element, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1:])


# ---------------------------------------------------------------- language


def set_language(document, lang: str = "nl-BE") -> None:
    """Make `lang` the document language: docDefaults run properties in styles.xml
    (w:lang) and the theme font language in settings.xml (w:themeFontLang).

    Styles and runs that carry their own w:lang (the default template has none
    in use) are set to the same language too.
    """
    styles = document.styles.element
    rpr = _default_run_properties(styles)
    _child(rpr, "w:lang", val=lang, eastAsia="en-US", bidi="ar-SA")
    for lang_el in styles.iter(qn("w:lang")):
        lang_el.set(qn("w:val"), lang)

    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = _el("w:themeFontLang")
        settings.append(theme_lang)  # good enough: Word accepts it; order kept if present
    theme_lang.set(qn("w:val"), lang)
    theme_lang.set(qn("w:eastAsia"), "en-US")
    # Spelling/grammar were "clean" for the English template: let Word re-check.
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)


def _default_run_properties(styles):
    """The w:rPr of docDefaults/rPrDefault in styles.xml, created if absent."""
    doc_defaults = _child(styles, "w:docDefaults")
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        doc_defaults.insert(0, rpr_default)
    return _child(rpr_default, "w:rPr")


def set_default_font(document, name: str, size_pt: float) -> None:
    """Make `name` at `size_pt` the document font (docDefaults rPr), and drop the
    theme-font references (Calibri/Cambria) from every style so all styles use it."""
    styles = document.styles.element
    rpr = _default_run_properties(styles)
    for rfonts in list(styles.iter(qn("w:rFonts"))):
        rfonts.getparent().remove(rfonts)
    rpr.insert(0, _el("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name))
    half_points = int(round(size_pt * 2))
    _child(rpr, "w:sz", val=half_points)
    _child(rpr, "w:szCs", val=half_points)


# ------------------------------------------------------------------ fields


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (e.g. ``PAGE``, ``NUMPAGES``) to `paragraph`:
    fldChar begin, instrText, fldChar separate, a placeholder result, fldChar end.
    Word and LibreOffice recompute the result when the document is shown."""
    p = paragraph._p

    def run(*children):
        r = OxmlElement("w:r")
        for child in children:
            r.append(child)
        p.append(r)

    run(_el("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run(instr)
    run(_el("w:fldChar", fldCharType="separate"))
    t = OxmlElement("w:t")
    t.text = placeholder
    run(t)
    run(_el("w:fldChar", fldCharType="end"))


# --------------------------------------------------------------- numbering


def _numbering(document):
    """The w:numbering root element (python-docx creates the part if missing)."""
    return document.part.numbering_part.element


def add_abstract_numbering(
    document,
    lvl_text: str,
    *,
    num_fmt: str = "decimal",
    left_twips: int = 0,
    hanging_twips: int = 0,
    suffix: str = "space",
    style_id: str | None = None,
    font: str | None = None,
    bold: bool | None = None,
) -> int:
    """Add a single-level numbering definition (abstractNum + num) and return
    the new numId.

    `lvl_text` is Word's level text, e.g. ``"Artikel %1."`` or ``"•"`` (with
    ``num_fmt="bullet"``). `suffix` is what follows the number: ``"space"``,
    ``"tab"`` or ``"nothing"``. `style_id` links the level back to a paragraph
    style (w:pStyle), as Word does for numbered styles.
    """
    numbering = _numbering(document)
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iterfind(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1

    abstract = _el("w:abstractNum", abstractNumId=abstract_id)
    # nsid: stable, unique per definition (derived from the id, not random).
    abstract.append(_el("w:nsid", val=f"1A0{abstract_id:05X}"))
    abstract.append(_el("w:multiLevelType", val="singleLevel"))
    lvl = _el("w:lvl", ilvl=0)
    lvl.append(_el("w:start", val=1))
    lvl.append(_el("w:numFmt", val=num_fmt))
    if style_id:
        lvl.append(_el("w:pStyle", val=style_id))
    lvl.append(_el("w:suff", val=suffix))
    lvl.append(_el("w:lvlText", val=lvl_text))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = _el("w:pPr")
    if suffix == "tab" and hanging_twips:
        tabs = _el("w:tabs")
        tabs.append(_el("w:tab", val="num", pos=left_twips))
        ppr.append(tabs)
    ppr.append(_el("w:ind", left=left_twips, hanging=hanging_twips))
    lvl.append(ppr)
    if font or bold is not None:
        rpr = _el("w:rPr")
        if font:
            rpr.append(_el("w:rFonts", ascii=font, hAnsi=font, hint="default"))
        if bold is not None:
            rpr.append(_el("w:b", val="1" if bold else "0"))
        lvl.append(rpr)
    abstract.append(lvl)

    # Schema order: all abstractNum before all num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return add_numbering_instance(document, abstract_id)


def add_numbering_instance(document, abstract_id: int, restart: bool = False) -> int:
    """Add a w:num for `abstract_id` and return its numId. With `restart`, the
    instance starts again at 1 (used for a second, separate numbered list)."""
    numbering = _numbering(document)
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.iterfind(qn("w:num"))), default=0) + 1
    num = _el("w:num", numId=num_id)
    num.append(_el("w:abstractNumId", val=abstract_id))
    if restart:
        override = _el("w:lvlOverride", ilvl=0)
        override.append(_el("w:startOverride", val=1))
        num.append(override)
    numbering.append(num)
    return num_id


def abstract_id_of(document, num_id: int) -> int:
    """The abstractNumId behind numId `num_id`."""
    for num in _numbering(document).iterfind(qn("w:num")):
        if int(num.get(qn("w:numId"))) == num_id:
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)


def _set_numpr(ppr, num_id: int, ilvl: int = 0) -> None:
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=ilvl))
    numpr.append(_el("w:numId", val=num_id))
    _replace_in_ppr(ppr, "w:numPr", numpr)


def set_contextual_spacing(style) -> None:
    """Word's "no space between paragraphs of the same style": list items stay
    together while the list as a whole keeps its space after."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:contextualSpacing")) is None:
        _replace_in_ppr(ppr, "w:contextualSpacing", _el("w:contextualSpacing"))


def link_numbering_to_style(style, num_id: int) -> None:
    """Make paragraph `style` auto-numbered with numId `num_id` (style pPr/numPr)."""
    _set_numpr(style.element.get_or_add_pPr(), num_id)


def style_num_id(style) -> int:
    """The numId a numbered paragraph style is linked to (its w:pPr/w:numPr)."""
    return style.element.pPr.numPr.numId.val


def set_paragraph_numbering(paragraph, num_id: int) -> None:
    """Give one paragraph numbering instance `num_id` (to restart a list)."""
    _set_numpr(paragraph._p.get_or_add_pPr(), num_id)


# ---------------------------------------------------------- style details


def set_outline_level(style, level: int) -> None:
    """Outline level of a paragraph style (0 = like Heading 1), so paragraphs
    in that style show up in Word's navigation pane."""
    _replace_in_ppr(style.element.get_or_add_pPr(), "w:outlineLvl", _el("w:outlineLvl", val=level))


def set_style_shading(style, fill: str) -> None:
    """Background shading (hex colour, e.g. ``"FFF2A8"``) of a paragraph style."""
    _replace_in_ppr(style.element.get_or_add_pPr(), "w:shd", _el("w:shd", val="clear", color="auto", fill=fill))


def set_style_border_left(style, color: str, size_eighths: int = 18, space_pt: int = 4) -> None:
    """A vertical bar left of every paragraph in `style` (w:pBdr/w:left)."""
    pbdr = _el("w:pBdr")
    pbdr.append(_el("w:left", val="single", sz=size_eighths, space=space_pt, color=color))
    _replace_in_ppr(style.element.get_or_add_pPr(), "w:pBdr", pbdr)


# ------------------------------------------------------------------ tables


def define_table_style(
    style,
    *,
    borders: bool = True,
    border_color: str = "808080",
    header_fill: str | None = "D9E2F3",
    cell_margin_twips: int = 85,
    based_on: str = "TableNormal",
) -> None:
    """Fill in a table style created with python-docx (`styles.add_style(name,
    WD_STYLE_TYPE.TABLE)`): grid borders (or none), cell margins, and for the
    first (header) row bold text and optional shading (w:tblStylePr firstRow)."""
    el = style.element
    _remove_children(el, "w:basedOn", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    name = el.find(qn("w:name"))
    name.addnext(_el("w:basedOn", val=based_on))
    ppr = _el("w:pPr")  # no space after paragraphs inside cells
    ppr.append(_el("w:spacing", before=40, after=40))
    el.append(ppr)

    tblpr = _el("w:tblPr")
    tblpr.append(_el("w:tblInd", w=0, type="dxa"))
    tblborders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            tblborders.append(_el(f"w:{side}", val="single", sz=4, space=0, color=border_color))
        else:
            tblborders.append(_el(f"w:{side}", val="nil"))
    tblpr.append(tblborders)
    margins = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w=cell_margin_twips if side in ("left", "right") else 0, type="dxa"))
    tblpr.append(margins)
    el.append(tblpr)

    if borders:
        first = _el("w:tblStylePr", type="firstRow")
        rpr = _el("w:rPr")
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
        first.append(rpr)
        trpr = _el("w:trPr")
        trpr.append(_el("w:tblHeader"))
        first.append(trpr)
        if header_fill:
            tcpr = _el("w:tcPr")
            tcpr.append(_el("w:shd", val="clear", color="auto", fill=header_fill))
            first.append(tcpr)
        el.append(first)


def set_table_look(table, first_row: bool) -> None:
    """Whether the table style's first-row formatting applies (w:tblLook)."""
    tblpr = table._tbl.tblPr
    _remove_children(tblpr, "w:tblLook")
    look = _el(
        "w:tblLook",
        val="04A0" if first_row else "0400",
        firstRow=int(first_row), lastRow=0, firstColumn=0, lastColumn=0, noHBand=0, noVBand=1,
    )
    tblpr.append(look)


def mark_header_row(row) -> None:
    """Repeat `row` at the top of each page (w:trPr/w:tblHeader)."""
    row._tr.get_or_add_trPr().append(_el("w:tblHeader"))


def set_cant_split(row) -> None:
    """Keep `row` on one page (w:trPr/w:cantSplit)."""
    trpr = row._tr.get_or_add_trPr()
    trpr.insert(0, _el("w:cantSplit"))


# -------------------------------------------------------------------- runs


def preserve_space(run) -> None:
    """Set xml:space="preserve" on the run's text, so spaces next to a Jinja tag
    survive when the renderer splits the run."""
    for t in run._r.iterfind(qn("w:t")):
        t.set(qn("xml:space"), "preserve")


# -------------------------------------------------------------- properties


def set_core_properties(
    document,
    *,
    title: str = "",
    subject: str = "",
    author: str = "",
    last_modified_by: str = "",
    keywords: str = "",
    comments: str = "",
    category: str = "",
    when: _dt.datetime = FIXED_DATETIME,
) -> None:
    """Set every core property explicitly and deterministically (docProps/core.xml):
    the default template says "python-docx" in creator and description."""
    cp = document.core_properties
    cp.title = title
    cp.subject = subject
    cp.author = author
    cp.last_modified_by = last_modified_by
    cp.keywords = keywords
    cp.comments = comments
    cp.category = category
    cp.content_status = ""
    cp.identifier = ""
    cp.language = ""
    cp.version = ""
    cp.revision = 1
    cp.created = when
    cp.modified = when


def remove_template_leftovers(document) -> None:
    """Drop parts of python-docx's default template that do not belong in our
    templates: the thumbnail (a picture of an empty Mac Word page),
    stylesWithEffects.xml (a stale Word 2010 copy of the styles, which would
    disagree with ours) and the empty bibliography customXml part."""
    unwanted = {RT.THUMBNAIL, RT.CUSTOM_XML, _STYLES_WITH_EFFECTS}
    for rels in (document.part.package.rels, document.part.rels):
        for rId, rel in list(rels.items()):
            if rel.reltype in unwanted:
                rels.pop(rId)
                rels._target_parts_by_rId.pop(rId, None)


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


# ---------------------------------------------------------------- zip file


def normalize_zip(data: bytes, timestamp: tuple = ZIP_TIMESTAMP) -> bytes:
    """Rewrite the .docx (zip) `data` so the same content always gives the same
    bytes: fixed entry timestamp, [Content_Types].xml first then the other
    entries sorted by name, deflate level 9, no extra fields or comments."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return write_zip({name: src.read(name) for name in src.namelist()}, timestamp)


class Deflated:
    """A zip member compressed once (deflate level 9) and written many times:
    the parts of a template that rendering does not change."""

    __slots__ = ("data", "crc", "size")

    def __init__(self, raw: bytes):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.data = compressor.compress(raw) + compressor.flush()
        self.crc = zlib.crc32(raw)
        self.size = len(raw)


def write_zip(members: dict[str, bytes | Deflated], timestamp: tuple = ZIP_TIMESTAMP) -> bytes:
    """A reproducible zip of {name: content}: the entries exactly as
    `zipfile` writes them with deflate level 9 (same bytes), in the order of
    `normalize_zip`. A `Deflated` member is written without compressing again."""
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    dosdate = (timestamp[0] - 1980) << 9 | timestamp[1] << 5 | timestamp[2]
    dostime = timestamp[3] << 11 | timestamp[4] << 5 | (timestamp[5] // 2)
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name in order:
        member = members[name]
        if not isinstance(member, Deflated):
            member = Deflated(member)
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        header = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED,
                             dostime, dosdate, member.crc, len(member.data), member.size, len(filename), 0)
        chunks += (header, filename, member.data)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 0, 20, 0, flags, zipfile.ZIP_DEFLATED,
                                   dostime, dosdate, member.crc, len(member.data), member.size,
                                   len(filename), 0, 0, 0, 0, 0o644 << 16, offset) + filename)
        offset += len(header) + len(filename) + len(member.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(order), len(order), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


# ------------------------------------------------- snippets for the renderer


def highlighted_run_xml(text: str, color: str = "yellow") -> str:
    """XML to put inside a rendered ``{{ }}``: closes the current run, adds a run
    with `text` (XML-escaped) highlighted in `color` (a w:highlight value such as
    ``yellow``), and opens a plain run for the rest of the text. Return it as
    ``markupsafe.Markup`` from a Jinja filter when autoescape is on."""
    return (
        "</w:t></w:r><w:r><w:rPr><w:highlight w:val=\"%s\"/></w:rPr>"
        "<w:t xml:space=\"preserve\">%s</w:t></w:r><w:r><w:t xml:space=\"preserve\">"
        % (_xml_escape(color, {'"': "&quot;"}), _xml_escape(str(text)))
    )


def line_break_xml() -> str:
    """XML for a line break inside a rendered ``{{ }}`` (same run, w:br)."""
    return "</w:t><w:br/><w:t xml:space=\"preserve\">"


# ------------------------------------------------------------- reading text


def paragraph_texts(data: bytes, containing: str = "") -> list[str]:
    """The paragraph texts of the .docx `data` exactly as python-docx gives them,
    in the same order: body paragraphs, table cells (a merged cell once per grid
    cell it covers), then per section the paragraphs of its default header and
    footer. Only the main document and its header/footer parts are parsed (not
    styles), which makes this several times faster than opening the Document.

    With `containing`, paragraphs whose XML text lacks that string are left
    out (a paragraph's text only holds characters of its XML text, in order, so
    a one-character `containing` never drops a paragraph whose text has it)."""
    from docx.enum.section import WD_HEADER_FOOTER
    from docx.oxml.parser import parse_xml
    from docx.table import Table
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    main = _related(archive, "", RT.OFFICE_DOCUMENT)
    document = parse_xml(archive.read(next(iter(main.values()))))
    headers = _related(archive, next(iter(main.values())), RT.HEADER)
    footers = _related(archive, next(iter(main.values())), RT.FOOTER)

    def has(element) -> bool:
        # (python-docx elements override .text, which itertext() would call)
        return not containing or containing in etree.tostring(element, method="text", encoding="unicode",
                                                              with_tail=False)

    def texts(paragraphs):
        return [p.text for p in paragraphs if has(p)]

    body = document.body
    found = texts(body.p_lst)
    for tbl in filter(has, body.tbl_lst):  # cells merged in a table repeat text of that table only
        for row in Table(tbl, None).rows:
            for cell in row.cells:
                found += texts(cell._element.p_lst)
    parsed: dict[str, object] = {}

    def part(sectPr, kind: str, parts: dict[str, str]):
        while sectPr is not None:
            reference = getattr(sectPr, f"get_{kind}Reference")(WD_HEADER_FOOTER.PRIMARY)
            if reference is not None:
                name = parts[reference.rId]
                if name not in parsed:
                    parsed[name] = parse_xml(archive.read(name))
                return parsed[name]
            sectPr = sectPr.preceding_sectPr
        return None  # python-docx would add an empty header: no text

    for sectPr in document.sectPr_lst:
        for kind, parts in (("header", headers), ("footer", footers)):
            element = part(sectPr, kind, parts)
            if element is not None:
                found += texts(element.p_lst)
    return found


def _related(archive: zipfile.ZipFile, source: str, reltype: str) -> dict[str, str]:
    """{rId: member name} of the internal relationships of type `reltype` of
    part `source` ("" for the package)."""
    import posixpath
    import re

    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    found = {}
    for element in re.findall(rb"<Relationship\b[^>]*>", archive.read(rels)):
        attrs = {k.decode(): v.decode() for k, v in re.findall(rb'(\w+)="([^"]*)"', element)}
        if attrs.get("Type") == reltype and attrs.get("TargetMode") != "External":
            target = attrs["Target"]
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs["Id"]] = target
    return found


# ------------------------------------------------------- tracked changes
#
# For `iao amend`: new content put into an existing document as tracked
# insertions (w:ins), so that rejecting every change in Word gives back the
# original. An inserted paragraph has its runs inside w:ins and its paragraph
# mark marked inserted (w:pPr/w:rPr/w:ins); an inserted table row has
# w:trPr/w:ins. These helpers build such elements and read what the amend
# stage needs to know about the existing document (outline levels, numbering).

_TRACKED = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange")


class Revision:
    """Author and date of tracked changes, handing out fresh w:id values."""

    def __init__(self, author: str, when: _dt.datetime, first_id: int):
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._next = first_id

    def element(self, tag: str = "w:ins"):
        """A new change-tracking element (w:ins) with the next id, author and date."""
        el = _el(tag, id=self._next, author=self.author, date=self.date)
        self._next += 1
        return el


def max_annotation_id(element) -> int:
    """The highest numeric w:id in `element` (comments, revisions, bookmarks), -1 if none."""
    attr = qn("w:id")
    found = [int(v) for v in (el.get(attr) for el in element.iter()) if v is not None and v.lstrip("-").isdigit()]
    return max(found, default=-1)


def plain_properties(paragraph, keep_numbering: bool = False):
    """A copy of the paragraph's w:pPr without section, run marks, change
    tracking and (unless `keep_numbering`) numbering: the layout to give a new
    paragraph that should look like this one. None if the paragraph has no pPr."""
    from copy import deepcopy

    ppr = paragraph._p.pPr
    if ppr is None:
        return None
    ppr = deepcopy(ppr)
    _remove_children(ppr, "w:sectPr", "w:rPr", "w:pPrChange", *(() if keep_numbering else ("w:numPr",)))
    return ppr


def run_properties(paragraph):
    """A copy of the w:rPr of the paragraph's first run with text (without
    change tracking), or None: the character look to give new text."""
    from copy import deepcopy

    for r in paragraph._p.iter(qn("w:r")):
        if r.find(qn("w:t")) is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                return None
            rpr = deepcopy(rpr)
            _remove_children(rpr, *_TRACKED)
            return rpr
    return None


def text_run(text: str, rpr=None, *, bold: bool = False, highlight: str | None = None):
    """A w:r with `text` ("\\n" becomes w:br, "\\t" w:tab), a copy of `rpr` and
    optionally bold and a highlight colour added."""
    import re
    from copy import deepcopy

    r = OxmlElement("w:r")
    rpr = deepcopy(rpr) if rpr is not None else None
    if bold or highlight:
        rpr = rpr if rpr is not None else _el("w:rPr")
        # Schema order inside rPr: ... b (after rStyle/rFonts) ... highlight (after sz/szCs) ...
        if bold and rpr.find(qn("w:b")) is None:
            before = [c for c in rpr if c.tag in (qn("w:rStyle"), qn("w:rFonts"))]
            rpr.insert(len(before), _el("w:b"))
        if highlight:
            _remove_children(rpr, "w:highlight")
            _insert_in_order(rpr, _el("w:highlight", val=highlight), _AFTER_HIGHLIGHT)
    if rpr is not None and len(rpr):
        r.append(rpr)
    for piece in re.split(r"(\n|\t)", text):
        if piece == "\n":
            r.append(OxmlElement("w:br"))
        elif piece == "\t":
            r.append(OxmlElement("w:tab"))
        elif piece:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = piece
            r.append(t)
    return r


_AFTER_HIGHLIGHT = ("w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _insert_in_order(parent, child, successors) -> None:
    for index, existing in enumerate(parent):
        if existing.tag in {qn(s) for s in successors}:
            parent.insert(index, child)
            return
    parent.append(child)


def inserted_paragraph(style_id: str | None, runs, revision: Revision, ppr=None):
    """A new w:p recorded as a tracked insertion: a copy of `ppr` (see
    plain_properties) with pStyle `style_id`, its paragraph mark marked
    inserted, and all `runs` (w:r elements) inside one w:ins."""
    from copy import deepcopy

    p = OxmlElement("w:p")
    ppr = deepcopy(ppr) if ppr is not None else _el("w:pPr")
    _remove_children(ppr, "w:pStyle")
    if style_id:
        ppr.insert(0, _el("w:pStyle", val=style_id))
    mark = _el("w:rPr")
    mark.append(revision.element())
    ppr.append(mark)  # rPr is the last child of a cleaned pPr (no sectPr, no pPrChange)
    p.append(ppr)
    if runs:
        ins = revision.element()
        for run in runs:
            ins.append(run)
        p.append(ins)
    return p


def inserted_table(rows, widths, revision: Revision, *, style_id: str | None = None,
                   header: bool = True, paragraph_style: str | None = None):
    """A new w:tbl, every row recorded as a tracked insertion (w:trPr/w:ins).

    `rows` is a list of rows, each a list of cells, each a list of w:r
    elements. `widths` are the column widths in twips. With `style_id` the
    table uses that table style, else it gets single grid borders of its own.
    With `header` the first row repeats on each page."""
    tbl = OxmlElement("w:tbl")
    tblpr = _el("w:tblPr")
    if style_id:
        tblpr.append(_el("w:tblStyle", val=style_id))
    tblpr.append(_el("w:tblW", w=0, type="auto"))
    if not style_id:
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", val="single", sz=4, space=0, color="808080"))
        tblpr.append(borders)
    tblpr.append(_el("w:tblLook", val="04A0", firstRow=int(header), lastRow=0, firstColumn=0,
                     lastColumn=0, noHBand=0, noVBand=1))
    tbl.append(tblpr)
    grid = _el("w:tblGrid")
    for width in widths:
        grid.append(_el("w:gridCol", w=width))
    tbl.append(grid)
    for number, cells in enumerate(rows):
        tr = _el("w:tr")
        trpr = _el("w:trPr")
        if header and number == 0:
            trpr.append(_el("w:tblHeader"))
        trpr.append(revision.element())
        tr.append(trpr)
        for width, runs in zip(widths, cells):
            tc = _el("w:tc")
            tcpr = _el("w:tcPr")
            tcpr.append(_el("w:tcW", w=width, type="dxa"))
            tc.append(tcpr)
            tc.append(inserted_paragraph(paragraph_style, runs, revision))
            tr.append(tc)
        tbl.append(tr)
    return tbl


def reject_insertions(element) -> None:
    """Undo every tracked insertion inside `element`, in place, as Word's
    "Reject all insertions" does: inserted table rows, tables left without
    rows, paragraphs whose mark is inserted (they held only inserted content)
    and all w:ins with their content."""
    for tr in [tr for tr in element.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None]:
        tr.getparent().remove(tr)
    for tbl in [t for t in element.iter(qn("w:tbl")) if t.find(qn("w:tr")) is None]:
        tbl.getparent().remove(tbl)
    mark = f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}"
    for p in [p for p in element.iter(qn("w:p")) if p.find(mark) is not None]:
        p.getparent().remove(p)
    for ins in list(element.iter(qn("w:ins"))):
        if ins.getparent() is not None:
            ins.getparent().remove(ins)


def xml_with_insertions_rejected(element) -> bytes:
    """The XML of a copy of `element` after reject_insertions: what Word shows
    once every tracked insertion is rejected (`element` itself is not changed)."""
    from copy import deepcopy

    from lxml import etree

    rejected = deepcopy(element)
    reject_insertions(rejected)
    return etree.tostring(rejected)


def set_comment_date(comment, when: _dt.datetime) -> None:
    """Give a python-docx comment a fixed w:date (python-docx stamps 'now'),
    so the same input gives the same bytes."""
    comment._comment_elm.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def outline_level(paragraph) -> int | None:
    """The outline level of a paragraph (0 = top, like Heading 1): its own
    w:outlineLvl, else that of its style or the styles it is based on. None
    for body text (no level, or level 9)."""
    el = paragraph._p.pPr.find(qn("w:outlineLvl")) if paragraph._p.pPr is not None else None
    style = paragraph.style
    while el is None and style is not None:
        ppr = style.element.pPr
        el = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        style = style.base_style
    if el is None:
        return None
    level = int(el.get(qn("w:val")))
    return level if level < 9 else None


def numbering_of(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of the automatic numbering of a paragraph, from its own
    w:numPr or its style chain; None if it is not numbered (numId 0 = off)."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    num_id = ilvl = None
    for ppr in candidates:
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            continue
        if num_id is None and numpr.find(qn("w:numId")) is not None:
            num_id = int(numpr.find(qn("w:numId")).get(qn("w:val")))
        if ilvl is None and numpr.find(qn("w:ilvl")) is not None:
            ilvl = int(numpr.find(qn("w:ilvl")).get(qn("w:val")))
    if not num_id:
        return None
    return num_id, ilvl or 0


def number_format(document, paragraph) -> tuple[str, str] | None:
    """(w:numFmt, w:lvlText) of a numbered paragraph's level, e.g. ("bullet",
    "•") or ("decimal", "Artikel %1."); None if it is not numbered or its
    definition cannot be found."""
    numbering = numbering_of(paragraph)
    if numbering is None:
        return None
    num_id, ilvl = numbering
    try:
        root = _numbering(document)
        abstract = abstract_id_of(document, num_id)
    except (KeyError, NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    for definition in root.iterfind(qn("w:abstractNum")):
        if int(definition.get(qn("w:abstractNumId"))) == abstract:
            for lvl in definition.iterfind(qn("w:lvl")):
                if int(lvl.get(qn("w:ilvl"))) == ilvl:
                    fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
                    return (fmt.get(qn("w:val")) if fmt is not None else "decimal",
                            text.get(qn("w:val"), "") if text is not None else "")
    return None


def table_style_of(table_element) -> str | None:
    """The table style id (w:tblStyle) of a w:tbl, None if it has none."""
    tblpr = table_element.find(qn("w:tblPr"))
    style = tblpr.find(qn("w:tblStyle")) if tblpr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def runs_in(element) -> list:
    """Every w:r inside `element` (also those inside w:ins), in document order."""
    return list(element.iter(qn("w:r")))


def first_paragraph(element):
    """`element` itself if it is a w:p, else its first w:p (e.g. in a table)."""
    return element if element.tag == qn("w:p") else next(element.iter(qn("w:p")))


def bold_properties():
    """A w:rPr that only makes text bold."""
    rpr = _el("w:rPr")
    rpr.append(_el("w:b"))
    return rpr


def visible_text(element) -> str:
    """The text of a paragraph as Word shows it with changes tracked: also the
    runs inside w:ins (python-docx's Paragraph.text skips those); deleted text
    (w:delText) is not included."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))
