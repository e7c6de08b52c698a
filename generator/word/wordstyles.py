"""The raw OOXML of our templates' styles: language, default font, fields,
numbering, style details and table styles (python-docx leaves these open).
Read by `authoring`; `rendering` numbers the later articles with `set_numbering`."""

from __future__ import annotations

from copy import deepcopy

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.word.ooxml import abstract_id_of, new_element, numbering_root, remove_children


def _child(parent, tag: str, **attrs):
    """Return the first child `tag` of `parent`, creating (appending) it if absent,
    and set the given w: attributes on it (keyword `val` -> `w:val`)."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for key, value in attrs.items():
        element.set(qn("w:" + key), str(value))
    return element


# The children of w:pPr in the order the schema (CT_PPr) requires.
_PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _replace_in_ppr(ppr, tag: str, element) -> None:
    """Put `element` (a `tag`) into w:pPr `ppr` in schema order, replacing the old
    `tag` (plain lxml elements too: a rendered body is not parsed by python-docx)."""
    remove_children(ppr, tag)
    later = {qn(t) for t in _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :]}
    successor = next((child for child in ppr if child.tag in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        ppr.append(element)


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
        theme_lang = new_element("w:themeFontLang")
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
        rpr_default = new_element("w:rPrDefault")
        doc_defaults.insert(0, rpr_default)
    return _child(rpr_default, "w:rPr")


def set_default_font(document, name: str, size_pt: float) -> None:
    """Make `name` at `size_pt` the document font (docDefaults rPr), and drop the
    theme-font references (Calibri/Cambria) from every style so all styles use it."""
    styles = document.styles.element
    rpr = _default_run_properties(styles)
    for rfonts in list(styles.iter(qn("w:rFonts"))):
        rfonts.getparent().remove(rfonts)
    rpr.insert(0, new_element("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name))
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

    run(new_element("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run(instr)
    run(new_element("w:fldChar", fldCharType="separate"))
    t = OxmlElement("w:t")
    t.text = placeholder
    run(t)
    run(new_element("w:fldChar", fldCharType="end"))


# --------------------------------------------------------------- numbering


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
    numbering = numbering_root(document)
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iterfind(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1

    abstract = new_element("w:abstractNum", abstractNumId=abstract_id)
    # nsid: stable, unique per definition (derived from the id, not random).
    abstract.append(new_element("w:nsid", val=f"1A0{abstract_id:05X}"))
    abstract.append(new_element("w:multiLevelType", val="singleLevel"))
    lvl = new_element("w:lvl", ilvl=0)
    lvl.append(new_element("w:start", val=1))
    lvl.append(new_element("w:numFmt", val=num_fmt))
    if style_id:
        lvl.append(new_element("w:pStyle", val=style_id))
    lvl.append(new_element("w:suff", val=suffix))
    lvl.append(new_element("w:lvlText", val=lvl_text))
    lvl.append(new_element("w:lvlJc", val="left"))
    ppr = new_element("w:pPr")
    if suffix == "tab" and hanging_twips:
        tabs = new_element("w:tabs")
        tabs.append(new_element("w:tab", val="num", pos=left_twips))
        ppr.append(tabs)
    ppr.append(new_element("w:ind", left=left_twips, hanging=hanging_twips))
    lvl.append(ppr)
    if font or bold is not None:
        rpr = new_element("w:rPr")
        if font:
            rpr.append(new_element("w:rFonts", ascii=font, hAnsi=font, hint="default"))
        if bold is not None:
            rpr.append(new_element("w:b", val="1" if bold else "0"))
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
    numbering = numbering_root(document)
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.iterfind(qn("w:num"))), default=0) + 1
    num = new_element("w:num", numId=num_id)
    num.append(new_element("w:abstractNumId", val=abstract_id))
    if restart:
        override = new_element("w:lvlOverride", ilvl=0)
        override.append(new_element("w:startOverride", val=1))
        num.append(override)
    numbering.append(num)
    return num_id


def _set_numpr(ppr, num_id: int, ilvl: int = 0) -> None:
    numpr = new_element("w:numPr")
    numpr.append(new_element("w:ilvl", val=ilvl))
    numpr.append(new_element("w:numId", val=num_id))
    _replace_in_ppr(ppr, "w:numPr", numpr)


def set_contextual_spacing(style) -> None:
    """Word's "no space between paragraphs of the same style": list items stay
    together while the list as a whole keeps its space after."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:contextualSpacing")) is None:
        _replace_in_ppr(ppr, "w:contextualSpacing", new_element("w:contextualSpacing"))


def link_numbering_to_style(style, num_id: int) -> None:
    """Make paragraph `style` auto-numbered with numId `num_id` (style pPr/numPr)."""
    _set_numpr(style.element.get_or_add_pPr(), num_id)


def style_num_id(style) -> int:
    """The numId a numbered paragraph style is linked to (its w:pPr/w:numPr)."""
    return style.element.pPr.numPr.numId.val


def set_paragraph_numbering(paragraph, num_id: int) -> None:
    """Give one paragraph numbering instance `num_id` (to restart a list)."""
    set_numbering(paragraph._p, num_id)


def set_numbering(p, num_id: int, ilvl: int = 0) -> None:
    """Number the w:p element `p` with `num_id` at level `ilvl` (w:pPr/w:numPr,
    in schema order)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = new_element("w:pPr")
        p.insert(0, ppr)
    _set_numpr(ppr, num_id, ilvl)


# ---------------------------------------------------------- style details


def set_outline_level(style, level: int) -> None:
    """Outline level of a paragraph style (0 = like Heading 1), so paragraphs
    in that style show up in Word's navigation pane."""
    _replace_in_ppr(style.element.get_or_add_pPr(), "w:outlineLvl", new_element("w:outlineLvl", val=level))


def set_style_shading(style, fill: str) -> None:
    """Background shading (hex colour, e.g. ``"FFF2A8"``) of a paragraph style."""
    _replace_in_ppr(style.element.get_or_add_pPr(), "w:shd", new_element("w:shd", val="clear", color="auto", fill=fill))


def set_style_border_left(style, color: str, size_eighths: int = 18, space_pt: int = 4) -> None:
    """A vertical bar left of every paragraph in `style` (w:pBdr/w:left)."""
    pbdr = new_element("w:pBdr")
    pbdr.append(new_element("w:left", val="single", sz=size_eighths, space=space_pt, color=color))
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
    remove_children(el, "w:basedOn", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    name = el.find(qn("w:name"))
    name.addnext(new_element("w:basedOn", val=based_on))
    ppr = new_element("w:pPr")  # no space after paragraphs inside cells
    ppr.append(new_element("w:spacing", before=40, after=40))
    el.append(ppr)

    tblpr = new_element("w:tblPr")
    tblpr.append(new_element("w:tblInd", w=0, type="dxa"))
    tblborders = new_element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            tblborders.append(new_element(f"w:{side}", val="single", sz=4, space=0, color=border_color))
        else:
            tblborders.append(new_element(f"w:{side}", val="nil"))
    tblpr.append(tblborders)
    margins = new_element("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(new_element(f"w:{side}", w=cell_margin_twips if side in ("left", "right") else 0, type="dxa"))
    tblpr.append(margins)
    el.append(tblpr)

    if borders:
        first = new_element("w:tblStylePr", type="firstRow")
        rpr = new_element("w:rPr")
        rpr.append(new_element("w:b"))
        rpr.append(new_element("w:bCs"))
        first.append(rpr)
        trpr = new_element("w:trPr")
        trpr.append(new_element("w:tblHeader"))
        first.append(trpr)
        if header_fill:
            tcpr = new_element("w:tcPr")
            tcpr.append(new_element("w:shd", val="clear", color="auto", fill=header_fill))
            first.append(tcpr)
        el.append(first)


def set_table_look(table, first_row: bool) -> None:
    """Whether the table style's first-row formatting applies (w:tblLook)."""
    tblpr = table._tbl.tblPr
    remove_children(tblpr, "w:tblLook")
    look = new_element(
        "w:tblLook",
        val="04A0" if first_row else "0400",
        firstRow=int(first_row),
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=0,
        noVBand=1,
    )
    tblpr.append(look)


def mark_header_row(row) -> None:
    """Repeat `row` at the top of each page (w:trPr/w:tblHeader)."""
    row._tr.get_or_add_trPr().append(new_element("w:tblHeader"))


def set_cant_split(row) -> None:
    """Keep `row` on one page (w:trPr/w:cantSplit)."""
    trpr = row._tr.get_or_add_trPr()
    trpr.insert(0, new_element("w:cantSplit"))


# -------------------------------------------------------------------- runs


def preserve_space(run) -> None:
    """Set xml:space="preserve" on the run's text, so spaces next to a Jinja tag
    survive when the renderer splits the run."""
    for t in run._r.iterfind(qn("w:t")):
        t.set(qn("xml:space"), "preserve")


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


# ---------------------------------------------------------------- settings


def set_current_word_mode(document) -> None:
    """Open in Word's current mode, not "Compatibility Mode" (compatibilityMode
    15), with Belgian number separators: decimal comma, list separator ';'."""
    settings = document.settings.element
    compat = _child(settings, "w:compat")
    for setting in compat.iterfind(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
            break
    else:
        compat.append(new_element("w:compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15))
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)


# ---------------------------------------------------------------- numbering


def add_numbering_level(document, num_id: int, lvl_text: str, start: int) -> None:
    """Give the numbering definition behind `num_id` a second level (ilvl 1) that
    looks like its first but reads `lvl_text` and starts at `start`; it starts
    again after every paragraph on the first level."""
    abstract_id = abstract_id_of(document, num_id)
    for abstract in numbering_root(document).iterfind(qn("w:abstractNum")):
        if int(abstract.get(qn("w:abstractNumId"))) == abstract_id:
            break
    abstract.find(qn("w:multiLevelType")).set(qn("w:val"), "multilevel")
    level = deepcopy(abstract.find(qn("w:lvl")))
    level.set(qn("w:ilvl"), "1")
    level.find(qn("w:start")).set(qn("w:val"), str(start))
    level.find(qn("w:lvlText")).set(qn("w:val"), lvl_text)
    remove_children(level, "w:pStyle")  # the style stays linked to the first level
    abstract.append(level)


# ------------------------------------------------------------------ rows


def set_row_height(row, twips: int, rule: str = "atLeast") -> None:
    """Height of `row` (w:trHeight): `rule` "atLeast" grows with its text,
    "exact" is a fixed space to write or sign in."""
    trpr = row._tr.get_or_add_trPr()
    remove_children(trpr, "w:trHeight")
    height = new_element("w:trHeight", val=twips, hRule=rule)
    cant_split = trpr.find(qn("w:cantSplit"))
    if cant_split is not None:
        cant_split.addnext(height)
    else:
        trpr.insert(0, height)


# -------------------------------------------------------------- sections

# The children of w:sectPr after w:pgNumType, in schema order (CT_SectPr).
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid")


def restart_page_numbering(section) -> None:
    """Number the pages of `section` from 1 again (w:pgNumType w:start)."""
    sect_pr = section._sectPr
    remove_children(sect_pr, "w:pgNumType")
    sect_pr.insert_element_before(new_element("w:pgNumType", start=1), *_AFTER_PGNUMTYPE)
