"""The Word styles of a built template: all formatting of the markup lives here."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from generator.authoring.markup import STYLE
from generator.word import contract, wordstyles

DARK_BLUE = RGBColor(0x1F, 0x38, 0x64)


def _paragraph_style(doc, name: str, base: str = "Normal", next_style: str | None = None):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    if next_style:
        style.next_paragraph_style = styles[next_style]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    return style


def define_styles(doc, articles_in_full: bool = False) -> None:
    """Create or restyle every style the markup uses (all formatting lives here).

    The order matters for the bytes of the template: numbering definitions get
    their ids in the order the styles are defined."""
    wordstyles.set_default_font(doc, "Arial", 10.5)
    _define_text_styles(doc)
    _define_article_styles(doc, articles_in_full)
    _define_list_styles(doc)
    _define_note_and_table_styles(doc)
    _define_header_footer_styles(doc)


def _define_text_styles(doc) -> None:
    normal = doc.styles["Normal"]
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15
    pf.widow_control = True

    title = doc.styles[STYLE["title"]]
    title.font.size = Pt(18)
    title.font.bold = True
    title.font.color.rgb = DARK_BLUE
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_with_next = True

    for name, size, before, after in (
        (STYLE["h1"], 14, 18, 6),
        (STYLE["h2"], 12, 12, 6),
        (STYLE["h3"], 11, 10, 4),
    ):
        h = doc.styles[name]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = DARK_BLUE
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True


def _define_article_styles(doc, articles_in_full: bool) -> None:
    # Articles: numbered by the style itself ("Artikel 1.", "Artikel 2.", ...).
    # Belgian drafting numbers an amending text "Artikel 1." then "Art. 2.", "Art. 3.":
    # a second level, starting at 2, that rendering gives every article after the
    # first (rendering.number_articles). An agreement (%artikels: voluit) has none.
    artikel = _paragraph_style(doc, STYLE["artikel"], next_style="Normal")
    artikel.font.bold = True
    artikel.paragraph_format.space_before = Pt(12)
    artikel.paragraph_format.space_after = Pt(4)
    artikel.paragraph_format.keep_with_next = True
    wordstyles.set_outline_level(artikel, 1)  # like Heading 2: shows in the navigation pane
    num = wordstyles.add_abstract_numbering(doc, "Artikel %1.", style_id=artikel.style_id)
    if not articles_in_full:
        wordstyles.add_numbering_level(doc, num, "Art. %2.", start=2)
    wordstyles.link_numbering_to_style(artikel, num)

    inserted = _paragraph_style(doc, STYLE["inserted"], next_style=STYLE["inserted"])
    inserted.paragraph_format.left_indent = Cm(1)

    art = _paragraph_style(doc, STYLE["art"], base=STYLE["inserted"], next_style=STYLE["inserted"])
    art.font.bold = True
    art.paragraph_format.space_before = Pt(8)
    art.paragraph_format.space_after = Pt(4)
    art.paragraph_format.keep_with_next = True
    wordstyles.set_outline_level(art, 2)
    num = wordstyles.add_abstract_numbering(doc, "Art. %1.", style_id=art.style_id, left_twips=567, hanging_twips=0)
    wordstyles.link_numbering_to_style(art, num)


def _define_list_styles(doc) -> None:
    # Belgian drafting: an enumeration inside regulation text is numbered 1°, 2°, 3°.
    _list_style(doc, STYLE["inserted_bullet"], contract.ENUMERATION_LEVEL_TEXT, base=STYLE["inserted"], left_twips=567 + 397, hanging_twips=397)
    _list_style(doc, STYLE["bullet"], "\u2022", num_fmt="bullet", left_twips=340, hanging_twips=340, font="Arial")
    _list_style(doc, STYLE["number"], "%1.", left_twips=397, hanging_twips=397)
    _list_style(doc, STYLE["letter"], "%1)", num_fmt="lowerLetter", left_twips=397, hanging_twips=397)


def _list_style(
    doc, name: str, lvl_text: str, *, base: str = "Normal", num_fmt: str = "decimal", left_twips: int, hanging_twips: int, font: str | None = None
) -> None:
    """A list paragraph style, numbered (or bulleted) by the style itself."""
    style = _paragraph_style(doc, name, base=base)
    style.paragraph_format.space_after = Pt(8)
    wordstyles.set_contextual_spacing(style)
    num = wordstyles.add_abstract_numbering(
        doc,
        lvl_text,
        num_fmt=num_fmt,
        suffix="tab",
        left_twips=left_twips,
        hanging_twips=hanging_twips,
        style_id=style.style_id,
        font=font,
    )
    wordstyles.link_numbering_to_style(style, num)


def _define_note_and_table_styles(doc) -> None:
    note = _paragraph_style(doc, STYLE["note"])
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x59, 0x4A, 0x00)
    note.paragraph_format.space_before = Pt(3)
    wordstyles.set_style_shading(note, "FFF2A8")
    wordstyles.set_style_border_left(note, "E0B000")

    table_text = _paragraph_style(doc, STYLE["table_text"])
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0

    # Word puts no space below a table; the text that follows one gets it here.
    after_table = _paragraph_style(doc, STYLE["after_table"])
    after_table.paragraph_format.space_before = Pt(10)

    for name, borders in ((STYLE["data_table"], True), (STYLE["signature_table"], False)):
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        wordstyles.define_table_style(style, borders=borders)


def _define_header_footer_styles(doc) -> None:
    try:
        doc.styles[STYLE["draft"]]
    except KeyError:
        draft = doc.styles.add_style(STYLE["draft"], WD_STYLE_TYPE.CHARACTER)
        draft.font.bold = True
        draft.quick_style = False
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style.font.size = Pt(8.5)
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        style.paragraph_format.tab_stops.clear_all()
    # (the right tab stop is set on the header and footer paragraphs: it depends on the page width)
