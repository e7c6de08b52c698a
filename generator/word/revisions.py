"""Tracked changes and comments: building insertions and deletions, accepting or rejecting them (amend, update).

New content goes into an existing document as tracked insertions (w:ins), so
that rejecting every change in Word gives back the original. An inserted
paragraph has its runs inside w:ins and its paragraph mark marked inserted
(w:pPr/w:rPr/w:ins); an inserted table row has w:trPr/w:ins. These helpers
build such elements (what amend reads from the existing document is in
`structure`). Read by `amend` and by `update`, which also records deletions
and can accept or reject all changes.
"""

from __future__ import annotations

import datetime as _dt
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.word.ooxml import new_element, remove_children

TRACKED = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange")


class Revision:
    """Author and date of tracked changes, handing out fresh w:id values."""

    def __init__(self, author: str, when: _dt.datetime, first_id: int):
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._next = first_id

    def element(self, tag: str = "w:ins"):
        """A new change-tracking element (w:ins) with the next id, author and date."""
        return new_element(tag, id=self.next_id(), author=self.author, date=self.date)

    def next_id(self) -> int:
        self._next += 1
        return self._next - 1


MAX_ID = 2**31 - 1  # Word reads a w:id as a signed 32-bit number
_ID_BUDGET = 1_000_000  # ids one amend or update hands out, at the very most


def first_free_id(elements, reserved: int = 0) -> int:
    """The first revision id of one amend or update: after every w:id in `elements`
    (comments, revisions, bookmarks) and `reserved` more for the comments still to come;
    when that would pass MAX_ID (a document that already has a very high id), the start
    of a gap of unused ids that is large enough, as Word itself reuses low ids."""
    attr = qn("w:id")
    used = sorted({int(v) for element in elements for v in (el.get(attr) for el in element.iter()) if v is not None and v.lstrip("-").isdigit()})
    start = (used[-1] if used else -1) + 1 + reserved
    if start + _ID_BUDGET <= MAX_ID:
        return start
    previous = -1
    for taken in [u for u in used if u >= 0] + [MAX_ID + 1]:
        if taken - previous - 1 >= reserved + _ID_BUDGET:
            return previous + 1 + reserved
        previous = taken
    raise ValueError("every revision id is in use")  # over two billion annotations: not a document


def text_run(text: str, rpr=None, *, bold: bool = False, highlight: str | None = None):
    """A w:r with `text` ("\\n" becomes w:br, "\\t" w:tab), a copy of `rpr` and
    optionally bold and a highlight colour added."""
    from copy import deepcopy

    r = OxmlElement("w:r")
    rpr = deepcopy(rpr) if rpr is not None else None
    if bold or highlight:
        rpr = rpr if rpr is not None else new_element("w:rPr")
        # Schema order inside rPr: ... b (after rStyle/rFonts) ... highlight (after sz/szCs) ...
        if bold and rpr.find(qn("w:b")) is None:
            before = [c for c in rpr if c.tag in (qn("w:rStyle"), qn("w:rFonts"))]
            rpr.insert(len(before), new_element("w:b"))
        if highlight:
            remove_children(rpr, "w:highlight")
            _insert_in_order(rpr, new_element("w:highlight", val=highlight), _AFTER_HIGHLIGHT)
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


_AFTER_HIGHLIGHT = (
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _insert_in_order(parent, child, successors) -> None:
    for index, existing in enumerate(parent):
        if existing.tag in {qn(s) for s in successors}:
            parent.insert(index, child)
            return
    parent.append(child)


def inserted_paragraph(style_id: str | None, runs, revision: Revision, ppr=None):
    """A new w:p recorded as a tracked insertion: a copy of `ppr` (see
    structure.plain_properties) with pStyle `style_id`, its paragraph mark marked
    inserted, and all `runs` (w:r elements) inside one w:ins."""
    from copy import deepcopy

    p = OxmlElement("w:p")
    ppr = deepcopy(ppr) if ppr is not None else new_element("w:pPr")
    remove_children(ppr, "w:pStyle")
    if style_id:
        ppr.insert(0, new_element("w:pStyle", val=style_id))
    mark = new_element("w:rPr")
    mark.append(revision.element())
    ppr.append(mark)  # rPr is the last child of a cleaned pPr (no sectPr, no pPrChange)
    p.append(ppr)
    if runs:
        ins = revision.element()
        for run in runs:
            ins.append(run)
        p.append(ins)
    return p


def inserted_table(rows, widths, revision: Revision, *, style_id: str | None = None, header: bool = True, paragraph_style: str | None = None):
    """A new w:tbl, every row recorded as a tracked insertion (w:trPr/w:ins).

    `rows` is a list of rows, each a list of cells, each a list of w:r
    elements. `widths` are the column widths in twips. With `style_id` the
    table uses that table style, else it gets single grid borders of its own.
    With `header` the first row repeats on each page."""
    tbl = OxmlElement("w:tbl")
    tblpr = new_element("w:tblPr")
    if style_id:
        tblpr.append(new_element("w:tblStyle", val=style_id))
    tblpr.append(new_element("w:tblW", w=0, type="auto"))
    if not style_id:
        borders = new_element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(new_element(f"w:{side}", val="single", sz=4, space=0, color="808080"))
        tblpr.append(borders)
    tblpr.append(new_element("w:tblLook", val="04A0", firstRow=int(header), lastRow=0, firstColumn=0, lastColumn=0, noHBand=0, noVBand=1))
    tbl.append(tblpr)
    grid = new_element("w:tblGrid")
    for width in widths:
        grid.append(new_element("w:gridCol", w=width))
    tbl.append(grid)
    for number, cells in enumerate(rows):
        tr = new_element("w:tr")
        trpr = new_element("w:trPr")
        if header and number == 0:
            trpr.append(new_element("w:tblHeader"))
        trpr.append(revision.element())
        tr.append(trpr)
        for width, runs in zip(widths, cells):
            tc = new_element("w:tc")
            tcpr = new_element("w:tcPr")
            tcpr.append(new_element("w:tcW", w=width, type="dxa"))
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


def add_comment(document, runs, text: str, author: str, initials: str, when: _dt.datetime):
    """A comment on `runs` (python-docx Run objects), dated `when` (python-docx
    stamps 'now'; a fixed date gives the same bytes for the same input).

    python-docx marks the comment with the styles CommentReference and CommentText
    without defining them; a document that lacks them is one Word "repairs" (and
    the Open XML SDK's validator refuses), so they are added when missing, or the
    marks point at the document's own "annotation reference" / "annotation text"
    styles (Word gives them localized ids: Verwijzingopmerking, Tekstopmerking)."""
    made = document.add_comment(runs, text=text, author=author, initials=initials)
    made._comment_elm.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    marks = [document.element, made._comment_elm]
    for style_id, name, kind in (("CommentReference", "annotation reference", "character"), ("CommentText", "annotation text", "paragraph")):
        own = _comment_style(document, style_id, name, kind)
        if own != style_id:
            for element in marks:
                for mark in element.iter(qn("w:rStyle"), qn("w:pStyle")):
                    if mark.get(qn("w:val")) == style_id:
                        mark.set(qn("w:val"), own)
    return made


_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def open_comments(document, starting: str) -> list[str]:
    """The texts of the comments of `document` (python-docx) that start with `starting`
    and that nobody marked as resolved ("Opmerking oplossen": w15:done in
    commentsExtended.xml, keyed by the paraId of the comment's last paragraph)."""
    from lxml import etree

    resolved: set[str | None] = set()
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/commentsExtended.xml":
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(part.blob, parser)
            resolved = {el.get(f"{{{_W15}}}paraId") for el in root.iter(f"{{{_W15}}}commentEx") if el.get(f"{{{_W15}}}done") == "1"}
    found = []
    for comment in document.comments:
        paragraphs = comment._comment_elm.findall(qn("w:p"))
        last = paragraphs[-1].get(f"{{{_W14}}}paraId") if paragraphs else None
        if comment.text.startswith(starting) and (last is None or last not in resolved):
            found.append(comment.text)
    return found


def _comment_style(document, style_id: str, name: str, kind: str) -> str:
    """The id of the document's style `name` for comments, defined if missing."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        found = style.find(qn("w:name"))
        if style.get(qn("w:styleId")) == style_id or (found is not None and (found.get(qn("w:val")) or "").lower() == name):
            return style.get(qn("w:styleId")) or style_id
    size = "16" if kind == "character" else "20"
    style = new_element("w:style", type=kind, styleId=style_id)
    style.append(new_element("w:name", val=name))
    style.append(new_element("w:uiPriority", val="99"))
    style.append(new_element("w:semiHidden"))
    style.append(new_element("w:unhideWhenUsed"))
    rpr = new_element("w:rPr")
    rpr.append(new_element("w:sz", val=size))
    rpr.append(new_element("w:szCs", val=size))
    style.append(rpr)
    styles.append(style)
    _add_to_styles_with_effects(document, style)
    return style_id


def _add_to_styles_with_effects(document, style) -> None:
    """Word 2010 keeps a second copy of the style sheet (stylesWithEffects.xml);
    a style in one and not the other makes Word distrust the part."""
    from copy import deepcopy

    from lxml import etree

    for rel in document.part.rels.values():
        part = rel.target_part if not rel.is_external else None
        if part is None or not str(part.partname).endswith("/stylesWithEffects.xml"):
            continue
        root = etree.fromstring(part.blob)
        root.append(deepcopy(style))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def runs_in(element) -> list:
    """Every w:r inside `element` (also those inside w:ins), in document order."""
    return list(element.iter(qn("w:r")))


def first_paragraph(element):
    """`element` itself if it is a w:p, else its first w:p (e.g. in a table)."""
    return element if element.tag == qn("w:p") else next(element.iter(qn("w:p")))


def bold_properties():
    """A w:rPr that only makes text bold."""
    rpr = new_element("w:rPr")
    rpr.append(new_element("w:b"))
    return rpr


# ------------------------------------------- deletions, and both ways of deciding


def delete_run(run, revision: Revision) -> None:
    """Record the w:r `run` as deleted, in place: wrapped in a w:del, its text
    as w:delText (and field codes as w:delInstrText), as Word writes it."""
    wrapper = revision.element("w:del")
    run.addprevious(wrapper)
    wrapper.append(run)
    for tag, deleted_tag in (("w:t", "w:delText"), ("w:instrText", "w:delInstrText")):
        for el in run.findall(qn(tag)):
            el.tag = qn(deleted_tag)


def mark_paragraph(p, change) -> None:
    """Record the paragraph mark of the w:p `p` as inserted or deleted (`change`
    a w:ins or w:del from Revision.element): w:pPr/w:rPr/`change`."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = new_element("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = new_element("w:rPr")
        after = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]  # rPr comes before these
        if after:
            after[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    # ins and del come first in a paragraph mark's rPr, in that order
    pending = rpr.find(qn("w:ins")) if change.tag == qn("w:del") else None
    if pending is not None:
        pending.addnext(change)
    else:
        rpr.insert(0, change)


def mark_row(tr, change) -> None:
    """Record the table row `tr` as inserted or deleted: w:trPr/`change`."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = new_element("w:trPr")
        before = tr.find(qn("w:tblPrEx"))
        if before is not None:
            before.addnext(trpr)
        else:
            tr.insert(0, trpr)
    trpr.append(change)


def inserted_copy(element, revision: Revision):
    """A copy of a w:p, w:tr or w:tbl (from another document) recorded as a
    tracked insertion: every run inside a w:ins, every paragraph mark and every
    table row marked inserted. Comments and bookmarks of the source are left out."""
    from copy import deepcopy

    copy = deepcopy(element)
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:bookmarkStart", "w:bookmarkEnd"):
        for el in list(copy.iter(qn(tag))):
            el.getparent().remove(el)
    for r in list(copy.iter(qn("w:r"))):
        if r.find(qn("w:commentReference")) is not None:
            r.getparent().remove(r)
        elif r.getparent().tag not in (qn("w:ins"), qn("w:del")):
            wrapper = revision.element("w:ins")
            r.addprevious(wrapper)
            wrapper.append(r)
    for p in copy.iter(qn("w:p")):
        mark_paragraph(p, revision.element("w:ins"))
    for tr in copy.iter(qn("w:tr")):
        mark_row(tr, revision.element("w:ins"))
    return copy


def table_around(row, like):
    """A new w:tbl holding `row`, with the table properties and grid of the w:tbl `like`."""
    from copy import deepcopy

    table = OxmlElement("w:tbl")
    for tag in ("w:tblPr", "w:tblGrid"):
        found = like.find(qn(tag)) if like is not None else None
        table.append(deepcopy(found) if found is not None else new_element(tag))
    table.append(row)
    return table


def _marked(element, container: str, change: str) -> bool:
    return element.find(f"{qn(container)}/{qn(change)}") is not None


def reject_all(element) -> None:
    """Reject every tracked insertion and deletion inside `element`, in place, as
    Word's "Reject all changes" does (comments stay)."""
    reject_insertions(element)
    _unwrap(element, "w:del", {"w:delText": "w:t", "w:delInstrText": "w:instrText"})
    _remove_marks(element, "w:del")


def accept_all(element) -> None:
    """Accept every tracked insertion and deletion inside `element`, in place, as
    Word's "Accept all changes" does: deleted text, rows and paragraph marks go
    (what is left of such a paragraph joins the next one), insertions stay."""
    for tr in [tr for tr in element.iter(qn("w:tr")) if _marked(tr, "w:trPr", "w:del")]:
        tr.getparent().remove(tr)
    for tbl in [t for t in element.iter(qn("w:tbl")) if t.find(qn("w:tr")) is None]:
        tbl.getparent().remove(tbl)
    for deleted in list(element.iter(qn("w:del"))):
        if deleted.getparent() is not None and deleted.getparent().tag != qn("w:rPr"):
            deleted.getparent().remove(deleted)
    for p in [p for p in element.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None]:
        following = p.getnext()
        rest = [child for child in p if child.tag != qn("w:pPr")]
        if rest and following is not None and following.tag == qn("w:p"):
            ppr = following.find(qn("w:pPr"))
            position = 1 if ppr is not None else 0
            for child in reversed(rest):
                following.insert(position, child)
        p.getparent().remove(p)
    _unwrap(element, "w:ins", {})
    _remove_marks(element, "w:ins")


def _unwrap(element, tag: str, renames: dict[str, str]) -> None:
    """Replace every `tag` wrapper (not a mark inside a w:rPr or w:trPr) by its
    children, renaming their descendants per `renames`."""
    for wrapper in list(element.iter(qn(tag))):
        parent = wrapper.getparent()
        if parent is None or parent.tag in (qn("w:rPr"), qn("w:trPr")):
            continue
        for child in list(wrapper):
            for old, new in renames.items():
                for el in child.iter(qn(old)):
                    el.tag = qn(new)
            wrapper.addprevious(child)
        parent.remove(wrapper)


def _remove_marks(element, tag: str) -> None:
    """Remove the `tag` marks of paragraph marks and rows (and a w:rPr or w:trPr
    left empty by that)."""
    for container in ("w:rPr", "w:trPr"):
        for mark in [m for m in element.iter(qn(tag)) if m.getparent().tag == qn(container)]:
            holder = mark.getparent()
            holder.remove(mark)
            if container == "w:trPr" and len(holder) == 0:
                holder.getparent().remove(holder)
