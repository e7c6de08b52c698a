"""The outline of the existing regulation for `iao amend`: its headings and articles, and where the chapter goes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.edit.chapter import AmendError
from generator.word import structure

_CHAPTER = re.compile(r"^(hoofdstuk|titel|afdeling|onderafdeling)\s+\S+", re.IGNORECASE)
_HEURISTIC_LEVEL = {"titel": 0, "hoofdstuk": 0, "afdeling": 1, "onderafdeling": 2}
_HEADING_NAME = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
# "Hoofdstuk 9. Slotbepalingen ....93", "...\t93": a table-of-contents line typed as
# text (at least two words, dot leader or tab, page number)
_TOC_LINE = re.compile(r"^\S+\s.*?(?:\.{4,}|…{2,}|\t)[\s.…]*\d{1,4}$")
_LABEL = re.compile(
    r"^\s*(Hoofdstuk|HOOFDSTUK|Artikel|ARTIKEL|Art\.|ART\.)\s*"
    r"(\d+[a-z]*(?:[./]\d+[a-z]*)*|[IVXLC]+(?:/\d+)?)\b(\s*[.:]|\s+[–-])?\s*"
)


@dataclass
class Block:
    element: object
    paragraph: object | None  # python-docx Paragraph, None for a table
    text: str = ""
    level: int | None = None  # heading level (0 = chapter), None for body text
    label: re.Match | None = None  # "Hoofdstuk 3." / "Artikel 12" at the start of the text
    numbered: tuple[str, str] | None = None  # (numFmt, lvlText) of automatic numbering
    style_id: str | None = None  # paragraph style
    style_name: str = ""
    toc: bool = False  # a line of a table of contents

    @property
    def is_article(self) -> bool:
        if self.label and self.label.group(1).lower().startswith("art"):
            return True
        return bool(self.numbered and self.numbered[1].lower().startswith("art"))


def blocks_of(document) -> list[Block]:
    """The body's paragraphs and tables; a line of a table of contents is kept as
    plain text (no heading, no label), so that nothing is inserted into it."""
    from docx.text.paragraph import Paragraph

    sheet = structure.StyleSheet(document)
    blocks = []
    open_fields: list[str] = []
    for item in document.iter_inner_content():
        in_toc = structure.marked_as_table_of_contents(item._element, open_fields)
        if not isinstance(item, Paragraph):
            blocks.append(Block(item._element, None))
            continue
        text = structure.visible_text(item._p).strip()
        style_id = sheet.style_id(item._p)
        style_name = sheet.name(style_id)
        if in_toc or _TOC_LINE.search(text) or is_title(style_name, toc_only=True):
            blocks.append(Block(item._p, item, text, style_id=style_id, style_name=style_name, toc=True))
            continue
        block = Block(item._p, item, text, label=_LABEL.match(text), numbered=sheet.number_format(item._p), style_id=style_id, style_name=style_name)
        block.level = _heading_level(sheet, block)
        blocks.append(block)
    if not any(b.level is not None and not b.is_article for b in blocks):
        # A regulation of articles only: its articles are the sections that
        # "Slotbepalingen" and --na find.
        for block in blocks:
            if block.is_article and block.level is None:
                block.level = 0
    return blocks


def _heading_level(sheet, block: Block) -> int | None:
    text = block.text
    if not text:
        return None
    level = sheet.outline_level(block.element)
    if level is not None:
        return level
    match = _HEADING_NAME.match(block.style_name)
    if match:
        return int(match.group(1)) - 1
    chapter = _CHAPTER.match(text)
    if chapter and len(text) < 120 and not block.is_article:
        return _HEURISTIC_LEVEL[chapter.group(1).lower()]
    if block.numbered and block.numbered[1].lower().startswith("hoofdstuk"):
        return 0
    return None


@dataclass
class Place:
    index: int  # insert before blocks[index]; len(blocks): at the end of the body
    anchor: Block | None  # the heading whose level and look the new chapter takes
    after: Block | None  # the heading of the section the chapter follows
    before: Block | None  # the heading the chapter comes before
    how: str  # "slotbepalingen", "na", "einde"


def find_place(blocks: list[Block], na: str | None, profile_after: str | None) -> Place:
    headings = [i for i, b in enumerate(blocks) if b.level is not None]
    if na is not None:
        index = _find_heading(blocks, headings, na)
        if index is None:
            raise AmendError(
                f"geen kop gevonden met de tekst '{na}'. Koppen in het document: "
                + "; ".join(quoted(blocks[i].text) for i in headings[:20])
                + ("" if headings else "(geen)")
                + ". Er is niets geschreven."
            )
        return _after_section(blocks, headings, index, "na")
    if profile_after:
        wanted = re.compile(rf"^hoofdstuk\s+{re.escape(profile_after.strip())}\b", re.IGNORECASE)
        for index in headings:
            if wanted.match(blocks[index].text):
                return _after_section(blocks, headings, index, "profiel")
    for index in sorted(headings, key=lambda i: blocks[i].is_article):  # a chapter before an article
        if "slotbepaling" in blocks[index].text.casefold():
            return Place(index, blocks[index], _previous_heading(blocks, headings, index, blocks[index].level), blocks[index], "slotbepalingen")
    top = min((level for i in headings if (level := blocks[i].level) is not None), default=None)
    anchor = next((blocks[i] for i in reversed(headings) if blocks[i].level == top), None)
    return Place(len(blocks), anchor, _previous_heading(blocks, headings, len(blocks), top), None, "einde")


def _find_heading(blocks, headings, wanted: str) -> int | None:
    wanted = " ".join(wanted.split()).casefold()
    texts = {i: " ".join(blocks[i].text.split()).casefold() for i in headings}
    for test in (str.__eq__, str.startswith, str.__contains__):
        for i in headings:
            if test(texts[i], wanted):
                return i
    return None


def _after_section(blocks, headings, index: int, how: str) -> Place:
    level = blocks[index].level
    following = next((i for i in headings if i > index and blocks[i].level <= level), None)
    end = len(blocks) if following is None else following
    return Place(end, blocks[index], blocks[index], None if following is None else blocks[following], how)


def _previous_heading(blocks, headings, index: int, level: int | None) -> Block | None:
    for i in reversed(headings):
        if i < index and (level is None or blocks[i].level <= level):
            return blocks[i]
    return None


def is_title(style_name: str, toc_only: bool = False) -> bool:
    """A title, subtitle or table-of-contents paragraph by its style ("toc 1", Dutch "Inhopg 1")."""
    name = style_name.casefold()
    return name.startswith(("toc", "inhopg")) or (not toc_only and name in ("title", "subtitle", "titel", "ondertitel"))


def quoted(heading: str, limit: int = 80) -> str:
    """A heading between quotes for a message, shortened when it is very long (a
    whole paragraph in a heading style)."""
    return f"'{heading}'" if len(heading) <= limit else f"'{heading[: limit - 1].rstrip()}…'"
