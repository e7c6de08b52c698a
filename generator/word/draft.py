"""The draft mark of a document ("ONTWERP" in the header): runs in one character style, left out of a final document."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from generator.word import contract, docxfile

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STORIES = ("word/document.xml", "word/header", "word/footer")  # (the latter two: prefixes)


def leave_out(element, style_id: str | None):
    """`element` without its runs in the character style `style_id` (none when None)."""
    if style_id is not None:
        for run in [s.getparent().getparent() for s in element.iter(f"{_W}rStyle") if s.get(f"{_W}val") == style_id]:
            if run.tag == f"{_W}r":
                run.getparent().remove(run)
    return element


def style_id_in(styles) -> str | None:
    """The id of the character style contract.DRAFT_MARK in a styles part (an lxml element)."""
    for style in styles.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        if style.get(f"{_W}type") == "character" and name is not None and name.get(f"{_W}val") == contract.DRAFT_MARK:
            return style.get(f"{_W}styleId")
    return None


def final_copy(data: bytes) -> bytes:
    """The .docx `data` (a document the user edited, perhaps) without its draft mark;
    the same bytes when it has none. Every other part stays byte for byte."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    if "word/styles.xml" not in members:
        return data
    style_id = style_id_in(etree.fromstring(members["word/styles.xml"], parser))
    if style_id is None:
        return data
    changed = False
    for name, content in members.items():
        if name.endswith(".xml") and name.startswith(_STORIES):
            root = etree.fromstring(content, parser)
            before = len(list(root.iter(f"{_W}r")))
            if len(list(leave_out(root, style_id).iter(f"{_W}r"))) != before:
                members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                changed = True
    return docxfile.write_zip(members) if changed else data
