"""The WordprocessingML primitives that the OOXML modules share.

The raw XML is split by reader: `wordstyles` (the styles and numbering of our
templates, for authoring), `docxfile` (reproducible .docx zips, core properties,
reading paragraph texts fast), `runxml` (snippets the renderer inserts),
`revisions` (tracked changes and comments, for amend and update) and `structure`
(what amend reads from an existing document). What more than one of
them needs lives here.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def new_element(tag: str, **attrs):
    """Create an element `tag` with w: attributes."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn("w:" + key), str(value))
    return element


def remove_children(parent, *tags: str) -> None:
    """Remove every child of `parent` with one of the `tags` (e.g. "w:numPr")."""
    for tag in tags:
        for old in parent.findall(qn(tag)):
            parent.remove(old)


def numbering_root(document):
    """The w:numbering root element (python-docx creates the part if missing)."""
    return document.part.numbering_part.element


def abstract_id_of(document, num_id: int) -> int:
    """The abstractNumId behind numId `num_id`."""
    for num in numbering_root(document).iterfind(qn("w:num")):
        if int(num.get(qn("w:numId"))) == num_id:
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)
