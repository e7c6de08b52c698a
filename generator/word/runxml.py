"""XML snippets the renderer puts inside a rendered ``{{ }}``. Read by `rendering`."""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape

# One mark per meaning (w:highlight values): a blank to fill in, and an article
# number the register does not call verified yet.
BLANK = "yellow"
TO_CHECK = "cyan"


def highlighted_run_xml(text: str, color: str = BLANK) -> str:
    """XML to put inside a rendered ``{{ }}``: closes the current run, adds a run
    with `text` (XML-escaped) highlighted in `color` (a w:highlight value such as
    ``yellow``), and opens a plain run for the rest of the text. Return it as
    ``markupsafe.Markup`` from a Jinja filter when autoescape is on."""
    color, text = _xml_escape(color, {'"': "&quot;"}), _xml_escape(str(text))
    return f'</w:t></w:r><w:r><w:rPr><w:highlight w:val="{color}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r><w:r><w:t xml:space="preserve">'


def line_break_xml() -> str:
    """XML for a line break inside a rendered ``{{ }}`` (same run, w:br)."""
    return '</w:t><w:br/><w:t xml:space="preserve">'
