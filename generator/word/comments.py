"""The notes of a rendered document as Word comments (raw OOXML, for `rendering`).

A note (markup ``! ...``, style contract.NOTE) is meant for the legal service,
the academy or the DPO, never for the reader of the document: after rendering it
leaves the body and becomes a comment by "iao" on the passage it concerns, the
paragraph before it (the one after it when the note comes first). Word shows it
in the margin, LibreOffice too; neither prints it in a PDF by default.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from generator.word.ooxml import new_element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "iao"
PART = "word/comments.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _style_of(paragraph) -> str | None:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return None if style is None else style.get(_w("val"))


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(_w("t")))


def _anchor(note, notes: set) -> object | None:
    """The paragraph the note is about: the nearest body paragraph with text before
    it (the last one of a table before it), else the first one after it."""
    for sibling in note.itersiblings(preceding=True):
        found = _paragraph_with_text(sibling, notes, last=True)
        if found is not None:
            return found
    for sibling in note.itersiblings():
        found = _paragraph_with_text(sibling, notes, last=False)
        if found is not None:
            return found
    return None


def _paragraph_with_text(element, notes: set, last: bool):
    if element.tag == _w("p"):
        return element if element not in notes and _text(element).strip() else None
    if element.tag == _w("tbl"):
        paragraphs = [p for p in element.iter(_w("p")) if _text(p).strip()]
        return (paragraphs[-1] if last else paragraphs[0]) if paragraphs else None
    return None


def notes_to_comments(body, note_style_id: str, existing: bytes | None) -> bytes | None:
    """Move every note paragraph of `body` (a rendered w:body) into a comment;
    return the new comments part (the `existing` one with them added), or None
    when the body has no note."""
    notes = [p for p in body.iterchildren(_w("p")) if _style_of(p) == note_style_id]
    if not notes:
        return None
    if existing:
        root = etree.fromstring(existing)
    else:
        root = etree.Element(_w("comments"), nsmap={"w": W})
    used = [int(c.get(_w("id"))) for c in root.iter(_w("comment")) if (c.get(_w("id")) or "").isdigit()]
    used += [int(m.get(_w("id"))) for m in body.iter(_w("commentRangeStart"), _w("commentReference")) if (m.get(_w("id")) or "").isdigit()]
    next_id = max(used, default=-1) + 1
    members = set(notes)
    for note in notes:
        anchor = _anchor(note, members)
        _pass_on_keep_next(note)
        note.getparent().remove(note)
        if anchor is None or not _text(note).strip():
            continue
        root.append(_comment(next_id, note))
        _mark(anchor, next_id)
        next_id += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _pass_on_keep_next(note) -> None:
    """A note that kept its paragraph with what follows (a signature block, a table)
    hands that on to the paragraph before it, so the chain holds without the note."""
    previous = note.getprevious()
    if note.find(f"{_w('pPr')}/{_w('keepNext')}") is None or previous is None or previous.tag != _w("p"):
        return
    properties = previous.find(_w("pPr"))
    if properties is None:
        properties = etree.SubElement(previous, _w("pPr"))
        previous.insert(0, properties)
    if properties.find(_w("keepNext")) is None:
        style = properties.find(_w("pStyle"))
        properties.insert(0 if style is None else properties.index(style) + 1, etree.Element(_w("keepNext")))


def _comment(number: int, note):
    """A w:comment holding the note's runs (bold and highlighted placeholders kept)."""
    comment = new_element("w:comment", id=number, author=AUTHOR, initials=AUTHOR)
    paragraph = new_element("w:p")
    reference = new_element("w:r")
    reference.append(new_element("w:annotationRef"))
    paragraph.append(reference)
    for run in note.iterchildren(_w("r")):
        run = deepcopy(run)
        style = run.find(f"{_w('rPr')}/{_w('rStyle')}")
        if style is not None:  # the comment part knows no character styles: bold as bold
            rpr = style.getparent()
            rpr.remove(style)
            rpr.insert(0, new_element("w:b"))
        paragraph.append(run)
    comment.append(paragraph)
    return comment


def _mark(paragraph, number: int) -> None:
    """The comment's range around the paragraph's content, its reference after it."""
    ppr = paragraph.find(_w("pPr"))
    start = new_element("w:commentRangeStart", id=number)
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(new_element("w:commentRangeEnd", id=number))
    run = new_element("w:r")
    run.append(new_element("w:commentReference", id=number))
    paragraph.append(run)


def with_comments_part(rels: bytes, content_types: bytes) -> tuple[bytes, bytes]:
    """The document's relationships and the package's content types with the comments part."""
    if RELATIONSHIP.encode() not in rels:
        ids = {int(n) for n in re.findall(rb'Id="rId(\d+)"', rels)}
        new = f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{RELATIONSHIP}" Target="comments.xml"/>'.encode()
        rels = rels.replace(b"</Relationships>", new + b"</Relationships>")
    if b'PartName="/word/comments.xml"' not in content_types:
        new = f'<Override PartName="/{PART}" ContentType="{CONTENT_TYPE}"/>'.encode()
        content_types = content_types.replace(b"</Types>", new + b"</Types>")
    return rels, content_types
